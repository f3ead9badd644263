/// A path inside the output folder. The only way to name a file the writer touches, and it
/// cannot be built from anything that would leave the folder: no `..` or `.` segments, no empty
/// segments (so no leading `/`), no NUL, no backslash.
package struct OutputPath: Sendable, Hashable, CustomStringConvertible {
    package let value: String

    package init?(_ path: String) {
        guard Self.isValid(path) else { return nil }
        value = path
    }

    /// One pass over the bytes (in their buffer: a plan checks 30,000 paths): every segment
    /// non-empty, not `.` or `..`, no NUL or backslash.
    private static func isValid(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            var segmentLength = 0
            var dots = 0
            for b in bytes {
                switch b {
                case 0x2F:  // /
                    if segmentLength == 0 || segmentLength == dots && dots <= 2 { return false }
                    segmentLength = 0
                    dots = 0
                case 0x00, 0x5C: return false
                case 0x2E: segmentLength += 1; dots += 1
                default: segmentLength += 1
                }
            }
            return !(segmentLength == 0 || segmentLength == dots && dots <= 2)
        }
    }

    /// `articles/2022/10/slug/` → `articles/2022/10/slug/index.html`
    package init?(directory: String) {
        self.init(directory.isEmpty ? Self.indexFile : (directory.utf8.last == 0x2F ? String.joining(directory, Self.indexFile) : String.joiningPath(directory, Self.indexFile)))
    }

    /// The file a folder's URL serves.
    package static let indexFile = "index.html"

    package var description: String { value }

    /// Ends in `.html`.
    package var isHTML: Bool { ends(with: ".html") }

    /// A feed: ends in `feed.xml`.
    package var isFeed: Bool { ends(with: "feed.xml") }

    /// Compared as bytes (a string's `hasSuffix` compares characters: slow, asked of every job).
    private func ends(with suffix: StaticString) -> Bool { ByteSearch.hasSuffix(value, suffix) }

    package var parent: String? {
        guard let slash = value.lastIndex(of: "/") else { return nil }
        return String(value[..<slash])
    }
}
