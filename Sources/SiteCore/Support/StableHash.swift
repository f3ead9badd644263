/// A 64-bit hash that is the same on every run and machine (Swift's `Hasher` is seeded per
/// process), for fingerprints that are stored between builds. Eight bytes per step (a multiply
/// and a shift, as in FxHash and wyhash), not one: a full build hashes every body's HTML.
/// Not for security: only to tell that an input changed.
package struct StableHasher: Sendable {
    package private(set) var value: UInt64 = 0xcbf29ce484222325

    package init() {}

    @inline(__always)
    private mutating func mix(_ word: UInt64) { Self.mix(&value, word) }

    /// One step: a word into a running value (also each of `WideChecksum`'s lanes).
    @inline(__always)
    fileprivate static func mix(_ value: inout UInt64, _ word: UInt64) {
        value = (value ^ word) &* 0x9E3779B97F4A7C15
        value ^= value >> 29
    }

    package mutating func combine(_ bytes: UnsafeRawBufferPointer) {
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            mix(bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian)
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        // The length closes each part, so ("ab", "c") and ("a", "bc") differ.
        mix(tail)
        mix(UInt64(n) | 0xA5 << 56)
    }

    package mutating func combine(_ bytes: some Sequence<UInt8>) {
        let array = Array(bytes)
        array.withUnsafeBytes { combine($0) }
    }

    package mutating func combine(_ text: String) {
        var text = text
        text.withUTF8 { combine(UnsafeRawBufferPointer($0)) }
    }

    package mutating func combine(_ number: Int64) {
        mix(UInt64(bitPattern: number))
        mix(8 | 0xA5 << 56)
    }

    package mutating func combine(_ number: Int) { combine(Int64(number)) }

    package mutating func combine(_ number: UInt64) { combine(Int64(bitPattern: number)) }

    package static func hash(_ text: String) -> UInt64 {
        var h = StableHasher()
        h.combine(text)
        return h.value
    }
}

/// A checksum of many bytes that come a piece at a time: the build manifest's closing line. Four
/// lanes of eight bytes each, mixed as `StableHasher` mixes its one, so that the processor works on
/// four multiplies at once; `StableHasher`'s single chain waits on each, and over a manifest of
/// 8 MB (10,000 articles) took a few milliseconds of every rebuild, twice (read, then written).
/// The same value for the same bytes however they are split into pieces.
package struct WideChecksum: Sendable {
    private var a: UInt64 = 0xcbf29ce484222325, b: UInt64 = 0x84222325cbf29ce4, c: UInt64 = 0x9E3779B97F4A7C15, d: UInt64 = 0x7F4A7C159E3779B9
    /// Bytes short of a block of 32, held for the next piece.
    private var pending: [UInt8] = []
    private var total = 0

    package init() {}

    @inline(__always)
    private mutating func block(_ bytes: UnsafeRawBufferPointer, at i: Int) {
        StableHasher.mix(&a, bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian)
        StableHasher.mix(&b, bytes.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self).littleEndian)
        StableHasher.mix(&c, bytes.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self).littleEndian)
        StableHasher.mix(&d, bytes.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self).littleEndian)
    }

    package mutating func add(_ bytes: UnsafeRawBufferPointer) {
        total += bytes.count
        var i = 0
        if !pending.isEmpty {
            let taken = min(32 - pending.count, bytes.count)
            pending += bytes[0..<taken]
            i = taken
            guard pending.count == 32 else { return }
            pending.withUnsafeBytes { block($0, at: 0) }
            pending.removeAll(keepingCapacity: true)
        }
        while i + 32 <= bytes.count {
            block(bytes, at: i)
            i += 32
        }
        pending += bytes[i...]
    }

    package mutating func add(_ bytes: ArraySlice<UInt8>) { bytes.withUnsafeBytes { add($0) } }

    /// The checksum of every byte added.
    package func finish() -> UInt64 {
        var h = StableHasher()
        for lane in [a, b, c, d] { h.combine(Int64(bitPattern: lane)) }
        pending.withUnsafeBytes { h.combine($0) }
        h.combine(total)
        return h.value
    }
}
