/// Updating one search segment in place: when a rebuild changes a few of a segment's documents,
/// the segment's files from the last build are read back, those documents' postings are taken
/// out and their new ones put in. That costs a pass over the segment's bytes instead of
/// re-rendering and re-tokenising its thousand bodies, and gives the same bytes as `buildSegment`.
extension SearchIndex {
    /// Rebuilds a segment from its previous files (`previous.tokens[b]`, `previous.characters[b]`:
    /// each bucket file's bytes), dropping documents `removed` and adding `added` (segment-local
    /// numbers; a document both removed and added is replaced). Nil when a file does not parse: the
    /// caller then builds the segment afresh.
    package static func patchSegment(previous: (tokens: [[UInt8]], characters: [[UInt8]]), removed: Set<Int>,
                                    added: [(local: Int, document: Document)]) -> Segment? {
        guard previous.tokens.count == tokenBuckets, previous.characters.count == characterBuckets else { return nil }
        // The added documents' tokens, with kind and title flag, exactly as `buildSegment` finds them.
        var newTokens = Array(repeating: [([UInt8], UInt32)](), count: tokenBuckets)
        var newCharacters = Array(repeating: [([UInt8], UInt32)](), count: characterBuckets)
        var words: [String: UInt64] = [:]
        var wordList: [String] = []
        var seen = KeySet()
        for (local, doc) in added {
            var keys: [UInt64] = []
            doc.forEachKey(seen: &seen, words: &words, wordList: &wordList) { key, inTitle in keys.append(key << 1 | (inTitle ? 1 : 0)) }
            for flagged in keys {
                let key = flagged >> 1
                var token: [UInt8] = []
                appendTokenText(key, wordList: wordList, to: &token)
                let posting = UInt32(local) << 1 | UInt32(flagged & 1)
                if key >> Key.kindShift == 1 {
                    newCharacters[SearchText.bucket(of: token, buckets: characterBuckets)].append((token, posting))
                } else {
                    newTokens[SearchText.bucket(of: token, buckets: tokenBuckets)].append((token, posting))
                }
            }
        }
        var isRemoved = [Bool](repeating: false, count: segmentSize)
        for r in removed where r >= 0 && r < segmentSize { isRemoved[r] = true }
        let gone = isRemoved
        @Sendable func patch(_ bytes: [UInt8], _ additions: [([UInt8], UInt32)]) -> String? {
            patchBucket(bytes, additions: additions, removed: gone, anyRemoved: !removed.isEmpty)
        }
        let inputs = previous.tokens.map { ($0, false) } + previous.characters.map { ($0, true) }
        let additions = newTokens + newCharacters
        let patched = parallelMap(inputs.count) { patch(inputs[$0].0, additions[$0]) }
        guard patched.allSatisfy({ $0 != nil }) else { return nil }
        return Segment(tokens: patched[..<tokenBuckets].map { $0! }, characters: patched[tokenBuckets...].map { $0! })
    }

    /// Postings as written: base-36 deltas between document numbers, `!` after title hits, commas between.
    static func encodePostings(_ postings: [UInt32]) -> [UInt8] {
        var out: [UInt8] = []
        var previousDoc = -1
        for p in postings {
            let doc = Int(p >> 1)
            if previousDoc >= 0 { out.append(0x2C) }
            appendBase36(doc - previousDoc, to: &out)
            if p & 1 == 1 { out.append(0x21) }
            previousDoc = doc
        }
        return out
    }

