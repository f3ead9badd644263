import CPlatform

/// The postings of a run of documents' keys while the index builder grows them: every key's bytes
/// in one zeroed mapping, as a chain of slices that grow with the key (Lucene's byte pool: slices
/// of 5, 14, 20, 30, 40, 40, 80, 80, 120, then 200 bytes). A key's state keeps where its next byte
/// goes, so appending reaches one place in memory, not an array's head and then its end; a key in
/// a document or two takes a slice of 5 or 14 bytes, not an array of its own (32 bytes of header
/// and a heap block each); and the pass's postings go back to the system in one piece when the
/// merge is done with them.
///
/// A slice's last byte marks its end (16 + its level; written bytes are never read as a mark,
/// since a byte is only written where the mapping is still zero). When an append reaches the mark,
/// a slice of the next level is taken, the three bytes before the mark move to its start, and
/// those four bytes become the new slice's offset. So a slice that is not a key's last holds
/// its size less four bytes of postings, and the last one at most its size less one: a reader
/// with the key's length knows which is which.
///
/// One builder writes a pool, on its own thread; the merge reads it once the builders are done
/// (the hand-over is the parallel map's end): hence `@unchecked Sendable`.
package final class PostingsPool: @unchecked Sendable {
    /// The mapping's start: it may move when the pool grows (`nextSlice`, `allocate`).
    private(set) var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var used = 0

    /// Slice sizes by level (the last one repeats).
    private static let sizes: [Int] = [5, 14, 20, 30, 40, 40, 80, 80, 120, 200]
    private static let topLevel = sizes.count - 1
    private static let endMark: UInt8 = 16

    /// At most 4 GiB (offsets are 32 bits): a pass holds about 32 million key occurrences.
    package init(capacity: Int = 1 << 22) {
        guard let mapped = cplatform_map_zeroed(capacity) else { fatalError("cannot map \(capacity) bytes for the search index") }
        base = mapped.assumingMemoryBound(to: UInt8.self)
        self.capacity = capacity
    }

    deinit { cplatform_unmap(base, capacity) }

    /// Bytes taken from the system.
    package var mappedBytes: Int { capacity }

    /// A new key's first slice: where its first byte goes.
    package func newKey() -> UInt32 { allocate(level: 0) }

    private func allocate(level: Int) -> UInt32 {
        let size = Self.sizes[level]
        if used + size > capacity { grow(to: used + size) }
        let offset = used
        used += size
        base[offset + size - 1] = Self.endMark | UInt8(level)
        return UInt32(offset)
    }

    private func grow(to needed: Int) {
        var bigger = capacity
        while bigger < needed { bigger *= 2 }
        precondition(bigger <= 1 << 32, "a run's postings past 4 GiB")
        guard let grown = cplatform_grow_mapping(base, capacity, bigger) else { fatalError("cannot map \(bigger) bytes for the search index") }
        base = grown.assumingMemoryBound(to: UInt8.self)
        capacity = bigger
    }

    /// `write` is at a slice's end mark: the key goes on in a slice of the next level, and this
    /// returns where its next byte goes there.
    @inline(never)
    fileprivate func nextSlice(at write: UInt32) -> UInt32 {
        let w = Int(write)
        let level = min(Int(base[w] & 0x0F) + 1, Self.topLevel)
        let next = Int(allocate(level: level))
        // The three bytes before the mark go first in the new slice; their place and the mark's
        // hold its offset.
        (base + next).update(from: base + w - 3, count: 3)
        UnsafeMutableRawPointer(base + w - 3).storeBytes(of: UInt32(next).littleEndian, as: UInt32.self)
        return UInt32(next + 3)
    }

    /// Calls `body` with a key's bytes in order, a slice's worth at a time, from its first slice
    /// and its length.
    package func forEachChunk(first: UInt32, length: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var at = Int(first), level = 0, left = length
        while left > 0 {
            let size = Self.sizes[level]
            if left <= size - 1 {
                body(UnsafeBufferPointer(start: base + at, count: left))
                return
            }
            body(UnsafeBufferPointer(start: base + at, count: size - 4))
            left -= size - 4
            at = Int(UInt32(littleEndian: UnsafeRawPointer(base + at + size - 4).loadUnaligned(as: UInt32.self)))
            level = min(level + 1, Self.topLevel)
        }
    }

    /// A key's bytes appended to `out`, without their first `skip`.
    package func append(first: UInt32, length: Int, skipping skip: Int = 0, to out: inout [UInt8]) {
        var skip = skip
        forEachChunk(first: first, length: length) { chunk in
            if skip >= chunk.count {
                skip -= chunk.count
                return
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[skip...]))
            skip = 0
        }
    }

    /// A key's first varint and its length in bytes. Read as the first 10 bytes of a key of that
    /// many or more: those lie in its first two slices (1 byte and 10 of theirs), which a reader
    /// given 10 for the length walks as the key's own.
    package func firstVarint(first: UInt32, length: Int) -> (value: Int, size: Int) {
        var value = 0, shift = 0, size = 0, done = false
        forEachChunk(first: first, length: min(length, 10)) { chunk in
            for byte in chunk where !done {
                value |= Int(byte & 0x7F) << shift
                shift += 7
                size += 1
                done = byte < 0x80
            }
        }
        return (value, size)
    }

    /// Appends to a key's bytes, `write` being where its next one goes. Holds the mapping's start
    /// for a run of appends: it moves only when a new slice makes the pool grow, which the writer
    /// follows; a key made meanwhile (`newKey`) would move it behind the writer's back, so a
    /// builder makes one per document's flush, after its keys are looked up.
    package struct Writer {
        let pool: PostingsPool
        private var base: UnsafeMutablePointer<UInt8>

        package init(_ pool: PostingsPool) {
            self.pool = pool
            base = pool.base
        }

        @inline(__always)
        package mutating func append(_ byte: UInt8, at write: inout UInt32) {
            if base[Int(write)] != 0 {
                write = pool.nextSlice(at: write)
                base = pool.base
            }
            base[Int(write)] = byte
            write &+= 1
        }

        /// Returns how many bytes it took.
        @inline(__always)
        package mutating func appendVarint(_ value: UInt64, at write: inout UInt32) -> UInt32 {
            var v = value, n: UInt32 = 1
            while v >= 0x80 {
                append(UInt8(v & 0x7F) | 0x80, at: &write)
                v >>= 7
                n += 1
            }
            append(UInt8(v), at: &write)
            return n
        }

        /// Starts fetching where a key's next byte goes.
        @inline(__always)
        package func prefetch(_ write: UInt32) { cplatform_prefetch(base + Int(write)) }
    }
}
