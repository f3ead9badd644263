/// A hash map from unit grams to small integers, for the index's two hot lookups (is this gram
/// common? which key is it?), made for speed: open addressing with linear probing, a
/// multiplicative hash of the packed units, no `Hasher`. Grows when half full.
struct GramTable {
    private var lows: [UInt64]
    private var highs: [UInt64]
    /// The value plus one (0 marks an empty slot).
    private var slots: [Int32]
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        lows = [UInt64](repeating: 0, count: size)
        highs = [UInt64](repeating: 0, count: size)
        slots = [Int32](repeating: 0, count: size)
    }

    @inline(__always)
    private static func hash(_ low: UInt64, _ high: UInt64) -> Int {
        Int(truncatingIfNeeded: ((low ^ high &* 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9) >> 20)
    }

    @inline(__always)
    func value(_ low: UInt64, _ high: UInt64) -> Int32? {
        let mask = slots.count - 1
        var i = Self.hash(low, high) & mask
        while true {
            let s = slots[i]
            if s == 0 { return nil }
            if lows[i] == low && highs[i] == high { return s - 1 }
            i = (i + 1) & mask
        }
    }

    func contains(_ low: UInt64, _ high: UInt64) -> Bool { value(low, high) != nil }

    /// The value of the gram, inserting `make()` if it is new.
    @inline(__always)
    mutating func value(_ low: UInt64, _ high: UInt64, orInsert make: () -> Int32) -> Int32 {
        if (count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var i = Self.hash(low, high) & mask
        while true {
            let s = slots[i]
            if s == 0 {
                let v = make()
                lows[i] = low
                highs[i] = high
                slots[i] = v + 1
                count += 1
                return v
            }
            if lows[i] == low && highs[i] == high { return s - 1 }
            i = (i + 1) & mask
        }
    }

    /// Every gram and its value, in slot order.
    func forEach(_ body: (UInt64, UInt64, Int32) -> Void) {
        for i in slots.indices where slots[i] != 0 { body(lows[i], highs[i], slots[i] - 1) }
    }

    private mutating func grow() {
        let old = (lows, highs, slots)
        lows = [UInt64](repeating: 0, count: old.2.count * 2)
        highs = lows
        slots = [Int32](repeating: 0, count: old.2.count * 2)
        count = 0
        for i in old.2.indices where old.2[i] != 0 {
            let v = old.2[i] - 1
            _ = value(old.0[i], old.1[i]) { v }
        }
    }
}

/// Grams of one to five units packed as two words, unit k at bits 21k ..< 21k + 21 (the fourth
/// straddles them). Units are never 0, so grams of different lengths never pack alike.
enum GramPacking {
    @inline(__always)
    static func pack(_ units: UnsafeBufferPointer<UInt32>, _ start: Int, _ n: Int) -> (UInt64, UInt64) {
        var low = UInt64(units[start]) | UInt64(units[start + 1]) << 21
        var high: UInt64 = 0
        if n > 2 { low |= UInt64(units[start + 2]) << 42 }
        if n > 3 {
            low |= UInt64(units[start + 3]) << 63
            high = UInt64(units[start + 3]) >> 1
        }
        if n > 4 { high |= UInt64(units[start + 4]) << 20 }
        return (low, high)
    }

    @inline(__always)
    static func pack(single unit: UInt32) -> (UInt64, UInt64) { (UInt64(unit), 0) }
}

extension GramPacking {
    static func pack(_ units: [UInt32]) -> (UInt64, UInt64) {
        if units.count == 1 { return pack(single: units[0]) }
        return units.withUnsafeBufferPointer { pack($0, 0, units.count) }
    }

    static func unpack(_ gram: (UInt64, UInt64)) -> [UInt32] {
        let (low, high) = gram
        let raw = [low, low >> 21, low >> 42, low >> 63 | high << 1, high >> 20]
        var units: [UInt32] = []
        for v in raw {
            let u = UInt32(truncatingIfNeeded: v) & 0x1F_FFFF
            if u == 0 { break }
            units.append(u)
        }
        return units
    }
}
