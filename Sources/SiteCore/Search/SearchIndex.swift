/// The static search index: JSON files under `/search/` that `search.js` reads.
///
/// - Documents are numbered oldest first, so a new article takes the next number and no other moves.
/// - They are split into segments of `segmentSize`; within a segment every token lives in one of
///   `tokenBuckets` files (`search/i/<segment>/<bucket>.json`, single Han characters in
///   `search/u/<segment>/<bucket>.json`), chosen by a hash of the token. A query fetches one file per
///   token per segment; an edited article rewrites only its own segment's files.
/// - A bucket file maps each token to its postings: segment-local document numbers as base-36 deltas,
///   a `!` after those whose title holds the token.
/// - `search/f/<chunk>.json` holds what results show (title, link, date, region, topics, summary,
///   text excerpt) for `fragmentSize` documents; `search/meta.json` the counts and, per document, its
///   province and topics for the filters.
package enum SearchIndex {
    package static let segmentSize = 1024
    package static let tokenBuckets = 128
    package static let characterBuckets = 16
    package static let fragmentSize = 16
    package static let excerptLength = 120

    /// What the index needs of one article.
    package struct Document: Sendable {
        package var title: String
        /// Summary, region names, topic names, date: indexed as bigrams, words and single characters.
        package var texts: [String]
        /// Body text and headings: bigrams and words only (single characters would double the
        /// index for one-character queries, which are too ambiguous to need the body).
        package var bodyTexts: [String]
        package init(title: String, texts: [String], bodyTexts: [String] = []) {
            self.title = title
            self.texts = texts
            self.bodyTexts = bodyTexts
        }
    }

    /// One segment's bucket files, as JSON text by bucket number.
    package struct Segment: Sendable {
        package var tokens: [String]
        package var characters: [String]
    }

    package static func segmentCount(documents: Int) -> Int { max(1, (documents + segmentSize - 1) / segmentSize) }

    /// A token as an integer: kind in bits 42–43, payload below (a bigram's two 21-bit scalars,
    /// a character's scalar, a word of up to 8 characters in base 37, or a longer word's number in
    /// the segment's word table).
    enum Key {
        static let kindShift: UInt64 = 42
        static let shortWordLength = 8  // 37^8 < 2^42
        static func bigram(_ a: UInt32, _ b: UInt32) -> UInt64 { UInt64(a) << 21 | UInt64(b) }
        static func character(_ c: UInt32) -> UInt64 { 1 << kindShift | UInt64(c) }
        static func shortWord(_ code: UInt64) -> UInt64 { 2 << kindShift | code }
        static func longWord(_ id: UInt64) -> UInt64 { 3 << kindShift | id }

        /// `0-9` → 1–10, `a-z` → 11–36 (0 is never a digit, so "0" and "00" differ).
        @inline(__always)
        static func wordDigit(_ c: UInt8) -> UInt64 { c <= 0x39 ? UInt64(c - 0x30 + 1) : UInt64(c - 0x61 + 11) }

        static func appendShortWord(_ code: UInt64, to out: inout [UInt8]) {
            let start = out.count
            var v = code
            while v > 0 {
                let d = UInt8(v % 37)
                out.append(d <= 10 ? 0x30 + d - 1 : 0x61 + d - 11)
                v /= 37
            }
            out[start...].reverse()
        }
    }

    /// Builds one segment from its documents (segment-local numbers are the array's indices).
    /// Every occurrence of a token is packed into one integer — token key above bit 12, document
    /// number and title flag below — so one radix sort groups the postings, in document order.
    package static func buildSegment(_ documents: [Document]) -> Segment {
        precondition(documents.count <= segmentSize)
        var words: [String: UInt64] = [:]
        var wordList: [String] = []
        var pairs: [UInt64] = []
        var seen = KeySet()
        for (local, doc) in documents.enumerated() {
            let tag = UInt64(local) << 1
            doc.forEachKey(seen: &seen, words: &words, wordList: &wordList) { key, inTitle in pairs.append(key << 12 | tag | (inTitle ? 1 : 0)) }
        }
        // Key bits 0–43, shifted by 12: 56 bits in all.
        radixSort(&pairs, bits: 56)
        // One run of equal keys per token: its text and postings go into two shared byte arenas.
        var arena = BucketArena()
        var i = 0
        while i < pairs.count {
            let key = pairs[i] >> 12
            let tokenStart = arena.tokens.count
            appendTokenText(key, wordList: wordList, to: &arena.tokens)
            let postingsStart = arena.postings.count
            var previousDoc = -1
            while i < pairs.count && pairs[i] >> 12 == key {
                let doc = Int(pairs[i] >> 1 & 0x7FF)
                if previousDoc >= 0 { arena.postings.append(0x2C) }
                appendBase36(doc - previousDoc, to: &arena.postings)
                if pairs[i] & 1 == 1 { arena.postings.append(0x21) }
                previousDoc = doc
                i += 1
            }
            arena.add(token: tokenStart..<arena.tokens.count, postings: postingsStart..<arena.postings.count,
                      character: key >> Key.kindShift == 1)
        }
        return Segment(tokens: (0..<tokenBuckets).map { arena.json(bucket: $0, characters: false) },
                       characters: (0..<characterBuckets).map { arena.json(bucket: $0, characters: true) })
    }

    /// A segment's token texts and encoded postings in two byte arrays, and per bucket its entries:
    /// no string or array per token, of which a segment has a few hundred thousand.
    struct BucketArena {
        var tokens: [UInt8] = []
        var postings: [UInt8] = []
        private var tokenEntries = Array(repeating: [Entry](), count: tokenBuckets)
        private var characterEntries = Array(repeating: [Entry](), count: characterBuckets)

        struct Entry {
            var token: Range<Int>
            var postings: Range<Int>
        }

        init() {
            tokens.reserveCapacity(1 << 20)
            postings.reserveCapacity(1 << 22)
        }

        mutating func add(token: Range<Int>, postings: Range<Int>, character: Bool) {
            let entry = Entry(token: token, postings: postings)
            let bytes = tokens[token]
            if character {
                characterEntries[SearchText.bucket(of: bytes, buckets: characterBuckets)].append(entry)
            } else {
                tokenEntries[SearchText.bucket(of: bytes, buckets: tokenBuckets)].append(entry)
            }
        }

        /// `{"token":"postings",…}`, tokens in UTF-8 byte order so the file never depends on hashing.
        /// Tokens are Han characters, bigrams and `[a-z0-9]` words: none needs a JSON escape.
        func json(bucket b: Int, characters: Bool) -> String {
            let entries = tokens.withUnsafeBufferPointer { t in
                (characters ? characterEntries[b] : tokenEntries[b]).sorted { t[$0.token].lexicographicallyPrecedes(t[$1.token]) }
            }
            var size = 2
            for e in entries { size += e.token.count + e.postings.count + 6 }
            return String(unsafeUninitializedCapacity: size) { out in
                var n = 0
                func put(_ byte: UInt8) { out[n] = byte; n += 1 }
                put(0x7B)
                tokens.withUnsafeBufferPointer { t in
                    postings.withUnsafeBufferPointer { p in
                        for (k, e) in entries.enumerated() {
                            if k > 0 { put(0x2C) }
                            put(0x22)
                            for i in e.token { put(t[i]) }
                            put(0x22); put(0x3A); put(0x22)
                            for i in e.postings { put(p[i]) }
                            put(0x22)
                        }
                    }
                }
                put(0x7D)
                return n
            }
        }
    }

    /// A token key's text as UTF-8: a bigram's two characters, a character, or a word from the table.
    static func appendTokenText(_ key: UInt64, wordList: [String], to out: inout [UInt8]) {
        let payload = key & (1 << Key.kindShift - 1)
        switch key >> Key.kindShift {
        case 0:
            appendUTF8(UInt32(payload >> 21), to: &out)
            appendUTF8(UInt32(payload & 0x1FFFFF), to: &out)
        case 1: appendUTF8(UInt32(payload), to: &out)
        case 2: Key.appendShortWord(payload, to: &out)
        default: out.append(contentsOf: wordList[Int(payload)].utf8)
        }
    }

    @inline(__always)
    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case ..<0x80: out.append(UInt8(scalar))
        case ..<0x800: out.append(UInt8(0xC0 | scalar >> 6)); out.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12)); out.append(UInt8(0x80 | scalar >> 6 & 0x3F)); out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18)); out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F)); out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// A set of token keys for one document at a time: open addressing, cleared in O(1) by a
    /// generation stamp, grown when half full.
    struct KeySet {
        private var keys = [UInt64](repeating: 0, count: 8192)
        private var stamps = [UInt32](repeating: 0, count: 8192)
        private var generation: UInt32 = 0
        private var count = 0

        mutating func reset() {
            generation &+= 1
            count = 0
            if generation == 0 {  // wrapped: clear for real
                stamps = [UInt32](repeating: 0, count: stamps.count)
                generation = 1
            }
        }

        /// True when `key` was not in the set.
        mutating func insert(_ key: UInt64) -> Bool {
            if count * 2 >= keys.count { grow() }
            let mask = keys.count - 1
            var slot = Int(truncatingIfNeeded: (key &* 0x9E3779B97F4A7C15) >> 40) & mask
            while stamps[slot] == generation {
                if keys[slot] == key { return false }
                slot = (slot + 1) & mask
            }
            stamps[slot] = generation
            keys[slot] = key
            count += 1
            return true
        }

        private mutating func grow() {
            let old = zip(keys, stamps).filter { $0.1 == generation }.map(\.0)
            keys = [UInt64](repeating: 0, count: keys.count * 2)
            stamps = [UInt32](repeating: 0, count: keys.count)
            count = 0
            for key in old { _ = insert(key) }
        }
    }

    @inline(__always)
    static func base36Digit(_ d: Int) -> UInt8 { d < 10 ? 0x30 + UInt8(d) : 0x61 + UInt8(d) - 10 }

    static func appendBase36(_ value: Int, to out: inout [UInt8]) {
        // Most deltas between postings take one or two digits.
        if value < 36 { out.append(base36Digit(value)); return }
        if value < 1296 { out.append(base36Digit(value / 36)); out.append(base36Digit(value % 36)); return }
        // Digits written least significant first, then reversed in place: no temporary array.
        let start = out.count
        var v = value
        repeat {
            let d = UInt8(v % 36)
            out.append(d < 10 ? 0x30 + d : 0x61 + d - 10)
            v /= 36
        } while v > 0
        out[start...].reverse()
    }
}

