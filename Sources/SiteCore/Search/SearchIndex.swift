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
    public static let tokenBuckets = 256
    public static let characterBuckets = 16
    public static let fragmentSize = 4
    public static let excerptLength = 280

    /// What the index needs of one article.
    public struct Document: Sendable {
        public var title: String
        /// Summary, body text, headings, region names, topic names, date.
        public var text: String
        public init(title: String, text: String) {
            self.title = title
            self.text = text
        }
    }

    /// One segment's bucket files, as JSON text by bucket number.
    public struct Segment: Sendable {
        public var tokens: [String]
        public var characters: [String]
    }

    public static func segmentCount(documents: Int) -> Int { max(1, (documents + segmentSize - 1) / segmentSize) }

    /// Builds one segment from its documents (segment-local numbers are the array's indices).
    public static func buildSegment(_ documents: [Document]) -> Segment {
        var tokenPostings: [String: [UInt32]] = [:]
        var characterPostings: [String: [UInt32]] = [:]
        for (local, doc) in documents.enumerated() {
            var titleTokens = Set<String>(), titleCharacters = Set<String>()
            SearchText.tokens(doc.title, into: &titleTokens, characters: &titleCharacters)
            var tokens = titleTokens, characters = titleCharacters
            SearchText.tokens(doc.text, into: &tokens, characters: &characters)
            let id = UInt32(local) << 1
            for t in tokens { tokenPostings[t, default: []].append(id | (titleTokens.contains(t) ? 1 : 0)) }
            for c in characters { characterPostings[c, default: []].append(id | (titleCharacters.contains(c) ? 1 : 0)) }
        }
        return Segment(tokens: buckets(tokenPostings, count: tokenBuckets), characters: buckets(characterPostings, count: characterBuckets))
    }

    static func buckets(_ postings: [String: [UInt32]], count: Int) -> [String] {
        var grouped = Array(repeating: [(String, [UInt32])](), count: count)
        for (token, list) in postings { grouped[SearchText.bucket(of: token, buckets: count)].append((token, list)) }
        return grouped.map { entries in
            var json = "{"
            for (n, (token, list)) in entries.sorted(by: { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }).enumerated() {
                if n > 0 { json += "," }
                json += JSONText.quoted(token) + ":\""
                var previous: Int = -1
                for (k, value) in list.enumerated() {
                    if k > 0 { json += "," }
                    let id = Int(value >> 1)
                    json += String(id - previous, radix: 36)
                    if value & 1 == 1 { json += "!" }
                    previous = id
                }
                json += "\""
            }
            return json + "}"
        }
    }
}

/// JSON string literals, escaped for embedding anywhere (also inside an HTML `<script>`):
/// quotes, backslashes and control characters escaped, and `<`, `>`, `&`, U+2028/2029 as \u escapes.
public enum JSONText {
    public static func quoted(_ s: String) -> String {
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
