/// Text normalisation for search, identical at index time (here) and at query time (`search.js`):
/// Traditional → Simplified, full-width ASCII → ASCII, lower case. `SearchUnits` reads text through
/// it; `tokens` (bigrams and words as strings) serves the importer's text comparisons.
package enum SearchText {
    /// Simplified form by offset from U+4E00 (0 = unchanged): one array lookup per character.
    static let simplified: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 0xA000 - 0x4E00)
        var scalars = TraditionalToSimplifiedTable.pairs.unicodeScalars.makeIterator()
        while let t = scalars.next(), let s = scalars.next() {
            if (0x4E00..<0xA000).contains(t.value) { table[Int(t.value) - 0x4E00] = s.value }
        }
        return table
    }()

    package static var t2sPairs: String { TraditionalToSimplifiedTable.pairs }

    /// Which characters of U+4E00..U+9FFF have a Simplified form, one bit each (bit `c & 7` of
    /// byte `(c - 0x4E00) >> 3`), in hexadecimal: `search.js` fetches the table of pairs only for a
    /// text holding one of them, so a Simplified query does not pay for it.
    package static let traditionalBitmap: String = {
        var bits = [UInt8](repeating: 0, count: simplified.count / 8)
        for (i, mapped) in simplified.enumerated() where mapped != 0 { bits[i >> 3] |= 1 << UInt8(i & 7) }
        let digits = Array("0123456789abcdef".unicodeScalars)
        var text = String.UnicodeScalarView()
        for b in bits { text.append(digits[Int(b >> 4)]); text.append(digits[Int(b & 15)]) }
        return String(text)
    }()

    @inline(__always)
    package static func normalize(_ s: UInt32) -> UInt32 {
        if s >= 0x4E00 && s < 0xA000 {
            let mapped = simplified[Int(s) - 0x4E00]
            return mapped == 0 ? s : mapped
        }
        if s >= 0xFF01 && s <= 0xFF5E { return normalizeASCII(s - 0xFEE0) }  // full-width ASCII
        if s < 0x80 { return normalizeASCII(s) }
        return s
    }

    @inline(__always)
    static func normalizeASCII(_ s: UInt32) -> UInt32 { s >= 0x41 && s <= 0x5A ? s + 0x20 : s }

    @inline(__always)
    package static func isHan(_ s: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(s) || (0x3400...0x4DBF).contains(s) || (0xF900...0xFAFF).contains(s) || (0x20000...0x3FFFF).contains(s)
    }

    @inline(__always)
    package static func isWordCharacter(_ s: UInt32) -> Bool { (0x61...0x7A).contains(s) || (0x30...0x39).contains(s) }

    /// The tokens of `text`: bigrams and words in `tokens`, single Han characters in `characters`.
    /// Each token is its normalised text.
    package static func tokens(_ text: String, into tokens: inout Set<String>, characters: inout Set<String>) {
        var previousHan: Unicode.Scalar?
        var word = ""
        for raw in text.unicodeScalars {
            let value = normalize(raw.value)
            guard let scalar = Unicode.Scalar(value) else { continue }
            if isHan(value) {
                if !word.isEmpty { tokens.insert(word); word = "" }
                characters.insert(String(scalar))
                if let p = previousHan {
                    var bigram = String(p)
                    bigram.unicodeScalars.append(scalar)
                    tokens.insert(bigram)
                }
                previousHan = scalar
            } else if isWordCharacter(value) {
                previousHan = nil
                word.unicodeScalars.append(scalar)
            } else {
                previousHan = nil
                if !word.isEmpty { tokens.insert(word); word = "" }
            }
        }
        if !word.isEmpty { tokens.insert(word) }
    }

    /// FNV-1a over the key's UTF-8, 32 bits, modulo the bucket count: the file a key lives in
    /// (search.js computes the same).
    package static func bucket(of key: String, buckets: Int) -> Int { bucket(ofUTF8: key.utf8, buckets: buckets) }
    package static func bucket(ofUTF8 key: some Sequence<UInt8>, buckets: Int) -> Int { Int(FNV1a.hash32(key) % UInt32(buckets)) }
}
