/// Sorts integers whose values fit in `bits` bits, least significant byte first: linear time,
/// which matters for the millions of packed (token, document) pairs of a search segment.
public func radixSort(_ values: inout [UInt64], bits: Int) {
    guard values.count > 1 else { return }
    var scratch = [UInt64](repeating: 0, count: values.count)
    var shift: UInt64 = 0
    while shift < UInt64(bits) {
        var counts = [Int](repeating: 0, count: 257)
        values.withUnsafeBufferPointer { v in
            for x in v { counts[Int((x >> shift) & 0xFF) + 1] += 1 }
        }
        for i in 1..<257 { counts[i] += counts[i - 1] }
        values.withUnsafeBufferPointer { v in
            scratch.withUnsafeMutableBufferPointer { out in
                for x in v {
                    let digit = Int((x >> shift) & 0xFF)
                    out[counts[digit]] = x
                    counts[digit] += 1
                }
            }
        }
        swap(&values, &scratch)
        shift += 8
    }
}
