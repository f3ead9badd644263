import SiteCore
import Templates

/// The scan stage: what the build reads (every content file's stamp, the settings, the stylesheet,
/// the generator itself) and the header of the last build's manifest — enough to tell that nothing
/// changed without reading anything else.
struct Scan: Sendable {
    let output: OutputFolder
    let inventory: ContentInventory
    /// Every content file's stamp and content hash, the settings files (`ContentLoader.settingsFiles`) included.
    let inputs: InputStamps
    let stylesheet: String
    /// Options, the settings files, the stylesheet and the bundled assets.
    let settings: UInt64
    /// The generator binary: a new one may render differently.
    let tool: UInt64
    /// The last build's manifest, checked whole, with its header read; nil for a full build.
    let manifest: ManifestFile?
    let header: BuildManifest?
    /// A damaged manifest is reported, then ignored.
    let warnings: [Diagnostic]

    static func read(_ options: BuildOptions, output: OutputFolder) throws(BuildFailure) -> Scan {
        // The last build's manifest is read and checked whole on another thread while this one
        // walks the content folder: neither needs the other, and the walk is on one core.
        let path = output.manifest
        let opening = options.incremental && FileSystem.kind(output.root) == .directory ? Background { ManifestFile.open(path) } : nil
        var inventory = ContentScanner(root: options.contentPath).scan()
        var manifest: ManifestFile?
        var warnings: [Diagnostic] = []
        switch opening?.wait() {
        case .whole(let file)?: manifest = file
        case .damaged?:
            warnings.append(.warning(SourceLocation(file: output.manifest),
                                     "the record of the last build is damaged (cut short or changed by hand): every page is built again"))
        case .missing?, nil: break
        }
        var stylesheet = Assets.stylesheet
        if let file = options.stylesheetFile {
            do { stylesheet = String(decoding: try FileSystem.readBytes(file), as: UTF8.self) } catch { throw .output("stylesheet: \(error)") }
        }
        let header = manifest?.readHeader()
        let inputs = contentStamps(&inventory, contentRoot: options.contentPath, previous: header?.inputs ?? InputStamps())
        return Scan(output: output, inventory: inventory, inputs: inputs, stylesheet: stylesheet,
                    settings: settingsHash(options, stylesheet: stylesheet), tool: toolFingerprint(), manifest: header == nil ? nil : manifest,
                    header: header, warnings: warnings)
    }

    /// Each content file's stamp and content hash. A file whose stamp differs from the last build's
    /// is read and hashed; if its bytes are the same (a fresh clone gives every file a new
    /// modification time), the recorded stamp stands for it — here and in the inventory — so a
    /// build in a new checkout is as incremental as one in the old.
    static func contentStamps(_ inventory: inout ContentInventory, contentRoot: String, previous: InputStamps) -> InputStamps {
        // The settings files beside the walked folders' files (never among them: they sit at the
        // top of the content folder, which the walk does not list).
        let settings = Dictionary(uniqueKeysWithValues: ContentLoader.settingsFiles.compactMap { name in
            FileSystem.stamp(contentRoot + "/" + name).map { (name, $0) }
        })
        // Every file with its stamp, in path order: the walked ones (`place` in the inventory's
        // lists), then the settings files (no place).
        var files = inventory.paths.indices.map { (path: inventory.paths[$0], stamp: inventory.pathStamps[$0], place: $0) }
        files += settings.map { (path: $0.key, stamp: $0.value, place: -1) }
        files.sort { $0.path < $1.path }
        // The last build's stamp of each path, found walking both lists in path order.
        var recorded = [BuildManifest.InputStamp?](repeating: nil, count: files.count)
        var walk = previous.makeIterator(), next = walk.next()
        for (i, file) in files.enumerated() {
            while let n = next, n.path < file.path { next = walk.next() }
            if let n = next, n.path == file.path { recorded[i] = n.input }
        }
        let old = recorded, listed = files
        let read = parallelMap(listed.count) { i -> BuildManifest.InputStamp? in
            let path = listed[i].path, stamp = listed[i].stamp
            if let old = old[i], old.stamp == stamp { return old }
            guard let hash = FileSystem.contentHash(contentRoot + "/" + path) else { return nil }
            if let old = old[i], old.hash == hash { return old }
            return BuildManifest.InputStamp(stamp: stamp, hash: hash)
        }
        var inputs: [(path: String, input: BuildManifest.InputStamp)] = []
        inputs.reserveCapacity(files.count)
        for (i, file) in files.enumerated() {
            guard let input = read[i] else { continue }
            inputs.append((file.path, input))
            // A walked file whose bytes are the last build's under another stamp (a fresh clone)
            // takes the recorded one, in both of the inventory's lists.
            if file.place >= 0 && file.stamp != input.stamp {
                inventory.stamps[file.path] = input.stamp
                inventory.pathStamps[file.place] = input.stamp
            }
        }
        return InputStamps(inputs)
    }

