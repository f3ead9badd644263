
/// Finding bytes in bytes: memchr finds the first byte at memory speed, then the rest is compared.
/// (A generic element-by-element search over a body cost as much as cmark's whole parse.)
package enum ByteSearch {
    /// The offset of the first `needle` in `haystack` at or after `start`.
    package static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int? {
        guard let first = needle.first, let base = haystack.baseAddress, start >= 0, haystack.count - start >= needle.count else {
            return needle.isEmpty ? start : nil
        }
        let last = haystack.count - needle.count
        var from = start
        while from <= last {
            guard let hit = memchr(base + from, Int32(first), last - from + 1) else { return nil }
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            var k = 1
            while k < needle.count && haystack[at + k] == needle[k] { k += 1 }
            if k == needle.count { return at }
            from = at + 1
        }
        return nil
    }

    /// The offset of the first `byte` in `buffer[range]` (memchr).
    @inline(__always)
    package static func first(_ byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard let base = buffer.baseAddress, !range.isEmpty,
              let hit = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// Whether two runs of bytes are the same (memcmp: compared through the generic
    /// `elementsEqual`, a byte took about ten instructions).
    @inline(__always)
    package static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard let x = a.baseAddress, let y = b.baseAddress else { return true }
        return memcmp(x, y, a.count) == 0
    }

    /// Whether a text's UTF-8 is `bytes`.
    package static func equal(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var text = text
        return text.withUTF8 { equal($0, bytes) }
    }

    /// Whether `text`'s UTF-8 ends in `suffix` (compared as bytes: `hasSuffix` compares characters).
    @inline(__always)
    package static func hasSuffix(_ text: String, _ suffix: UnsafeBufferPointer<UInt8>) -> Bool {
        var text = text
        return text.withUTF8 { t in t.count >= suffix.count && equal(UnsafeBufferPointer(rebasing: t[(t.count - suffix.count)...]), suffix) }
    }

    @inline(__always)
    package static func hasSuffix(_ text: String, _ suffix: StaticString) -> Bool {
        hasSuffix(text, UnsafeBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount))
    }

    package static func hasSuffix(_ text: String, _ suffix: String) -> Bool {
        var suffix = suffix
        return suffix.withUTF8 { hasSuffix(text, $0) }
    }

    /// Whether `needle` stands at `offset` of `haystack`.
    package static func starts(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard haystack.count - offset >= needle.count else { return false }
        for k in needle.indices where haystack[offset + k] != needle[k] { return false }
        return true
    }

    package static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        haystack.withUnsafeBufferPointer { find(needle, in: $0, from: start) }
    }

    package static func contains(_ needle: String, in text: String) -> Bool {
        var text = text
        return text.withUTF8 { find(Array(needle.utf8), in: $0) != nil }
    }

    /// How many times `byte` occurs in `text` (memchr from one to the next).
    package static func count(_ byte: UInt8, in text: String) -> Int {
        var text = text
        return text.withUTF8 { buf in
            guard let base = buf.baseAddress else { return 0 }
            var n = 0, from = 0
            while from < buf.count, let hit = memchr(base + from, Int32(byte), buf.count - from) {
                n += 1
                from = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
            }
            return n
        }
    }

    /// Whether `a` sorts before `b` by their UTF-8 bytes (memcmp): the order of file names and
    /// keys that must not depend on Unicode normalisation. Sorting 10,000 paths takes 4.6 ms so,
    /// 7 ms through the generic comparison of two UTF-8 views (byte by byte, through iterators).
    /// Swift's `<` takes 1.7 ms but compares normalised scalars: an NFC "é" and an NFD one, two
    /// names a Linux folder can hold side by side, would compare equal and sort either way.
    /// Byte order of two runs of bytes (memcmp, then the shorter first).
    package static func precedes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = min(a.count, b.count)
        if n > 0, let x = a.baseAddress, let y = b.baseAddress {
            let c = memcmp(x, y, n)
            if c != 0 { return c < 0 }
        }
        return a.count < b.count
    }

    package static func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in precedes(pa, pb) } }
    }

    package static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.withContiguousStorageIfAvailable { pa in
            b.utf8.withContiguousStorageIfAvailable { pb in precedes(pa, pb) }
        }.flatMap { $0 } ?? a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
