/// Text normalisation and tokenisation for search, identical at index time (here) and at query
/// time (`search.js`): Traditional → Simplified, full-width ASCII → ASCII, lower case; Chinese as
/// overlapping character bigrams (and single characters, kept apart for one-character queries);
/// ASCII letters and digits as words.
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
    static func isWordCharacter(_ s: UInt32) -> Bool { (0x61...0x7A).contains(s) || (0x30...0x39).contains(s) }

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

    /// The tokens of `text` as integer keys (see `SearchIndex.Key`), calling `emit` for each,
    /// repeats included. Words of up to 8 characters are their own key; longer ones are numbered
    /// through `words`. Reads the UTF-8 directly: this runs over every character of every body.
    static func keys(_ text: String, characters: Bool = true, words: inout [String: UInt64], wordList: inout [String],
                     _ emit: (UInt64) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            var previousHan: UInt32 = 0
            var wordCode: UInt64 = 0
            var wordBytes: [UInt8] = []
            func endWord() {
                guard !wordBytes.isEmpty else { return }
                if wordBytes.count <= SearchIndex.Key.shortWordLength {
                    emit(SearchIndex.Key.shortWord(wordCode))
                } else {
                    let word = String(decoding: wordBytes, as: UTF8.self)
                    let id: UInt64
                    if let known = words[word] { id = known } else {
                        id = UInt64(wordList.count)
                        words[word] = id
                        wordList.append(word)
                    }
                    emit(SearchIndex.Key.longWord(id))
                }
                wordBytes.removeAll(keepingCapacity: true)
                wordCode = 0
            }
            // The Traditional→Simplified table once, not through its lazy accessor per character.
            simplified.withUnsafeBufferPointer { table in
                var i = 0
                let n = bytes.count
                while i < n {
                    // One scalar from valid UTF-8 (a Swift string's bytes always are).
                    let b0 = UInt32(bytes[i])
                    var raw: UInt32
                    if b0 < 0x80 {
                        raw = b0; i += 1
                    } else if b0 < 0xE0 {
                        raw = (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F); i += 2
                    } else if b0 < 0xF0 {
                        raw = (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F); i += 3
                    } else {
                        raw = (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)
                        i += 4
                    }
                    let value: UInt32
                    if raw >= 0x4E00 && raw < 0xA000 {
                        let mapped = table[Int(raw) - 0x4E00]
                        value = mapped == 0 ? raw : mapped
                    } else {
                        value = normalize(raw)
                    }
                    if isHan(value) {
                        endWord()
                        if characters { emit(SearchIndex.Key.character(value)) }
                        if previousHan != 0 { emit(SearchIndex.Key.bigram(previousHan, value)) }
                        previousHan = value
                    } else if isWordCharacter(value) {
                        previousHan = 0
                        wordBytes.append(UInt8(value))
                        wordCode = wordCode &* 37 &+ SearchIndex.Key.wordDigit(UInt8(value))
                    } else {
                        previousHan = 0
                        endWord()
                    }
                }
            }
            endWord()
        }
    }

    /// FNV-1a over the token's UTF-8, 32 bits: the bucket a token lives in (search.js computes the same).
    package static func bucket(of token: String, buckets: Int) -> Int { bucket(of: token.utf8, buckets: buckets) }

    static func bucket<Bytes: Sequence<UInt8>>(of token: Bytes, buckets: Int) -> Int {
        Int(FNV1a.hash32(token) % UInt32(buckets))
    }
}
