/// A path inside the output folder. The only way to name a file the writer touches, and it
/// cannot be built from anything that would leave the folder: no `..` or `.` segments, no empty
/// segments (so no leading `/`), no NUL, no backslash.
public struct OutputPath: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public init?(_ path: String) {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\0"), !path.contains("\\") else { return nil }
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty || segment == "." || segment == ".." { return nil }
        }
        value = path
    }

    /// `articles/2022/10/slug/` → `articles/2022/10/slug/index.html`
    public init?(directory: String) {
        self.init(directory.isEmpty ? "index.html" : (directory.hasSuffix("/") ? directory : directory + "/") + "index.html")
    }

    public var description: String { value }

    public var parent: String? {
        guard let slash = value.lastIndex(of: "/") else { return nil }
        return String(value[..<slash])
    }
}
