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
    /// Big keys of the pass being added, before they are written.
    private var bigPending: [(text: [UInt8], hash: UInt32, bytes: [UInt8])] = []
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
    /// order, by bucket then text, with their `buckets`): a key's postings are the runs' in order,
    /// each run's first document gap made relative to the previous run's last document. A piece per
    /// bucket, written to the scratch file bucket by bucket as the runs' postings are freed, so a
    /// pass's postings are never held twice; big keys kept apart until every pass is in (their
    /// slots are given in the order of all big keys).
    mutating func add(parts runs: consuming [[SearchIndex.KeyEntry]], buckets: [[Int32]]) {
        var parts = consume runs
        guard !parts.isEmpty else { return }
        var next = [Int](repeating: 0, count: parts.count)
        /// Whether run `p`'s next key comes before run `q`'s (a run that is through comes last).
        func precedes(_ p: Int, _ q: Int) -> Bool {
            guard next[p] < parts[p].count else { return false }
            guard next[q] < parts[q].count else { return true }
            let a = buckets[p][next[p]], b = buckets[q][next[q]]
            return a != b ? a < b : parts[p][next[p]].text.lexicographicallyPrecedes(parts[q][next[q]].text)
        }
        /// Run `p`'s next key, its postings taken out of the run (freed as they are merged).
        func take(_ p: Int) -> SearchIndex.KeyEntry {
            let entry = parts[p][next[p]]
            parts[p][next[p]].postings = []
            next[p] += 1
            return entry
        }
        var pending: [(bucket: Int, bytes: [UInt8])] = [], pendingBytes = 0
        func flush() {
            guard !pending.isEmpty else { return }
            guard let records = scratch.append(pending.map(\.bytes)) else {
                failure.withLock { $0 = true }
                pending = []
                return
            }
            for (n, piece) in pending.enumerated() { pieces[piece.bucket].append(records.lowerBound + n) }
            pending = []
            pendingBytes = 0
            // The postings merged so far were freed on the threads that built them, whose heaps
            // this thread does not allocate from: given back as the merge goes, they are not held
            // beside the merged buckets until the pass ends. At each flush: counting what is free
            // walks the heaps (about a third of a 10,000-article merge), but every 16 MiB instead left
            // 50,000 articles' index 21 MiB higher (275 against 254 MiB). In the last pass too:
            // without it there, the 10,000-article build peaked 8 MiB higher (194 against 186 MiB)
            // and saved no time a 9-run bench could see.
            releaseFreedMemory(atLeastMiB: 16)
        }
        var bucket: [UInt8] = [], current = -1
        func close() {
            guard !bucket.isEmpty else { return }
            pendingBytes += bucket.count
            pending.append((current, bucket))
            bucket = []
            if pendingBytes > 1 << 22 { flush() }
        }
        while true {
            // The least key among the runs' next ones (on a tie, the earliest run's), and the same
            // key from the later runs, merged.
            var least = 0
            for p in parts.indices.dropFirst() where precedes(p, least) { least = p }
            guard next[least] < parts[least].count else { break }
            let b = Int(buckets[least][next[least]])
            var entry = take(least)
            for p in parts.indices where p > least && next[p] < parts[p].count
                && Int(buckets[p][next[p]]) == b && parts[p][next[p]].text == entry.text {
                entry.append(run: take(p))
            }
            if b != current {
                close()
                current = b
            }
            if entry.documentCount > bigLimit {
                var bytes: [UInt8] = []
                entry.append(to: &bytes)
                bigPending.append((entry.text, FNV1a.hash32(entry.text), bytes))
            } else {
                entry.append(to: &bucket)
            }
        }
        close()
        flush()
        guard !bigPending.isEmpty else { return }
        guard let records = scratch.append(bigPending.map(\.bytes)) else {
            failure.withLock { $0 = true }
            return
        }
        for (n, key) in bigPending.enumerated() { big.append((key.text, key.hash, records.lowerBound + n)) }
        bigPending = []
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
