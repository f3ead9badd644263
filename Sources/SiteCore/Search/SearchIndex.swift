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

        /// The document's units, coded with `words`.
        package func units(words: inout SearchUnits.WordTable) -> DocumentUnits {
            var units: [UInt32] = []
            let ends = self.units(words: &words, into: &units)
            return DocumentUnits(units: units, titleEnd: ends.titleEnd, placesEnd: ends.placesEnd, shortEnd: ends.shortEnd)
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

    /// A document as the index reads it: its units, each field ended by a break (0), and where the
    /// title, the place names and the short fields end.
    package struct DocumentUnits: Sendable {
        package var units: [UInt32]
        package var titleEnd: Int
        package var placesEnd: Int
        package var shortEnd: Int

        /// As bytes, for a `ScratchFile`: the three ends and the count as varints, then each unit's
        /// four bytes, least significant first.
        package var encoded: [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(16 + units.count * 4)
            for n in [titleEnd, placesEnd, shortEnd, units.count] { appendVarint(UInt64(n), to: &out) }
            units.withUnsafeBytes { out += $0 }  // little-endian, as the platform's
            return out
        }

        package init(units: [UInt32], titleEnd: Int, placesEnd: Int, shortEnd: Int) {
            self.units = units
            self.titleEnd = titleEnd
            self.placesEnd = placesEnd
            self.shortEnd = shortEnd
        }

        /// From `encoded`'s bytes; nil if they are not a document's units.
        package init?(encoded bytes: [UInt8]) {
            var i = 0, ends: [Int] = []
            let units: [UInt32]? = bytes.withUnsafeBufferPointer { b in
                for _ in 0..<4 {
                    guard let n = SearchIndex.varint(b, &i) else { return nil }
                    ends.append(n)
                }
                guard ends[3] == (b.count - i) / 4, (b.count - i) % 4 == 0 else { return nil }
                if ends[3] == 0 { return [] }  // (`unsafeUninitializedCapacity` at 0 sets the shared empty array's count)
                return [UInt32](unsafeUninitializedCapacity: ends[3]) { out, count in
                    // Little-endian, as this platform's (x86-64, arm64 Linux): copied as they are.
                    UnsafeMutableRawBufferPointer(out).copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(b)[i..<(i + 4 * ends[3])]))
                    count = ends[3]
                }
            }
            guard let units else { return nil }
            self.init(units: units, titleEnd: ends[0], placesEnd: ends[1], shortEnd: ends[2])
        }

        /// Recodes the words of units coded with `local` into `words` (a document's units are made
        /// on any thread with a table of their own, then numbered in the build's in a fixed order;
        /// the numbers never reach the output, whose keys are their texts, sorted).
        package mutating func recode(from local: SearchUnits.WordTable, into words: inout SearchUnits.WordTable) {
            guard !local.texts.isEmpty else { return }
            for k in units.indices where SearchUnits.isWord(units[k]) {
                units[k] = words.code(Array(local.text(units[k]).utf8))
            }
        }
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
            Self.appendHead(text: text, positional: positional, documentCount: documentCount, postingsLength: postings.count, to: &out)
            out += postings
        }

        /// An entry's bytes before its postings (the one statement of them: the index's merge
        /// writes the postings after them straight from the builders' pools).
        static func appendHead(text: [UInt8], positional: Bool, documentCount: Int, postingsLength: Int, to out: inout [UInt8]) {
            appendVarint(UInt64(text.count), to: &out)
            out += text
            out.append(positional ? 0 : 1)
            appendVarint(UInt64(documentCount), to: &out)
            appendVarint(UInt64(postingsLength), to: &out)
        }
    }

    /// The bytes `appendVarint` takes for `value`.
    package static func varintLength(_ value: UInt64) -> Int {
        max(1, (64 - value.leadingZeroBitCount + 6) / 7)
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
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 8)
        append(quoted: s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The literal appended to `out`. Runs of bytes that need no escape (nearly all of a text)
    /// are copied whole.
    package static func append(quoted s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in
            needsALook.withUnsafeBufferPointer { needsALook in
                out.append(0x22)
                var i = 0, run = 0
                while i < bytes.count {
                    let b = bytes[i]
                    guard needsALook[Int(b)] else {
                        i += 1
                        continue
                    }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
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
                    run = i
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<bytes.count]))
                out.append(0x22)
            }
        }
    }

    /// The bytes `append(quoted:to:)` stops at: those it escapes, and 0xE2 (which starts U+2028
    /// and U+2029).
    private static let needsALook: [Bool] = (0..<256).map { b in
        b < 0x20 || b == 0x22 || b == 0x5C || b == 0x3C || b == 0x3E || b == 0x26 || b == 0xE2
    }

    /// `\u` and four lowercase hex digits.
    private static func escape(_ code: UInt32, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out += [0x5C, 0x75, hex[Int(code >> 12 & 0xF)], hex[Int(code >> 8 & 0xF)], hex[Int(code >> 4 & 0xF)], hex[Int(code & 0xF)]]
    }
}