    /// One bucket file patched in a single pass: entries whose postings hold no removed document
    /// and gain none are copied as they are (nearly all of them); the others are decoded, changed
    /// and encoded again; new tokens are merged in, in UTF-8 byte order. Tokens are Han characters,
    /// bigrams and `[a-z0-9]` words, none of which JSON escapes. Nil if the file is not as written.
    static func patchBucket(_ bytes: [UInt8], additions: [([UInt8], UInt32)], removed: [Bool], anyRemoved: Bool) -> String? {
        let adds = additions.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0.lexicographicallyPrecedes($1.0) }
        var out: [UInt8] = [0x7B]
        out.reserveCapacity(bytes.count + additions.count * 12 + 2)
        var wroteEntry = false
        func emit(_ token: some Collection<UInt8>, _ postings: some Collection<UInt8>) {
            if wroteEntry { out.append(0x2C) }
            wroteEntry = true
            out.append(0x22)
            out.append(contentsOf: token)
            out.append(contentsOf: [0x22, 0x3A, 0x22])
            out.append(contentsOf: postings)
            out.append(0x22)
        }
        var a = 0
        /// The additions for the token at `adds[a]`, consumed.
        func takeAdditions() -> [UInt32] {
            var postings: [UInt32] = []
            let token = adds[a].0
            while a < adds.count && adds[a].0 == token { postings.append(adds[a].1); a += 1 }
            return postings
        }
        let n = bytes.count
        guard n >= 2, bytes[0] == 0x7B, bytes[n - 1] == 0x7D else { return nil }
        var i = 1
        let ok: Bool = bytes.withUnsafeBufferPointer { b in
            while i < n - 1 {
                // "token":"postings"
                guard b[i] == 0x22 else { return false }
                let tokenStart = i + 1
                var tokenEnd = tokenStart
                while tokenEnd < n && b[tokenEnd] != 0x22 {
                    if b[tokenEnd] == 0x5C { return false }
                    tokenEnd += 1
                }
                guard tokenEnd > tokenStart, tokenEnd + 2 < n, b[tokenEnd + 1] == 0x3A, b[tokenEnd + 2] == 0x22 else { return false }
                let postingsStart = tokenEnd + 3
                var postingsEnd = postingsStart
                while postingsEnd < n && b[postingsEnd] != 0x22 { postingsEnd += 1 }
                guard postingsEnd < n - 1 else { return false }
                let token = b[tokenStart..<tokenEnd]
                let raw = b[postingsStart..<postingsEnd]
                // New tokens that sort before this one.
                while a < adds.count && adds[a].0.lexicographicallyPrecedes(token) {
                    let t = adds[a].0
                    emit(t, encodePostings(takeAdditions()))
                }
                let gains = a < adds.count && adds[a].0.elementsEqual(token)
                var touched = gains
                if !touched && anyRemoved {
                    guard scanPostings(raw, { if removed[Int($0 >> 1)] { touched = true } }) else { return false }
                } else if !touched {
                    guard scanPostings(raw, { _ in }) else { return false }
                }
                if touched {
                    var postings: [UInt32] = []
                    guard scanPostings(raw, { if !removed[Int($0 >> 1)] { postings.append($0) } }) else { return false }
                    if gains {
                        for p in takeAdditions() { postings.insert(p, at: postings.lowerBound(of: p, by: <)) }
                    }
                    if !postings.isEmpty { emit(token, encodePostings(postings)) }
                } else {
                    emit(token, raw)
                }
                i = postingsEnd + 1
                if b[i] == 0x2C {
                    i += 1
                    guard i < n - 1 else { return false }
                } else if i != n - 1 {
                    return false
                }
            }
            return true
        }
        guard ok else { return nil }
        while a < adds.count {
            let t = adds[a].0
            emit(t, encodePostings(takeAdditions()))
        }
        out.append(0x7D)
        return String(decoding: out, as: UTF8.self)
    }

    /// Calls `visit` with each posting (`document << 1 | title flag`) of `item ("," item)*`, an item
    /// being base-36 digits and an optional "!"; false if the text is not that.
    static func scanPostings(_ raw: Slice<UnsafeBufferPointer<UInt8>>, _ visit: (UInt32) -> Void) -> Bool {
        var i = raw.startIndex
        let end = raw.endIndex
        var doc = -1
        guard i < end else { return false }
        while true {
            var value = 0
            var digits = 0
            while i < end, let d = base36Value(raw[i]) { value = value * 36 + d; digits += 1; i += 1 }
            guard digits > 0, digits < 8, value > 0 else { return false }
            doc += value
            guard doc < segmentSize else { return false }
            var posting = UInt32(doc) << 1
            if i < end && raw[i] == 0x21 { posting |= 1; i += 1 }
            visit(posting)
            if i == end { return true }
            guard raw[i] == 0x2C else { return false }
            i += 1
        }
    }

    static func base36Value(_ b: UInt8) -> Int? {
        switch b {
        case 0x30...0x39: return Int(b - 0x30)
        case 0x61...0x7A: return Int(b - 0x61 + 10)
        default: return nil
        }
    }
}
