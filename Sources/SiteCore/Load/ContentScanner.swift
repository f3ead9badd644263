/// What the content folder holds, as paths relative to it, in a stable order.
package struct ContentInventory: Sendable {
    /// `articles/**/*.md`
    package var articleFiles: [String] = []
    /// `pages/*.md`
    package var pageFiles: [String] = []
    /// Every other file under `articles/` (images, PDFs): copied only when an article refers to it.
    package var articleAssets: Set<String> = []
    /// Files under `static/`, copied to the output as they are.
    package var staticFiles: [String] = []
    /// Size and modification time of every file above, by path relative to the content folder.
    package var stamps = PathTable<FileSystem.Stamp>()
    /// The paths of `stamps` in the order the walk found them (each folder's names in byte order,
    /// depth first): nearly in order, so a rebuild sorts them in one pass, where sorting the
    /// dictionary's keys (in hash order) took 5 ms of every rebuild of 10,000 articles.
    package var paths: [String] = []
    /// The stamp of each of `paths`, in the same order: what the scan stage compares with the last
    /// build's, reached without looking each path up in `stamps` (two lookups of 10,000 paths were
    /// 5 % of a no-op's instructions).
    package var pathStamps: [FileSystem.Stamp] = []
    package var diagnostics: [Diagnostic] = []
}

/// Walks the content folder. Hidden files (`.DS_Store`, editors' swap files) are skipped;
/// a symbolic link that leads outside the content folder is refused, so a build can never
/// publish a file from elsewhere on the machine.
package struct ContentScanner {
    package let root: String
    package let displayRoot: String
    private let realRoot: String

    package init(root: String, displayRoot: String? = nil) {
        self.root = root
        self.displayRoot = displayRoot ?? root
        self.realRoot = FileSystem.realPath(root) ?? root
    }

    package func scan() -> ContentInventory {
        var inventory = ContentInventory()
        var visited = Set<String>()
        // The folders are walked first, one thread; then every file is stamped, on all cores.
        var found: [(area: Int, relative: String, stamp: FileSystem.Stamp?)] = []
        for (area, folder) in ["articles", "pages", "static"].enumerated() {
            walk(folder, real: realRoot + "/" + folder, into: &inventory, visited: &visited) { found.append((area, $0, $1)) }
        }
        // Stat'ed relative to the content folder, a month's folder of articles by name (`Stamper`).
        let files = found, folder = FileSystem.Directory(root), root = root
        let stamps = parallelMap(files.count, chunk: 256, each: { folder?.stamper() }) { stamper, i in
            files[i].stamp ?? (stamper.map { $0.stamp(files[i].relative) } ?? FileSystem.stamp(root + "/" + files[i].relative))
        }
        inventory.stamps.reserveCapacity(found.count)
        inventory.paths.reserveCapacity(found.count)
        inventory.pathStamps.reserveCapacity(found.count)
        for (n, file) in found.enumerated() {
            guard let stamp = stamps[n] else { continue }  // gone since the folder was listed
            inventory.stamps[file.relative] = stamp
            inventory.paths.append(file.relative)
            inventory.pathStamps.append(stamp)
            switch file.area {
            case 0: if ByteSearch.hasSuffix(file.relative, ".md") { inventory.articleFiles.append(file.relative) } else { inventory.articleAssets.insert(file.relative) }
            case 1: if ByteSearch.hasSuffix(file.relative, ".md") { inventory.pageFiles.append(file.relative) }
            default: inventory.staticFiles.append(file.relative)
            }
        }
        return inventory
    }

    /// `real` is the folder's real path when no link led to it (the parent's plus the name), which
    /// saves a `realpath` per folder; after a link it is resolved.
    private func walk(_ relative: String, real: String?, into inventory: inout ContentInventory, visited: inout Set<String>,
                      _ found: (String, FileSystem.Stamp?) -> Void) {
        let path = root + "/" + relative
        var (kind, stamp) = FileSystem.inspect(path)
        var real = real
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
            real = target
        }
        switch kind {
        case .directory:
            // A link loop would otherwise walk forever.
            guard visited.insert(real ?? FileSystem.realPath(path) ?? path).inserted else { return }
            let entries: [FileSystem.Entry]
            do { entries = try FileSystem.listWithTypes(path) } catch {
                inventory.diagnostics.append(.error(SourceLocation(file: displayRoot + "/" + relative), "cannot read folder: \(error)"))
                return
            }
            for entry in entries where entry.name.utf8.first != 0x2E && entry.name.utf8.last != 0x7E {  // `.`, `~`
                let child = String.joiningPath(relative, entry.name)
                // Such a file could be neither read by its name nor published under it: refused,
                // rather than left out of the site without a word.
                guard entry.nameIsUTF8 else {
                    inventory.diagnostics.append(.error(SourceLocation(file: displayRoot + "/" + child),
                                                        "file name is not valid UTF-8 (shown with � for the bytes that are not): rename the file"))
                    continue
                }
                // A plain file (the folder says so) is stamped later, in parallel.
                if entry.type == .file { found(child, nil); continue }
                walk(child, real: real.map { $0 + "/" + entry.name }, into: &inventory, visited: &visited, found)
            }
        case .file:
            found(relative, stamp)
        default:
            break
        }
    }
}
