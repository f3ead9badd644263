/// A number's digits as ASCII bytes (lowercase above 9), written without a string: the manifest's
/// lines, paths with numbers in them and QR codes' SVG paths are made of tens of thousands of them.
/// (Appended and then reversed in place, `bytes[start...].reverse()` copied the slice and wrote it
/// back: 1,200 instructions a number, 4 % of a 10k title edit's.)
package enum Digits {
    /// Writes `value`'s digits in `base` so that the last ends just before `end`; returns where the
    /// first begins (at most 64 bytes before `end`).
    @inline(__always)
    package static func write(_ value: UInt64, base: UInt64 = 10, endingAt end: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var v = value, at = end
        repeat {
            let d = UInt8(truncatingIfNeeded: v % base)
            at -= 1
            at.pointee = d < 10 ? 0x30 + d : 0x61 + d - 10
            v /= base
        } while v > 0
        return at
    }

    /// How many digits `value` has in decimal (at least one).
    package static func count(_ value: UInt64) -> Int {
        var n = 1, rest = value / 10
        while rest > 0 { n += 1; rest /= 10 }
        return n
    }

    /// Appends `value`'s digits in `base` to `bytes`.
    @inline(__always)
    package static func append(_ value: UInt64, base: UInt64 = 10, to bytes: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer in
            let end = buffer.baseAddress! + 64
            let start = write(value, base: base, endingAt: end)
            bytes.append(contentsOf: UnsafeBufferPointer(start: start, count: end - start))
        }
    }

    /// Appends `value` in decimal, with a `-` first when it is negative.
    package static func append(_ value: Int64, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(0x2D) }
        append(value.magnitude, to: &bytes)
    }
}
