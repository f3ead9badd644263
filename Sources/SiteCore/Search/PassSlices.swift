/// Where each pass after the first finds its keys in a document (see `SearchIndex.build`).
///
/// A pass keeps the keys of its share of the buckets, but every key of a document starts at one of
/// its positions, and which pass a position's keys go to takes two hashes to find. Without these
/// slices every pass found that for every position of every document, to keep a twentieth of them
/// at 100,000 articles (20 passes over 186 million positions), and read every document's flags
/// again. The first pass visits every position anyway; it leaves, per document, the positions of
/// each later pass (with what those keys need of the common-gram flags, and the document's field
/// breaks), so that a later pass visits its own positions only.
///
/// A document's record: the number of breaks (units 0) and each one's gap from the last; then for
/// each pass from the second, the byte length of its list; then the lists. A list holds, per
/// position, `gap << 1 | flagged` (a varint; the gap from the last position, the first from 0),
/// then when flagged one byte: the flags of the position and of the next, `c[i] | c[i + 1] << 3`
/// (`CommonFlags`: three bits each; only grams read them, so a position listed for its single
/// unit's key alone is never flagged). A position goes to the pass of its single unit's key, when
/// it has one (`SearchIndex.hasSingleKey`), and to the pass of its grams' (`PassPlan.passes`).
package enum PassSlices {
    /// The record of a document (its units `u`, its common-gram flags `c`, where its short fields
    /// end) for the passes of `plan`.
    package static func encode(_ u: UnsafeBufferPointer<UInt32>, _ c: UnsafeBufferPointer<UInt8>, shortEnd: Int,
                               plan: SearchIndex.PassPlan) -> [UInt8] {
        let passes = plan.count
        // Each listing as pass << 40 | position << 8 | flags, then in pass order (stable: positions
        // stay in order within a pass), counted out by pass.
        var listings: [UInt64] = [], perPass = [Int](repeating: 0, count: passes + 1)
        listings.reserveCapacity(u.count)
        var breaks: [UInt8] = [], breakCount = 0, lastBreak = 0
        for i in 0..<u.count {
            guard u[i] != 0 else {
                SearchIndex.appendVarint(UInt64(i - lastBreak), to: &breaks)
                breakCount += 1
                lastBreak = i
                continue
            }
            let (single, grams) = plan.passes(at: i, u)
            if grams > 0 {
                listings.append(UInt64(grams) << 40 | UInt64(i) << 8 | UInt64(c[i] | c[i + 1] << 3))
                perPass[grams + 1] += 1
            }
            if single > 0 && single != grams && SearchIndex.hasSingleKey(u[i], at: i, shortEnd: shortEnd) {
                listings.append(UInt64(single) << 40 | UInt64(i) << 8)
                perPass[single + 1] += 1
            }
        }
        for p in 1...passes { perPass[p] += perPass[p - 1] }
        var ordered = [UInt64](repeating: 0, count: listings.count)
        for listing in listings {
            let p = Int(listing >> 40)
            ordered[perPass[p]] = listing
            perPass[p] += 1
        }
        // (`perPass[p]` is now where pass p's listings end.)
        var lists: [UInt8] = [], lengths: [UInt8] = []
        lists.reserveCapacity(ordered.count * 2)
        var at = 0
        for pass in 1..<passes {
            let start = lists.count
            var last = 0
            while at < perPass[pass] {
                let i = Int(ordered[at] >> 8 & 0xFFFF_FFFF), flags = UInt8(truncatingIfNeeded: ordered[at])
                SearchIndex.appendVarint(UInt64(i - last) << 1 | (flags == 0 ? 0 : 1), to: &lists)
                if flags != 0 { lists.append(flags) }
                last = i
                at += 1
            }
            SearchIndex.appendVarint(UInt64(lists.count - start), to: &lengths)
        }
        var out: [UInt8] = []
        out.reserveCapacity(5 + breaks.count + lengths.count + lists.count)
        SearchIndex.appendVarint(UInt64(breakCount), to: &out)
        out += breaks
        out += lengths
        out += lists
        return out
    }

    /// Pass `pass`'s slice of a record, read in place.
    package struct Slice {
        /// The document's breaks, in order, and the pass's list.
        let breaks: Range<Int>, list: Range<Int>
        let bytes: UnsafeBufferPointer<UInt8>

        /// Of `bytes` (a record of `passes` passes); nil if they are not one.
        package init?(_ bytes: UnsafeBufferPointer<UInt8>, pass: Int, passes: Int) {
            guard pass > 0 && pass < passes else { return nil }
            var i = 0
            guard let breakCount = SearchIndex.varint(bytes, &i) else { return nil }
            let breaksStart = i
            for _ in 0..<breakCount { guard SearchIndex.varint(bytes, &i) != nil else { return nil } }
            breaks = breaksStart..<i
            var start = 0, length = 0
            for p in 1..<passes {
                guard let n = SearchIndex.varint(bytes, &i) else { return nil }
                if p < pass { start += n } else if p == pass { length = n }
            }
            guard i + start + length <= bytes.count else { return nil }
            list = (i + start)..<(i + start + length)
            self.bytes = bytes
        }

        /// Calls `body` with each break's unit index, in order.
        package func forEachBreak(_ body: (Int) -> Void) {
            var reader = breaksReader()
            while let at = reader.next() { body(at) }
        }

        /// The breaks' unit indexes, one at a time.
        func breaksReader() -> Breaks { Breaks(bytes: bytes, i: breaks.lowerBound, end: breaks.upperBound) }

        struct Breaks {
            let bytes: UnsafeBufferPointer<UInt8>
            var i: Int, end: Int, at = 0

            mutating func next() -> Int? {
                guard i < end, let gap = SearchIndex.varint(bytes, &i) else { return nil }
                at += gap
                return at
            }
        }

        /// Calls `body` with each position of the pass, in order, and the flags of it and of the next
        /// (0 unless flagged); false if the list runs past `count` units or is cut short.
        package func forEachPosition(below count: Int, _ body: (_ i: Int, _ flags: UInt8) -> Void) -> Bool {
            var i = list.lowerBound, at = 0
            let end = list.upperBound
            while i < end {
                guard let coded = SearchIndex.varint(bytes, &i) else { return false }
                at += coded >> 1
                guard at < count else { return false }
                var flags: UInt8 = 0
                if coded & 1 != 0 {
                    guard i < end else { return false }
                    flags = bytes[i]
                    i += 1
                }
                body(at, flags)
            }
            return true
        }
    }
}
