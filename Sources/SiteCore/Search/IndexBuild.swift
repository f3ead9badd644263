/// Building the search index (its format: `SearchIndex`).
///
/// **Bounded memory.** An index is built in passes over the documents, each pass the keys whose
/// first two units fall in its share of the plan's buckets (`PassPlan`): one pass up to
/// `unitsPerPass` occurrences of units; past that, one pass per `keysPerPass` occurrences of keys,
/// so that a pass holds about as many postings whatever the archive's size. (Counting units alone
/// was not enough: in a larger archive more grams are common, each adding the longer grams around
/// it, and at 100,000 articles a pass of 20 million units made 62 million keys' postings, against
/// 34 million at 10,000. Nor was sharing out keys by their first unit alone: at 100,000 articles
/// the keys starting with the heaviest unit were 49 million, one pass half again as big as the
/// others.) Each pass leaves its keys, bucket by bucket, as pieces in a `ScratchFile` (on
/// disk in a build); `IndexFiles` puts a bucket's pieces together when its file is written. Keys are
/// disjoint between passes, so a bucket is its pieces' entries in key order: the same bytes as one
/// pass. Documents' units are fetched by number each time a pass needs them (from another scratch
/// file in a build), so they are not all in memory either; after the first pass, with the list of
/// the positions whose keys are the pass's (`PassSlices`), rather than testing every position.
extension SearchIndex {
    /// Occurrences of units whose keys one pass holds: about 10,500 articles of the benchmark's
    /// 1,900 units, 130 MB of postings and tables.
    package static let unitsPerPass = 20_000_000
    /// Occurrences of keys one pass holds, when there are several: no more than the benchmark's
    /// 10,000 articles make in their one pass (34 million), so that no pass of a larger archive
    /// holds more postings than that one.
    package static let keysPerPass = 32_000_000

    /// How many lookups ahead a hash table's slot is fetched (`prefetch`), where a build looks up
    /// one gram after another in tables far bigger than the caches (a pass's keys are tens of MB):
    /// otherwise each lookup waits on memory, and that wait was most of the index's time.
    static let lookAhead = 16

    /// Which pass indexes each key. A key goes by its first two units (a single unit's key by that
    /// unit alone) to one of `buckets` buckets; buckets are weighed by their keys' occurrences and
    /// given out heaviest first, each to the lightest pass so far, so that passes hold about the
    /// same share of the postings (hashing units straight to passes had left one pass up to twice
    /// its share; by first unit alone, 的's keys were half again a pass). Deterministic: ties go to
    /// the lower bucket and pass.
    package struct PassPlan: Sendable {
        package let count: Int
        /// Per bucket, its pass (empty with one pass). Looked up twice per unit in every pass: small
        /// enough to stay in the core's first cache (with 65,536 buckets of two bytes it did not,
        /// and a 50,000-article index took a third longer).
        private let passOfBucket: [UInt8]

        /// Enough to share out the heaviest unit's keys: at 100,000 articles a bucket averages
        /// 150,000 keys of the 617 million, a pass 32 million.
        package static let buckets = 1 << 12

        /// The bucket of the keys that start with `first` then `second` (a unit; 0 for a key of
        /// `first` alone): a multiplicative hash, its top 12 bits.
        @inline(__always)
        package static func bucket(_ first: UInt32, _ second: UInt32) -> Int {
            Int(truncatingIfNeeded: (UInt64(first) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(second) &* 0xC2B2_AE3D_27D4_EB4F) >> 52)
        }

        /// Per bucket, weights (`buckets` of them), given out by `passes` when given, else one pass
        /// per `perPass` of the weights.
        package init(weights: [UInt32], passes: Int? = nil, perPass: Int = SearchIndex.unitsPerPass) {
            let total = weights.reduce(0) { $0 + Int($1) }
            // At most 255 passes (beyond a million articles, passes grow past `perPass`).
            count = min(Int(UInt8.max), passes ?? max(1, (total + perPass - 1) / perPass))
            guard count > 1 else {
                passOfBucket = []
                return
            }
            precondition(weights.count <= Self.buckets, "one weight per bucket")
            var plan = [UInt8](repeating: 0, count: Self.buckets)
            let heaviestFirst = weights.indices.filter { weights[$0] > 0 }.sorted { weights[$0] != weights[$1] ? weights[$0] > weights[$1] : $0 < $1 }
            var load = [Int](repeating: 0, count: count)
            for b in heaviestFirst {
                var lightest = 0
                for p in 1..<count where load[p] < load[lightest] { lightest = p }
                plan[b] = UInt8(lightest)
                load[lightest] += Int(weights[b])
            }
            passOfBucket = plan
        }

        /// The pass of the keys in `bucket`.
        @inline(__always)
        package func pass(ofBucket bucket: Int) -> Int { passOfBucket.isEmpty ? 0 : Int(passOfBucket[bucket]) }

        /// The passes of the keys starting at unit `i`: its single unit's, and its grams' (they all
        /// start with the same two units).
        @inline(__always)
        package func passes(at i: Int, _ u: UnsafeBufferPointer<UInt32>) -> (single: Int, grams: Int) {
            let next = i + 1 < u.count ? u[i + 1] : 0
            return (pass(ofBucket: Self.bucket(u[i], 0)), next == 0 ? -1 : pass(ofBucket: Self.bucket(u[i], next)))
        }

        /// Adds one document's units to `weights` (by the bucket of each unit and the next, separators
        /// not counted; sized to `buckets` on first use): how many occurrences of units the
        /// document has, and roughly where its keys go. A build counts them as it puts the units
        /// aside, rather than reading them all back once more.
        package static func count(_ units: [UInt32], into weights: inout [UInt32]) {
            if weights.isEmpty { weights = [UInt32](repeating: 0, count: buckets) }
            for i in units.indices where units[i] != 0 {
                weights[bucket(units[i], i + 1 < units.count ? units[i + 1] : 0)] &+= 1
            }
        }

        /// Adds one document's keys to `weights`, each to its bucket (`forEachKey`, given the
        /// document's common-gram flags).
        static func countKeys(_ document: DocumentUnits, flags: [UInt8], into weights: inout [UInt32]) {
            if weights.isEmpty { weights = [UInt32](repeating: 0, count: buckets) }
            document.units.withUnsafeBufferPointer { u in
                flags.withUnsafeBufferPointer { c in
                    weights.withUnsafeMutableBufferPointer { w in
                        for i in 0..<u.count where u[i] != 0 {
                            let next = i + 1 < u.count ? u[i + 1] : 0
                            forEachKey(startingAt: i, u, c, shortEnd: document.shortEnd) { n, _ in
                                w[bucket(u[i], n == 1 ? 0 : next)] &+= 1
                            }
                        }
                    }
                }
            }
        }

        /// Tables of counts by bucket, summed.
        static func sum(_ tables: [[UInt32]]) -> [UInt32] {
            var total: [UInt32] = []
            for more in tables {
                if more.count > total.count { total += repeatElement(0, count: more.count - total.count) }
                for u in more.indices { total[u] &+= more[u] }
            }
            return total
        }

        /// The units' occurrences in `documents` by bucket (`count`), summed over the runs.
        static func weights(_ documentUnits: @Sendable (Int) -> DocumentUnits, ranges: [Range<Int>]) -> [UInt32] {
            let counts = parallelMap(ranges.count) { r -> [UInt32] in
                var counts: [UInt32] = []
                for d in ranges[r] { count(documentUnits(d).units, into: &counts) }
                return counts
            }
            return sum(counts)
        }
    }

