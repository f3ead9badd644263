/// Values by path, for the tables a rebuild looks 140,000 paths up in (at 10,000 articles): the last
/// build's output and article records, and the content files' stamps.
///
/// A path is hashed once, as its key is made, a word at a time (`PathKey`); Swift's own hashing of a
/// `String` feeds SipHash a byte at a time and cost about 370 instructions for a path of 40 bytes,
/// a twentieth of a title edit's. The table's order is not the paths' order, and changes from run
/// to run, as a `Dictionary`'s does: whoever lists its paths sorts them.
///
/// A `Dictionary`, with a subscript by path that each module inlines, so that the table is
/// specialized for its values where it is used: a generic struct wrapping one was not, and each
/// lookup asked the runtime for the table's type (more than the hashing saved).
package typealias PathTable<Value> = [PathKey: Value]

extension Dictionary where Key == PathKey {
    /// The value at `path`.
    @inlinable package subscript(_ path: String) -> Value? {
        get { self[PathKey(path)] }
        set { self[PathKey(path)] = newValue }
    }

    /// The paths, in no particular order.
    @inlinable package var paths: [String] { keys.map(\.path) }
}

/// A path with its hash, made once (see `PathTable`). The hash starts from a value drawn for the
/// process, as Swift's own hashing does, so that no set of file names can be made to collide.
/// (`StableHasher`, the fingerprints' hash, is the same on every run by design, and its step, a
/// multiply and a shift, lets differences be arranged to cancel: fit to tell a change, not to keep
/// a table's chains short against names chosen for it.)
@usableFromInline package struct PathKey: Hashable, Sendable {
    @usableFromInline package let path: String
    private let hash: UInt64

    @usableFromInline package init(_ path: String) {
        self.path = path
        if let hash = path.utf8.withContiguousStorageIfAvailable({ Self.hash(UnsafeRawBufferPointer($0)) }) {
            self.hash = hash
        } else {
            hash = Array(path.utf8).withUnsafeBytes { Self.hash($0) }
        }
    }

    @usableFromInline package static func == (a: PathKey, b: PathKey) -> Bool { a.hash == b.hash && a.path == b.path }

    @usableFromInline package func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    /// What a `Dictionary` asks its keys for, with a seed of its own. Left to its default, it makes
    /// a `Hasher`, feeds it the word and finalises it: SipHash's rounds, which cost twice the
    /// path's own hashing. The word is folded with the table's seed instead.
    @usableFromInline package func _rawHashValue(seed: Int) -> Int {
        Int(truncatingIfNeeded: Self.fold(hash, UInt64(UInt(bitPattern: seed))))
    }

    private static let seed: UInt64 = {
        var hasher = Hasher()
        hasher.combine(0x5041_5448 as UInt64)
        return UInt64(UInt(bitPattern: hasher.finalize()))
    }()

    /// Eight bytes at a time, each word folded in by a full-width multiplication (as wyhash does);
    /// the last word is the last eight bytes, overlapping the one before, and the length is folded in
    /// first, so that no two lengths meet.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let seed = Self.seed
        var h = fold(seed, UInt64(bytes.count) ^ 0xA076_1D64_78BD_642F)
        let n = bytes.count
        if n >= 8 {
            var i = 0
            while i + 8 < n {
                h = fold(h, bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            h = fold(h, bytes.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
        } else {
            var word: UInt64 = 0
            for i in 0..<n { word |= UInt64(bytes[i]) << (8 * UInt64(i)) }
            h = fold(h, word)
        }
        return fold(h, seed)
    }

    static func fold(_ h: UInt64, _ word: UInt64) -> UInt64 {
        let product = (h ^ word).multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15)
        return product.high ^ product.low
    }
}
