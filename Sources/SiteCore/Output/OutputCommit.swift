import CPlatform

/// Puts a staged build in place so that the output is always either the previous site or the new
/// one, whole, with a manifest that describes it — whether the commit succeeds, fails half-way (a
/// full disk, a file where a folder must go) or is killed.
///
/// Both kinds of commit write the new manifest to `.next` and a journal of what they will change
/// before they change anything in the output; renaming `.next` over the manifest is the commit
/// point. A commit that fails before it undoes its changes there and then; one that is killed is
/// undone (before the commit point) or finished (after it) by the next build's `recover`. Undoing
/// restores files by renaming them back, so they keep their bytes and modification times and the
/// previous manifest describes them exactly.
package enum OutputCommit {
    // MARK: Full builds

    /// A full build: the staging folder takes the output's place in one exchange, keeping the
    /// files git keeps in an empty folder (`OutputFolder.keptNames`).
    package static func replaceAll(_ folder: OutputFolder, manifest: FileSystem.Pieces, fault: CommitFault? = nil) throws(FileSystem.Failure) {
        let steps = CommitSteps(fault)
        guard let staged = FileSystem.identity(folder.staging) else {
            throw FileSystem.Failure(path: folder.staging, operation: "stat", code: ENOENT)
        }
        do throws(FileSystem.Failure) {
            for name in OutputFolder.keptNames.sorted() where FileSystem.kind(folder.root + "/" + name) == .file {
                try steps.next(folder.staging + "/" + name)
                try FileSystem.copyFile(from: folder.root + "/" + name, to: folder.staging + "/" + name)
            }
            try steps.next(folder.nextManifest)
            try FileSystem.writeAtomically(to: folder.nextManifest, producing: manifest)
            try steps.next(folder.journal)
            try FileSystem.writeAtomically(Journal.exchange(device: staged.device, inode: staged.inode).encoded(), to: folder.journal)
            switch FileSystem.kind(folder.root) {
            case .missing:
                try steps.next(folder.root)
                try FileSystem.rename(folder.staging, folder.root)
            case .directory:
                try steps.next(folder.root)
                if cplatform_exchange_paths(folder.staging, folder.root) != 0 {
                    // No atomic exchange on this file system: the old output aside, then the new one in.
                    guard errno == EINVAL || errno == ENOSYS || errno == ENOTSUP else {
                        throw FileSystem.Failure(path: folder.root, operation: "exchange with \(folder.staging)", code: errno)
                    }
                    try FileSystem.rename(folder.root, folder.backup)
                    try steps.next(folder.root)
                    try FileSystem.rename(folder.staging, folder.root)
                }
            default:
                throw FileSystem.Failure(path: folder.root, operation: "replace (it is not a folder)", code: ENOTDIR)
            }
            try steps.next(folder.manifest)
            try FileSystem.rename(folder.nextManifest, folder.manifest)
        } catch {
            if !steps.killed { undoExchange(folder, staged: staged) }
            throw error
        }
        try tidyUp(folder, removed: [], steps: steps)
    }

    // MARK: Incremental builds

    /// An incremental build: every staged file replaces its namesake in the output (the old one
    /// kept in the backup folder until the commit point), and every path of `removals` is moved
    /// to the backup folder.
    package static func apply(_ folder: OutputFolder, staged: [String], removals: [String], manifest: FileSystem.Pieces,
                             fault: CommitFault? = nil) throws(FileSystem.Failure) {
        let steps = CommitSteps(fault)
        var entries: [Journal.Entry] = []
        for path in staged.sorted() {
            switch FileSystem.kind(folder.root + "/" + path) {
            case .missing: entries.append(.init(change: .create, path: path))
            case .file, .symlink: entries.append(.init(change: .replace, path: path))
            default: throw FileSystem.Failure(path: folder.root + "/" + path, operation: "replace (a folder is in the way)", code: EISDIR)
            }
        }
        for path in removals.sorted() where FileSystem.kind(folder.root + "/" + path) == .file {
            entries.append(.init(change: .remove, path: path))
        }
        do throws(FileSystem.Failure) {
            try steps.next(folder.nextManifest)
            try FileSystem.writeAtomically(to: folder.nextManifest, producing: manifest)
            try steps.next(folder.journal)
            try FileSystem.writeAtomically(Journal.changes(entries).encoded(), to: folder.journal)
            for entry in entries {
                let target = folder.root + "/" + entry.path
                if entry.change != .create {
                    let saved = folder.backup + "/" + entry.path
                    try steps.next(saved)
                    try FileSystem.createParents(of: saved)
                    try FileSystem.rename(target, saved)
                }
                if entry.change != .remove {
                    try steps.next(target)
                    try FileSystem.createParents(of: target)
                    try FileSystem.rename(folder.staging + "/" + entry.path, target)
                }
            }
            try steps.next(folder.manifest)
            try FileSystem.rename(folder.nextManifest, folder.manifest)
        } catch {
            if !steps.killed { undoChanges(folder, entries) }
            throw error
        }
        try tidyUp(folder, removed: entries.filter { $0.change == .remove }.map(\.path), steps: steps)
    }

    // MARK: Recovery

    /// Run before every build: a commit that a killed build left is undone if it had not reached
    /// its commit point and finished if it had; leftovers of a finished one are removed.
    package static func recover(_ folder: OutputFolder) {
        guard FileSystem.exists(folder.journal) else {
            try? FileSystem.unlink(folder.nextManifest)
            try? FileSystem.removeTree(folder.backup)
            try? FileSystem.removeTree(folder.staging)
            return
        }
        guard let bytes = try? FileSystem.readBytes(folder.journal), let journal = Journal(bytes) else {
            // Never written half (it is renamed into place), so damaged by something else: what the
            // commit changed is unknown. Forget the manifest; the next build checks every file.
            try? FileSystem.unlink(folder.manifest)
            try? FileSystem.unlink(folder.nextManifest)
            try? FileSystem.unlink(folder.journal)
            return
        }
        let committed = !FileSystem.exists(folder.nextManifest)
        switch journal {
        case .exchange(let device, let inode):
            if !committed { undoExchange(folder, staged: .init(device: device, inode: inode)) } else { try? tidyUp(folder, removed: []) }
        case .changes(let entries):
            if !committed { undoChanges(folder, entries) } else { try? tidyUp(folder, removed: entries.filter { $0.change == .remove }.map(\.path)) }
        }
    }

    /// After the commit point: the backup and staging folders go, then folders a removal emptied,
    /// and the journal last (until then a killed build is finished by the next one). Failures here
    /// leave only leftovers, which the next build removes; a test can still kill the commit here.
    private static func tidyUp(_ folder: OutputFolder, removed: [String], steps: CommitSteps? = nil) throws(FileSystem.Failure) {
        try steps?.next(folder.backup, killOnly: true)
        try? FileSystem.removeTree(folder.backup)
        try steps?.next(folder.staging, killOnly: true)
        try? FileSystem.removeTree(folder.staging)
        try steps?.next(folder.root, killOnly: true)
        for path in removed { removeEmptyParents(of: path, in: folder.root) }
        try steps?.next(folder.journal, killOnly: true)
        try? FileSystem.unlink(folder.journal)
    }

    /// Puts back every file a commit of changes replaced or removed and takes out every file it
    /// created. Safe to run again after being killed: each step looks at what is there.
    private static func undoChanges(_ folder: OutputFolder, _ entries: [Journal.Entry]) {
        for entry in entries.reversed() {
            let target = folder.root + "/" + entry.path, saved = folder.backup + "/" + entry.path
            if FileSystem.kind(saved) != .missing {
                try? FileSystem.createParents(of: target)
                try? FileSystem.rename(saved, target)
            } else if entry.change == .create {
                try? FileSystem.unlink(target)
                removeEmptyParents(of: entry.path, in: folder.root)
            }
        }
        forgetCommit(folder)
    }

    /// Swaps the previous output back if the exchange happened (the output folder is then the one
    /// that was staged) and removes the staged build.
    private static func undoExchange(_ folder: OutputFolder, staged: FileSystem.Identity) {
        if FileSystem.identity(folder.root) == staged {
            if FileSystem.kind(folder.backup) == .directory {  // the two-rename fallback
                try? FileSystem.rename(folder.root, folder.staging)
                try? FileSystem.rename(folder.backup, folder.root)
            } else if FileSystem.kind(folder.staging) == .directory {
                _ = cplatform_exchange_paths(folder.staging, folder.root)
            } else {  // there was no output before
                try? FileSystem.rename(folder.root, folder.staging)
            }
        } else if FileSystem.kind(folder.root) == .missing && FileSystem.kind(folder.backup) == .directory {
            try? FileSystem.rename(folder.backup, folder.root)
        }
        forgetCommit(folder)
    }

    /// The journal first: once it is gone the commit is forgotten, and what remains is leftovers
    /// that the next build removes.
    private static func forgetCommit(_ folder: OutputFolder) {
        try? FileSystem.unlink(folder.journal)
        try? FileSystem.unlink(folder.nextManifest)
        try? FileSystem.removeTree(folder.backup)
        try? FileSystem.removeTree(folder.staging)
    }

    /// Removes the folders above `path` that are now empty, up to (not including) the output root.
    private static func removeEmptyParents(of path: String, in root: String) {
        var parent = OutputPath(path)?.parent
        while let dir = parent, rmdir(root + "/" + dir) == 0 {
            parent = OutputPath(dir)?.parent
        }
    }
}

