/// The units search sees in a text, identical at index time (here) and at query time (`search.js`):
///
/// - a Han character, normalised (Traditional → Simplified);
/// - a word: a run of ASCII letters and digits, full-width folded, lower case (at most 24 kept);
/// - a separator, `·`, for any run of everything else (punctuation, spaces, other scripts), so that
///   `，` in a query matches `、`, `。`, a space or `——` in a text.
///
/// A unit is a 21-bit code: a Han character its scalar value, the separator `separator`, a word
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
        private var numbers: [String: UInt32] = [:]
        package private(set) var texts: [String] = []
        package init() {}

        mutating func code(_ word: String) -> UInt32 {
            if let n = numbers[word] { return firstWord + n }
            let n = UInt32(texts.count)
            precondition(firstWord + n < 1 << 21, "more distinct words than search units can number")
            numbers[word] = n
            texts.append(word)
            return firstWord + n
        }

        /// The text of a unit code.
        package func text(_ code: UInt32) -> String {
            if code == SearchUnits.separator { return SearchUnits.separatorText }
            if code >= SearchUnits.firstWord { return texts[Int(code - SearchUnits.firstWord)] }
            return String(Unicode.Scalar(code).map(Character.init) ?? "\u{FFFD}")
        }
    }

    package static func isWord(_ code: UInt32) -> Bool { code >= firstWord }
    package static func isHan(code: UInt32) -> Bool { code < separator }

    /// Appends the units of `text` to `out`: one code each, a run of separators as one (and none at
    /// the start of a field, where `out` ends with a break or is empty).
    package static func append(_ text: String, words: inout WordTable, to out: inout [UInt32]) {
        var word: [UInt8] = []
        func endWord() {
            guard !word.isEmpty else { return }
            out.append(words.code(String(decoding: word.prefix(maximumWordLength), as: UTF8.self)))
            word.removeAll(keepingCapacity: true)
        }
        func appendSeparator() {
            if let last = out.last, last != separator && last != 0 { out.append(separator) }
        }
        for scalar in text.unicodeScalars {
            let value = SearchText.normalize(scalar.value)
            if SearchText.isHan(value) {
                endWord()
                out.append(value)
            } else if SearchText.isWordCharacter(value) {
                word.append(UInt8(value))
            } else {
                endWord()
                appendSeparator()
            }
        }
        endWord()
    }

    /// The units of a gram written as keys are (`社工`, `·社`): Han characters and the separator
    /// only; nil for anything else.
    package static func gramUnits(_ gram: String) -> [UInt32]? {
        var out: [UInt32] = []
        for scalar in gram.unicodeScalars {
            if scalar == "·" { out.append(separator); continue }
            let value = SearchText.normalize(scalar.value)
            guard SearchText.isHan(value) else { return nil }
            out.append(value)
        }
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
