/// The line format of the files a build keeps beside its output (the manifest, the commit
/// journal): one record per line, fields separated by tabs, and tab, newline, carriage return and
/// backslash escaped as `\t`, `\n`, `\r`, `\\`. Written and read at the byte level (no temporary
/// strings): the manifest of 10,000 articles is several megabytes and a rebuild reads it whole.
package struct RecordWriter {
    package var bytes: [UInt8] = []
    private var lineStarted = false

    package init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    package mutating func field(_ value: Int64) {
        startField()
        Digits.append(value, to: &bytes)
    }

    package mutating func field(_ value: Int) { field(Int64(value)) }

    package mutating func field(hex value: UInt64) {
        startField()
        appendHex(value)
    }

    private mutating func appendHex(_ value: UInt64) { Digits.append(value, base: 16, to: &bytes) }

    package mutating func field(_ text: String) {
        startField()
        appendEscaped(text)
    }

    /// Empty for nil; otherwise `=` and the text, so that an empty text and no text differ.
    package mutating func optionalField(_ text: String?) {
        guard let text else { field(""); return }
        field("=")
        appendEscaped(text)
    }

    /// Several values in one field, separated by `separator` (which the values must not contain).
    package mutating func listField(_ values: [String], separator: UInt8 = 0x2C) {
        startField()
        for (n, v) in values.enumerated() {
            if n > 0 { bytes.append(separator) }
            appendEscaped(v)
        }
    }

    package mutating func hexListField(_ values: [UInt64]) {
        field("")
        for (n, v) in values.enumerated() {
            if n > 0 { bytes.append(0x2C) }
            appendHex(v)
        }
    }

    package mutating func endLine() {
        bytes.append(0x0A)
        lineStarted = false
    }

    package mutating func line(_ texts: String...) {
        for t in texts { field(t) }
        endLine()
    }

    /// A line copied as it was read (its bytes, without the newline).
    package mutating func rawLine(_ line: ArraySlice<UInt8>) {
        line.withUnsafeBufferPointer { bytes.append(contentsOf: $0) }
        bytes.append(0x0A)
        lineStarted = false
    }

    /// A text as a field holds it (escaped): what a record's bytes are compared with.
    package static func escaped(_ text: String) -> [UInt8] {
        var field = RecordWriter(capacity: text.utf8.count + 8)
        field.field(text)
        return field.bytes
    }

    /// Lines copied as they were read, newlines included.
    package mutating func rawBytes(_ lines: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: lines)
        lineStarted = false
    }

    private mutating func startField() {
        if lineStarted { bytes.append(0x09) }
        lineStarted = true
    }

    private mutating func appendEscaped(_ text: String) {
        let plain = text.utf8.withContiguousStorageIfAvailable { buf -> Bool in
            for b in buf where b == 0x09 || b == 0x0A || b == 0x0D || b == 0x5C { return false }
            bytes.append(contentsOf: buf)
            return true
        }
        if plain == true { return }
        for b in text.utf8 {
            switch b {
            case 0x09: bytes += [0x5C, 0x74]
            case 0x0A: bytes += [0x5C, 0x6E]
            case 0x0D: bytes += [0x5C, 0x72]
            case 0x5C: bytes += [0x5C, 0x5C]
            default: bytes.append(b)
            }
        }
    }
}