/// Makes a commit fail on purpose at its `step`-th change to the file system (counted from 0), to
/// test that every step can fail safely: with `.error` as a real failure would (the commit undoes
/// itself), with `.kill` as if the process died there (nothing is undone until the next build).
package struct CommitFault: Sendable {
    package enum Kind: Sendable { case error, kill }
    package var step: Int
    package var kind: Kind

    package init(step: Int, kind: Kind) {
        self.step = step
        self.kind = kind
    }
}

/// Counts a commit's changes and fails the one its fault names.
private final class CommitSteps {
    private let fault: CommitFault?
    private var count = 0
    private(set) var killed = false

    init(_ fault: CommitFault?) { self.fault = fault }

    /// `killOnly`: a step past the commit point, where only a kill is simulated (a failure there
    /// is ignored, as a real one is).
    func next(_ path: String, killOnly: Bool = false) throws(FileSystem.Failure) {
        defer { count += 1 }
        guard let fault, fault.step == count, !killOnly || fault.kind == .kill else { return }
        killed = fault.kind == .kill
        throw FileSystem.Failure(path: path, operation: "commit step \(count) (a fault injected by a test)", code: EIO)
    }
}

/// What a commit under way changes, written before it changes anything.
enum Journal: Equatable {
    struct Entry: Equatable {
        enum Change: String { case create, replace, remove }
        var change: Change
        var path: String
    }

