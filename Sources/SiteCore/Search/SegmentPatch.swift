/// Updating one search segment in place: when a rebuild changes a few of a segment's documents,
/// the segment's files from the last build are read back, those documents' postings are taken
/// out and their new ones put in. That costs a pass over the segment's bytes instead of
/// re-rendering and re-tokenising its thousand bodies, and gives the same bytes as `buildSegment`.
extension SearchIndex {
    /// One bucket file, parsed: tokens in file order (UTF-8 byte order), each with its postings as
    /// `local document << 1 | title flag`, ascending.
    struct Bucket {
        var tokens: [[UInt8]] = []
        var postings: [[UInt32]] = []
    }

    /// Rebuilds a segment from its previous files (`previous.tokens[b]`, `previous.characters[b]`:
    /// each bucket file's bytes), dropping documents `removed` and adding `added` (segment-local
    /// numbers; a document both removed and added is replaced). Nil when a file does not parse: the
    /// caller then builds the segment afresh.
    public static func patchSegment(previous: (tokens: [[UInt8]], characters: [[UInt8]]), removed: Set<Int>,
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
            seen.reset()
            SearchText.keys(doc.title, words: &words, wordList: &wordList) { if seen.insert($0) { keys.append($0 << 1 | 1) } }
            for text in doc.texts {
                SearchText.keys(text, words: &words, wordList: &wordList) { if seen.insert($0) { keys.append($0 << 1) } }
            }
            for text in doc.bodyTexts {
                SearchText.keys(text, characters: false, words: &words, wordList: &wordList) { if seen.insert($0) { keys.append($0 << 1) } }
            }
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
            guard var bucket = parseBucket(bytes) else { return nil }
            if !removed.isEmpty {
                var kept = 0
                for t in bucket.tokens.indices {
                    let postings = bucket.postings[t].filter { !gone[Int($0 >> 1)] }
                    if postings.isEmpty { continue }
                    bucket.tokens[kept] = bucket.tokens[t]
                    bucket.postings[kept] = postings
                    kept += 1
                }
                bucket.tokens.removeLast(bucket.tokens.count - kept)
                bucket.postings.removeLast(bucket.postings.count - kept)
            }
            for (token, posting) in additions {
                let at = lowerBound(bucket.tokens, token) { $0.lexicographicallyPrecedes($1) }
                if at < bucket.tokens.count && bucket.tokens[at] == token {
                    let p = lowerBound(bucket.postings[at], posting, by: <)
                    bucket.postings[at].insert(posting, at: p)
                } else {
                    bucket.tokens.insert(token, at: at)
                    bucket.postings.insert([posting], at: at)
                }
            }
            // As `BucketArena.json` writes it; the tokens are in order already and need no escaping.
            var json: [UInt8] = [0x7B]
            json.reserveCapacity(bytes.count + 64)
            for t in bucket.tokens.indices {
                if t > 0 { json.append(0x2C) }
                json.append(0x22)
                json.append(contentsOf: bucket.tokens[t])
                json.append(contentsOf: [0x22, 0x3A, 0x22])
                json.append(contentsOf: encodePostings(bucket.postings[t]))
                json.append(0x22)
            }
            json.append(0x7D)
            return String(decoding: json, as: UTF8.self)
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

    /// Reads back what `BucketArena.json` wrote. Tokens are Han characters, bigrams and `[a-z0-9]` words,
    /// none of which JSON escapes, so a token's bytes are those between its quotes.
    static func parseBucket(_ bytes: [UInt8]) -> Bucket? {
        var bucket = Bucket()
        var i = 0
        let n = bytes.count
        guard n >= 2, bytes[0] == 0x7B, bytes[n - 1] == 0x7D else { return nil }
        i = 1
        if i == n - 1 { return bucket }
        while true {
            guard bytes[i] == 0x22 else { return nil }
            let start = i + 1
            var end = start
            while end < n && bytes[end] != 0x22 {
                if bytes[end] == 0x5C { return nil }
                end += 1
            }
            guard end + 2 < n, bytes[end + 1] == 0x3A, bytes[end + 2] == 0x22 else { return nil }
            let token = Array(bytes[start..<end])
            i = end + 3
            // item ("," item)*, an item being base-36 digits and an optional "!".
            var postings: [UInt32] = []
            var doc = -1
            while true {
                var value = 0
                var digits = 0
                while i < n, let d = base36Digit(bytes[i]) { value = value * 36 + d; digits += 1; i += 1 }
                guard digits > 0, digits < 8, value > 0 || doc < 0 else { return nil }
                doc += value
                guard doc < segmentSize else { return nil }
                var posting = UInt32(doc) << 1
                if i < n && bytes[i] == 0x21 { posting |= 1; i += 1 }
                postings.append(posting)
                guard i < n else { return nil }
                if bytes[i] == 0x2C { i += 1 } else { break }
            }
            guard i < n, bytes[i] == 0x22, !postings.isEmpty else { return nil }
            bucket.tokens.append(token)
            bucket.postings.append(postings)
            i += 1
            guard i < n else { return nil }
            if bytes[i] == 0x7D { return i == n - 1 ? bucket : nil }
            guard bytes[i] == 0x2C else { return nil }
            i += 1
        }
    }

    static func base36Digit(_ b: UInt8) -> Int? {
        switch b {
        case 0x30...0x39: return Int(b - 0x30)
        case 0x61...0x7A: return Int(b - 0x61 + 10)
        default: return nil
        }
    }

    /// Where `value` goes in `list`, ascending by `precedes`.
    static func lowerBound<T>(_ list: [T], _ value: T, by precedes: (T, T) -> Bool) -> Int {
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if precedes(list[mid], value) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
