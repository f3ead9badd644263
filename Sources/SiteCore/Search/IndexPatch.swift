/// Updating the search index in place when a rebuild changes a few documents: each changed
/// document's keys (from its old text and its new one) are looked up in the last build's files,
/// its postings taken out of them and the new ones put in. That reads and writes the files of those
/// keys only, and gives the bytes `build` would: when the change would alter anything `build`
/// decides over the whole site — which grams are common, which keys are big, the number of files —
/// the patch declines and the index is built afresh.
extension SearchIndex {
    /// What a patch reads of the last build's index (its `meta.json` says it).
    package struct Layout: Sendable {
        package var documents: Int
        package var common: [String]
        package var big: [String: Int]

        package init(documents: Int, common: [String], big: [String: Int]) {
            self.documents = documents
            self.common = common
            self.big = big
        }
    }

    /// A document changed in place (same number): its old and new texts; `old` nil for a document
    /// added after the last one.
    package struct Change: Sendable {
        package var number: Int
        package var old: Document?
        package var new: Document

        package init(number: Int, old: Document?, new: Document) {
            self.number = number
            self.old = old
            self.new = new
        }
    }

    /// The files a patch changes, by bucket and slot number.
    package struct PatchedFiles: Sendable {
        package var buckets: [Int: [UInt8]]
        package var slots: [Int: [UInt8]]
        /// The changed documents' lengths in units.
        package var lengths: [Int: Int]
    }

    /// Where a key lives: its bucket, or its slot when big.
    package enum FileOfKey: Hashable, Sendable {
        case bucket(Int)
        case slot(Int)
    }

    package static func file(ofKey text: [UInt8], layout: Layout, documents n: Int) -> FileOfKey {
        if let s = layout.big[String(decoding: text, as: UTF8.self)] { return .slot(s) }
        return .bucket(SearchText.bucket(ofUTF8: text, buckets: bucketCount(documents: n)))
    }