/// JSON string literals, escaped for embedding anywhere (also inside an HTML `<script>`):
/// quotes, backslashes and control characters escaped, and `<`, `>`, `&`, U+2028/2029 as \u escapes.
package enum JSONText {
    package static func quoted(_ s: String) -> String {
        let plain = s.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C && $0 != 0x3C && $0 != 0x3E && $0 != 0x26 && $0 != 0xE2 }
        if plain { return "\"" + s + "\"" }  // 0xE2 leads U+2028/2029: those take the slow path
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension SearchIndex.Document {
    /// Each of the document's token keys once — the title's first, so a token in both carries the
    /// title flag; single characters from the title and the short texts only, never the body.
    func forEachKey(seen: inout SearchIndex.KeySet, words: inout [String: UInt64], wordList: inout [String],
                    _ visit: (_ key: UInt64, _ inTitle: Bool) -> Void) {
        seen.reset()
        SearchText.keys(title, words: &words, wordList: &wordList) { if seen.insert($0) { visit($0, true) } }
        for text in texts {
            SearchText.keys(text, words: &words, wordList: &wordList) { if seen.insert($0) { visit($0, false) } }
        }
        for text in bodyTexts {
            SearchText.keys(text, characters: false, words: &words, wordList: &wordList) { if seen.insert($0) { visit($0, false) } }
        }
    }
}
