/// URL-safe names: lowercase ASCII letters, digits and hyphens, as the content contract says.
/// Everything that becomes a path segment of the output passes through here, which is also
/// what keeps `..`, `/`, NUL and absolute paths out of the output folder.
package enum Slug {
    /// Long enough for any title's pinyin; short enough that a path of a few slugs stays far below
    /// file systems' 255-byte name and 4,096-byte path limits.
    package static let maxLength = 200

    package static func isValid(_ s: String) -> Bool { problem(s) == nil }

    package enum Problem: Equatable {
        case empty
        /// Characters other than a-z, 0-9 and '-', with a slug made from the text if one can be.
        case characters(suggestion: String?)
        case tooLong(bytes: Int)
    }

    package static func problem(_ s: String) -> Problem? {
        if s.isEmpty { return .empty }
        if !s.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }) {
            return .characters(suggestion: suggestion(for: s).map { $0.count > maxLength ? String($0.prefix(maxLength)) : $0 })
        }
        if s.utf8.count > maxLength { return .tooLong(bytes: s.utf8.count) }
        return nil
    }

    /// `name 'value' …why`: a sentence for an error message, the value shortened and escaped.
    /// `example` introduces the suggestion ("slug: ", "" …).
    package static func message(_ problem: Problem, name: String, value: String, example: String) -> String {
        let shown = TerminalText.escaped(value.count > 40 ? String(value.prefix(40)) + "…" : value)
        switch problem {
        case .empty: return "\(name) is empty: use lowercase letters a-z, digits and '-', e.g. \(example)yongkang-stations"
        case .characters(let suggestion):
            return "\(name) '\(shown)' must use only lowercase letters a-z, digits and '-'" + (suggestion.map { ", e.g. \(example)\($0)" } ?? "")
        case .tooLong(let bytes): return "\(name) '\(shown)' is \(bytes) characters long: at most \(maxLength)"
        }
    }

    /// A suggestion for an invalid slug: lowercased, other characters turned into hyphens.
    package static func suggestion(for s: String) -> String? {
        var out = ""
        for scalar in s.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(Character(scalar)) {
                out.unicodeScalars.append(scalar)
            } else if !out.hasSuffix("-") {
                out += "-"
            }
        }
        while out.hasPrefix("-") { out.removeFirst() }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? nil : out
    }
}