    /// Builds the index of `documents` (numbered by their order), in `parts` runs of documents on
    /// as many cores, merged key by key: the same bytes whatever the number of parts or passes.
    package static func build(_ documents: [Document], threshold: Int? = nil, parts: Int = 2, passes: Int? = nil,
                              perPass: (units: Int, keys: Int) = (unitsPerPass, keysPerPass),
                              denseUnits: Int = maximumDenseUnits) -> IndexFiles {
        var words = SearchUnits.WordTable()
        let units = documents.map { $0.units(words: &words) }
        return build(count: documents.count, words: words, threshold: threshold, parts: parts, passes: passes, perPass: perPass,
                     denseUnits: denseUnits) { units[$0] }
    }

    /// The same, with each document's units fetched by number when a pass needs them (a build
    /// reads them from a `ScratchFile`, so that they are not all in memory at once), coded with
    /// `words`; the pieces kept in `scratch`. `weights`: the units' occurrences (`PassPlan.count`),
    /// when counted already; counted here otherwise. `denseUnits`: see `commonGrams`.
    package static func build(count: Int, words: SearchUnits.WordTable, threshold: Int? = nil, parts: Int = 2, passes: Int? = nil,
                              perPass: (units: Int, keys: Int) = (unitsPerPass, keysPerPass),
                              weights: [UInt32]? = nil, scratch: ScratchFile = ScratchFile(), denseUnits: Int = maximumDenseUnits,
                              units: @Sendable (Int) -> DocumentUnits) -> IndexFiles {
        let threshold = threshold ?? commonThreshold(documents: count)
        let size = max(1, (count + parts - 1) / parts)
        let ranges = stride(from: 0, to: max(1, count), by: size).map { $0..<min(count, $0 + size) }
        var planned = PassPlan(weights: weights ?? PassPlan.weights(units, ranges: ranges), passes: passes, perPass: perPass.units)
        let common = commonGrams(units, ranges: ranges, threshold: threshold, denseUnits: denseUnits)
        // Its counts are freed: given back before the passes grow their postings.
        releaseFreedMemory()
        let frozen = words
        // Which grams are common where: the same in every pass, so found once when there are several
        // (kept in the scratch file, a few bytes per document: positions with a flag are few); and,
        // unless the number of passes is given, the keys each unit starts, by which they are planned.
        var flagged: [Int]?
        if planned.count > 1 {
            let planByKeys = passes == nil
            let runs = parallelMap(ranges.count) { r -> (records: [Int], keys: [UInt32]) in
                var records: [Int] = [], batch: [[UInt8]] = [], keys: [UInt32] = []
                func flush() {
                    if let stored = scratch.append(batch) { records += Array(stored) } else { records += Array(repeating: -1, count: batch.count) }
                    batch = []
                }
                for d in ranges[r] {
                    let document = units(d)
                    let flags = CommonFlags.find(in: document.units, common: common)
                    if planByKeys { PassPlan.countKeys(document, flags: flags, into: &keys) }
                    batch.append(CommonFlags.encode(flags))
                    if batch.count == 256 { flush() }
                }
                flush()
                return (records, keys)
            }
            flagged = Array(runs.map(\.records).joined())
            if planByKeys { planned = PassPlan(weights: PassPlan.sum(runs.map(\.keys)), perPass: perPass.keys) }
        }
        let plan = planned, flagRecords = flagged, passes = plan.count
        var files = IndexFiles(scratch: scratch, documents: count, passes: passes)
        let bucketCount = files.bucketCount
        // Per document, its `PassSlices` record, left by the first pass for the others (-1: none;
        // they then test every position of it, as the first pass does).
        var sliceRecords: [Int] = []
        for pass in 0..<passes {
            let slices = sliceRecords
            var runs = parallelMap(ranges.count) { r -> (result: Builder.Result, slices: [Int]) in
                var builder = Builder(common: common, words: frozen, pass: pass, plan: plan)
                var records: [Int] = [], batch: [[UInt8]] = []
                func keep() {
                    if let stored = scratch.append(batch) { records += Array(stored) } else { records += Array(repeating: -1, count: batch.count) }
                    batch = []
                }
                for d in ranges[r] {
                    let document = units(d)
                    if pass > 0 && slices[d] >= 0, let bytes = scratch.read(slices[d]),
                       bytes.withUnsafeBufferPointer({ b in
                           PassSlices.Slice(b, pass: pass, passes: passes).map { builder.add(document, number: d, slice: $0) } ?? false
                       }) { continue }
                    let flags = flagRecords.map { records in
                        (records[d] < 0 ? nil : scratch.read(records[d])).flatMap { CommonFlags.decode($0, count: document.units.count + 1) }
                            ?? CommonFlags.find(in: document.units, common: common)
                    }
                    builder.add(document, number: d, commonAt: flags)
                    if pass == 0, passes > 1, let flags {
                        batch.append(document.units.withUnsafeBufferPointer { u in
                            flags.withUnsafeBufferPointer { c in PassSlices.encode(u, c, shortEnd: document.shortEnd, plan: plan) }
                        })
                        if batch.count == 256 { keep() }
                    }
                }
                if !batch.isEmpty { keep() }
                return (builder.result(buckets: bucketCount), records)
            }
            if pass == 0 && passes > 1 { sliceRecords = Array(runs.map(\.slices).joined()) }
            var built = runs.map(\.result)
            runs = []
            if pass == 0 {
                files.lengths = Array(built.map(\.lengths).joined())
                files.common = built[0].commonTexts
            }
            // The runs' keys taken out of the results, which are let go before the merge.
            var parts: [[RunKey]] = []
            for r in built.indices {
                parts.append(built[r].keys)
                built[r].keys = []
            }
            let pools = built.map(\.pool), buckets = built.map(\.buckets)
            built = []
            files.add(parts: consume parts, pools: pools, buckets: buckets)
            // The pass's pools went back to the system with the merge; its keys' texts and tables
            // are given back too, so that the next pass's threads reuse the pages rather than
            // grow their own heaps beside them.
            if passes > 1 { releaseFreedMemory() }
        }
        files.assignSlots()
        return files
    }

