import SiteCore

/// The rules that keep a build from replacing what is not its own. A full build swaps in a new
/// output folder and deletes the old one, so a mistyped `--output` could otherwise delete the
/// content, the project or any folder on the machine. Both checks run before anything is touched.
enum OutputSafety {
    /// The output folder of a build: refused if it is one a build must not touch; otherwise a
    /// commit that a killed build left there is undone or finished first.
    static func open(_ options: BuildOptions) throws(BuildFailure) -> OutputFolder {
        let output = OutputFolder(options.outputPath)
        if let problem = placementProblem(of: output, shownAs: options.outputPath, content: options.contentPath) { throw .refused(problem) }
        OutputCommit.recover(output)
        return output
    }

    /// A full build replaces the whole folder: never one holding files that are not ours.
    static func ensureReplaceable(_ output: OutputFolder, shownAs shown: String, writing paths: [String]) throws(BuildFailure) {
        if let foreign = foreignFile(in: output, known: Set(paths), manifest: output.manifest) {
            throw .refused(foreignFileMessage(foreign, shownAs: shown))
        }
    }

    /// A reason to refuse when the output folder is the content folder, holds it, or sits inside
    /// it (compared after symbolic links are resolved), or is the file system's root.
    static func placementProblem(of output: OutputFolder, shownAs shown: String, content: String) -> String? {
        let content = OutputFolder.resolve(content)
        let out = output.root
        if out == "/" { return "refusing to build into '\(shown)': it is the root of the file system; give --output a folder of its own, e.g. Public" }
        if out == content {
            return "refusing to build into '\(shown)': it is the content folder, and a build replaces its output folder; give --output another folder, e.g. Public"
        }
        if content.hasPrefix(out + "/") {
            return "refusing to build into '\(shown)': it holds the content folder (\(content)), and a build replaces its output folder; give --output a folder of its own, e.g. Public"
        }
        if out.hasPrefix(content + "/") {
            return "refusing to build into '\(shown)': it is inside the content folder (\(content)); give --output a folder outside it, e.g. Public"
        }
        return nil
    }

    /// The first file (in path order) in the output folder that no build of ours wrote: not a path
    /// this build writes, not one the last build recorded in its manifest (read leniently: a
    /// damaged manifest still names the files it lists), and not a file git keeps in an empty folder.
    static func foreignFile(in output: OutputFolder, known: Set<String>, manifest: String) -> String? {
        guard FileSystem.kind(output.root) == .directory else { return nil }
        let recorded: Set<String>
        switch ManifestFile.open(manifest) {
        case .whole(let file), .damaged(let file?): recorded = file.recordedOutputPaths()
        default: recorded = []
        }
        func firstForeign(_ relative: String) -> String? {
            let folder = relative.isEmpty ? output.root : output.root + "/" + relative
            guard let entries = try? FileSystem.listWithTypes(folder) else { return relative.isEmpty ? nil : relative + "/" }
            for entry in entries {
                let path = relative.isEmpty ? entry.name : relative + "/" + entry.name
                let kind = entry.type ?? FileSystem.kind(output.root + "/" + path)
                if kind == .directory {
                    if let found = firstForeign(path) { return found }
                } else if !known.contains(path) && !recorded.contains(path) && !(relative.isEmpty && OutputFolder.keptNames.contains(entry.name)) {
                    return path
                }
            }
            return nil
        }
        return firstForeign("")
    }

    static func foreignFileMessage(_ file: String, shownAs shown: String) -> String {
        let folder = shown.hasSuffix("/") ? shown : shown + "/"
        return "refusing to build into '\(shown)': it holds \(folder)\(file), which no build of build-site wrote, and a full build "
            + "replaces the whole folder; move that file into Content/static/ to publish it (or elsewhere to keep it), "
            + "or give --output a new or empty folder"
    }
}
