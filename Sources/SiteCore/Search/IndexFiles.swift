/// The built index's files, from the pieces `SearchIndex.build` leaves in a `ScratchFile`: a
/// bucket is its pieces' entries in key order, a slot its big key's entry; and what `meta.json`
/// says of them. A file is put together when it is written, so the index is never whole in memory.
package struct IndexFiles: Sendable {
    private let scratch: ScratchFile
    package let bucketCount: Int
    package let slotCount: Int
    /// The passes the index was built in.
    package let passes: Int
    private let bigLimit: Int
    /// Per bucket, the records of its pieces (one per pass that had keys for it, and big keys
    /// that found no slot).
    private var pieces: [[Int]]
    /// Keys in more than `bigLimit` documents, as passes found them: their texts, hashes, records.
    private var big: [(text: [UInt8], hash: UInt32, record: Int)] = []
    /// Per slot, its key's record.
    private var slotRecords: [Int?]
    /// Big keys and their slots, in key order.
    package private(set) var bigKeys: [(key: String, slot: Int)] = []
    /// The common grams' texts, in text order.
    package var common: [String] = []
    /// Units per document (for BM25's length normalisation).
    package var lengths: [Int] = []
    /// Set when a piece could not be written or read back: the build must fail.
    private let failure = Locked(false)

    /// Made before the passes, with room for a piece per pass in every bucket: records that
    /// outlive the passes are then not allocated among their postings, where each would keep a
    /// page of the heap from going back to the system once the postings are freed.
    init(scratch: ScratchFile, documents n: Int, passes: Int = 1) {
        self.scratch = scratch
        self.passes = passes
        bucketCount = SearchIndex.bucketCount(documents: n)
        slotCount = SearchIndex.slotCount(documents: n)
        bigLimit = SearchIndex.bigKeyDocuments(documents: n)
        pieces = (0..<bucketCount).map { _ in
            var records: [Int] = []
            records.reserveCapacity(passes + 1)
            return records
        }
        slotRecords = Array(repeating: nil, count: slotCount)
    }

    /// Whether every piece was written and read back.
    package var intact: Bool { !failure.withLock { $0 } && scratch.failure == nil }

    /// One pass's keys, as consecutive runs of documents built them (each run's keys in the files'
    /// order, by bucket then text, with their `buckets`, their postings in the run's pool): a key's
    /// postings are the runs' in order, each run's first document gap made relative to the previous
    /// run's last document. A piece per bucket, written to the scratch file bucket by bucket, so a
    /// pass's postings are never held twice; big keys kept apart until every pass is in (their
    /// slots are given in the order of all big keys). The buckets are merged in two shares, one
    /// per core, split where the first run's postings are half through: a bucket is in one share,
    /// so it is one piece either way, and the bytes are the same.
    mutating func add(parts runs: consuming [[SearchIndex.RunKey]], pools: [PostingsPool], buckets: [[Int32]]) {
        let parts = consume runs
        guard !parts.isEmpty else { return }
        let total = parts[0].reduce(0) { $0 + Int($1.length) }
        var sum = 0, middle = 0
        while middle < parts[0].count && sum < total / 2 {
            sum += Int(parts[0][middle].length)
            middle += 1
        }
        let split = middle < parts[0].count ? buckets[0][middle] : Int32.max
        let cuts = buckets.map { run in run.lowerBound(of: split, by: <) }
        let shares = [zip(parts.indices, cuts).map { 0..<$1 }, zip(parts.indices, cuts).map { $1..<parts[$0].count }]
        let (scratch, bigLimit) = (self.scratch, self.bigLimit)
        let merged = parallelMap(shares.count) { s in
            Self.merge(parts, ranges: shares[s], pools: pools, buckets: buckets, scratch: scratch, bigLimit: bigLimit)
        }
        for share in merged {
            if share.failed { failure.withLock { $0 = true } }
            for (b, record) in share.pieces { pieces[b].append(record) }
            big += share.big
        }
    }

    /// What a share of a pass's merge left in the scratch file: a record per bucket it has, and per
    /// big key.
    private struct MergedShare: Sendable {
        var pieces: [(bucket: Int, record: Int)] = []
        var big: [(text: [UInt8], hash: UInt32, record: Int)] = []
        var failed = false
    }

    /// The runs' keys in `ranges` (one range per run, the same buckets in each) merged.
    private static func merge(_ parts: [[SearchIndex.RunKey]], ranges: [Range<Int>], pools: [PostingsPool], buckets: [[Int32]],
                              scratch: ScratchFile, bigLimit: Int) -> MergedShare {
        var share = MergedShare()
        var next = ranges.map(\.lowerBound)
        /// Whether run `p`'s next key comes before run `q`'s (a run that is through comes last).
        func precedes(_ p: Int, _ q: Int) -> Bool {
            guard next[p] < ranges[p].upperBound else { return false }
            guard next[q] < ranges[q].upperBound else { return true }
            let a = buckets[p][next[p]], b = buckets[q][next[q]]
            return a != b ? a < b : parts[p][next[p]].text.lexicographicallyPrecedes(parts[q][next[q]].text)
        }
        var pending: [(bucket: Int, bytes: [UInt8])] = [], pendingBytes = 0
        var bigPending: [(text: [UInt8], hash: UInt32, bytes: [UInt8])] = []
        // Closed buckets and big keys go to the scratch file every 4 MiB: the pass's postings stay
        // in their pools until the merge is done, and nothing of it is held a second time.
        func flush() {
            guard !pending.isEmpty || !bigPending.isEmpty else { return }
            if let records = scratch.append(pending.map(\.bytes) + bigPending.map(\.bytes)) {
                for (n, piece) in pending.enumerated() { share.pieces.append((piece.bucket, records.lowerBound + n)) }
                for (n, key) in bigPending.enumerated() { share.big.append((key.text, key.hash, records.lowerBound + pending.count + n)) }
            } else {
                share.failed = true
            }
            pending = []
            bigPending = []
            pendingBytes = 0
        }
        var bucket: [UInt8] = [], current = -1
        func close() {
            guard !bucket.isEmpty else { return }
            pendingBytes += bucket.count
            pending.append((current, bucket))
            bucket = []
            if pendingBytes > 1 << 22 { flush() }
        }
        var group: [(run: Int, key: SearchIndex.RunKey)] = []
        while true {
            // The least key among the runs' next ones (on a tie, the earliest run's), and the same
            // key from the later runs, merged.
            var least = 0
            for p in parts.indices.dropFirst() where precedes(p, least) { least = p }
            guard next[least] < ranges[least].upperBound else { break }
            let b = Int(buckets[least][next[least]])
            group.removeAll(keepingCapacity: true)
            group.append((least, parts[least][next[least]]))
            next[least] += 1
            for p in parts.indices where p > least && next[p] < ranges[p].upperBound
                && Int(buckets[p][next[p]]) == b && parts[p][next[p]].text == group[0].key.text {
                group.append((p, parts[p][next[p]]))
                next[p] += 1
            }
            if b != current {
                close()
                current = b
            }
            if group.reduce(0, { $0 + Int($1.key.documentCount) }) > bigLimit {
                var bytes: [UInt8] = []
                appendEntry(group, pools: pools, to: &bytes)
                pendingBytes += bytes.count
                bigPending.append((group[0].key.text, FNV1a.hash32(group[0].key.text), bytes))
                if pendingBytes > 1 << 22 { flush() }
            } else {
                appendEntry(group, pools: pools, to: &bucket)
            }
        }
        close()
        flush()
        return share
    }

    /// A key's entry in a file (`SearchIndex.KeyEntry`'s head, then its postings), from the runs that
    /// have it, in order: each later run's first gap, counted from document -1, rebased on the run
    /// before's last document.
    static func appendEntry(_ runs: [(run: Int, key: SearchIndex.RunKey)], pools: [PostingsPool], to out: inout [UInt8]) {
        /// Run `n`'s first gap rebased on the run before's last document, and the bytes it had.
        func rebased(_ n: Int) -> (gap: UInt64, replaced: Int) {
            let (run, key) = runs[n]
            let (start, size) = pools[run].firstVarint(first: key.first, length: Int(key.length))
            return (UInt64(start - Int(runs[n - 1].key.lastDocument) - 1), size)
        }
        let first = runs[0].key
        var documentCount = 0, length = 0
        for (n, (_, key)) in runs.enumerated() {
            documentCount += Int(key.documentCount)
            length += Int(key.length)
            if n > 0 {
                let (gap, replaced) = rebased(n)
                length += SearchIndex.varintLength(gap) - replaced
            }
        }
        SearchIndex.KeyEntry.appendHead(text: first.text, positional: first.positional, documentCount: documentCount,
                                        postingsLength: length, to: &out)
        for (n, (run, key)) in runs.enumerated() {
            var skip = 0
            if n > 0 {
                let (gap, replaced) = rebased(n)
                SearchIndex.appendVarint(gap, to: &out)
                skip = replaced
            }
            pools[run].append(first: key.first, length: Int(key.length), skipping: skip, to: &out)
        }
    }

    /// Slots for the big keys in text order, each the first free one from its own hash's; the keys
    /// past the slots' number go to their buckets. (A key keeps its slot while the set of big keys
    /// is stable: see `IndexPatch`.)
    mutating func assignSlots() {
        big.sort { $0.text.lexicographicallyPrecedes($1.text) }
        var taken = [Bool](repeating: false, count: slotCount)
        for key in big {
            if bigKeys.count < slotCount {
                var s = Int(key.hash >> 8) % slotCount
                while taken[s] { s = (s + 1) % slotCount }
                taken[s] = true
                slotRecords[s] = key.record
                bigKeys.append((String(decoding: key.text, as: UTF8.self), s))
            } else {
                pieces[SearchText.bucket(ofUTF8: key.text, buckets: bucketCount)].append(key.record)
            }
        }
        big = []
    }

    /// Bucket `b`'s file: its pieces' entries in key order.
    package func bucket(_ b: Int) -> [UInt8] {
        let records = pieces[b]
        if records.count == 1 { return read(records[0]) }
        var entries: [SearchIndex.KeyEntry] = []
        for r in records {
            guard let more = SearchIndex.parseEntries(read(r)) else {
                failure.withLock { $0 = true }
                return []
            }
            entries += more
        }
        entries.sort { $0.text.lexicographicallyPrecedes($1.text) }
        var out: [UInt8] = []
        for e in entries { e.append(to: &out) }
        return out
    }

    /// Slot `s`'s file: its big key's entry, or nothing.
    package func slot(_ s: Int) -> [UInt8] { slotRecords[s].map(read) ?? [] }

    /// Every bucket's file (for tests: a build writes them one at a time).
    package var buckets: [[UInt8]] { (0..<bucketCount).map(bucket) }
    package var slots: [[UInt8]] { (0..<slotCount).map(slot) }

    private func read(_ record: Int) -> [UInt8] {
        guard let bytes = scratch.read(record) else {
            failure.withLock { $0 = true }
            return []
        }
        return bytes
    }
}
