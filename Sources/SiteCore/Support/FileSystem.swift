import CPlatform

/// The few file-system calls the generator needs, on POSIX directly: they are on the hot path
/// (tens of thousands of files per build) and their errors must name the path.
package enum FileSystem {
    package struct Failure: Error, CustomStringConvertible, Sendable {
        package var path: String
        package var operation: String
        package var code: Int32
        package var description: String {
            "\(path): \(operation) failed: \(String(cString: strerror(code)))"
        }
    }

    package static func readBytes(_ path: String) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw Failure(path: path, operation: "open", code: errno) }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { throw Failure(path: path, operation: "stat", code: errno) }
        // Read straight into the array, sized from fstat; a file that grew meanwhile is read on.
        var failed: Int32 = 0
        func fill(_ buf: UnsafeMutableBufferPointer<UInt8>, _ count: inout Int) {
            count = 0
            while count < buf.count {
                let r = read(fd, buf.baseAddress! + count, buf.count - count)
                if r < 0 {
                    if errno == EINTR { continue }
                    failed = errno
                    return
                }
                if r == 0 { return }
                count += r
            }
        }
        let expected = max(Int(st.st_size), 0) + 1
        var result = [UInt8](unsafeUninitializedCapacity: expected) { fill($0, &$1) }
        var more = result.count == expected
        while more && failed == 0 {
            let chunk = [UInt8](unsafeUninitializedCapacity: 1 << 16) { fill($0, &$1) }
            result += chunk
            more = chunk.count == 1 << 16
        }
        if failed != 0 { throw Failure(path: path, operation: "read", code: failed) }
        return result
    }

    /// The size of a file in bytes (following links), or nil if it cannot be read.
    package static func size(_ path: String) -> Int? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Int(st.st_size)
    }

    /// Size and modification time: what tells a rebuild that a file changed.
    package struct Stamp: Sendable, Hashable {
        package var size: Int64
        package var modifiedNanoseconds: Int64
        package init(size: Int64, modifiedNanoseconds: Int64) {
            self.size = size
            self.modifiedNanoseconds = modifiedNanoseconds
        }

        init(_ st: stat) {
            self.init(size: Int64(st.st_size), modifiedNanoseconds: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec))
        }
    }

    /// Kind and stamp from one `lstat`.
    package static func inspect(_ path: String) -> (Kind, Stamp?) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return (.missing, nil) }
        let stamp = Stamp(st)
        switch st.st_mode & S_IFMT {
        case S_IFREG: return (.file, stamp)
        case S_IFDIR: return (.directory, nil)
        case S_IFLNK: return (.symlink, nil)
        default: return (.other, nil)
        }
    }

    package static func stamp(_ path: String) -> Stamp? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Stamp(st)
    }

    /// An open folder, for looking up many files below it without walking its path each time.
    package final class Directory: @unchecked Sendable {
        private let fd: Int32

        package init?(_ path: String) {
            fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if fd < 0 { return nil }
        }

        deinit { close(fd) }

        /// The stamp of a file below the folder (`relative` has no leading `/`), following links.
        package func stamp(_ relative: String) -> Stamp? {
            var st = stat()
            guard fstatat(fd, relative, &st, 0) == 0 else { return nil }
            return Stamp(st)
        }

        /// A stamper of many files below the folder, for one thread to use in turn.
        package func stamper() -> Stamper { Stamper(self) }

        /// Stamps of files below a folder, asked for in order by one thread. A file is stat'ed
        /// relative to a subfolder held open (`O_PATH`), not by its whole path walked from the
        /// folder: the kernel looks each name of a path up in turn. The subfolder opened is the
        /// deepest one a file shares with the file asked for before it, when that is deeper than
        /// the one open: the search index's 16,000 files are in three subfolders; an archive's
        /// article pages, each alone in its own folder, in one per month (`articles/2019/05/`: two
        /// names looked up for each page, not five; 10,000 pages stat'ed in 13 ms, not 16).
        package final class Stamper {
            private let root: Directory
            /// The folder part of the path asked for last, and the subfolder open (with its descriptor).
            /// Not checked for overlapping access as the program runs: a stamper is one thread's (each
            /// chunk of paths makes its own), and the checks, four a path, were 3 % of a no-op.
            @exclusivity(unchecked) private var lastFolder: [UInt8] = []
            @exclusivity(unchecked) private var openFolder: [UInt8] = []
            @exclusivity(unchecked) private var openFD: Int32 = -1

            fileprivate init(_ root: Directory) { self.root = root }

            deinit { if openFD >= 0 { close(openFD) } }

            package func stamp(_ relative: String) -> Stamp? {
                relative.withCString { stamp(cString: $0) }
            }

            /// The stamp of a path given as its UTF-8 bytes (a field of a record, not made into a
            /// string first: a no-op rebuild asks for 30,000 of them).
            package func stamp(utf8 relative: UnsafeBufferPointer<UInt8>) -> Stamp? {
                Self.withCString(UnsafeRawBufferPointer(relative)) { stamp(cString: $0) }
            }

            /// Bytes as a C string, in a buffer on the stack.
            private static func withCString<R>(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafePointer<CChar>) -> R) -> R {
                withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer in
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(from: bytes)
                    buffer[bytes.count] = 0
                    return body(buffer.baseAddress!)
                }
            }

            private func stamp(cString path: UnsafePointer<CChar>) -> Stamp? {
                let length = strlen(path)
                var slash = length
                while slash > 0 && path[slash - 1] != 0x2F { slash -= 1 }
                guard slash > 1 else { return stat(at: root.fd, path) }
                let folder = UnsafeRawBufferPointer(start: path, count: slash - 1)
                let shared = Self.sharedFolderLength(folder, lastFolder)
                let held = openFD >= 0 && Self.sharedFolderLength(folder, openFolder) == openFolder.count ? openFolder.count : 0
                lastFolder.removeAll(keepingCapacity: true)
                lastFolder.append(contentsOf: folder)
                if shared > held {
                    if openFD >= 0 { close(openFD) }
                    openFolder.removeAll(keepingCapacity: true)
                    openFolder.append(contentsOf: folder[..<shared])
                    openFD = Self.withCString(UnsafeRawBufferPointer(start: path, count: shared)) { cplatform_open_folder_path(root.fd, $0) }
                    return openFD >= 0 ? stat(at: openFD, path + shared + 1) : stat(at: root.fd, path)
                }
                return held > 0 ? stat(at: openFD, path + held + 1) : stat(at: root.fd, path)
            }

            /// The length of the deepest folder `a` and `b` (folder paths, no slash at either end)
            /// both are or are in: whole names only (`articles/2019` is not in `articles/20`).
            package static func sharedFolderLength(_ a: UnsafeRawBufferPointer, _ b: [UInt8]) -> Int {
                b.withUnsafeBytes { b in
                    let n = min(a.count, b.count)
                    var i = 0
                    // Eight bytes at a time to the first that differs (paths in a run share most
                    // of their folders: byte by byte, 4 % of a no-op), then byte by byte.
                    while i + 8 <= n {
                        let x = a.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ b.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                        if x != 0 { i += x.littleEndian.trailingZeroBitCount / 8; break }
                        i += 8
                    }
                    while i < n && a[i] == b[i] { i += 1 }
                    if i == n && (a.count == b.count || (a.count > n ? a[n] : b[n]) == 0x2F) { return n }
                    // Back to the end of the last whole name they share.
                    while i > 0 && a[i - 1] != 0x2F { i -= 1 }
                    return max(0, i - 1)
                }
            }

            private func stat(at directory: Int32, _ path: UnsafePointer<CChar>) -> Stamp? {
                var st = Glibc.stat()
                guard fstatat(directory, path, &st, 0) == 0 else { return nil }
                return Stamp(st)
            }
        }
    }

    package static func unlink(_ path: String) throws(Failure) {
        if Glibc.unlink(path) != 0 && errno != ENOENT { throw Failure(path: path, operation: "unlink", code: errno) }
    }

    package enum Kind: Sendable { case file, directory, symlink, other, missing }

    package static func kind(_ path: String, followLinks: Bool = false) -> Kind {
        var st = stat()
        let r = followLinks ? stat(path, &st) : lstat(path, &st)
        if r != 0 { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    package static func exists(_ path: String) -> Bool { kind(path) != .missing }

    /// Directory entries, sorted by byte order, without `.` and `..`.
    package static func list(_ path: String) throws(Failure) -> [String] { try listWithTypes(path).map(\.name) }

    /// A directory entry: its name, and its kind when the file system reports it (`d_type`).
    package struct Entry: Sendable {
        /// The name as text; a name whose bytes are not UTF-8 has U+FFFD in their place, and no
        /// file of that name exists (`nameIsUTF8` says which).
        package let name: String
        package let type: Kind?
        package let nameIsUTF8: Bool
    }

    /// Directory entries, sorted by the bytes of their names.
    package static func listWithTypes(_ path: String) throws(Failure) -> [Entry] {
        guard let dir = opendir(path) else { throw Failure(path: path, operation: "opendir", code: errno) }
        defer { closedir(dir) }
        // The names' bytes side by side in one buffer, sorted there as (start, length, type) by
        // `memcmp`, and only then made into strings: sorting the strings themselves (each swap a
        // retain and a release, each comparison through their storage) was 6 % of a no-op's
        // instructions, for 10,000 names.
        var bytes: [UInt8] = [], names: [(start: Int, count: Int, type: Kind?)] = []
        // Records from readdir are variable-length: read the name in place, up to its NUL, never
        // by copying the struct's full 256-byte d_name (that reads past the last record's end).
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        while let entry = readdir(dir) {
            let name = UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(to: UInt8.self)
            let count = strlen(name)
            if (count == 1 && name[0] == 0x2E) || (count == 2 && name[0] == 0x2E && name[1] == 0x2E) { continue }  // . and ..
            let type: Kind?
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): type = .file
            case Int32(DT_DIR): type = .directory
            case Int32(DT_LNK): type = .symlink
            default: type = nil
            }
            names.append((bytes.count, count, type))
            bytes.append(contentsOf: UnsafeBufferPointer(start: name, count: count + 1))  // with its NUL
        }
        return bytes.withUnsafeBufferPointer { b in
            names.sort { x, y in
                let c = memcmp(b.baseAddress! + x.start, b.baseAddress! + y.start, min(x.count, y.count))
                return c != 0 ? c < 0 : x.count < y.count
            }
            // Validated from the C string, NUL and all: `String(validating:as:)` is generic, and
            // not specialized here it cost 1,100 instructions a name (5 % of a no-op's).
            return names.map { n in
                if let name = String(validatingCString: UnsafeRawPointer(b.baseAddress! + n.start).assumingMemoryBound(to: CChar.self)) {
                    return Entry(name: name, type: n.type, nameIsUTF8: true)
                }
                return Entry(name: String(decoding: UnsafeBufferPointer(rebasing: b[n.start..<(n.start + n.count)]), as: UTF8.self), type: n.type, nameIsUTF8: false)
            }
        }
    }

    package static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    package static func createDirectory(_ path: String) throws(Failure) {
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw Failure(path: path, operation: "mkdir", code: errno) }
    }

    /// mkdir -p: one mkdir when the parent exists (the usual case), walking up only on ENOENT.
    package static func createDirectories(_ path: String) throws(Failure) {
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        if errno == ENOENT, let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try createDirectories(String(path[..<slash]))
            if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        }
        if kind(path, followLinks: true) == .directory { return }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if kind(prefix, followLinks: true) != .directory { try createDirectory(prefix) }
            prefix += "/"
        }
    }

    /// Writes a whole file (created or truncated) and returns its stamp, read from the open file
    /// (no second path lookup: a build records the stamp of every file it writes).
    /// `exclusive`: fails (`EEXIST`) when the file is there already, rather than replacing it.
    @discardableResult
    package static func write(_ bytes: some Collection<UInt8>, to path: String, exclusive: Bool = false) throws(Failure) -> Stamp {
        try write(path, exclusive: exclusive) { fd, failure in
            let ok = bytes.withContiguousStorageIfAvailable { buf -> Bool in
                writeAll(fd, UnsafeRawBufferPointer(buf), path: path, failure: &failure)
            }
            if ok == nil {
                let array = Array(bytes)
                _ = array.withUnsafeBytes { writeAll(fd, $0, path: path, failure: &failure) }
            }
        }
    }

    /// Writes a whole file from pieces, one after the other (never joined in memory).
    @discardableResult
    package static func write(pieces: [[UInt8]], to path: String) throws(Failure) -> Stamp {
        try write(path) { fd, failure in
            for piece in pieces where failure == nil { _ = piece.withUnsafeBytes { writeAll(fd, $0, path: path, failure: &failure) } }
        }
    }

    private static func write(_ path: String, exclusive: Bool = false, _ body: (Int32, inout Failure?) -> Void) throws(Failure) -> Stamp {
        let fd = open(path, O_WRONLY | O_CREAT | (exclusive ? O_EXCL : O_TRUNC) | O_CLOEXEC, 0o644)
        if fd < 0 { throw Failure(path: path, operation: "open for writing", code: errno) }
        var failure: Failure?
        body(fd, &failure)
        var st = stat()
        if failure == nil && fstat(fd, &st) != 0 { failure = Failure(path: path, operation: "stat", code: errno) }
        if close(fd) != 0 && failure == nil { failure = Failure(path: path, operation: "close", code: errno) }
        if let failure { throw failure }
        return Stamp(st)
    }

    private static func writeAll(_ fd: Int32, _ buf: UnsafeRawBufferPointer, path: String, failure: inout Failure?) -> Bool {
        var offset = 0
        while offset < buf.count {
            let n = Glibc.write(fd, buf.baseAddress! + offset, buf.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                failure = Failure(path: path, operation: "write", code: errno)
                return false
            }
            offset += n
        }
        return true
    }

    /// Copies a file through a fixed buffer (a video in `static/` is never read whole into memory),
    /// feeding `digest` the bytes on the way if one is given.
    @discardableResult
    package static func copyFile(from source: String, to destination: String, exclusive: Bool = false,
                                 digest: UnsafeMutablePointer<ContentDigest>? = nil) throws(Failure) -> Stamp {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        if input < 0 { throw Failure(path: source, operation: "open", code: errno) }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | (exclusive ? O_EXCL : O_TRUNC) | O_CLOEXEC, 0o644)
        if output < 0 { throw Failure(path: destination, operation: "open for writing", code: errno) }
        var failure: Failure?
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while failure == nil {
            let n = read(input, buffer.baseAddress!, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                failure = Failure(path: source, operation: "read", code: errno)
                break
            }
            if n == 0 { break }
            digest?.pointee.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            _ = writeAll(output, UnsafeRawBufferPointer(rebasing: buffer[0..<n]), path: destination, failure: &failure)
        }
        var st = stat()
        if failure == nil && fstat(output, &st) != 0 { failure = Failure(path: destination, operation: "stat", code: errno) }
        if close(output) != 0 && failure == nil { failure = Failure(path: destination, operation: "close", code: errno) }
        if let failure { throw failure }
        return Stamp(st)
    }

    /// A stable hash of a file's bytes, read through a fixed buffer (a large file is never held
    /// whole in memory); nil if it cannot be read.
    package static func contentHash(_ path: String) -> UInt64? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return nil }
        defer { close(fd) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var h = StableHasher()
        while true {
            let n = read(fd, buffer.baseAddress!, buffer.count)
            if n < 0 { if errno == EINTR { continue }; return nil }
            if n == 0 { return h.value }
            h.combine(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }

    /// Creates a file that does not exist yet, never replacing one: `stem.ext`, else `stem-2.ext`,
    /// `stem-3.ext`… Each name is claimed with O_EXCL, so two processes writing at once (two
    /// `import` runs) never take the same one. Returns the path written.
    package static func createNew(_ bytes: [UInt8], directory: String, stem: String, ext: String) throws(Failure) -> String {
        try createDirectories(directory)
        for n in 1...10_000 {
            let path = directory + "/" + stem + (n == 1 ? "" : "-\(n)") + ext
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd < 0 {
                if errno == EEXIST { continue }
                throw Failure(path: path, operation: "create", code: errno)
            }
            var failure: Failure?
            let ok = bytes.withUnsafeBytes { writeAll(fd, $0, path: path, failure: &failure) }
            if close(fd) != 0 && failure == nil { failure = Failure(path: path, operation: "close", code: errno) }
            if let failure {
                _ = ok
                Glibc.unlink(path)
                throw failure
            }
            return path
        }
        throw Failure(path: directory + "/" + stem + ext, operation: "create (10,000 names taken)", code: EEXIST)
    }

    /// Writes a file under a temporary name beside it, then renames it into place: readers see
    /// the old file or the new one, whole, never a part.
    package static func writeAtomically(_ bytes: [UInt8], to path: String) throws(Failure) {
        try writeAtomically(pieces: [bytes], to: path)
    }

    package static func writeAtomically(pieces: [[UInt8]], to path: String) throws(Failure) {
        let temporary = path + ".tmp"
        try write(pieces: pieces, to: temporary)
        try rename(temporary, path)
    }

    /// Writes the pieces `produce` hands to `emit`, each as it is made, to a temporary file then
    /// renamed to `path`: a file of many megabytes (the manifest) is never held whole. After a
    /// failed write the pieces that follow are dropped, and the failure is thrown.
    package static func writeAtomically(to path: String, producing produce: Pieces) throws(Failure) {
        let temporary = path + ".tmp"
        _ = try write(temporary) { fd, failure in
            produce { piece in
                guard failure == nil else { return }
                _ = piece.withUnsafeBytes { writeAll(fd, $0, path: temporary, failure: &failure) }
            }
        }
        try rename(temporary, path)
    }

    /// Bytes made a piece at a time: each handed to `emit` as it is made.
    package typealias Pieces = (_ emit: ([UInt8]) -> Void) -> Void

    /// Creates the folders above `path` that are missing.
    package static func createParents(of path: String) throws(Failure) {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        try createDirectories(String(path[..<slash]))
    }

    /// Which file a path names (device and inode, links not followed): tells whether two paths
    /// are the same folder, or whether a folder was moved.
    package struct Identity: Sendable, Equatable {
        package var device: UInt64
        package var inode: UInt64
        package init(device: UInt64, inode: UInt64) {
            self.device = device
            self.inode = inode
        }
    }

    package static func identity(_ path: String) -> Identity? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        return Identity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    /// The process's working folder.
    package static func currentDirectory() -> String {
        guard let p = getcwd(nil, 0) else { return "." }
        defer { free(p) }
        return String(cString: p)
    }

    package static func rename(_ from: String, _ to: String) throws(Failure) {
        if Glibc.rename(from, to) != 0 { throw Failure(path: from, operation: "rename to \(to)", code: errno) }
    }

    /// rm -rf, without following symbolic links out of the tree.
    package static func removeTree(_ path: String) throws(Failure) {
        switch kind(path) {
        case .missing: return
        case .directory:
            for name in try list(path) { try removeTree(path + "/" + name) }
            if rmdir(path) != 0 { throw Failure(path: path, operation: "rmdir", code: errno) }
        default:
            if Glibc.unlink(path) != 0 && errno != ENOENT { throw Failure(path: path, operation: "unlink", code: errno) }
        }
    }
}
