import SiteCore

/// Every content file's stamp and content hash (`BuildManifest.InputStamp`), in path order: an
/// array looked up by bisection, compared and walked in step with another in the same order. (As
/// a dictionary, 100,000 files' were 10 MiB held for the whole build.)
struct InputStamps: Sendable, Equatable, Sequence {
    private var entries: [(path: String, input: BuildManifest.InputStamp)]

    init() { entries = [] }

    /// Sorted by path here (a no-op's cost on a list already in order); each path once.
    init(_ unsorted: [(path: String, input: BuildManifest.InputStamp)]) {
        entries = unsorted.sorted { $0.path < $1.path }
    }

    var count: Int { entries.count }

    /// The `n`th path and its stamp, in path order.
    subscript(position n: Int) -> (path: String, input: BuildManifest.InputStamp) { entries[n] }

    subscript(path: String) -> BuildManifest.InputStamp? {
        var (low, high) = (0, entries.count)
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].path < path { low = mid + 1 } else { high = mid }
        }
        return low < entries.count && entries[low].path == path ? entries[low].input : nil
    }

    func makeIterator() -> some IteratorProtocol<(path: String, input: BuildManifest.InputStamp)> { entries.makeIterator() }

    static func == (a: InputStamps, b: InputStamps) -> Bool {
        a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { $0.path == $1.path && $0.input == $1.input }
    }

    /// The one path whose stamp or hash differs from `other`'s; nil when none does, or when more
    /// than one does or the paths are not the same.
    func onlyChange(from other: InputStamps) -> String? {
        guard entries.count == other.entries.count else { return nil }
        var changed: String?
        for (mine, theirs) in zip(entries, other.entries) where mine.path != theirs.path || mine.input != theirs.input {
            guard changed == nil, mine.path == theirs.path else { return nil }
            changed = mine.path
        }
        return changed
    }
}
