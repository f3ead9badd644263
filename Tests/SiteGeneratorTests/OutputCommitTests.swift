import Foundation
@testable import SiteCore
import Testing

/// The commit protocol on its own, on small folders: every step of both kinds of commit is made to
/// fail, and to be killed, and the folder is checked after each.
@Suite("The commit: every step fails or is killed safely")
struct OutputCommitTests {
    /// Every file under `root` (relative path → text), plus the manifest beside it.
    func state(_ folder: TemporaryFolder) -> [String: String] {
        var result: [String: String] = [:]
        for (path, data) in snapshot(folder.path + "/Public") { result[path] = String(decoding: data, as: UTF8.self) }
        result["(manifest)"] = folder.read(".Public.manifest") ?? "(none)"
        return result
    }

    func leftovers(_ folder: TemporaryFolder) -> [String] {
        [".Public.journal", ".Public.manifest.next", ".Public.backup", ".Public.staging"].filter { folder.exists($0) }
    }

    /// The previous site, and a staged build that replaces one file, creates two (one in new
    /// folders), and removes two (one the last in its folder).
    func changes() -> (TemporaryFolder, OutputFolder, staged: [String], removals: [String]) {
        let folder = TemporaryFolder()
        for (path, text) in ["index.html": "old home", "b/c.html": "old c", "d.txt": "old d", "e/f.txt": "old f", "keep.html": "kept"] {
            folder.write("Public/" + path, text)
        }
        folder.write(".Public.manifest", "OLD")
        for (path, text) in ["index.html": "new home", "b/new.html": "new b", "g/h/i.html": "new i"] {
            folder.write(".Public.staging/" + path, text)
        }
        return (folder, OutputFolder(folder.path + "/Public"), ["index.html", "b/new.html", "g/h/i.html"], ["d.txt", "e/f.txt"])
    }

    let newState: [String: String] = ["index.html": "new home", "b/c.html": "old c", "b/new.html": "new b", "g/h/i.html": "new i",
                                      "keep.html": "kept", "(manifest)": "NEW"]

    @Test("changes: a failure at any step undoes the commit; a kill is undone or finished by recovery", arguments: [CommitFault.Kind.error, .kill])
    func changesAtEveryStep(_ kind: CommitFault.Kind) throws {
        var step = 0
        var sawOld = false, sawNew = false
        while true {
            let (folder, output, staged, removals) = changes()
            let old = state(folder)
            do {
                try OutputCommit.apply(output, staged: staged, removals: removals, manifest: { $0(Array("NEW".utf8)) }, fault: CommitFault(step: step, kind: kind))
                #expect(state(folder) == newState)
                #expect(leftovers(folder).isEmpty)
                #expect(!folder.exists("Public/e"), "a folder emptied by a removal stays")
                break
            } catch {
                #expect(error.description.contains("commit step \(step)"))
            }
            if kind == .error {
                #expect(state(folder) == old, "step \(step)")
                #expect(leftovers(folder).isEmpty, "step \(step): \(leftovers(folder))")
                #expect(!folder.exists("Public/g"), "step \(step): a folder the commit made stays")
            } else {
                OutputCommit.recover(output)
                OutputCommit.recover(output)  // twice: recovery is idempotent
                let after = state(folder)
                #expect(after == old || after == newState, "step \(step): \(after)")
                if after == old { sawOld = true } else { sawNew = true }
                #expect(leftovers(folder).isEmpty, "step \(step): \(leftovers(folder))")
            }
            step += 1
        }
        // next, journal, replace (2), create ×2 (1 each), remove ×2 (1 each), commit point; then 4 of tidying up (kills only)
        #expect(step == (kind == .error ? 9 : 13), "steps: \(step)")
        if kind == .kill { #expect(sawOld && sawNew) }
    }

    @Test("a full build's exchange: a failure at any step undoes it; a kill is undone or finished", arguments: [CommitFault.Kind.error, .kill])
    func exchangeAtEveryStep(_ kind: CommitFault.Kind) throws {
        var step = 0
        while true {
            let folder = TemporaryFolder()
            folder.write("Public/index.html", "old home")
            folder.write("Public/.gitkeep", "")
            folder.write(".Public.manifest", "OLD")
            folder.write(".Public.staging/index.html", "new home")
            folder.write(".Public.staging/a/b.html", "new b")
            let output = OutputFolder(folder.path + "/Public")
            let old = state(folder)
            let new: [String: String] = ["index.html": "new home", "a/b.html": "new b", ".gitkeep": "", "(manifest)": "NEW"]
            do {
                try OutputCommit.replaceAll(output, manifest: { $0(Array("NEW".utf8)) }, fault: CommitFault(step: step, kind: kind))
                #expect(state(folder) == new)
                #expect(leftovers(folder).isEmpty)
                break
            } catch {
                #expect(error.description.contains("commit step \(step)"))
            }
            if kind == .kill { OutputCommit.recover(output) }
            let after = state(folder)
            #expect(kind == .kill ? (after == old || after == new) : after == old, "step \(step): \(after)")
            #expect(leftovers(folder).isEmpty, "step \(step): \(leftovers(folder))")
            step += 1
        }
        #expect(step == (kind == .error ? 5 : 9))  // .gitkeep, next, journal, exchange, commit point; 4 of tidying up (kills only)
    }

    @Test("a folder where a staged file must go fails before anything changes")
    func folderInTheWay() throws {
        let (folder, output, _, _) = changes()
        folder.write(".Public.staging/b", "a file where the output has a folder")
        let old = state(folder)
        #expect(throws: FileSystem.Failure.self) {
            try OutputCommit.apply(output, staged: ["b"], removals: [], manifest: { $0(Array("NEW".utf8)) })
        }
        #expect(state(folder) == old)
    }

    @Test("a damaged journal never moves a file outside the output")
    func hostileJournal() throws {
        let (folder, output, _, _) = changes()
        folder.write("outside.txt", "mine")
        folder.write(".Public.journal", "build-site-journal 1\ncreate\t../outside.txt\nend\n")
        folder.write(".Public.manifest.next", "NEW")
        OutputCommit.recover(output)
        #expect(folder.read("outside.txt") == "mine")
        #expect(!folder.exists(".Public.journal"))
    }
}
