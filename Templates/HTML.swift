/// Markup built from Swift string templates. Interpolating a `String` escapes it; interpolating
/// `HTML` inserts it as it is. There is no interpolation for other types (a `Substring`, an
/// optional, a number formatted by `description`): a value must become a `String`, an `Int` or
/// `HTML` explicitly, so escaping is the default nobody can forget.
///
/// The escaping is valid in element text, in quoted attribute values and in XML 1.0 (Atom,
/// sitemaps): `& < > " '` become entities, and control characters that HTML and XML forbid are dropped.
public struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var rendered: String

    public init(stringLiteral literal: String) { rendered = literal }

    public init(stringInterpolation: Interpolation) { rendered = stringInterpolation.output }

    private init(rendered: String) { self.rendered = rendered }

    public var description: String { rendered }

    public static let empty = HTML(rendered: "")

    /// Trusted markup as it is: cmark's output and markup assembled by templates. Never front matter.
    public static func unsafeRaw(_ markup: String) -> HTML { HTML(rendered: markup) }

    /// Escapes `text` for element text and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        escape(text, into: &out)
        return out
    }

    static func escape(_ text: String, into out: inout String) {
        // Fast path: most text (and nearly all Chinese text) needs no escaping.
        let clean = text.utf8.withContiguousStorageIfAvailable { bytes in
            for b in bytes where b < 0x40 || b == 0x7F {
                switch b {
                case 0x26, 0x3C, 0x3E, 0x22, 0x27, 0x7F: return false
                case 0x09, 0x0A, 0x0D: continue
                default: if b < 0x20 { return false }
                }
            }
            return true
        }
        if clean == true {
            out += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
    }

    public struct Interpolation: StringInterpolationProtocol {
        var output = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            output.reserveCapacity(literalCapacity + interpolationCount * 24)
        }

        public mutating func appendLiteral(_ literal: String) { output += literal }

        /// Text: escaped.
        public mutating func appendInterpolation(_ text: String) { HTML.escape(text, into: &output) }

        /// Markup: inserted as it is.
        public mutating func appendInterpolation(_ html: HTML) { output += html.rendered }

        /// A sequence of markup, concatenated.
        public mutating func appendInterpolation(_ parts: [HTML]) {
            for part in parts { output += part.rendered }
        }

        public mutating func appendInterpolation(_ number: Int) { output += String(number) }
    }
}

extension Array where Element == HTML {
    public func joined(separator: HTML = .empty) -> HTML {
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
    public func map(html make: (String) -> HTML) -> HTML {
        switch self {
        case .some(let s): return make(s)
        case .none: return .empty
        }
    }
}
