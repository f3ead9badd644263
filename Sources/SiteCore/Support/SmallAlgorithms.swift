extension RandomAccessCollection where Index == Int {
    /// Where `value` goes in this collection, ascending by `precedes`: the first position whose
    /// element does not precede it.
    package func lowerBound(of value: Element, by precedes: (Element, Element) -> Bool) -> Int {
        var lo = startIndex, hi = endIndex
        while lo < hi {
            let mid = (lo + hi) / 2
            if precedes(self[mid], value) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// FNV-1a, 32 bits: stable across runs and machines (Swift's `Hasher` is seeded per process).
/// Names search buckets (search.js computes the same) and fingerprints asset file names.
package enum FNV1a {
    /// A text's UTF-8. (The generic form, called from another module, is not specialized there:
    /// a protocol call per byte, 300 instructions a byte for the assets' file names.)
    package static func hash32(_ text: String) -> UInt32 {
        var text = text
        return text.withUTF8 { hash32($0) }
    }

    package static func hash32<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt32 {
        var hash: UInt32 = 2166136261
        for b in bytes {
            hash ^= UInt32(b)
            hash = hash &* 16777619
        }
        return hash
    }
}
