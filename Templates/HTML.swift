/// Markup built from Swift string templates. Interpolating a `String` escapes it; interpolating
/// `HTML` inserts it as it is. There is no interpolation for other types (a `Substring`, an
/// optional, a number formatted by `description`): a value must become a `String`, an `Int` or
/// `HTML` explicitly, so escaping is the default nobody can forget.
///
/// The escaping is valid in element text, in quoted attribute values and in XML 1.0 (Atom,
/// sitemaps): `& < > " '` become entities, and control characters that HTML and XML forbid are dropped.
package struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    package private(set) var rendered: String

    package init(stringLiteral literal: String) { rendered = literal }

    package init(stringInterpolation: Interpolation) { rendered = stringInterpolation.output }

    private init(rendered: String) { self.rendered = rendered }

    package var description: String { rendered }

    package static let empty = HTML(rendered: "")

    /// Trusted markup as it is: cmark's output and markup assembled by templates. Never front matter.
    package static func unsafeRaw(_ markup: String) -> HTML { HTML(rendered: markup) }

    /// Escapes `text` for element text and attribute values.
    package static func escape(_ text: String) -> String {
        var out = ""
        escape(text, into: &out)
        return out
    }

    static func escape(_ text: String, into out: inout String) {
        // Over the UTF-8 bytes (every special character is ASCII, and U+FFFE/U+FFFF are EF BF BE/BF):
        // runs between specials are appended as slices of the original, which needs no new UTF-8
        // validation. Text that needs nothing — nearly all Chinese text — is appended whole.
        // Bodies in feeds are escaped whole, so this is hot.
        var copy = text
        let cuts: [(at: Int, skip: Int, entity: StaticString)] = copy.withUTF8 { b in
            var cuts: [(at: Int, skip: Int, entity: StaticString)] = []
            var i = 0
            while i < b.count {
                let x = b[i]
                if x >= 0x40 && x != 0x7F && x != 0xEF { i += 1; continue }
                switch x {
                case 0x26: cuts.append((i, 1, "&amp;"))
                case 0x3C: cuts.append((i, 1, "&lt;"))
                case 0x3E: cuts.append((i, 1, "&gt;"))
                case 0x22: cuts.append((i, 1, "&quot;"))
                case 0x27: cuts.append((i, 1, "&#39;"))
                case 0xEF: if isNonCharacter(b, i) { cuts.append((i, 3, "")); i += 2 }  // U+FFFE, U+FFFF: dropped
                default: if (x < 0x20 && x != 0x09 && x != 0x0A && x != 0x0D) || x == 0x7F { cuts.append((i, 1, "")) }
                }
                i += 1
            }
            return cuts
        }
        if cuts.isEmpty {
            out += text
            return
        }
        let utf8 = text.utf8
        var runStart = 0
        for cut in cuts {
            if cut.at > runStart {
                out += text[utf8.index(utf8.startIndex, offsetBy: runStart)..<utf8.index(utf8.startIndex, offsetBy: cut.at)]
            }
            if cut.entity.utf8CodeUnitCount > 0 { out += cut.entity.description }
            runStart = cut.at + cut.skip
        }
        if runStart < utf8.count { out += text[utf8.index(utf8.startIndex, offsetBy: runStart)...] }
    }

    /// U+FFFE or U+FFFF, which XML forbids, at byte `i`.
    @inline(__always)
    private static func isNonCharacter(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        i + 2 < b.count && b[i] == 0xEF && b[i + 1] == 0xBF && (b[i + 2] == 0xBE || b[i + 2] == 0xBF)
    }

    package struct Interpolation: StringInterpolationProtocol {
        var output = ""

        package init(literalCapacity: Int, interpolationCount: Int) {
            output.reserveCapacity(literalCapacity + interpolationCount * 24)
        }

        package mutating func appendLiteral(_ literal: String) { output += literal }

        /// Text: escaped.
        package mutating func appendInterpolation(_ text: String) { HTML.escape(text, into: &output) }

        /// Markup: inserted as it is.
        package mutating func appendInterpolation(_ html: HTML) { output += html.rendered }

        /// A sequence of markup, concatenated.
        package mutating func appendInterpolation(_ parts: [HTML]) {
            for part in parts { output += part.rendered }
        }

        package mutating func appendInterpolation(_ number: Int) { output += String(number) }
    }
}

extension Array where Element == HTML {
    package func joined(separator: HTML = .empty) -> HTML {
        var out = ""
        for (i, part) in enumerated() {
            if i > 0 { out += separator.rendered }
            out += part.rendered
        }
        return .unsafeRaw(out)
    }
}

extension Optional where Wrapped == String {
    /// `nil` → empty markup; otherwise the escaped text wrapped by `make`.
    package func map(html make: (String) -> HTML) -> HTML {
        switch self {
        case .some(let s): return make(s)
        case .none: return .empty
        }
    }
}