    /// The common grams of `documents`: bigrams in more than `threshold` documents; then grams of
    /// three units that extend a common bigram, and of four units that extend one of those, kept
    /// when they are in more than `threshold` documents. Closed under extension by construction.
    ///
    /// A gram is in no more documents than any shorter gram inside it, a unit included. So a
    /// bigram is counted only where both its units are in more than `threshold` documents, and a
    /// longer gram only where every bigram inside it is common: the rare grams, most of the
    /// distinct ones, never enter the tables, and the result is the one counting every gram gives
    /// (tested against that).
    ///
    /// Units are counted by their codes, bigrams by pairs of frequent units when those are no more
    /// than `denseUnits` (`frequent`, `frequentBigrams`); past that, and for longer grams, through
    /// a hash table (`counted`). The same grams either way (tested).
    static func commonGrams(_ documentUnits: @Sendable (Int) -> DocumentUnits, ranges: [Range<Int>], threshold: Int,
                            denseUnits: Int = maximumDenseUnits) -> CommonGrams {
        func counted(_ body: @escaping @Sendable (UnsafeBufferPointer<UInt32>, (UInt64, UInt64) -> Void) -> Void) -> [(UInt64, UInt64)] {
            let tables = parallelMap(ranges.count) { r -> (GramTable, [Int32]) in
                var counts = GramTable(capacity: 1 << 12)
                var tally: [Int32] = [], lastSeen: [Int32] = []
                for d in ranges[r] {
                    documentUnits(d).units.withUnsafeBufferPointer { u in
                        body(u) { low, high in
                            let k = Int(counts.value(low, high, orInsert: Int32(tally.count)))
                            if k == tally.count { tally.append(0); lastSeen.append(-1) }
                            if lastSeen[k] != Int32(d) {
                                lastSeen[k] = Int32(d)
                                tally[k] += 1
                            }
                        }
                    }
                }
                return (counts, tally)
            }
            // The runs' counts summed into the first run's table.
            var (total, tally) = tables[0]
            for (counts, more) in tables.dropFirst() {
                counts.forEach { low, high, k in
                    let t = Int(total.value(low, high, orInsert: Int32(tally.count)))
                    if t == tally.count { tally.append(0) }
                    tally[t] += more[Int(k)]
                }
            }
            var frequent: [(UInt64, UInt64)] = []
            total.forEach { low, high, k in if tally[Int(k)] > threshold { frequent.append((low, high)) } }
            return frequent
        }
        // No gram is in more documents than there are (the benchmark's 1,000 articles, under the
        // least threshold, 5,000): nothing to count, and no 32 MB of counts to make for it.
        guard ranges.reduce(0, { $0 + $1.count }) > threshold else { return CommonGrams() }
        let frequentUnits = frequent(documentUnits, ranges: ranges, threshold: threshold)
        var common = CommonGrams()
        guard !frequentUnits.isEmpty else { return common }
        if frequentUnits.count <= denseUnits {
            for (first, second) in frequentBigrams(of: frequentUnits, documentUnits, ranges: ranges, threshold: threshold) {
                common.insert(GramPacking.pack([first, second]), length: 2)
            }
        } else {
            var candidates = UnitSet()
            for unit in frequentUnits { candidates.insert(unit) }
            for gram in counted({ [candidates] u, add in
                guard u.count >= 2 else { return }
                // (0, a break, is never a frequent unit.)
                var first = candidates.contains(u[0])
                for i in 0..<(u.count - 1) {
                    let second = candidates.contains(u[i + 1])
                    if first && second {
                        let g = GramPacking.pack(u, i, 2)
                        add(g.0, g.1)
                    }
                    first = second
                }
            }) { common.insert(gram, length: 2) }
        }
        guard common.count > 0 else { return common }
        let bigrams = common
        for gram in counted({ u, add in
            guard u.count >= 3 else { return }
            func common2(_ j: Int) -> Bool { j + 1 < u.count && bigrams.containsBigram(u, at: j) }
            var at1 = common2(0), at2 = common2(1)
            for i in 0..<(u.count - 2) {
                let at0 = at1
                at1 = at2
                at2 = common2(i + 2)
                guard at0 && at1 else { continue }
                let g = GramPacking.pack(u, i, 3)
                add(g.0, g.1)
                if at2 {
                    let g = GramPacking.pack(u, i, 4)
                    add(g.0, g.1)
                }
            }
        }) {
            // (A common four-unit gram's three-unit grams are common too: it extends one.)
            common.insert(gram, length: GramPacking.length(gram))
        }
        return common
    }

