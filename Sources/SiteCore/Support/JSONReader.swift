/// Reads back the JSON the generator writes (the search index's `meta.json` and fragments, for a
/// rebuild that patches them): objects, arrays, strings, numbers, `true`/`false`/`null`. Nil for
/// anything malformed — the caller then makes the file afresh. Not a general-purpose parser: no
/// depth beyond what those files have is needed, and nesting is capped.
package enum JSONValue: Equatable, Sendable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    package static func parse(_ bytes: [UInt8]) -> JSONValue? {
        var reader = Reader(bytes: bytes)
        guard let value = reader.value(depth: 0) else { return nil }
        reader.skipSpace()
        return reader.i == bytes.count ? value : nil
    }

    package var string: String? { if case .string(let s) = self { return s } else { return nil } }
    package var number: Double? { if case .number(let n) = self { return n } else { return nil } }
    package var array: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    package var object: [String: JSONValue]? { if case .object(let o) = self { return o } else { return nil } }
    package subscript(key: String) -> JSONValue? { object?[key] }

    private struct Reader {
        let bytes: [UInt8]
        var i = 0

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        mutating func value(depth: Int) -> JSONValue? {
            skipSpace()
            guard i < bytes.count, depth < 16 else { return nil }
            switch bytes[i] {
            case 0x7B:  // {
                i += 1
                var object: [String: JSONValue] = [:]
                skipSpace()
                if i < bytes.count && bytes[i] == 0x7D { i += 1; return .object(object) }
                while true {
                    skipSpace()
                    guard let key = string() else { return nil }
                    skipSpace()
                    guard i < bytes.count, bytes[i] == 0x3A else { return nil }
                    i += 1
                    guard let v = value(depth: depth + 1) else { return nil }
                    object[key] = v
                    skipSpace()
                    guard i < bytes.count else { return nil }
                    if bytes[i] == 0x2C { i += 1; continue }
                    if bytes[i] == 0x7D { i += 1; return .object(object) }
                    return nil
                }
            case 0x5B:  // [
                i += 1
                var array: [JSONValue] = []
                skipSpace()
                if i < bytes.count && bytes[i] == 0x5D { i += 1; return .array(array) }
                while true {
                    guard let v = value(depth: depth + 1) else { return nil }
                    array.append(v)
                    skipSpace()
                    guard i < bytes.count else { return nil }
                    if bytes[i] == 0x2C { i += 1; continue }
                    if bytes[i] == 0x5D { i += 1; return .array(array) }
                    return nil
                }
            case 0x22:
                return string().map(JSONValue.string)
            case 0x74, 0x66, 0x6E:  // true false null
                for (word, value) in [("true", JSONValue.bool(true)), ("false", .bool(false)), ("null", .null)] where bytes[i...].starts(with: word.utf8) {
                    i += word.utf8.count
                    return value
                }
                return nil
            default:
                let start = i
                var whole: Int64 = 0, digitsOnly = true
                while i < bytes.count, (0x30...0x39).contains(bytes[i]) || bytes[i] == 0x2D || bytes[i] == 0x2E || bytes[i] == 0x2B
                        || bytes[i] == 0x65 || bytes[i] == 0x45 {
                    if (0x30...0x39).contains(bytes[i]) { whole = whole &* 10 &+ Int64(bytes[i] - 0x30) } else { digitsOnly = false }
                    i += 1
                }
                // A whole number the generator wrote (a count, a slot) without a string made to parse it.
                if digitsOnly && i > start && i - start <= 15 && (bytes[start] != 0x30 || i - start == 1) { return .number(Double(whole)) }
                return Double(String(decoding: bytes[start..<i], as: UTF8.self)).map(JSONValue.number)
            }
        }

        mutating func string() -> String? {
            guard i < bytes.count, bytes[i] == 0x22 else { return nil }
            i += 1
            var out: [UInt8] = []
            while i < bytes.count {
                // A run of bytes that are neither a quote nor a backslash, taken at once (byte by
                // byte, each was an append of its own: meta.json holds 15,000 bytes of document
                // lengths and the Traditional bitmap).
                let start = i
                while i < bytes.count, bytes[i] != 0x22, bytes[i] != 0x5C { i += 1 }
                guard i < bytes.count else { return nil }
                if out.isEmpty && bytes[i] == 0x22 {
                    i += 1
                    return String(decoding: bytes[start..<(i - 1)], as: UTF8.self)
                }
                out.append(contentsOf: bytes[start..<i])
                let b = bytes[i]
                i += 1
                if b == 0x22 { return String(decoding: out, as: UTF8.self) }
                guard i < bytes.count else { return nil }
                let e = bytes[i]
                i += 1
                switch e {
                case 0x22, 0x5C, 0x2F: out.append(e)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x75:
                    guard let unit = hex4() else { return nil }
                    var scalarValue = unit
                    if (0xD800..<0xDC00).contains(unit) {
                        guard i + 1 < bytes.count, bytes[i] == 0x5C, bytes[i + 1] == 0x75 else { return nil }
                        i += 2
                        guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        scalarValue = 0x10000 + (unit - 0xD800) << 10 + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(scalarValue) else { return nil }
                    out.append(contentsOf: String(Character(scalar)).utf8)
                default: return nil
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16) else { return nil }
            i += 4
            return v
        }
    }
}
