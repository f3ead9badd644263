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
public enum SearchIndex {
    public static let segmentSize = 1024
    public static let tokenBuckets = 128
    public static let characterBuckets = 16
    public static let fragmentSize = 16
    public static let excerptLength = 120

    /// What the index needs of one article.
    public struct Document: Sendable {
        public var title: String
        /// Summary, region names, topic names, date: indexed as bigrams, words and single characters.
        public var texts: [String]
        /// Body text and headings: bigrams and words only (single characters would double the
        /// index for one-character queries, which are too ambiguous to need the body).
        public var bodyTexts: [String]
        public init(title: String, texts: [String], bodyTexts: [String] = []) {
            self.title = title
            self.texts = texts
            self.bodyTexts = bodyTexts
        }
    }

    /// One segment's bucket files, as JSON text by bucket number.
    public struct Segment: Sendable {
        public var tokens: [String]
        public var characters: [String]
    }

    public static func segmentCount(documents: Int) -> Int { max(1, (documents + segmentSize - 1) / segmentSize) }

    /// A token as an integer: kind in bits 42–43, payload below (a bigram's two 21-bit scalars,
    /// a character's scalar, a word's number in the segment's word table).
    enum Key {
        static let kindShift: UInt64 = 42
        static func bigram(_ a: UInt32, _ b: UInt32) -> UInt64 { UInt64(a) << 21 | UInt64(b) }
        static func character(_ c: UInt32) -> UInt64 { 1 << kindShift | UInt64(c) }
        static func word(_ id: UInt64) -> UInt64 { 2 << kindShift | id }
    }

    /// Builds one segment from its documents (segment-local numbers are the array's indices).
    /// Every occurrence of a token is packed into one integer — token key above bit 12, document
    /// number and title flag below — so one radix sort groups the postings, in document order.
    public static func buildSegment(_ documents: [Document]) -> Segment {
        precondition(documents.count <= segmentSize)
        var words: [String: UInt64] = [:]
        var wordList: [String] = []
        var pairs: [UInt64] = []
        var seen = KeySet()
        for (local, doc) in documents.enumerated() {
            let tag = UInt64(local) << 1
            seen.reset()
            // Title first, so a token in both carries the title flag; each token once per document.
            SearchText.keys(doc.title, words: &words, wordList: &wordList) { if seen.insert($0) { pairs.append($0 << 12 | tag | 1) } }
            for text in doc.texts {
                SearchText.keys(text, words: &words, wordList: &wordList) { if seen.insert($0) { pairs.append($0 << 12 | tag) } }
            }
            for text in doc.bodyTexts {
                SearchText.keys(text, characters: false, words: &words, wordList: &wordList) {
                    if seen.insert($0) { pairs.append($0 << 12 | tag) }
                }
            }
        }
        // Key bits 0–43, shifted by 12: 56 bits in all.
        radixSort(&pairs, bits: 56)
        var tokenEntries = Array(repeating: [(String, [UInt8])](), count: tokenBuckets)
        var characterEntries = Array(repeating: [(String, [UInt8])](), count: characterBuckets)
        var i = 0
        while i < pairs.count {
            let key = pairs[i] >> 12
            var postings: [UInt32] = []
            while i < pairs.count && pairs[i] >> 12 == key {
                postings.append(UInt32(truncatingIfNeeded: pairs[i] & 0xFFF))
                i += 1
            }
            let token = tokenText(key, wordList: wordList)
            if key >> Key.kindShift == 1 {
                characterEntries[SearchText.bucket(of: token, buckets: characterBuckets)].append((token, encodePostings(postings)))
            } else {
                tokenEntries[SearchText.bucket(of: token, buckets: tokenBuckets)].append((token, encodePostings(postings)))
            }
        }
        return Segment(tokens: tokenEntries.map(bucketJSON), characters: characterEntries.map(bucketJSON))
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

    /// `{"token":"postings",…}`, tokens in UTF-8 byte order so the file never depends on hashing.
    static func bucketJSON(_ entries: [(String, [UInt8])]) -> String {
        var json: [UInt8] = [0x7B]
        for (n, (token, postings)) in entries.sorted(by: { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }).enumerated() {
            if n > 0 { json.append(0x2C) }
            json.append(contentsOf: JSONText.quoted(token).utf8)
            json.append(contentsOf: [0x3A, 0x22])
            json.append(contentsOf: postings)
            json.append(0x22)
        }
        json.append(0x7D)
        return String(decoding: json, as: UTF8.self)
    }

    static func binarySearch(_ sorted: [UInt64], _ value: UInt64) -> Bool {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo] == value
    }

    static func appendBase36(_ value: Int, to out: inout [UInt8]) {
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
public enum JSONText {
    public static func quoted(_ s: String) -> String {
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