    /// How many unit codes there are: units are 21 bits (`GramPacking`).
    static let unitCodes = 1 << 21

    /// Per counter (`size` of them), how many documents hold it, summed over the runs: counted in
    /// arrays, not through a hash table (`counted`). `body` gives the counters a document's units
    /// hold, each as often as it likes (a document counts once).
    @inline(__always)
    static func documentCounts(size: Int, _ documentUnits: @Sendable (Int) -> DocumentUnits, ranges: [Range<Int>],
                               _ body: @escaping @Sendable (UnsafeBufferPointer<UInt32>, (Int) -> Void) -> Void) -> [Int32] {
        let tallies = parallelMap(ranges.count) { r -> [Int32] in
            // Per counter, how many of the run's documents hold it, and the last one that did (+ 1).
            var tally = [Int32](repeating: 0, count: size), lastSeen = [Int32](repeating: 0, count: size)
            tally.withUnsafeMutableBufferPointer { t in
                lastSeen.withUnsafeMutableBufferPointer { seen in
                    for d in ranges[r] {
                        let mark = Int32(d + 1)
                        documentUnits(d).units.withUnsafeBufferPointer { u in
                            body(u) { c in
                                if seen[c] != mark {
                                    seen[c] = mark
                                    t[c] += 1
                                }
                            }
                        }
                    }
                }
            }
            return tally
        }
        var total = tallies[0]
        for more in tallies.dropFirst() { for c in 0..<size { total[c] += more[c] } }
        return total
    }

    /// The units in more than `threshold` documents, in code order, counted by code (two arrays of
    /// 8 MB a run): each of the archive's 18 million occurrences of units at 10,000 articles is
    /// then one array access, not a hash and a probe.
    static func frequent(_ documentUnits: @Sendable (Int) -> DocumentUnits, ranges: [Range<Int>], threshold: Int) -> [UInt32] {
        let total = documentCounts(size: unitCodes, documentUnits, ranges: ranges) { u, add in
            for unit in u where unit != 0 { add(Int(unit & 0x1F_FFFF)) }
        }
        return (0..<unitCodes).filter { total[$0] > threshold }.map { UInt32($0) }
    }

    /// Up to this many frequent units, their bigrams are counted in arrays of every pair (a million
    /// pairs, 8 MB a run, at the most; 375 units at 10,000 articles of the benchmark's corpus); past
    /// it, through a hash table (`counted`).
    package static let maximumDenseUnits = 1024

    /// The pairs of `units` (frequent units, in code order) that follow each other in more than
    /// `threshold` documents, in order of the pairs. Each unit numbered by its place in `units`, a
    /// pair is a place in an array: no hashing, and at 10,000 articles (a few hundred frequent
    /// units) the counts stay in the core's second cache.
    static func frequentBigrams(of units: [UInt32], _ documentUnits: @Sendable (Int) -> DocumentUnits, ranges: [Range<Int>],
                                threshold: Int) -> [(UInt32, UInt32)] {
        let f = units.count
        var place = [Int32](repeating: -1, count: unitCodes)
        for (n, unit) in units.enumerated() { place[Int(unit)] = Int32(n) }
        let places = place
        let total = documentCounts(size: f * f, documentUnits, ranges: ranges) { u, add in
            // (0, a break, is never a frequent unit.)
            guard u.count >= 2 else { return }
            places.withUnsafeBufferPointer { p in
                var first = Int(p[Int(u[0] & 0x1F_FFFF)])
                for i in 1..<u.count {
                    let second = Int(p[Int(u[i] & 0x1F_FFFF)])
                    if first >= 0 && second >= 0 { add(first * f + second) }
                    first = second
                }
            }
        }
        return (0..<(f * f)).filter { total[$0] > threshold }.map { (units[$0 / f], units[$0 % f]) }
    }

    /// A set of units (21-bit codes) as one bit each: 256 KB, looked up in a core's cache.
    struct UnitSet: Sendable {
        private var bits = [UInt64](repeating: 0, count: 1 << 15)
        private(set) var isEmpty = true

        mutating func insert(_ unit: UInt32) {
            bits[Int(unit >> 6) & (bits.count - 1)] |= 1 << UInt64(unit & 63)
            isEmpty = false
        }

