/// The units search sees in a text, identical at index time (here) and at query time (`search.js`):
///
/// - a character: a Han character, normalised (Traditional → Simplified), or a digit (full-width
///   folded), so that numbers match inside longer numbers as Chinese text matches inside longer
///   text (`完成96` is in `完成960户`, and a phrase copied with a number cut short still matches);
/// - a word: a run of ASCII letters, full-width folded, lower case (at most 24 kept);
/// - a separator, `·`, for any run of everything else (punctuation, spaces, other scripts), so that
///   `，` in a query matches `、`, `。`, a space or `——` in a text.
///
/// A unit is a 21-bit code: a character its scalar value, the separator `separator`, a word
/// `firstWord` plus its number in the build's `WordTable`. Codes are never 0, which marks the
/// break between a document's fields (no key spans two fields).
package enum SearchUnits {
    package static let separator: UInt32 = 0x40000
    static let firstWord: UInt32 = 0x40001
    package static let maximumWordLength = 24
    /// The separator as text (in keys and in `search.js`).
    package static let separatorText = "·"

    /// Words met while indexing, numbered in order of first appearance; their texts for key names.
    package struct WordTable {
        private var numbers: [[UInt8]: UInt32] = [:]
        package private(set) var texts: [String] = []
        package init() {}

        mutating func code(_ bytes: [UInt8]) -> UInt32 {
            if let n = numbers[bytes] { return firstWord + n }
            let n = UInt32(texts.count)
            precondition(firstWord + n < 1 << 21, "more distinct words than search units can number")
            numbers[bytes] = n
            texts.append(String(decoding: bytes, as: UTF8.self))
            return firstWord + n
        }

        /// The text of a unit code.
        /// `text(code)`'s UTF-8, appended to `out`.
        package func appendText(_ code: UInt32, to out: inout [UInt8]) {
            if code == SearchUnits.separator { out += SearchUnits.separatorText.utf8; return }
            if code >= SearchUnits.firstWord { out += texts[Int(code - SearchUnits.firstWord)].utf8; return }
            UTF8.encode(Unicode.Scalar(code) ?? "\u{FFFD}") { out.append($0) }
        }

        package func text(_ code: UInt32) -> String {
            if code == SearchUnits.separator { return SearchUnits.separatorText }
            if code >= SearchUnits.firstWord { return texts[Int(code - SearchUnits.firstWord)] }
            return String(Unicode.Scalar(code).map(Character.init) ?? "\u{FFFD}")
        }
    }

    package static func isWord(_ code: UInt32) -> Bool { code >= firstWord }
    /// Whether a unit is a character (Han or digit), not a word or the separator.
    package static func isCharacter(code: UInt32) -> Bool { code < separator }
    /// Whether a normalised scalar is a unit of its own.
    @inline(__always)
    static func isCharacter(_ value: UInt32) -> Bool { SearchText.isHan(value) || (0x30...0x39).contains(value) }
    /// Whether a normalised scalar belongs to a word.
    @inline(__always)
    static func isLetter(_ value: UInt32) -> Bool { (0x61...0x7A).contains(value) }

    /// Appends the units of `text` to `out`: one code each, a run of separators as one (and none at
    /// the start of a field, where `out` ends with a break or is empty). Reads the UTF-8 directly:
    /// this runs over every character of every body, several times a build.
    package static func append(_ text: String, words: inout WordTable, to out: inout [UInt32]) {
        var text = text
        text.withUTF8 { bytes in
            var word: [UInt8] = []
            func endWord() {
                guard !word.isEmpty else { return }
                out.append(words.code(word.count <= maximumWordLength ? word : Array(word.prefix(maximumWordLength))))
                word.removeAll(keepingCapacity: true)
            }
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
                let value = SearchText.normalize(raw)
                if isCharacter(value) {
                    endWord()
                    out.append(value)
                } else if isLetter(value) {
                    word.append(UInt8(value))
                } else {
                    endWord()
                    if let last = out.last, last != separator && last != 0 { out.append(separator) }
                }
            }
            endWord()
        }
    }

    /// The units of a key's text (`社工`, `·社`, `2023年`): every `·` a separator, nothing trimmed
    /// or merged.
    package static func keyUnits(_ key: String, words: inout WordTable) -> [UInt32] {
        var out: [UInt32] = []
        var word: [UInt8] = []
        func endWord() {
            if !word.isEmpty { out.append(words.code(word)); word.removeAll() }
        }
        for scalar in key.unicodeScalars {
            if scalar == "·" { endWord(); out.append(separator); continue }
            let value = SearchText.normalize(scalar.value)
            if isLetter(value) { word.append(UInt8(value)); continue }
            endWord()
            out.append(value)
        }
        endWord()
        return out
    }

    /// The units of `text` as their own field: no separator at either end.
    package static func units(_ text: String, words: inout WordTable) -> [UInt32] {
        var out: [UInt32] = []
        append(text, words: &words, to: &out)
        if out.last == separator { out.removeLast() }
        return out
    }
}
