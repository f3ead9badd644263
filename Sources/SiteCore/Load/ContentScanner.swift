/// What the content folder holds, as paths relative to it, in a stable order.
public struct ContentInventory: Sendable {
    /// `articles/**/*.md`
    public var articleFiles: [String] = []
    /// `pages/*.md`
    public var pageFiles: [String] = []
    /// Every other file under `articles/` (images, PDFs): copied only when an article refers to it.
    public var articleAssets: Set<String> = []
    /// Files under `static/`, copied to the output as they are.
    public var staticFiles: [String] = []
    /// Size and modification time of every file above, by path relative to the content folder.
    public var stamps: [String: FileSystem.Stamp] = [:]
    public var diagnostics: [Diagnostic] = []
}

/// Walks the content folder. Hidden files (`.DS_Store`, editors' swap files) are skipped;
/// a symbolic link that leads outside the content folder is refused, so a build can never
/// publish a file from elsewhere on the machine.
public struct ContentScanner {
    public let root: String
    public let displayRoot: String
    private let realRoot: String

    public init(root: String, displayRoot: String? = nil) {
        self.root = root
        self.displayRoot = displayRoot ?? root
        self.realRoot = FileSystem.realPath(root) ?? root
    }

    public func scan() -> ContentInventory {
        var inventory = ContentInventory()
        var visited = Set<String>()
        walk("articles", into: &inventory, visited: &visited) { rel, inv in
            if rel.hasSuffix(".md") { inv.articleFiles.append(rel) } else { inv.articleAssets.insert(rel) }
        }
        walk("pages", into: &inventory, visited: &visited) { rel, inv in
            if rel.hasSuffix(".md") { inv.pageFiles.append(rel) }
        }
        walk("static", into: &inventory, visited: &visited) { rel, inv in inv.staticFiles.append(rel) }
        return inventory
    }

    private func walk(_ relative: String, into inventory: inout ContentInventory, visited: inout Set<String>,
                      _ visit: (String, inout ContentInventory) -> Void) {
        let path = root + "/" + relative
        var (kind, stamp) = FileSystem.inspect(path)
        if kind == .missing { return }
        if kind == .symlink {
            guard let target = FileSystem.realPath(path) else {
                inventory.diagnostics.append(.error(SourceLocation(file: displayRoot + "/" + relative),
                                                    "broken symbolic link: its target does not exist"))
                return
            }
            guard target == realRoot || target.hasPrefix(realRoot + "/") else {
                inventory.diagnostics.append(.error(SourceLocation(file: displayRoot + "/" + relative),
                                                    "symbolic link leads outside the content folder (to \(target)): refused; copy the file into the content folder instead"))
                return
            }
            kind = FileSystem.kind(path, followLinks: true)
            stamp = FileSystem.stamp(path)
        }
        switch kind {
        case .directory:
            // A link loop would otherwise walk forever.
            let real = FileSystem.realPath(path) ?? path
            guard visited.insert(real).inserted else { return }
            let names: [String]
            do { names = try FileSystem.list(path) } catch {
                inventory.diagnostics.append(.error(SourceLocation(file: displayRoot + "/" + relative), "cannot read folder: \(error)"))
                return
            }
            for name in names where !name.hasPrefix(".") && !name.hasSuffix("~") {
                walk(relative + "/" + name, into: &inventory, visited: &visited, visit)
            }
        case .file:
            if let stamp { inventory.stamps[relative] = stamp }
            visit(relative, &inventory)
        default:
            break
        }
    }
}