        @inline(__always)
        func contains(_ unit: UInt32) -> Bool {
            bits.withUnsafeBufferPointer { b in b[Int(unit >> 6) & (b.count - 1)] >> UInt64(unit & 63) & 1 != 0 }
        }
    }

    /// The common grams, by packed units, with their lengths.
    struct CommonGrams: @unchecked Sendable {
        private var table = GramTable(capacity: 64)
        /// The units of the common bigrams: a position whose unit is not one of them starts no
        /// common gram, found by testing a bit rather than hashing a gram.
        private var bigramUnits = UnitSet()
        var count: Int { table.count }

        mutating func insert(_ gram: (UInt64, UInt64), length: Int) {
            _ = table.value(gram.0, gram.1, orInsert: Int32(length))
            if length == 2 {
                bigramUnits.insert(UInt32(truncatingIfNeeded: gram.0) & 0x1F_FFFF)
                bigramUnits.insert(UInt32(truncatingIfNeeded: gram.0 >> 21) & 0x1F_FFFF)
            }
        }
        @inline(__always)
        func contains(_ gram: (UInt64, UInt64)) -> Bool { table.contains(gram.0, gram.1) }
        /// Whether the bigram of units `i` and `i + 1` is common (both in `u`, neither a break).
        @inline(__always)
        func containsBigram(_ u: UnsafeBufferPointer<UInt32>, at i: Int) -> Bool {
            bigramUnits.contains(u[i]) && bigramUnits.contains(u[i + 1]) && contains(GramPacking.pack(u, i, 2))
        }
        func forEach(_ body: ((UInt64, UInt64)) -> Void) { table.forEach { low, high, _ in body((low, high)) } }
    }

    /// Where a document's positions are counted from: field n (the title, the place names, each
    /// short field, the headings, the text) starts at n × `stride`, or right after the field before
    /// it when that one is longer. So an edit of the title, a date or a topic moves no position in
    /// the body, and an edit of the body none before it: a patch rewrites the files of the keys
    /// the edit touched, not of every key of the document. Phrases are matched by positions one
    /// apart, within a field (each field ends with a break unit), which the strides keep.
    struct FieldPositions {
        static let stride = 1024
        private(set) var number = 0, base = 0
        private var start = 0

        func position(of i: Int) -> Int { base + i - start }

        /// The field's break is at unit `i`: the next field starts after it.
        mutating func end(at i: Int) {
            number += 1
            base = max(number * Self.stride, position(of: i) + 1)
            start = i + 1
        }
    }

    /// The keys starting at unit `i` (not a break) of a document's units `u`, given its common-gram
    /// flags `c`: each key's length in units (1: the unit alone) and whether it has positions.
    /// Single units: words anywhere, characters in the short fields (before `shortEnd`); grams of
    /// two units, and longer ones only where they extend a common gram. The one statement of what
    /// is a key: the builder makes them, and the pass plan weighs units by them.
    /// Whether unit `unit`, at `i`, is a key alone: a word anywhere, a character in the short fields.
    @inline(__always)
    package static func hasSingleKey(_ unit: UInt32, at i: Int, shortEnd: Int) -> Bool {
        SearchUnits.isWord(unit) || (i < shortEnd && SearchUnits.isCharacter(code: unit))
    }

    @inline(__always)
    static func forEachKey(startingAt i: Int, _ u: UnsafeBufferPointer<UInt32>, _ c: UnsafeBufferPointer<UInt8>, shortEnd: Int,
                           _ body: (_ length: Int, _ positional: Bool) -> Void) {
        if hasSingleKey(u[i], at: i, shortEnd: shortEnd) { body(1, false) }
        var n = 2
        while n <= maximumGram && i + n <= u.count && u[i + n - 1] != 0 {
            // A gram longer than two units is a key only if it extends a common one.
            if n > 2 && (c[i] | c[i + 1]) & (1 << (n - 3)) == 0 { break }
            body(n, !(n < maximumGram && c[i] & (1 << (n - 2)) != 0))
            n += 1
        }
    }

    /// Accumulates postings one document at a time: per key a growing chain of slices in the run's
    /// `PostingsPool`, so that memory is the size of the index, not of its occurrences.
    struct Builder {
        let common: CommonGrams
        var words: SearchUnits.WordTable
        var keyTable: GramTable
        var keys: [(UInt64, UInt64)] = []
        let state = KeyStore()
        /// The keys' postings, and where each key's begin (by key number).
        let pool: PostingsPool
        private var firstSlices: [UInt32] = []
        /// This document's occurrences: key number << 24 | position, in position order.
        private var occurrences: [UInt64] = []
        /// Grouping them by key: the keys seen, where each key's positions start in `grouped`.
        private var touched: [Int32] = []
        private var starts: [Int] = []
        private var fill: [Int] = []
        private var grouped: [UInt32] = []
        /// Per position of this document: bit n − 2 set when the gram of n units starting there is common.
        private var commonAt: [UInt8] = []

        /// Keys of this pass only: those whose first unit the plan gives it.
        let pass: Int, plan: PassPlan?

        /// `keys`: how many keys to make room for at first (the tables grow). A pass of the whole
        /// site's index meets hundreds of thousands; one document, as a patch builds it, a few
        /// thousand: made at a pass's size, its tables were 3.5 MB to clear and fault in, twice
        /// per edited article.
        init(common: CommonGrams, words: SearchUnits.WordTable, pass: Int = 0, plan: PassPlan? = nil, keys: Int = 1 << 16) {
            self.common = common
            self.words = words
            self.pass = pass
            self.plan = plan.flatMap { $0.count > 1 ? $0 : nil }
            keyTable = GramTable(capacity: keys)
            // Mapped, not touched: pages come in as postings fill them.
            var bytes = 1 << 16
            while bytes < keys * 64 { bytes <<= 1 }
            pool = PostingsPool(capacity: bytes)
            // A power of two, a quarter of the keys (16,384 for a pass: tried against 1,024 to 65,536).
            var lines = 64
            while lines < keys / 4 { lines <<= 1 }
            recent = [(UInt64, UInt64, Int32)](repeating: (0, 0, -1), count: lines)
        }

