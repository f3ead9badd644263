import COpenSSL

/// SHA-256 of a file's bytes, through libcrypto (SHA-NI where the processor has it: about 1 GB/s
/// here, against a few hundred MB/s for Swift code): what `SHA256SUMS` lists.
package struct ContentDigest {
    private let context: OpaquePointer

    package init() {
        context = EVP_MD_CTX_new()
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        if bytes.count > 0 { EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) }
    }

    /// The digest; the context is freed.
    package func finish() -> SHA256Digest {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        EVP_MD_CTX_free(context)
        return SHA256Digest(bytes: digest)
    }

    package static func sha256(_ bytes: some Collection<UInt8>) -> SHA256Digest {
        var digest = ContentDigest()
        if bytes.withContiguousStorageIfAvailable({ digest.update(UnsafeRawBufferPointer($0)) }) == nil {
            Array(bytes).withUnsafeBytes { digest.update($0) }
        }
        return digest.finish()
    }
}

/// A SHA-256 digest: 32 bytes held in the value (a build keeps one per file it writes: as 64 hex
/// digits in a string, each was a separate allocation three times the size), written as 64
/// lowercase hex digits.
package struct SHA256Digest: Sendable, Hashable, CustomStringConvertible {
    private var words: (UInt64, UInt64, UInt64, UInt64)

    init(bytes: [UInt8]) {
        func word(_ at: Int) -> UInt64 { bytes[at..<(at + 8)].reduce(0) { $0 << 8 | UInt64($1) } }
        words = (word(0), word(8), word(16), word(24))
    }

    /// From 64 hex digits (either case); nil for anything else. (A concrete slice, not any
    /// collection: called from another module, a generic one went through a witness per byte,
    /// 46,000 instructions a digest.)
    package init?(hex: ArraySlice<UInt8>) {
        guard hex.count == 64 else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let valid = hex.withUnsafeBufferPointer { digits -> Bool in
            var values: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            for n in 0..<64 {
                let c = digits[n], v: UInt64
                switch c {
                case 0x30...0x39: v = UInt64(c - 0x30)
                case 0x61...0x66: v = UInt64(c - 0x61 + 10)
                case 0x41...0x46: v = UInt64(c - 0x41 + 10)
                default: return false
                }
                switch n >> 4 {
                case 0: values.0 = values.0 << 4 | v
                case 1: values.1 = values.1 << 4 | v
                case 2: values.2 = values.2 << 4 | v
                default: values.3 = values.3 << 4 | v
                }
            }
            words = values
            return true
        }
        guard valid else { return nil }
        self.words = words
    }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The 64 hex digits, appended.
    package func appendHex(to out: inout [UInt8]) {
        for w in [words.0, words.1, words.2, words.3] {
            for shift in stride(from: 60, through: 0, by: -4) { out.append(Self.digits[Int(w >> UInt64(shift) & 15)]) }
        }
    }

    package var description: String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        appendHex(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    package static func == (a: SHA256Digest, b: SHA256Digest) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