    /// The last build's header, when the same generator wrote it under the same settings and no
    /// article it held back has fallen due since: what the short paths need.
    func sameBuild(now: PublishDate) -> BuildManifest? {
        guard let header, header.tool == tool, header.settings == settings, header.stats != nil,
              header.nextDue.map({ $0 > now.epochSeconds }) ?? true else { return nil }
        return header
    }

    /// Nothing changed: no file, no setting, no held-back article fallen due, and every output file
    /// as the last build wrote it (one changed or deleted by hand is built again).
    func upToDate(_ options: BuildOptions) -> BuildReport? {
        guard let header = sameBuild(now: options.now), header.inputs == inputs, let stats = header.stats,
              manifest?.outputsAsRecorded(in: output.root) == true else { return nil }
        return BuildReport(articles: stats.articles, htmlPages: stats.htmlPages, files: stats.files, heldBackDrafts: stats.drafts,
                           heldBackFuture: stats.future, warnings: [], outputPath: options.outputPath, written: 0, removed: 0, unchanged: true)
    }

    /// The whole manifest, when this generator wrote it: the cache of articles and the record of outputs.
    func previousManifest() -> BuildManifest? {
        guard let header, header.tool == tool else { return nil }
        return manifest?.readRecords(after: header)
    }

    /// Options and the files every page depends on.
    static func settingsHash(_ options: BuildOptions, stylesheet: String) -> UInt64 {
        var h = StableHasher()
        h.combine(options.includeDrafts ? 1 : 0)
        h.combine(options.includeFuture ? 1 : 0)
        h.combine(options.baseURLOverride ?? "")
        h.combine(stylesheet)
        // Bundled assets ship beside the binary, not in it: they count as settings too.
        h.combine(Assets.searchScript)
        h.combine(Assets.toolsScript)
        h.combine(Assets.favicon)
        for name in ContentLoader.settingsFiles {
            h.combine((try? FileSystem.readBytes(options.contentPath + "/" + name)) ?? [])
        }
        return h.value
    }

    /// The generator binary's size and modification time: a rebuilt generator starts afresh.
    static func toolFingerprint() -> UInt64 {
        var h = StableHasher()
        let exe = FileSystem.realPath("/proc/self/exe") ?? CommandLine.arguments.first ?? ""
        h.combine(exe)
        if let stamp = FileSystem.stamp(exe) { h.combine(stamp.size); h.combine(stamp.modifiedNanoseconds) }
        return h.value
    }
}

/// Times the stages of a build for `--verbose`, and reports progress.
struct StageClock {
    private let start = Monotonic.seconds()
    private var lap = 0.0
    private(set) var stages: [(name: String, seconds: Double, peakMiB: Int, keptMiB: Int)] = []
    let progress: (@Sendable (BuildProgress) -> Void)?

    init(progress: (@Sendable (BuildProgress) -> Void)?) { self.progress = progress }

    var elapsed: Double { Monotonic.seconds() - start }

    /// Ends a stage. What the stage freed goes back to the system first when it is much (32 MiB or
    /// more): each thread's heap keeps its peak otherwise (trimming is off within a stage, see
    /// `cplatform_keep_freed_memory`), and the next stage, on other threads, would grow beside it.
    mutating func mark(_ name: String) {
        releaseFreedMemory()
        let now = elapsed, kept = residentMemoryMiB()
        // The kernel counts resident pages per thread and adds them up in batches: the high-water
        // mark can trail the resident count by a few pages. The peak is at least what is resident.
        stages.append((name, now - lap, max(peakMemoryMiB(), kept), kept))
        lap = now
    }

    /// The report with the stages' times; progress says the build is done.
    func finish(_ report: BuildReport) -> BuildReport {
        var report = report
        report.stages = stages
        progress?(BuildProgress(stage: .done, done: report.written, total: report.written, elapsed: elapsed))
        return report
    }
}