        /// Units per document, for BM25.
        var lengths: [Int] = []

        /// A small direct-mapped cache in front of `keyTable`: the keys met most often (a few
        /// thousand grams make most of a text) are found without a probe of the big table.
        private var recent: [(UInt64, UInt64, Int32)]

        @inline(__always)
        private func recentLine(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> 50) & (recent.count - 1) }

        private mutating func key(_ gram: (UInt64, UInt64), positional isPositional: Bool) -> Int {
            let line = recentLine(GramTable.hash(gram.0, gram.1))
            let cached = recent[line]
            if cached.2 >= 0 && cached.0 == gram.0 && cached.1 == gram.1 { return Int(cached.2) }
            let k = Int(keyTable.value(gram.0, gram.1, orInsert: Int32(keys.count)))
            recent[line] = (gram.0, gram.1, Int32(k))
            if k == keys.count {
                keys.append(gram)
                let first = pool.newKey()
                firstSlices.append(first)
                state.append(positional: isPositional, write: first)
            }
            return k
        }

        mutating func add(_ document: Document, number d: Int) {
            add(document.units(words: &words), number: d)
        }

        mutating func add(_ document: DocumentUnits, number d: Int, commonAt given: [UInt8]? = nil) {
            occurrences.removeAll(keepingCapacity: true)
            let units = document.units, ends = document
            let m = units.count
            lengths.append(m)
            let buffer = units
            commonAt = given ?? CommonFlags.find(in: units, common: common)
            let flags = commonAt
            // Positions are counted from the start of each field's stride (`FieldPositions`).
            var field = FieldPositions(), titleEnd = 0, placesEnd = 0
            flags.withUnsafeBufferPointer { c in
            buffer.withUnsafeBufferPointer { u in
                for i in 0..<m {
                    if u[i] == 0 {
                        field.end(at: i)
                        if field.number == 1 { titleEnd = field.base } else if field.number == 2 { placesEnd = field.base }
                        continue
                    }
                    var (single, grams) = (pass, pass)
                    if let plan {
                        (single, grams) = plan.passes(at: i, u)
                        guard single == pass || grams == pass else { continue }
                    }
                    Self.meet(at: i, u, c, shortEnd: ends.shortEnd, passes: (single, grams), pass: pass,
                              position: Int32(min(field.position(of: i), Self.maximumPosition)), into: &met)
                }
            }
            }
            lookUpMetKeys()
            flush(document: Int32(d), titleEnd: titleEnd, placesEnd: placesEnd)
        }

        /// The same as `add(_:number:commonAt:)` for a pass after the first, visiting only the
        /// positions its `slice` lists (`PassSlices`): the same keys, in the same order. False (and
        /// nothing added) if the slice does not fit the document.
        mutating func add(_ document: DocumentUnits, number d: Int, slice: PassSlices.Slice) -> Bool {
            guard let plan else { return false }
            let units = document.units, m = units.count, pass = self.pass, shortEnd = document.shortEnd
            var field = FieldPositions(), titleEnd = 0, placesEnd = 0
            slice.forEachBreak { i in
                field.end(at: i)
                if field.number == 1 { titleEnd = field.base } else if field.number == 2 { placesEnd = field.base }
            }
            // Taken out of the builder while they change, so that each stays uniquely held.
            var met = self.met, c = self.commonAt
            self.met = []
            self.commonAt = []
            // The flags of listed positions and of the next: all a key reads of them (`forEachKey`).
            if c.count < m + 1 { c = [UInt8](repeating: 0, count: m + 1) }
            field = FieldPositions()
            var breaks = slice.breaksReader()
            var nextBreak = breaks.next()
            let fits = units.withUnsafeBufferPointer { u in
                c.withUnsafeMutableBufferPointer { c in
                    slice.forEachPosition(below: m) { i, flags in
                        while let b = nextBreak, b < i {
                            field.end(at: b)
                            nextBreak = breaks.next()
                        }
                        c[i] = flags & 7
                        c[i + 1] = flags >> 3
                        Self.meet(at: i, u, UnsafeBufferPointer(c), shortEnd: shortEnd, passes: plan.passes(at: i, u), pass: pass,
                                  position: Int32(min(field.position(of: i), Self.maximumPosition)), into: &met)
                        c[i] = 0
                        c[i + 1] = 0
                    }
                }
            }
            self.commonAt = c
            self.met = met
            guard fits else {
                self.met.removeAll(keepingCapacity: true)
                return false
            }
            occurrences.removeAll(keepingCapacity: true)
            lengths.append(m)
            lookUpMetKeys()
            flush(document: Int32(d), titleEnd: titleEnd, placesEnd: placesEnd)
            return true
        }

        /// Notes in `met` the keys starting at unit `i` that are pass `pass`'s (a single unit's key
        /// goes to `passes.single`, its grams to `passes.grams`), all at `position`.
        @inline(__always)
        private static func meet(at i: Int, _ u: UnsafeBufferPointer<UInt32>, _ c: UnsafeBufferPointer<UInt8>, shortEnd: Int,
                                 passes: (single: Int, grams: Int), pass: Int, position: Int32, into met: inout [MetKey]) {
            forEachKey(startingAt: i, u, c, shortEnd: shortEnd) { n, positional in
                guard (n == 1 ? passes.single : passes.grams) == pass else { return }
                met.append(MetKey(gram: n == 1 ? GramPacking.pack(single: u[i]) : GramPacking.pack(u, i, n),
                                  position: position, positional: positional))
            }
        }

