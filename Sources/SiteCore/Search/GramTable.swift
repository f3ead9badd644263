/// A hash map from unit grams to small integers, for the index's hot lookups (is this gram common?
/// which key is it?), made for speed: open addressing with linear probing over one array of
/// slots (a probe touches one cache line), a multiplicative hash of the packed units, no `Hasher`.
/// Grows when half full.
struct GramTable {
    private struct Slot {
        var low: UInt64
        var high: UInt64
        /// The value plus one (0 marks an empty slot).
        var value: Int32
    }

    private var slots: [Slot]
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(low: 0, high: 0, value: 0), count: size)
    }

    /// The hash of a packed gram.
    @inline(__always)
    static func hash(_ low: UInt64, _ high: UInt64) -> UInt64 {
        ((low ^ high &* 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9)
    }

    /// Where a probe for a gram of hash `hash` starts, in a table of `mask` + 1 slots.
    @inline(__always)
    private static func firstSlot(_ hash: UInt64, mask: Int) -> Int { Int(truncatingIfNeeded: hash >> 20) & mask }

    @inline(__always)
    func value(_ low: UInt64, _ high: UInt64) -> Int32? {
        slots.withUnsafeBufferPointer { s in
            let mask = s.count - 1
            var i = Self.firstSlot(Self.hash(low, high), mask: mask)
            while true {
                let v = s[i].value
                if v == 0 { return nil }
                if s[i].low == low && s[i].high == high { return v - 1 }
                i = (i + 1) & mask
            }
        }
    }

    @inline(__always)
    func contains(_ low: UInt64, _ high: UInt64) -> Bool { value(low, high) != nil }

    /// Starts fetching the slot where a lookup of the gram of hash `hash` begins.
    @inline(__always)
    func prefetch(hash: UInt64) {
        slots.withUnsafeBufferPointer { s in
            SiteCore.prefetch(s.baseAddress! + Self.firstSlot(hash, mask: s.count - 1))
        }
    }

    /// The value of the gram, inserting `new` if it is not there.
    @inline(__always)
    mutating func value(_ low: UInt64, _ high: UInt64, orInsert new: Int32) -> Int32 {
        if (count + 1) * 2 > slots.count { grow() }
        let found: Int32 = slots.withUnsafeMutableBufferPointer { s in
            let mask = s.count - 1
            var i = Self.firstSlot(Self.hash(low, high), mask: mask)
            while true {
                let v = s[i].value
                if v == 0 {
                    s[i] = Slot(low: low, high: high, value: new + 1)
                    return -1
                }
                if s[i].low == low && s[i].high == high { return v - 1 }
                i = (i + 1) & mask
            }
        }
        if found >= 0 { return found }
        count += 1
        return new
    }

    /// Every gram and its value, in slot order.
    func forEach(_ body: (UInt64, UInt64, Int32) -> Void) {
        for s in slots where s.value != 0 { body(s.low, s.high, s.value - 1) }
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(low: 0, high: 0, value: 0), count: old.count * 2)
        count = 0
        for s in old where s.value != 0 { _ = value(s.low, s.high, orInsert: s.value - 1) }
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

    /// How many units a packed gram holds.
    static func length(_ gram: (UInt64, UInt64)) -> Int { unpack(gram).count }

    static func unpack(_ gram: (UInt64, UInt64)) -> [UInt32] {
        var units: [UInt32] = []
        forEachUnit(gram) { units.append($0) }
        return units
    }

    /// The gram's units in order, without an array for them.
    @inline(__always)
    static func forEachUnit(_ gram: (UInt64, UInt64), _ body: (UInt32) -> Void) {
        let (low, high) = gram
        for n in 0..<5 {
            let v = n < 3 ? low >> (21 * UInt64(n)) : n == 3 ? low >> 63 | high << 1 : high >> 20
            let u = UInt32(truncatingIfNeeded: v) & 0x1F_FFFF
            if u == 0 { return }
            body(u)
        }
    }
}
