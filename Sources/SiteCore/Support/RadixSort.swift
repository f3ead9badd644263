/// Sorts integers whose values fit in `bits` bits, least significant digit first: linear time,
/// which matters for the millions of packed (token, document) pairs of a search segment.
/// Large arrays take 14-bit digits (4 passes for 56 bits instead of 7 byte-wide ones; the counts
/// still fit in the L2 cache), small ones 8-bit digits.
package func radixSort(_ values: inout [UInt64], bits: Int) {
    guard values.count > 1 else { return }
    let digitBits: UInt64 = values.count >= 1 << 16 ? 14 : 8
    let radix = 1 << Int(digitBits)
    let mask = UInt64(radix - 1)
    var scratch = [UInt64](repeating: 0, count: values.count)
    var counts = [Int](repeating: 0, count: radix + 1)
    var shift: UInt64 = 0
    while shift < UInt64(bits) {
        for i in counts.indices { counts[i] = 0 }
        values.withUnsafeBufferPointer { v in
            counts.withUnsafeMutableBufferPointer { c in
                for x in v { c[Int((x >> shift) & mask) + 1] += 1 }
                for i in 1...radix { c[i] += c[i - 1] }
            }
        }
        values.withUnsafeBufferPointer { v in
            scratch.withUnsafeMutableBufferPointer { out in
                counts.withUnsafeMutableBufferPointer { c in
                    for x in v {
                        let digit = Int((x >> shift) & mask)
                        out[c[digit]] = x
                        c[digit] += 1
                    }
                }
            }
        }
        swap(&values, &scratch)
        shift += digitBits
    }
}