        /// A key met in the document being added, not yet looked up.
        private struct MetKey {
            var gram: (UInt64, UInt64)
            var position: Int32
            var positional: Bool
        }
        private var met: [MetKey] = []

        /// Looks the document's keys up in the order they were met (so keys are numbered by their
        /// first occurrence), each one's slots fetched `lookAhead` keys early.
        private mutating func lookUpMetKeys() {
            let met = self.met
            met.withUnsafeBufferPointer { m in
                for j in m.indices {
                    if j + lookAhead < m.count { prefetchKey(m[j + lookAhead].gram) }
                    let k = key(m[j].gram, positional: m[j].positional)
                    occurrences.append(UInt64(k) << 24 | UInt64(m[j].position))
                }
            }
            self.met.removeAll(keepingCapacity: true)
        }

        /// Starts fetching the cache line and the table slot `key` will read for `gram`.
        @inline(__always)
        private func prefetchKey(_ gram: (UInt64, UInt64)) {
            let hash = GramTable.hash(gram.0, gram.1)
            recent.withUnsafeBufferPointer { r in
                prefetch(r.baseAddress! + recentLine(hash))
            }
            keyTable.prefetch(hash: hash)
        }

        /// Positions are kept in 24 bits (an occurrence is key number << 24 | position).
        private static let maximumPosition = 0xFF_FFFF

        /// Appends this document's occurrences to each key's postings. Occurrences were recorded in
        /// position order; a counting pass groups them by key keeping that order (no sort).
        private mutating func flush(document d: Int32, titleEnd: Int, placesEnd: Int) {
            touched.removeAll(keepingCapacity: true)
            let count = occurrences.count
            for i in 0..<count {
                // The key's state, fetched ahead as the keys' slots were in `lookUpMetKeys`.
                if i + lookAhead < count { prefetch(state.pointer(Int(occurrences[i + lookAhead] >> 24))) }
                let k = Int(occurrences[i] >> 24)
                if state.pointer(k).pointee.slot < 0 {
                    state.pointer(k).pointee.slot = Int32(touched.count)
                    touched.append(Int32(k))
                    starts.append(0)
                }
                starts[Int(state.pointer(k).pointee.slot)] += 1
            }
            // Counts → start offsets; then place each position.
            var total = 0
            for t in 0..<touched.count {
                let c = starts[t]
                starts[t] = total
                total += c
            }
            if grouped.count < total { grouped = [UInt32](repeating: 0, count: total) }
            fill.removeAll(keepingCapacity: true)
            fill.append(contentsOf: starts)
            for o in occurrences {
                let t = Int(state.pointer(Int(o >> 24)).pointee.slot)
                grouped[fill[t]] = UInt32(o & 0xFF_FFFF)
                fill[t] += 1
            }
            var writer = PostingsPool.Writer(pool)
            for t in 0..<touched.count {
                // Each key's postings are reached once per document: where its next byte goes,
                // fetched some keys ahead (its state is in the cache since the count above).
                if t + lookAhead < touched.count { writer.prefetch(state.pointer(Int(touched[t + lookAhead])).pointee.write) }
                let k = Int(touched[t])
                let from = starts[t], to = t + 1 < touched.count ? starts[t + 1] : total
                var flags: UInt64 = 0
                for n in from..<to {
                    let p = Int(grouped[n])
                    if p < titleEnd { flags |= 1 } else if p < placesEnd { flags |= 2 }
                }
                let key = state.pointer(k)
                let gap = UInt64(d - key.pointee.lastDocument - 1), counted = UInt64(to - from) << 2 | flags
                var write = key.pointee.write
                var length = writer.appendVarint(gap, at: &write)
                length += writer.appendVarint(counted, at: &write)
                if key.pointee.positional {
                    var previous: UInt32 = 0
                    for n in from..<to {
                        let p = grouped[n]
                        length += writer.appendVarint(UInt64(p - previous), at: &write)
                        previous = p
                    }
                }
                key.pointee.write = write
                key.pointee.length += length
                key.pointee.lastDocument = d
                key.pointee.documentCount += 1
                key.pointee.slot = -1
            }
            starts.removeAll(keepingCapacity: true)
        }

        /// The keys in the order of the files (by bucket, then text), their postings in `pool`; each
        /// key's bucket, the documents' lengths and the common grams' texts, sorted.
        struct Result: Sendable {
            var keys: [RunKey]
            var pool: PostingsPool
            var buckets: [Int32]
            var lengths: [Int]
            var commonTexts: [String]
        }

        /// Sorted here, on the run's own core, so that the runs' keys are put together by a merge
        /// (a sort of all of them on one core was a quarter of a 10,000-article index).
        func result(buckets count: Int) -> Result {
            var commonTexts: [String] = []
            common.forEach { commonTexts.append(String(decoding: keyText($0), as: UTF8.self)) }
            let texts = keys.map(keyText)
            let bucketOf = texts.map { Int32(SearchText.bucket(ofUTF8: $0, buckets: count)) }
            let order = keyNumbers { a, b in bucketOf[a] != bucketOf[b] ? bucketOf[a] < bucketOf[b] : ByteSearch.precedes(texts[a], texts[b]) }
            return Result(keys: order.map { runKey(Int($0), text: texts[Int($0)]) }, pool: pool, buckets: order.map { bucketOf[Int($0)] },
                          lengths: lengths, commonTexts: commonTexts.sorted(by: ByteSearch.precedes))
        }

