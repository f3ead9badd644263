/// The static search index: binary files under `/search/` that `search.js` reads.
///
/// **What is indexed.** Each document is a few fields of units (`SearchUnits`): its title, its
/// place names, its topics/date/source/author, its body. Keys are grams of units within a field:
///
/// - every bigram, with the **positions** where it occurs — so a phrase is found exactly, by its
///   bigrams lying end to end, with no text downloaded;
/// - except the site's **common grams**: a bigram that occurs in more than `commonThreshold` documents
///   (`社工`, `服务`, `·社`…) would make any phrase holding it fetch its hundreds of thousands of
///   positions, so its positions are indexed under the grams one unit longer on either side
///   (`社工站`, `驻社工`); a three-unit gram that is common in turn, under four units; and so on
///   up to `maximumGram` (Lucene's CommonGrams, with the list computed from the site). A common
///   gram itself gets documents and counts only, which is all a query of just that gram needs;
/// - single words, and single characters (Han, digits) of the short fields, by document only.
///
/// The common grams are a function of the content (its counts), so any build of the same content
/// makes the same index; `meta.json` lists them for the query side.
///
/// **Files.** A key's postings live in one of `bucketCount` files chosen by FNV-1a of its text
/// (`search/k/<b>.bin`); a key in more than `bigKeyDocuments` documents gets one of the `slotCount` files
/// of its own (`search/t/<s>.bin`, the mapping in `meta.json`) so that no small key shares a file
/// with it. A query fetches one file per key it needs. Paths depend only on the document count.
///
/// **Format.** A file is entries sorted by key text: varint key length, the key's UTF-8, a kind
/// byte (0: with positions, 1: documents only), varint document count, varint postings length, the
/// postings. Postings, per document in increasing order: varint gap from the previous document
/// (the first: its number), varint `occurrences << 2 | in-place-names << 1 | in-title`, then (with
/// positions) each position as a varint gap (the first: from 0). Varints are LEB128.
package enum SearchIndex {
    package static let maximumGram = 5
    /// Documents holding a gram past which it is common: 5,000 up to 12,288 documents, then 1.2 per
    /// bucket file (20,000 at 50,000 documents), so that the list of common grams, which every
    /// query fetches in `meta.json`, does not grow with the archive. Counted in documents, not
    /// occurrences: an edit changes that count only when a document gains or loses the gram; and a
    /// step function of the document count, moving only with `bucketCount`: so that a patch seldom
    /// has to give way to a build (see `IndexPatch`).
    package static func commonThreshold(documents n: Int) -> Int { max(5000, bucketCount(documents: n) * 5000 / 4096) }
    /// Keys in more documents than this get a file of their own (about 12 KB of postings and up):
    /// 2,500 up to 12,288 documents, then growing with the buckets as the threshold above does.
    package static func bigKeyDocuments(documents n: Int) -> Int { max(2500, bucketCount(documents: n) * 2500 / 4096) }

    /// Bucket files for `n` documents: a power of two near n/3, so that a query's share of the files
    /// of keys it does not want stays near 12 KB whatever the archive's size.
    package static func bucketCount(documents n: Int) -> Int {
        var b = 1
        while b * 3 < n && b < 16384 { b <<= 1 }
        return b
    }

    package static func slotCount(documents n: Int) -> Int { max(1, bucketCount(documents: n) / 2) }

    /// What the index reads of one article.
    package struct Document: Sendable {
        package var title: String
        /// The region's names, province to district.
        package var places: String
        /// Topics, date, source, author.
        package var texts: [String]
        /// Headings and paragraphs.
        package var body: [String]
        package init(title: String, places: String, texts: [String], body: [String]) {
            self.title = title
            self.places = places
            self.texts = texts
            self.body = body
        }

        /// The units of each field, each field ended by a break (0), and where the title, the place
        /// names and the short fields end.
        package func units(words: inout SearchUnits.WordTable, into units: inout [UInt32]) -> (titleEnd: Int, placesEnd: Int, shortEnd: Int) {
            units.removeAll(keepingCapacity: true)
            func field(_ text: String) {
                SearchUnits.append(text, words: &words, to: &units)
                if units.last == SearchUnits.separator { units.removeLast() }
                units.append(0)
            }
            field(title)
            let titleEnd = units.count
            field(places)
            let placesEnd = units.count
            for text in texts { field(text) }
            let shortEnd = units.count
            for text in body { field(text) }
            return (titleEnd, placesEnd, shortEnd)
        }
    }

    /// The built index: file bytes by bucket and slot, and what `meta.json` says of it.
    package struct Files: Sendable {
        package var buckets: [[UInt8]]
        package var slots: [[UInt8]]
        /// Big keys and their slots, in key order.
        package var bigKeys: [(key: String, slot: Int)]
        /// The common grams' texts, in text order.
        package var common: [String]
        /// Units per document (for BM25's length normalisation).
        package var lengths: [Int]
    }

    /// Builds the index of `documents` (numbered by their order), in `parts` runs of documents on
    /// as many cores, merged key by key: the same bytes whatever the number of parts. Words are
    /// numbered first, in document order, so that every part codes them alike.
    package static func build(_ documents: [Document], threshold: Int? = nil, parts: Int = 2) -> Files {
        let threshold = threshold ?? commonThreshold(documents: documents.count)
        var words = SearchUnits.WordTable(), units: [UInt32] = []
        for document in documents { _ = document.units(words: &words, into: &units) }
        let size = max(1, (documents.count + parts - 1) / parts)
        let ranges = stride(from: 0, to: max(1, documents.count), by: size).map { $0..<min(documents.count, $0 + size) }
        let common = commonGrams(documents, ranges: ranges, words: words, threshold: threshold)
        let frozen = words
        let built = parallelMap(ranges.count) { r in
            var builder = Builder(common: common, words: frozen)
            for d in ranges[r] { builder.add(documents[d], number: d) }
            return builder.result()
        }
        return files(merged(built.map(\.entries)), lengths: Array(built.map(\.lengths).joined()), common: built[0].commonTexts,
                     documents: documents.count)
    }

    /// The entries of consecutive runs of documents as one: a key's postings are the runs' in order,
    /// each run's first document gap made relative to the previous run's last document.
    static func merged(_ parts: [[KeyEntry]]) -> [KeyEntry] {
        guard parts.count > 1 else { return parts.first ?? [] }
        var all: [(part: Int, entry: KeyEntry)] = []
        for (p, entries) in parts.enumerated() { for e in entries { all.append((p, e)) } }
        all.sort { $0.entry.text == $1.entry.text ? $0.part < $1.part : $0.entry.text.lexicographicallyPrecedes($1.entry.text) }
        var out: [KeyEntry] = []
        for item in all {
            guard var last = out.last, last.text == item.entry.text else { out.append(item.entry); continue }
            var next = item.entry.postings
            // The first varint of a run is its first document's number (a gap from -1).
            var i = 0
            let first = next.withUnsafeBufferPointer { varint($0, &i) } ?? 0
            var rebased: [UInt8] = []
            appendVarint(UInt64(first - last.lastDocument - 1), to: &rebased)
            next.replaceSubrange(0..<i, with: rebased)
            last.postings += next
            last.documentCount += item.entry.documentCount
            last.lastDocument = item.entry.lastDocument
            out[out.count - 1] = last
        }
        return out
    }

    /// The common grams of `documents`: bigrams in more than `threshold` documents; then grams of
    /// three units that extend a common bigram, and of four units that extend one of those, counted
    /// in one more pass, kept when they are in more than `threshold` documents (a four-unit gram
    /// only if the three-unit gram it extends is common). Closed under extension by construction.
    static func commonGrams(_ documents: [Document], ranges: [Range<Int>], words: SearchUnits.WordTable, threshold: Int) -> CommonGrams {
        func counted(_ body: @escaping @Sendable (UnsafeBufferPointer<UInt32>, (UInt64, UInt64) -> Void) -> Void) -> [(UInt64, UInt64)] {
            let tables = parallelMap(ranges.count) { r -> (GramTable, [Int32]) in
                var words = words, units: [UInt32] = []
                var counts = GramTable(capacity: 1 << 15)
                var tally: [Int32] = [], lastSeen: [Int32] = []
                for d in ranges[r] {
                    _ = documents[d].units(words: &words, into: &units)
                    units.withUnsafeBufferPointer { u in
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
        var common = CommonGrams()
        for gram in counted({ u, add in
            guard u.count >= 2 else { return }
            for i in 0..<(u.count - 1) where u[i] != 0 && u[i + 1] != 0 {
                let g = GramPacking.pack(u, i, 2)
                add(g.0, g.1)
            }
        }) { common.insert(gram, length: 2) }
        guard common.count > 0 else { return common }
        let bigrams = common
        var fours: [(UInt64, UInt64)] = []
        for gram in counted({ u, add in
            guard u.count >= 3 else { return }
            func common2(_ j: Int) -> Bool {
                guard j + 1 < u.count, u[j] != 0, u[j + 1] != 0 else { return false }
                return bigrams.contains(GramPacking.pack(u, j, 2))
            }
            var at1 = common2(0), at2 = common2(1)
            for i in 0..<(u.count - 2) {
                let at0 = at1
                at1 = at2
                at2 = common2(i + 2)
                guard u[i] != 0 && u[i + 1] != 0 && u[i + 2] != 0 else { continue }
                if at0 || at1 {
                    let g = GramPacking.pack(u, i, 3)
                    add(g.0, g.1)
                }
                // Each four-unit gram once, at its start, if a three-unit gram inside it extends a common bigram.
                if i + 3 < u.count && u[i + 3] != 0 && (at0 || at1 || at2) {
                    let g = GramPacking.pack(u, i, 4)
                    add(g.0, g.1)
                }
            }
        }) {
            if GramPacking.length(gram) == 3 { common.insert(gram, length: 3) } else { fours.append(gram) }
        }
        for g in fours {
            let units = GramPacking.unpack(g)
            if common.length(GramPacking.pack(Array(units.dropLast()))) == 3 || common.length(GramPacking.pack(Array(units.dropFirst()))) == 3 {
                common.insert(g, length: 4)
            }
        }
        return common
    }

    /// The common grams, by packed units, with their lengths.
    struct CommonGrams: @unchecked Sendable {
        private var table = GramTable(capacity: 64)
        var count: Int { table.count }

        mutating func insert(_ gram: (UInt64, UInt64), length: Int) { _ = table.value(gram.0, gram.1, orInsert: Int32(length)) }
        @inline(__always)
        func contains(_ gram: (UInt64, UInt64)) -> Bool { table.contains(gram.0, gram.1) }
        func length(_ gram: (UInt64, UInt64)) -> Int { table.value(gram.0, gram.1).map(Int.init) ?? 0 }
        func forEach(_ body: ((UInt64, UInt64)) -> Void) { table.forEach { low, high, _ in body((low, high)) } }
    }

    /// A key and its postings, as a run of documents built them.
    package struct KeyEntry: Sendable {
        package var text: [UInt8]
        package var positional: Bool
        package var documentCount: Int
        package var lastDocument: Int
        package var postings: [UInt8]

        /// The key's entry in a file, appended.
        func append(to out: inout [UInt8]) {
            appendVarint(UInt64(text.count), to: &out)
            out += text
            out.append(positional ? 0 : 1)
            appendVarint(UInt64(documentCount), to: &out)
            appendVarint(UInt64(postings.count), to: &out)
            out += postings
        }
    }

    /// The files: keys in text order, each into its bucket, or its slot when big.
    static func files(_ entries: [KeyEntry], lengths: [Int], common: [String], documents n: Int) -> Files {
        var all = entries
        let bucketCount = SearchIndex.bucketCount(documents: n), slotCount = SearchIndex.slotCount(documents: n)
        var buckets = [[UInt8]](repeating: [], count: bucketCount)
        var slots = [[UInt8]](repeating: [], count: slotCount)
        var taken = [Bool](repeating: false, count: slotCount)
        var bigKeys: [(key: String, slot: Int)] = []
        for k in all.indices {
            let hash = FNV1a.hash32(all[k].text)
            if all[k].documentCount > bigKeyDocuments(documents: n), bigKeys.count < slotCount {
                // The first free slot from the key's own: a key keeps its slot while the set of big keys is stable.
                var s = Int(hash >> 8) % slotCount
                while taken[s] { s = (s + 1) % slotCount }
                taken[s] = true
                all[k].append(to: &slots[s])
                bigKeys.append((String(decoding: all[k].text, as: UTF8.self), s))
            } else {
                all[k].append(to: &buckets[Int(hash % UInt32(bucketCount))])
            }
            all[k].postings = []
        }
        return Files(buckets: buckets, slots: slots, bigKeys: bigKeys, common: common, lengths: lengths)
    }

    /// Accumulates postings one document at a time: per key a growing byte buffer, so that memory
    /// is the size of the index, not of its occurrences.
    struct Builder {
        let common: CommonGrams
        var words: SearchUnits.WordTable
        var keyTable = GramTable(capacity: 1 << 16)
        var keys: [(UInt64, UInt64)] = []
        var positional: [Bool] = []
        var postings = PostingStore()
        var lastDocument: [Int32] = []
        var documentCounts: [Int32] = []
        /// This document's occurrences: key number << 24 | position, in position order.
        private var occurrences: [UInt64] = []
        /// Grouping them by key: each key's place among this document's keys (-1: not seen yet), the
        /// keys seen, where each key's positions start in `grouped`.
        private var slotOfKey: [Int32] = []
        private var touched: [Int32] = []
        private var starts: [Int] = []
        private var fill: [Int] = []
        private var grouped: [UInt32] = []
        private var units: [UInt32] = []
        /// Per position of this document: bit n − 2 set when the gram of n units starting there is common.
        private var commonAt: [UInt8] = []

        init(common: CommonGrams, words: SearchUnits.WordTable) {
            self.common = common
            self.words = words
        }

        /// Units per document, for BM25.
        var lengths: [Int] = []

        /// A small direct-mapped cache in front of `keyTable`: the keys met most often (a few
        /// thousand grams make most of a text) are found without a probe of the big table.
        private var recent = [(UInt64, UInt64, Int32)](repeating: (0, 0, -1), count: 1 << 14)

        private mutating func key(_ gram: (UInt64, UInt64), positional isPositional: Bool) -> Int {
            let line = Int(truncatingIfNeeded: GramTable.hash(gram.0, gram.1) >> 50) & (recent.count - 1)
            let cached = recent[line]
            if cached.2 >= 0 && cached.0 == gram.0 && cached.1 == gram.1 { return Int(cached.2) }
            let k = Int(keyTable.value(gram.0, gram.1, orInsert: Int32(keys.count)))
            recent[line] = (gram.0, gram.1, Int32(k))
            if k == keys.count {
                keys.append(gram)
                positional.append(isPositional)
                postings.append()
                lastDocument.append(-1)
                documentCounts.append(0)
                slotOfKey.append(-1)
            }
            return k
        }

        mutating func add(_ document: Document, number d: Int) {
            occurrences.removeAll(keepingCapacity: true)
            let ends = document.units(words: &words, into: &units)
            let m = units.count
            lengths.append(m)
            commonAt.removeAll(keepingCapacity: true)
            commonAt.append(contentsOf: repeatElement(0, count: m + 1))
            let buffer = units, common = self.common
            commonAt.withUnsafeMutableBufferPointer { c in
                buffer.withUnsafeBufferPointer { u in
                    // Which grams are common, shortest first (a longer one can only be common if it extends one).
                    for n in 2...4 where m >= n {
                        let shorter: UInt8 = n > 2 ? 1 << (n - 3) : 0
                        for i in 0...(m - n) {
                            if n == 2 {
                                guard u[i] != 0 && u[i + 1] != 0 else { continue }
                            } else {
                                guard (c[i] | c[i + 1]) & shorter != 0, u[i + n - 1] != 0 else { continue }
                            }
                            if common.contains(GramPacking.pack(u, i, n)) { c[i] |= 1 << (n - 2) }
                        }
                    }
                }
            }
            let flags = commonAt
            flags.withUnsafeBufferPointer { c in
            buffer.withUnsafeBufferPointer { u in
                for i in 0..<m where u[i] != 0 {
                    // Single units: words anywhere, characters in the short fields.
                    if SearchUnits.isWord(u[i]) || (i < ends.shortEnd && SearchUnits.isCharacter(code: u[i])) {
                        record(key(GramPacking.pack(single: u[i]), positional: false), i)
                    }
                    var n = 2
                    while n <= maximumGram && i + n <= m && u[i + n - 1] != 0 {
                        // A gram longer than two units is a key only if it extends a common one.
                        if n > 2 && (c[i] | c[i + 1]) & (1 << (n - 3)) == 0 { break }
                        let isCommonGram = n < maximumGram && c[i] & (1 << (n - 2)) != 0
                        record(key(GramPacking.pack(u, i, n), positional: !isCommonGram), i)
                        n += 1
                    }
                }
            }
            }
            flush(document: Int32(d), titleEnd: ends.titleEnd, placesEnd: ends.placesEnd)
        }

        @inline(__always)
        private mutating func record(_ key: Int, _ position: Int) {
            occurrences.append(UInt64(key) << 24 | UInt64(min(position, 0xFF_FFFF)))
        }

        /// Appends this document's occurrences to each key's postings. Occurrences were recorded in
        /// position order; a counting pass groups them by key keeping that order (no sort).
        private mutating func flush(document d: Int32, titleEnd: Int, placesEnd: Int) {
            touched.removeAll(keepingCapacity: true)
            for o in occurrences {
                let k = Int(o >> 24)
                if slotOfKey[k] < 0 {
                    slotOfKey[k] = Int32(touched.count)
                    touched.append(Int32(k))
                    starts.append(0)
                }
                starts[Int(slotOfKey[k])] += 1
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
                let t = Int(slotOfKey[Int(o >> 24)])
                grouped[fill[t]] = UInt32(o & 0xFF_FFFF)
                fill[t] += 1
            }
            for t in 0..<touched.count {
                let k = Int(touched[t])
                let from = starts[t], to = t + 1 < touched.count ? starts[t + 1] : total
                var flags: UInt64 = 0
                for n in from..<to {
                    let p = Int(grouped[n])
                    if p < titleEnd { flags |= 1 } else if p < placesEnd { flags |= 2 }
                }
                let gap = UInt64(d - lastDocument[k] - 1), counted = UInt64(to - from) << 2 | flags, withPositions = positional[k]
                let positions = grouped
                postings.modify(k) { list in
                    appendVarint(gap, to: &list)
                    appendVarint(counted, to: &list)
                    if withPositions {
                        var previous: UInt32 = 0
                        for n in from..<to {
                            let p = positions[n]
                            appendVarint(UInt64(p - previous), to: &list)
                            previous = p
                        }
                    }
                }
                lastDocument[k] = d
                documentCounts[k] += 1
                slotOfKey[k] = -1
            }
            starts.removeAll(keepingCapacity: true)
        }

        /// The keys as file entries, the documents' lengths and the common grams' texts, sorted.
        struct Result: Sendable {
            var entries: [KeyEntry]
            var lengths: [Int]
            var commonTexts: [String]
        }

        func result() -> Result {
            var commonTexts: [String] = []
            common.forEach { commonTexts.append(keyText($0)) }
            return Result(entries: entries(), lengths: lengths, commonTexts: commonTexts.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        }

        /// The keys, in text order.
        func entries() -> [KeyEntry] {
            var out = keys.indices.map { k in
                KeyEntry(text: Array(keyText(keys[k]).utf8), positional: positional[k], documentCount: Int(documentCounts[k]),
                         lastDocument: Int(lastDocument[k]), postings: postings[k])
            }
            out.sort { $0.text.lexicographicallyPrecedes($1.text) }
            return out
        }

        func keyText(_ gram: (UInt64, UInt64)) -> String {
            GramPacking.unpack(gram).map(words.text).joined()
        }
    }

    /// Each key's postings: byte arrays reached through a pointer, so that appending to one is not
    /// an access to an array of arrays (a uniqueness check and a retain/release per append).
    final class PostingStore {
        private var base = UnsafeMutablePointer<[UInt8]>.allocate(capacity: 1024)
        private var capacity = 1024
        private(set) var count = 0

        func append() {
            if count == capacity {
                let bigger = UnsafeMutablePointer<[UInt8]>.allocate(capacity: capacity * 2)
                bigger.moveInitialize(from: base, count: count)
                base.deallocate()
                base = bigger
                capacity *= 2
            }
            (base + count).initialize(to: [])
            count += 1
        }

        /// Changes key `k`'s bytes in place.
        @inline(__always)
        func modify(_ k: Int, _ body: (inout [UInt8]) -> Void) { body(&base[k]) }

        subscript(k: Int) -> [UInt8] { base[k] }

        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }
    }

    @inline(__always)
    package static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }
}

@inline(__always)
private func appendVarint(_ value: UInt64, to out: inout [UInt8]) { SearchIndex.appendVarint(value, to: &out) }

/// JSON string literals, escaped for embedding anywhere (also inside an HTML `<script>`):
/// quotes, backslashes and control characters escaped, and `<`, `>`, `&`, U+2028/2029 as \u escapes.
package enum JSONText {
    package static func quoted(_ s: String) -> String {
        var s = s
        return s.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 8)
            out.append(0x22)
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                switch b {
                case 0x22: out += [0x5C, 0x22]
                case 0x5C: out += [0x5C, 0x5C]
                case 0x0A: out += [0x5C, 0x6E]
                case 0x0D: out += [0x5C, 0x72]
                case 0x09: out += [0x5C, 0x74]
                case 0x3C, 0x3E, 0x26: escape(UInt32(b), into: &out)
                // U+2028 and U+2029 (E2 80 A8/A9) end a line in older JavaScript.
                case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    escape(bytes[i + 2] == 0xA8 ? 0x2028 : 0x2029, into: &out)
                    i += 2
                default:
                    if b < 0x20 { escape(UInt32(b), into: &out) } else { out.append(b) }
                }
                i += 1
            }
            out.append(0x22)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// `\u` and four lowercase hex digits.
    private static func escape(_ code: UInt32, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out += [0x5C, 0x75, hex[Int(code >> 12 & 0xF)], hex[Int(code >> 8 & 0xF)], hex[Int(code >> 4 & 0xF)], hex[Int(code & 0xF)]]
    }
}
