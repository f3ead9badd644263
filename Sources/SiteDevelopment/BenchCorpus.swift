import SiteCore

/// The copy of a corpus a benchmark edits (a sentence added to one article, a title changed in
/// another), so that the folder a user names is never changed: `site-bench --corpus`.
package enum BenchCorpus {
    package enum Refusal: Error, CustomStringConvertible, Equatable {
        case noContent(String)
        case workInsideContent(work: String, content: String)
        case exists(String)

        package var description: String {
            switch self {
            case .noContent(let corpus): "no Content folder in \(corpus)"
            case .workInsideContent(let work, let content): "the work folder \(work) is inside \(content), which is copied into it: give another --work"
            case .exists(let folder): "\(folder) exists already: give another --work"
            }
        }
    }

    /// Checks, before anything is made, that `corpus` has a Content folder and that `work` is not
    /// inside it (the copy would copy itself, and the bench would write into the corpus).
    package static func check(corpus: String, work: String) throws(Refusal) {
        let content = corpus + "/Content"
        guard FileSystem.kind(content, followLinks: true) == .directory, let given = FileSystem.realPath(content) else {
            throw .noContent(corpus)
        }
        let inside = resolved(work)
        if inside == given || inside.hasPrefix(given + "/") { throw .workInsideContent(work: work, content: content) }
    }

    /// Copies `corpus`'s Content folder to `destination`/Content; `destination` must not exist
    /// (nothing already there is replaced). Checks as `check` does first.
    package static func copy(_ corpus: String, to destination: String) throws {
        try check(corpus: corpus, work: destination)
        guard !FileSystem.exists(destination) else { throw Refusal.exists(destination) }
        try copyTree(corpus + "/Content", to: destination + "/Content")
    }

    /// `path` with its links and dots resolved as far as it exists, the rest as given.
    static func resolved(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileSystem.currentDirectory() + "/" + path
        var head = absolute, tail = ""
        while !head.isEmpty, FileSystem.realPath(head) == nil, let slash = head.lastIndex(of: "/") {
            tail = String(head[slash...]) + tail
            head = String(head[..<slash])
        }
        return (FileSystem.realPath(head.isEmpty ? "/" : head) ?? head) + tail
    }

    /// Copies the folder `source` to `destination`, files and folders only (links are left out).
    static func copyTree(_ source: String, to destination: String) throws {
        try FileSystem.createDirectories(destination)
        for entry in try FileSystem.listWithTypes(source) {
            let from = source + "/" + entry.name, to = destination + "/" + entry.name
            switch entry.type ?? FileSystem.kind(from) {
            case .directory: try copyTree(from, to: to)
            case .file: try FileSystem.copyFile(from: from, to: to, exclusive: true)
            default: continue
            }
        }
    }
}