        /// The keys, in text order.
        func entries() -> [KeyEntry] {
            let texts = keys.map(keyText)
            return keyNumbers { ByteSearch.precedes(texts[$0], texts[$1]) }.map { entry(Int($0), text: texts[Int($0)]) }
        }

        /// The keys' numbers in the order `precedes` gives: the entries are then made once, in that
        /// order, not made and then copied into it.
        private func keyNumbers(by precedes: (Int, Int) -> Bool) -> [Int32] {
            var order = (0..<Int32(keys.count)).map { $0 }
            order.sort { precedes(Int($0), Int($1)) }
            return order
        }

        private func runKey(_ k: Int, text: [UInt8]) -> RunKey {
            let key = state.pointer(k).pointee
            return RunKey(text: text, positional: key.positional, documentCount: key.documentCount, lastDocument: key.lastDocument,
                          first: firstSlices[k], length: key.length)
        }

        private func entry(_ k: Int, text: [UInt8]) -> KeyEntry {
            let key = runKey(k, text: text)
            var postings: [UInt8] = []
            pool.append(first: key.first, length: Int(key.length), to: &postings)
            return KeyEntry(text: text, positional: key.positional, documentCount: Int(key.documentCount),
                            lastDocument: Int(key.lastDocument), postings: postings)
        }

        /// A key's text as UTF-8, its units' texts one after another (made as bytes: joined as
        /// strings, a string per unit, making a key's text cost more than sorting it).
        func keyText(_ gram: (UInt64, UInt64)) -> [UInt8] {
            var text: [UInt8] = []
            text.reserveCapacity(16)
            GramPacking.forEachUnit(gram) { words.appendText($0, to: &text) }
            return text
        }
    }

    /// A key as a run of documents built it: its postings are `length` bytes in the run's pool,
    /// from `first`.
    struct RunKey: Sendable {
        var text: [UInt8]
        var positional: Bool
        var documentCount: Int32
        var lastDocument: Int32
        var first: UInt32
        var length: UInt32
    }

    /// Per key, what a document's flush reads and changes, side by side: one cache line reached
    /// per key rather than one in each of five arrays (the flush was the index's largest cost, most
    /// of it waiting on memory). Reached through a pointer, so that a change is not an access to
    /// an array of structs (a uniqueness check per change). Its postings are in the builder's
    /// `PostingsPool`: where the next byte goes is here, so an append reaches memory once.
    struct KeyState {
        /// Where its next byte goes in the pool, and how many it has.
        var write: UInt32
        var length: UInt32 = 0
        var lastDocument: Int32 = -1
        var documentCount: Int32 = 0
        /// Its place among the keys of the document being flushed (-1: not seen yet).
        var slot: Int32 = -1
        var positional: Bool
    }

    final class KeyStore {
        private var base = UnsafeMutablePointer<KeyState>.allocate(capacity: 1024)
        private var capacity = 1024
        private(set) var count = 0

        func append(positional: Bool, write: UInt32) {
            if count == capacity {
                let bigger = UnsafeMutablePointer<KeyState>.allocate(capacity: capacity * 2)
                bigger.moveInitialize(from: base, count: count)
                base.deallocate()
                base = bigger
                capacity *= 2
            }
            (base + count).initialize(to: KeyState(write: write, positional: positional))
            count += 1
        }

        /// Key `k`'s state, changed in place; valid until the next `append`.
        @inline(__always)
        func pointer(_ k: Int) -> UnsafeMutablePointer<KeyState> { base + k }

        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }
    }

    /// Per position of a document's units: bit n − 2 set when the gram of n units (2 to 4)
    /// starting there is a common gram; one more position at the end, always 0.
    enum CommonFlags {
        static func find(in units: [UInt32], common: CommonGrams) -> [UInt8] {
            let m = units.count
            var flags = [UInt8](repeating: 0, count: m + 1)
            flags.withUnsafeMutableBufferPointer { c in
                units.withUnsafeBufferPointer { u in
                    // Shortest first: a longer gram can only be common if it extends a common one.
                    if m >= 2 {
                        for i in 0...(m - 2) where common.containsBigram(u, at: i) { c[i] = 1 }
                    }
                    for n in 3...4 where m >= n {
                        let shorter: UInt8 = 1 << (n - 3)
                        for i in 0...(m - n) {
                            guard (c[i] | c[i + 1]) & shorter != 0, u[i + n - 1] != 0 else { continue }
                            if common.contains(GramPacking.pack(u, i, n)) { c[i] |= 1 << (n - 2) }
                        }
                    }
                }
            }
            return flags
        }

        /// The positions with a flag, each as its gap from the last (a varint) and its flags.
        static func encode(_ flags: [UInt8]) -> [UInt8] {
            var out: [UInt8] = [], last = 0
            for (i, f) in flags.enumerated() where f != 0 {
                SearchIndex.appendVarint(UInt64(i - last), to: &out)
                out.append(f)
                last = i
            }
            return out
        }

        static func decode(_ bytes: [UInt8], count: Int) -> [UInt8]? {
            var flags = [UInt8](repeating: 0, count: count)
            let ok = bytes.withUnsafeBufferPointer { b -> Bool in
                var i = 0, at = 0
                while i < b.count {
                    guard let gap = SearchIndex.varint(b, &i), i < b.count, at + gap < count else { return false }
                    at += gap
                    flags[at] = b[i]
                    i += 1
                }
                return true
            }
            return ok ? flags : nil
        }
    }
}
