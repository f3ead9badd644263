import CPlatform
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The one place that touches the output folder.
///
/// A build writes into a staging folder beside the output (`.Public.staging`); only `commit()`
/// puts it in place, by an atomic exchange of the two folders where the file system allows it.
/// A build that fails or is killed leaves the previous output exactly as it was, and the next
/// run removes the leftover staging folder.
public final class PageWriter: Sendable {
    public let outputRoot: String
    public let stagingRoot: String
    private let createdDirectories = Locked<Set<String>>([])
    private let written = Locked<Set<String>>([])

    public init(output: String) throws(FileSystem.Failure) {
        var output = output
        while output.count > 1 && output.hasSuffix("/") { output.removeLast() }
        outputRoot = output
        let (parent, name) = Self.split(output)
        stagingRoot = (parent.isEmpty ? "" : parent + "/") + "." + name + ".staging"
        if !parent.isEmpty { try FileSystem.createDirectories(parent) }
        try FileSystem.removeTree(stagingRoot)  // left over from a killed build
        try FileSystem.createDirectory(stagingRoot)
    }

    private static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[..<slash]), String(path[path.index(after: slash)...]))
    }

    /// Writes one file into the staging folder. Safe to call from many threads at once.
    /// Writing the same path twice in one build is a bug in the caller and is refused.
    /// Returns the staged file's stamp.
    @discardableResult
    public func write(_ path: OutputPath, _ bytes: some Collection<UInt8>) throws(FileSystem.Failure) -> FileSystem.Stamp {
        let fresh = written.withLock { $0.insert(path.value).inserted }
        guard fresh else { throw FileSystem.Failure(path: path.value, operation: "write (the build produced this path twice)", code: EEXIST) }
        try ensureParent(of: path)
        return try FileSystem.write(bytes, to: stagingRoot + "/" + path.value)
    }

    @discardableResult
    public func write(_ path: OutputPath, _ text: String) throws(FileSystem.Failure) -> FileSystem.Stamp {
        try write(path, text.utf8)
    }

    /// Copies a content file (an article's image) into the staging folder.
    /// Returns the staged copy's stamp, or nil when another job already copied the file.
    @discardableResult
    public func copy(from source: String, to path: OutputPath) throws(FileSystem.Failure) -> FileSystem.Stamp? {
        let fresh = written.withLock { $0.insert(path.value).inserted }
        guard fresh else { return nil }  // two articles may share one image file
        try ensureParent(of: path)
        return try FileSystem.copyFile(from: source, to: stagingRoot + "/" + path.value)
    }

    private func ensureParent(of path: OutputPath) throws(FileSystem.Failure) {
        guard let parent = path.parent else { return }
        let known = createdDirectories.withLock { $0.contains(parent) }
        if known { return }
        try FileSystem.createDirectories(stagingRoot + "/" + parent)
        createdDirectories.withLock { _ = $0.insert(parent) }
    }

    /// Puts the staged build in place of the output folder and removes the old one.
    public func commit() throws(FileSystem.Failure) {
        if FileSystem.kind(outputRoot) == .directory {
            if cplatform_exchange_paths(stagingRoot, outputRoot) != 0 {
                // No atomic exchange here: move the old output aside, then the new one in.
                let aside = stagingRoot + ".old"
                try FileSystem.removeTree(aside)
                try FileSystem.rename(outputRoot, aside)
                try FileSystem.rename(stagingRoot, outputRoot)
                try FileSystem.removeTree(aside)
                return
            }
            // The staging path now holds the previous output.
            try FileSystem.removeTree(stagingRoot)
        } else {
            if FileSystem.exists(outputRoot) {
                throw FileSystem.Failure(path: outputRoot, operation: "replace (it is not a folder)", code: ENOTDIR)
            }
            try FileSystem.rename(stagingRoot, outputRoot)
        }
    }

    /// The incremental commit. `journal` (the new manifest, listing the removals) is written first
    /// at `journalPath`; then every staged file is renamed into the output and every removed file
    /// unlinked; the caller then renames the journal over the manifest. A process killed before
    /// this call leaves the output untouched; one killed during it is finished by `recover`.
    public func commitIncrementally(removals: [OutputPath], journal: [UInt8], journalPath: String) throws(FileSystem.Failure) {
        try FileSystem.write(journal, to: journalPath + ".tmp")
        try FileSystem.rename(journalPath + ".tmp", journalPath)
        try Self.applyStaged(stagingRoot: stagingRoot, outputRoot: outputRoot, removals: removals.map(\.value))
    }

    /// Moves every file of a staging folder into the output, removes `removals`, deletes the staging folder.
    public static func applyStaged(stagingRoot: String, outputRoot: String, removals: [String]) throws(FileSystem.Failure) {
        var staged: [String] = []
        func walk(_ relative: String) throws(FileSystem.Failure) {
            let full = relative.isEmpty ? stagingRoot : stagingRoot + "/" + relative
            for name in try FileSystem.list(full) {
                let child = relative.isEmpty ? name : relative + "/" + name
                if FileSystem.kind(stagingRoot + "/" + child) == .directory { try walk(child) } else { staged.append(child) }
            }
        }
        if FileSystem.kind(stagingRoot) == .directory { try walk("") }
        for file in staged {
            if let slash = file.lastIndex(of: "/") { try FileSystem.createDirectories(outputRoot + "/" + file[..<slash]) }
            try FileSystem.rename(stagingRoot + "/" + file, outputRoot + "/" + file)
        }
        for file in removals {
            guard let path = OutputPath(file) else { continue }
            try FileSystem.unlink(outputRoot + "/" + path.value)
            // Remove folders the removal emptied (an article's folder), up to the output root.
            var parent = path.parent
            while let dir = parent, rmdir(outputRoot + "/" + dir) == 0 {
                parent = OutputPath(dir)?.parent
            }
        }
        try FileSystem.removeTree(stagingRoot)
    }

    /// Removes the staging folder after a failed build; the output folder is not touched.
    public func abandon() {
        try? FileSystem.removeTree(stagingRoot)
    }
}