    /// A full build: the staging folder, by identity, is being exchanged with the output.
    case exchange(device: UInt64, inode: UInt64)
    /// An incremental build: files created, replaced or removed.
    case changes([Entry])

    static let header = "build-site-journal 1"

    func encoded() -> [UInt8] {
        var out = RecordWriter()
        out.line(Self.header)
        switch self {
        case .exchange(let device, let inode):
            out.field("exchange"); out.field(hex: device); out.field(hex: inode); out.endLine()
        case .changes(let entries):
            for e in entries { out.line(e.change.rawValue, e.path) }
        }
        out.line("end")
        return out.bytes
    }

    /// Nil unless the whole journal is there, up to its `end` line.
    init?(_ bytes: [UInt8]) {
        var result: Journal?
        var lines = 0
        var ended = false
        var entries: [Entry] = []
        var valid = true
        bytes.withUnsafeBufferPointer { buf in
            RecordReader.forEachLine(buf) { _, f in
                defer { lines += 1 }
                if lines == 0 {
                    valid = RecordReader.text(buf, f[0]) == Self.header && f.count == 1
                    return valid
                }
                guard !ended else { valid = false; return false }
                if RecordReader.equal(buf, f[0], "end") { ended = true; return true }
                if RecordReader.equal(buf, f[0], "exchange") {
                    guard f.count == 3, let d = RecordReader.hex(buf, f[1]), let i = RecordReader.hex(buf, f[2]) else { valid = false; return false }
                    result = .exchange(device: d, inode: i)
                    return true
                }
                guard f.count == 2, let change = Entry.Change(rawValue: RecordReader.text(buf, f[0])),
                      let path = OutputPath(RecordReader.text(buf, f[1])) else { valid = false; return false }
                entries.append(Entry(change: change, path: path.value))
                return true
            }
        }
        guard valid, ended else { return nil }
        self = result ?? .changes(entries)
    }
}
