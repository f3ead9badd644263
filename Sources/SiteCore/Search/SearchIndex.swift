/// The static search index: binary files under `/search/` that `search.js` reads.
///
/// **What is indexed.** Each document is a few fields of units (`SearchUnits`): its title, its
/// place names, its topics/date/source/author, its body. Keys are grams of units within a field:
///
/// - every bigram, with the **positions** where it occurs — so a phrase is found exactly, by its
///   bigrams lying end to end, with no text downloaded;
/// - except the site's **common grams**: a bigram that occurs more than `commonThreshold` times
///   (`社工`, `服务`, `·社`…) would make any phrase holding it fetch its hundreds of thousands of
///   positions, so its positions are indexed under the grams one unit longer on either side
///   (`社工站`, `驻社工`); a three-unit gram that is common in turn, under four units; and so on
///   up to `maximumGram` (Lucene's CommonGrams, with the list computed from the site). A common
///   gram itself gets documents and counts only, which is all a query of just that gram needs;
/// - single words, and single Han characters of the short fields, by document only.
///
/// The common grams are a function of the content (its counts), so any build of the same content
/// makes the same index; `meta.json` lists them for the query side.
///
/// **Files.** A key's postings live in one of `bucketCount` files chosen by FNV-1a of its text
/// (`search/k/<b>.bin`); a key whose postings pass `bigKeyBytes` gets one of the `slotCount` files
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
    /// Occurrences in the whole site past which a gram is common.
    package static let commonThreshold = 12_000
    /// Postings larger than this get a file of their own.
    package static let bigKeyBytes = 16 * 1024

    /// Bucket files for `n` documents: a power of two near n/3, so that a query's share of the files
    /// of keys it does not want stays near 12 KB whatever the archive's size.
    package static func bucketCount(documents n: Int) -> Int {
        var b = 1
        while b * 3 < n && b < 16384 { b <<= 1 }
        return b
    }

    package static func slotCount(documents n: Int) -> Int { max(1, bucketCount(documents: n) / 4) }

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

        /// The units of each field, each field ended by a break (0), and where the title, the place
        /// names and the short fields end.
        func units(words: inout SearchUnits.WordTable, into units: inout [UInt32]) -> (titleEnd: Int, placesEnd: Int, shortEnd: Int) {
            units.removeAll(keepingCapacity: true)
            var ends: [Int] = []
            for text in [title, places] + texts + body {
                SearchUnits.append(text, words: &words, to: &units)
                if units.last == SearchUnits.separator { units.removeLast() }
                units.append(0)
                ends.append(units.count)
            }
            return (ends[0], ends[1], ends[1 + texts.count])
        }
    }

    /// The built index: file bytes by bucket and slot, and what `meta.json` says of it.
    package struct Files: Sendable {
        package var buckets: [[UInt8]]
        package var slots: [[UInt8]]
        /// Big keys and their slots, in key order.
        package var bigKeys: [(key: String, slot: Int)]
        /// The common grams' texts, in text order.
        package var common: [String]
        /// Units per document (for BM25's length normalisation).
        package var lengths: [Int]
    }

    /// Builds the index of `documents` (numbered by their order).
    package static func build(_ documents: [Document], threshold: Int = commonThreshold) -> Files {
        var words = SearchUnits.WordTable()
        let common = commonGrams(documents, threshold: threshold, words: &words)
        var builder = Builder(common: common, words: words)
        for (d, document) in documents.enumerated() { builder.add(document, number: d) }
        return builder.files(documents: documents.count)
    }

    /// The common grams of `documents`: bigrams occurring more than `threshold` times, then the
    /// grams one unit longer that extend a common gram and occur more than `threshold` times, and
    /// so on (one counting pass per length). Closed under extension by construction.
    static func commonGrams(_ documents: [Document], threshold: Int, words: inout SearchUnits.WordTable) -> GramTable {
        var common = GramTable(capacity: 64)
        var units: [UInt32] = []
        for n in 2..<maximumGram {
            var counts = GramTable(capacity: n == 2 ? 1 << 16 : 1 << 12)
            var tally: [Int32] = []
            for document in documents {
                _ = document.units(words: &words, into: &units)
                units.withUnsafeBufferPointer { u in
                    guard u.count >= n else { return }
                    for i in 0...(u.count - n) {
                        var inField = true
                        for k in 0..<n where u[i + k] == 0 { inField = false; break }
                        guard inField else { continue }
                        if n > 2 {
                            let prefix = GramPacking.pack(u, i, n - 1), suffix = GramPacking.pack(u, i + 1, n - 1)
                            guard common.contains(prefix.0, prefix.1) || common.contains(suffix.0, suffix.1) else { continue }
                        }
                        let gram = GramPacking.pack(u, i, n)
                        let k = Int(counts.value(gram.0, gram.1) { Int32(tally.count) })
                        if k == tally.count { tally.append(0) }
                        tally[k] += 1
                    }
                }
            }
            var added = 0
            counts.forEach { low, high, k in
                if tally[Int(k)] > threshold {
                    _ = common.value(low, high) { 0 }
                    added += 1
                }
            }
            if added == 0 { break }
        }
        return common
    }

    /// Accumulates postings one document at a time: per key a growing byte buffer, so that memory
    /// is the size of the index, not of its occurrences.
    struct Builder {
        let common: GramTable
        var words: SearchUnits.WordTable
        var keyTable = GramTable(capacity: 1 << 16)
        var keys: [(low: UInt64, high: UInt64)] = []
        var positional: [Bool] = []
        var postings: [[UInt8]] = []
        var lastDocument: [Int32] = []
        var documentCounts: [Int32] = []
        var lengths: [Int] = []
        /// This document's occurrences: key number << 24 | position; sorted, they group by key.
        private var occurrences: [UInt64] = []
        private var entry: [UInt8] = []
        private var units: [UInt32] = []

        init(common: GramTable, words: SearchUnits.WordTable) {
            self.common = common
            self.words = words
        }

        private mutating func key(_ gram: (UInt64, UInt64), positional isPositional: Bool) -> Int {
            let k = Int(keyTable.value(gram.0, gram.1) { Int32(keys.count) })
            if k == keys.count {
                keys.append(gram)
                positional.append(isPositional)
                postings.append([])
                lastDocument.append(-1)
                documentCounts.append(0)
            }
            return k
        }

        mutating func add(_ document: Document, number d: Int) {
            occurrences.removeAll(keepingCapacity: true)
            let ends = document.units(words: &words, into: &units)
            lengths.append(units.count)
            let common = self.common
            let buffer = units
            buffer.withUnsafeBufferPointer { u in
                let m = u.count
                for i in 0..<m where u[i] != 0 {
                    // Single units: words anywhere, Han characters in the short fields.
                    if SearchUnits.isWord(u[i]) || (i < ends.shortEnd && SearchUnits.isHan(code: u[i])) {
                        record(key(GramPacking.pack(single: u[i]), positional: false), i)
                    }
                    var n = 2
                    while n <= maximumGram && i + n <= m && u[i + n - 1] != 0 {
                        if n > 2 {
                            let prefix = GramPacking.pack(u, i, n - 1), suffix = GramPacking.pack(u, i + 1, n - 1)
                            guard common.contains(prefix.0, prefix.1) || common.contains(suffix.0, suffix.1) else { break }
                        }
                        let gram = GramPacking.pack(u, i, n)
                        if n < maximumGram && common.contains(gram.0, gram.1) {
                            record(key(gram, positional: false), i)
                        } else {
                            record(key(gram, positional: true), i)
                        }
                        n += 1
                    }
                }
            }
            flush(document: Int32(d), titleEnd: ends.titleEnd, placesEnd: ends.placesEnd)
        }

        @inline(__always)
        private mutating func record(_ key: Int, _ position: Int) {
            occurrences.append(UInt64(key) << 24 | UInt64(min(position, 0xFF_FFFF)))
        }

        /// Appends this document's occurrences to each key's postings.
        private mutating func flush(document d: Int32, titleEnd: Int, placesEnd: Int) {
            radixSort(&occurrences, bits: 24 + bitWidth(keys.count))
            var i = 0
            while i < occurrences.count {
                let k = Int(occurrences[i] >> 24)
                var j = i
                var flags: UInt64 = 0
                while j < occurrences.count && Int(occurrences[j] >> 24) == k {
                    let p = Int(occurrences[j] & 0xFF_FFFF)
                    if p < titleEnd { flags |= 1 } else if p < placesEnd { flags |= 2 }
                    j += 1
                }
                entry.removeAll(keepingCapacity: true)
                appendVarint(UInt64(d - lastDocument[k] - 1), to: &entry)
                appendVarint(UInt64(j - i) << 2 | flags, to: &entry)
                if positional[k] {
                    var previous = 0
                    for n in i..<j {
                        let p = Int(occurrences[n] & 0xFF_FFFF)
                        appendVarint(UInt64(p - previous), to: &entry)
                        previous = p
                    }
                }
                postings[k].append(contentsOf: entry)
                lastDocument[k] = d
                documentCounts[k] += 1
                i = j
            }
        }

        /// The files: keys in text order, each into its bucket, or its slot when big.
        func files(documents n: Int) -> Files {
            var texts: [[UInt8]] = keys.map { Array(keyText($0).utf8) }
            let order = keys.indices.sorted { texts[$0].lexicographicallyPrecedes(texts[$1]) }
            let bucketCount = SearchIndex.bucketCount(documents: n), slotCount = SearchIndex.slotCount(documents: n)
            var buckets = [[UInt8]](repeating: [], count: bucketCount)
            var slots = [[UInt8]](repeating: [], count: slotCount)
            var taken = [Bool](repeating: false, count: slotCount)
            var bigKeys: [(key: String, slot: Int)] = []
            var common: [String] = []
            for k in order {
                if !positional[k] && self.common.contains(keys[k].low, keys[k].high) { common.append(String(decoding: texts[k], as: UTF8.self)) }
                var entry: [UInt8] = []
                appendVarint(UInt64(texts[k].count), to: &entry)
                entry += texts[k]
                entry.append(positional[k] ? 0 : 1)
                appendVarint(UInt64(documentCounts[k]), to: &entry)
                appendVarint(UInt64(postings[k].count), to: &entry)
                entry += postings[k]
                let hash = FNV1a.hash32(texts[k])
                if postings[k].count > bigKeyBytes, bigKeys.count < slotCount {
                    // The first free slot from the key's own: a key keeps its slot while the set of big keys is stable.
                    var s = Int(hash >> 8) % slotCount
                    while taken[s] { s = (s + 1) % slotCount }
                    taken[s] = true
                    slots[s] = entry
                    bigKeys.append((String(decoding: texts[k], as: UTF8.self), s))
                } else {
                    buckets[Int(hash % UInt32(bucketCount))] += entry
                }
                texts[k] = []
            }
            return Files(buckets: buckets, slots: slots, bigKeys: bigKeys, common: common, lengths: lengths)
        }

        func keyText(_ gram: (low: UInt64, high: UInt64)) -> String {
            GramPacking.unpack((gram.low, gram.high)).map(words.text).joined()
        }
    }

    static func bitWidth(_ n: Int) -> Int { max(1, Int.bitWidth - n.leadingZeroBitCount) }

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
