/// The output folder and the files a build keeps beside it: the one owner of their names.
///
/// For an output folder `Public` they are, in its parent folder:
/// - `.Public.manifest`: what the last build read and wrote (see `BuildManifest`);
/// - `.Public.manifest.next`: the next manifest, while a commit is under way;
/// - `.Public.journal`: what a commit under way changes, so a killed build can be undone;
/// - `.Public.staging/`: the files a build writes before they are put in place;
/// - `.Public.backup/`: the files a commit replaced or removed, until it is complete.
///
/// The folder is given as the user typed it and resolved once: symbolic links are followed (a
/// `Public` that links to `/var/www/site` builds there and leaves the link alone), and a folder
/// that does not exist yet is placed below its nearest existing ancestor.
package struct OutputFolder: Sendable {
    /// Absolute, with symbolic links resolved.
    package let root: String
    package let manifest: String
    package let nextManifest: String
    package let journal: String
    package let staging: String
    package let backup: String

    package init(_ path: String) {
        root = Self.resolve(path)
        let slash = root.lastIndex(of: "/")!
        let parent = String(root[..<slash])
        let name = String(root[root.index(after: slash)...])
        let base = parent + "/." + name
        manifest = base + ".manifest"
        nextManifest = base + ".manifest.next"
        journal = base + ".journal"
        staging = base + ".staging"
        backup = base + ".backup"
    }

    /// The parent folder of `root` (created by a first build when missing).
    package var parent: String {
        let slash = root.lastIndex(of: "/")!
        return slash == root.startIndex ? "/" : String(root[..<slash])
    }

    /// Files git keeps in an otherwise empty folder: a build may find them in the output, keeps
    /// them across full builds, and never records or publishes them as its own.
    package static let keptNames: Set<String> = [".gitkeep", ".gitignore"]

    /// An absolute path without `.`/`..` segments or links: the nearest existing ancestor through
    /// `realpath`, the rest appended segment by segment.
    package static func resolve(_ path: String) -> String {
        var absolute = path
        if !absolute.hasPrefix("/") { absolute = FileSystem.currentDirectory() + "/" + absolute }
        var existing = absolute
        var rest: [Substring] = []
        while FileSystem.realPath(existing) == nil {
            guard let slash = existing.lastIndex(of: "/"), slash != existing.startIndex else { existing = "/"; break }
            rest.insert(existing[existing.index(after: slash)...], at: 0)
            existing = String(existing[..<slash])
        }
        var segments = (FileSystem.realPath(existing) ?? "/").split(separator: "/").map(String.init)
        for segment in rest {
            switch segment {
            case "", ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(String(segment))
            }
        }
        return "/" + segments.joined(separator: "/")
    }
}
