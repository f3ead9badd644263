/// The built index's files, from the pieces `SearchIndex.build` leaves in a `ScratchFile`: a
/// bucket is its pieces' entries in key order, a slot its big key's entry; and what `meta.json`
/// says of them. A file is put together when it is written, so the index is never whole in memory.
package struct IndexFiles: Sendable {
    private let scratch: ScratchFile
    package let bucketCount: Int
    package let slotCount: Int
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

    init(scratch: ScratchFile, documents n: Int) {
        self.scratch = scratch
        bucketCount = SearchIndex.bucketCount(documents: n)
        slotCount = SearchIndex.slotCount(documents: n)
        bigLimit = SearchIndex.bigKeyDocuments(documents: n)
        pieces = Array(repeating: [], count: bucketCount)
        slotRecords = Array(repeating: nil, count: slotCount)
    }

    /// Whether every piece was written and read back.
    package var intact: Bool { !failure.withLock { $0 } }

    /// One pass's keys, in text order: a piece per bucket it has keys for; big keys kept apart
    /// until every pass is in (their slots are given in the order of all big keys' texts).
    mutating func add(_ entries: consuming [SearchIndex.KeyEntry]) {
        var buckets = [[UInt8]](repeating: [], count: bucketCount)
        var bigEntries: [[UInt8]] = [], bigKeys: [(text: [UInt8], hash: UInt32)] = []
        for k in entries.indices {
            let hash = FNV1a.hash32(entries[k].text)
            if entries[k].documentCount > bigLimit {
                var bytes: [UInt8] = []
                entries[k].append(to: &bytes)
                bigEntries.append(bytes)
                bigKeys.append((entries[k].text, hash))
            } else {
                entries[k].append(to: &buckets[Int(hash % UInt32(bucketCount))])
            }
            entries[k].postings = []  // as it goes: the pass's postings are not held twice
        }
        let filled = buckets.indices.filter { !buckets[$0].isEmpty }
        guard let records = scratch.append(filled.map { buckets[$0] } + bigEntries) else {
            failure.withLock { $0 = true }
            return
        }
        for (n, b) in filled.enumerated() { pieces[b].append(records.lowerBound + n) }
        for (n, key) in bigKeys.enumerated() { big.append((key.text, key.hash, records.lowerBound + filled.count + n)) }
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
                pieces[Int(key.hash % UInt32(bucketCount))].append(key.record)
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
