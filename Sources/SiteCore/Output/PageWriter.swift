import Synchronization

/// Writes a build's files into the staging folder beside the output (`.Public.staging`), from
/// many threads at once. Nothing here touches the output folder: `OutputCommit` puts the staged
/// files in place. A build that fails before then leaves the previous output exactly as it was.
///
/// The staging folder is made empty, so a file already there was written by this build: files are
/// created exclusively (`O_EXCL`), and the folder itself tells a path written twice. (A set of the
/// paths written was 8 MiB at 100,000 articles; the render stage knows what it staged by job.)
package final class PageWriter: Sendable {
    package let stagingRoot: String

    package init(_ folder: OutputFolder) throws(FileSystem.Failure) {
        stagingRoot = folder.staging
        try FileSystem.createDirectories(folder.parent)
        try FileSystem.removeTree(stagingRoot)  // left over from a killed build
        try FileSystem.createDirectory(stagingRoot)
    }

    /// A staged file: its stamp, taken from the open file, and its SHA-256.
    package struct Staged: Sendable {
        package var stamp: FileSystem.Stamp
        package var sha256: SHA256Digest

        package init(stamp: FileSystem.Stamp, sha256: SHA256Digest) {
            self.stamp = stamp
            self.sha256 = sha256
        }
    }

    /// Writes one file into the staging folder. Safe to call from many threads at once.
    /// Writing the same path twice in one build is a bug in the caller and is refused.
    @discardableResult
    package func write(_ path: OutputPath, _ bytes: some Collection<UInt8>) throws(FileSystem.Failure) -> Staged {
        let target = stagingRoot + "/" + path.value
        let stamp: FileSystem.Stamp
        do {
            stamp = try inFolder(path, target) { () throws(FileSystem.Failure) in try FileSystem.write(bytes, to: target, exclusive: true) }
        } catch where error.code == EEXIST && error.path == target {
            throw FileSystem.Failure(path: path.value, operation: "write (the build produced this path twice)", code: EEXIST)
        }
        return Staged(stamp: stamp, sha256: ContentDigest.sha256(bytes))
    }

    @discardableResult
    package func write(_ path: OutputPath, _ text: String) throws(FileSystem.Failure) -> Staged {
        try write(path, text.utf8)
    }

    /// Copies a content file (an article's image) into the staging folder; nil when another job
    /// already copied it (two articles may share one image file).
    @discardableResult
    package func copy(from source: String, to path: OutputPath) throws(FileSystem.Failure) -> Staged? {
        let target = stagingRoot + "/" + path.value
        var digest = ContentDigest()
        let stamp: FileSystem.Stamp
        do {
            // A missing folder fails the copy's open of `target`, before a byte is read: the digest
            // is still empty when it is tried again.
            stamp = try inFolder(path, target) { () throws(FileSystem.Failure) in
                try FileSystem.copyFile(from: source, to: target, exclusive: true, digest: &digest)
            }
        } catch {
            _ = digest.finish()  // frees its context
            if error.code == EEXIST && error.path == target { return nil }  // copied by another job
            throw error
        }
        return Staged(stamp: stamp, sha256: digest.finish())
    }

    /// Runs `write` of the file at `target`; when its folder is missing, makes it and runs it again.
    /// (No record of the folders made so far: at 100,000 articles their names took 12 MB, and
    /// the first file in a new folder costs one failed open more.)
    private func inFolder(_ path: OutputPath, _ target: String, _ write: () throws(FileSystem.Failure) -> FileSystem.Stamp)
        throws(FileSystem.Failure) -> FileSystem.Stamp {
        do {
            return try write()
        } catch {
            guard error.code == ENOENT, error.path == target, let parent = path.parent else { throw error }
            try FileSystem.createDirectories(stagingRoot + "/" + parent)
            return try write()
        }
    }

    /// Removes the staging folder after a failed build; the output folder is not touched.
    package func abandon() {
        try? FileSystem.removeTree(stagingRoot)
    }
}