/// Reading records: lines and fields as byte ranges of one buffer, decoded only when asked.
/// Every accessor checks its range, so a damaged or truncated file reads as "not valid", never
/// as a crash.
package enum RecordReader {
    /// The line starting at `start`, without its newline.
    package static func line(_ buf: UnsafeBufferPointer<UInt8>, from start: Int) -> Range<Int> {
        start..<(ByteSearch.first(0x0A, in: buf, start..<max(start, buf.count)) ?? max(start, buf.count))
    }

    /// Calls `body` with each non-empty line's fields in `range` until it returns false.
    package static func forEachLine(_ buf: UnsafeBufferPointer<UInt8>, in range: Range<Int>? = nil,
                                    _ body: (_ line: Range<Int>, _ fields: [Range<Int>]) -> Bool) {
        let range = range ?? 0..<buf.count
        var fields: [Range<Int>] = []
        var offset = range.lowerBound
        while offset < range.upperBound {
            let line = Self.line(buf, from: offset)
            offset = line.upperBound + 1
            if line.isEmpty { continue }
            split(buf, line, into: &fields)
            if !body(line, fields) { return }
        }
    }

    package static func split(_ buf: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, into fields: inout [Range<Int>]) {
        fields.removeAll(keepingCapacity: true)
        var start = line.lowerBound
        while let tab = ByteSearch.first(0x09, in: buf, start..<line.upperBound) {
            fields.append(start..<tab)
            start = tab + 1
        }
        fields.append(start..<line.upperBound)
    }

    /// The field is exactly `word`.
    package static func equal(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ word: StaticString) -> Bool {
        range.count == word.utf8CodeUnitCount && startsWith(buf, range, word)
    }

    package static func startsWith(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard range.count >= n else { return false }
        let p = prefix.utf8Start
        for k in 0..<n where buf[range.lowerBound + k] != p[k] { return false }
        return true
    }

    package static func text(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        unescape(buf[range])
    }

    /// `=text` → text, empty → nil (see `RecordWriter.optionalField`).
    package static func optionalText(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        range.isEmpty ? nil : unescape(buf[range.dropFirst()])
    }

    package static func int(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int64? {
        guard !range.isEmpty, range.count <= 19 else { return nil }
        var value: Int64 = 0
        var i = range.lowerBound
        let negative = buf[i] == 0x2D && range.count > 1
        if negative { i += 1 }
        // Eight digits at a time (a stamp's time is 19): a rebuild reads two numbers from each of
        // 40,000 lines, and digit by digit they were a twentieth of a no-op's instructions.
        while range.upperBound - i >= 8 {
            guard let eight = eightDigits(UnsafeRawBufferPointer(buf).loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian) else { return nil }
            value = value &* 100_000_000 &+ Int64(eight)
            i += 8
        }
        while i < range.upperBound {
            let b = buf[i]
            guard b >= 0x30 && b <= 0x39 else { return nil }
            value = value &* 10 &+ Int64(b - 0x30)
            i += 1
        }
        return negative ? -value : value
    }

    /// The number eight ASCII digits spell (the first in the lowest byte), or nil if any byte is
    /// not a digit: each pair of digits combined, then each pair of pairs, then the two halves.
    @inline(__always)
    static func eightDigits(_ word: UInt64) -> UInt64? {
        // Every byte 0x30...0x39: its high half 3, and adding 6 does not carry into it.
        guard word & 0xF0F0_F0F0_F0F0_F0F0 == 0x3030_3030_3030_3030,
              (word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0 == 0x3030_3030_3030_3030 else { return nil }
        var v = word &- 0x3030_3030_3030_3030
        v = (v &* 10 &+ (v >> 8)) & 0x00FF_00FF_00FF_00FF
        v = (v &* 100 &+ (v >> 16)) & 0x0000_FFFF_0000_FFFF
        return (v &* 10_000 &+ (v >> 32)) & 0xFFFF_FFFF
    }

    package static func hex(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64? {
        guard !range.isEmpty, range.count <= 16 else { return nil }
        var value: UInt64 = 0
        for i in range {
            let b = buf[i]
            let digit: UInt8
            switch b {
            case 0x30...0x39: digit = b - 0x30
            case 0x61...0x66: digit = b - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }

    /// Comma-separated hex numbers; nil if any is not one.
    package static func hexList(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [UInt64]? {
        var values: [UInt64] = []
        guard !range.isEmpty else { return values }
        var start = range.lowerBound
        for i in range.lowerBound...range.upperBound where i == range.upperBound || buf[i] == 0x2C {
            guard let v = hex(buf, start..<i) else { return nil }
            values.append(v)
            start = i + 1
        }
        return values
    }

    /// Decodes one field's bytes; the common case (no escapes) is a plain UTF-8 decode. (The
    /// backslash looked for with memchr: a byte-by-byte search over every summary and title was
    /// about a tenth of reading the manifest's article records.)
    package static func unescape(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        let field = UnsafeBufferPointer(rebasing: bytes)
        guard ByteSearch.first(0x5C, in: field, 0..<field.count) != nil else { return String(decoding: field, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var escaped = false
        for b in bytes {
            if escaped {
                switch b {
                case 0x74: out.append(0x09)  // t
                case 0x6E: out.append(0x0A)  // n
                case 0x72: out.append(0x0D)  // r
                default: out.append(b)
                }
                escaped = false
            } else if b == 0x5C {
                escaped = true
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