    /// Patches the index for `changes` (documents `0..<n` after them), reading the last build's
    /// files through `read`. Nil when `build` must run instead.
    package static func patch(_ changes: [Change], layout: Layout, documents n: Int, threshold: Int? = nil,
                              read: (FileOfKey) -> [UInt8]?) -> PatchedFiles? {
        let threshold = threshold ?? commonThreshold(documents: n), bigKeyDocuments = bigKeyDocuments(documents: n)
        guard bucketCount(documents: n) == bucketCount(documents: layout.documents),
              slotCount(documents: n) == slotCount(documents: layout.documents),
              changes.allSatisfy({ $0.old != nil ? $0.number < layout.documents : $0.number >= layout.documents }) else { return nil }
        let (oldEntries, newEntries) = keyEntries(changes, layout: layout)
        let removed = changes.compactMap { $0.old != nil ? $0.number : nil }.sorted()
        // Per key: the changed documents' new postings (each entry one document's), and their old.
        var additions: [[UInt8]: [KeyEntry]] = [:], withdrawals: [[UInt8]: [KeyEntry]] = [:]
        for entry in newEntries { additions[entry.text, default: []].append(entry) }
        for entry in oldEntries { withdrawals[entry.text, default: []].append(entry) }
        // A key whose postings every changed document keeps as they were is left alone, and so is
        // a file holding only such keys: an edit that appends, or keeps the text's length (a
        // typo), changes the positions of a few keys, not the ~2,000 of the whole document.
        func same(_ a: [KeyEntry]?, _ b: [KeyEntry]?) -> Bool {
            guard let a, let b, a.count == b.count else { return false }
            return zip(a, b).allSatisfy { $0.lastDocument == $1.lastDocument && $0.positional == $1.positional && $0.postings == $1.postings }
        }
        var keysByFile: [FileOfKey: Set<[UInt8]>] = [:]
        for entry in oldEntries + newEntries where !same(withdrawals[entry.text], additions[entry.text]) {
            keysByFile[file(ofKey: entry.text, layout: layout, documents: n), default: []].insert(entry.text)
        }
        var patched = PatchedFiles(buckets: [:], slots: [:], lengths: [:])
        for (place, keys) in keysByFile {
            guard let bytes = read(place), var entries = parseEntries(bytes) else { return nil }
            for key in keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                // Entries are in key order: binary search.
                var lo = 0, hi = entries.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if entries[mid].text.lexicographicallyPrecedes(key) { lo = mid + 1 } else { hi = mid }
                }
                let at: Int? = lo < entries.count && entries[lo].text == key ? lo : nil
                let adding = (additions[key] ?? []).sorted { $0.lastDocument < $1.lastDocument }
                let positional = at.map { entries[$0].positional } ?? adding[0].positional
                guard let (postings, count) = patchPostings(at.map { entries[$0].postings } ?? [], documents: at.map { entries[$0].documentCount } ?? 0,
                                                            positional: positional, removing: removed, adding: adding) else { return nil }
                // A key crossing a threshold `build` decides by (common grams, big keys) changes more
                // than its own entry.
                let before = at.map { entries[$0].documentCount } ?? 0
                if unitCount(key) >= 2 && (before > threshold) != (count > threshold) { return nil }
                if (before > bigKeyDocuments) != (count > bigKeyDocuments) { return nil }
                let entry = KeyEntry(text: key, positional: positional, documentCount: count, lastDocument: -1, postings: postings)
                if let at {
                    if count == 0 { entries.remove(at: at) } else { entries[at] = entry }
                } else if count > 0 {
                    entries.insert(entry, at: lo)
                }
            }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 1024)
            for entry in entries { entry.append(to: &out) }
            switch place {
            case .bucket(let b): patched.buckets[b] = out
            case .slot(let s): patched.slots[s] = out
            }
        }
        var words = SearchUnits.WordTable(), units: [UInt32] = []
        for change in changes {
            _ = change.new.units(words: &words, into: &units)
            patched.lengths[change.number] = units.count
        }
        return patched
    }

    /// How many units a key's text holds.
    static func unitCount(_ text: [UInt8]) -> Int {
        var words = SearchUnits.WordTable()
        return SearchUnits.keyUnits(String(decoding: text, as: UTF8.self), words: &words).count
    }

    /// The changed documents' keys, as `build` makes them, from their old and their new texts.
    static func keyEntries(_ changes: [Change], layout: Layout) -> (old: [KeyEntry], new: [KeyEntry]) {
        var words = SearchUnits.WordTable()
        var common = CommonGrams()
        for text in layout.common {
            let units = SearchUnits.keyUnits(text, words: &words)
            if units.count >= 2 && units.count <= maximumGram { common.insert(GramPacking.pack(units), length: units.count) }
        }
        func entries(_ document: Document, _ number: Int) -> [KeyEntry] {
            var builder = Builder(common: common, words: words, keys: 4096)
            builder.add(document, number: number)
            words = builder.words
            return builder.entries()
        }
        var old: [KeyEntry] = [], new: [KeyEntry] = []
        for change in changes {
            if let document = change.old { old += entries(document, change.number) }
            new += entries(change.new, change.number)
        }
        return (old, new)
    }

    /// A key's postings (`documents` of them) with the documents `removing` (sorted) taken out and
    /// those of `adding` (each the postings of one document, as a build of it alone makes them) put
    /// in. Only the documents up to the last change are read, and documents whose bytes stay as
    /// they are — all but the one after each change, whose gap changes — are copied a run at a
    /// time; past the last change, the rest of the postings is copied whole. Returns the postings
    /// and their document count; nil if the bytes read are not as `build` writes them.
    static func patchPostings(_ postings: [UInt8], documents: Int, positional: Bool, removing: [Int], adding: [KeyEntry]) -> ([UInt8], Int)? {
        // The additions' payloads: each one's bytes after its first varint (the gap from -1).
        var adds: [(document: Int, payload: [UInt8])] = []
        for entry in adding {
            var i = 0
            guard entry.postings.withUnsafeBufferPointer({ varint($0, &i) }) != nil else { return nil }
            adds.append((entry.lastDocument, Array(entry.postings[i...])))
        }
        var out: [UInt8] = []
        out.reserveCapacity(postings.count + adds.reduce(0) { $0 + $1.payload.count + 4 })
        var previous = -1, removed = 0, a = 0, r = 0
        func add() {
            appendVarint(UInt64(adds[a].document - previous - 1), to: &out)
            out += adds[a].payload
            previous = adds[a].document
            a += 1
        }
        let ok = postings.withUnsafeBufferPointer { p -> Bool in
            // p[copied..<here] is still to be copied as it is.
            var i = 0, document = -1, copied = 0
            func copy(to end: Int) {
                if copied < end { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<end])) }
            }
            while i < p.count {
                if a == adds.count && r == removing.count && previous == document { break }  // nothing left to change
                let documentStart = i
                let previousInFile = document
                guard let gap = varint(p, &i) else { return false }
                document += gap + 1
                let start = i
                guard let counted = varint(p, &i) else { return false }
                if positional { guard skipVarints(counted >> 2, p, &i) else { return false } }
                while a < adds.count && adds[a].document < document {
                    copy(to: documentStart)
                    copied = documentStart
                    add()
                }
                while r < removing.count && removing[r] < document { r += 1 }
                if r < removing.count && removing[r] == document {
                    copy(to: documentStart)
                    copied = i
                    removed += 1
                    r += 1
                    continue
                }
                if previous != previousInFile {
                    // After a change: this document's gap is counted from another document.
                    copy(to: documentStart)
                    appendVarint(UInt64(document - previous - 1), to: &out)
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<i]))
                    copied = i
                }
                previous = document
            }
            copy(to: p.count)
            return true
        }
        guard ok else { return nil }
        while a < adds.count { add() }
        return (out, documents - removed + adds.count)
    }

    /// Moves `i` past `k` varints. A varint ends at each byte below 0x80: those are counted eight
    /// bytes at a time (positions are most of a big key's postings), the last word byte by byte.
    @inline(__always)
    package static func skipVarints(_ k: Int, _ p: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Bool {
        var k = k
        if let base = p.baseAddress {
            while i + 8 <= p.count {
                let word = UnsafeRawPointer(base).loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let ends = (~word & 0x8080_8080_8080_8080).nonzeroBitCount
                if ends >= k { break }
                k -= ends
                i += 8
            }
        }
        while k > 0 && i < p.count {
            if p[i] < 0x80 { k -= 1 }
            i += 1
        }
        return k == 0
    }

    @inline(__always)
    package static func varint(_ p: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Int? {
        var value = 0, shift = 0
        while i < p.count {
            let b = p[i]
            i += 1
            value |= Int(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
            if shift > 56 { return nil }
        }
        return nil
    }

    /// A file's entries, or nil if it is not as `build` writes them.
    package static func parseEntries(_ bytes: [UInt8]) -> [KeyEntry]? {
        bytes.withUnsafeBufferPointer { p -> [KeyEntry]? in
            var entries: [KeyEntry] = []
            var i = 0
            while i < p.count {
                guard let length = varint(p, &i), i + length < p.count else { return nil }
                let text = Array(p[i..<(i + length)])
                i += length
                let kind = p[i]
                i += 1
                guard kind <= 1, let count = varint(p, &i), let size = varint(p, &i), i + size <= p.count else { return nil }
                entries.append(KeyEntry(text: text, positional: kind == 0, documentCount: count, lastDocument: -1, postings: Array(p[i..<(i + size)])))
                i += size
            }
            return entries
        }
    }
}
