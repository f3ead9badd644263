/// FNV-1a, 64 bits: the same value on every run and machine (Swift's `Hasher` is seeded per
/// process), for fingerprints that are stored between builds.
public struct StableHasher: Sendable {
    public private(set) var value: UInt64 = 0xcbf29ce484222325

    public init() {}

    public mutating func combine(_ bytes: some Sequence<UInt8>) {
        for b in bytes {
            value ^= UInt64(b)
            value = value &* 0x100000001b3
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        value ^= 0xff
        value = value &* 0x100000001b3
    }

    public mutating func combine(_ text: String) {
        var text = text
        text.withUTF8 { combine($0) }
    }

    public mutating func combine(_ number: Int64) {
        withUnsafeBytes(of: number.littleEndian) { combine($0) }
    }

    public mutating func combine(_ number: Int) { combine(Int64(number)) }

    public mutating func combine(_ number: UInt64) { combine(Int64(bitPattern: number)) }

    public static func hash(_ text: String) -> UInt64 {
        var h = StableHasher()
        h.combine(text)
        return h.value
    }

    public static func hash(_ bytes: [UInt8]) -> UInt64 {
        var h = StableHasher()
        h.combine(bytes)
        return h.value
    }
}
