import SiteCore
import Synchronization
import Templates

/// The render stage: the bodies a rebuild needs that its cache left out, the search index when
/// its files are written, every job to run rendered or copied into the staging folder on all cores.
struct RenderStage {
    /// Loads bodies into the site model (rendering their Markdown again) for the pages that show them.
    struct BodyLoader {
        let site: Site
        let checked: CheckedContent
        let options: BuildOptions

        func load(_ entries: some Sequence<Int>) {
            let missing = Array(Set(entries).filter { !site.entries[$0].bodyLoaded }).sorted()
            let articles = missing.map { site.entries[$0].article }
            let (options, context) = (options, checked.context)
            let loaded = parallelMap(missing.count) { ContentChecker.loadBody(articles[$0], options, context: context) }
            for (n, i) in missing.enumerated() { site.setBody(loaded[n], at: i) }
        }
    }

    let jobs: [OutputJob]
    let work: WorkList
    let output: OutputFolder
    let searchIndex: SearchIndexCache

    /// What the render stage left for the record stage.
    struct Result {
        let writer: PageWriter
        /// Each file written, by job: its stamp (from the open file) and digest.
        let staged: StagedFiles
        /// By job, one that ran and wrote nothing: why.
        let unchanged: [Unchanged?]
    }

    /// Why a job that ran wrote nothing.
    enum Unchanged: Sendable {
        /// Made, and found identical to the file already there.
        case identical
        /// Not made again: the search index's patch leaves the file as the last build wrote it.
        case untouched
    }

    /// Loads the bodies the rendering ahead needs (the feeds' entries), and decides how the search
    /// index is made when its files are written: patched (the bodies of the documents that
    /// changed are loaded for it), or built afresh from every body. Returns whether it is built afresh.
    func prepare(_ site: Site, bodies: BodyLoader, previous: BuildManifest?, documentHashes: [UInt64]) -> Bool {
        bodies.load(work.toRun.filter { jobs[$0].isFeed }.flatMap { jobs[$0].bodies })
        guard work.toRun.contains(where: { jobs[$0].searchIndex }) else { return false }
        let plan = work.incremental
            ? SearchIndexPlan.decide(site, hashes: documentHashes, previous: previous, outputRoot: output.root, loadBodies: bodies.load)
            : .build
        searchIndex.use(plan)
        guard case .build = plan else { return false }
        return true
    }

    /// The staging folder the jobs are written into, and the scratch file in it that keeps the
    /// list cards (`RenderContext`).
    func open() throws(BuildFailure) -> (writer: PageWriter, cards: ScratchFile) {
        let writer: PageWriter
        do { writer = try PageWriter(output) } catch { throw .output(error.description) }
        do { return (writer, try ScratchFile(directory: writer.stagingRoot, holding: "list cards")) } catch {
            writer.abandon()
            throw .output(error.description)
        }
    }

    /// Renders and stages every job to run, on all cores, in three steps:
    /// 1. the jobs that show bodies (article pages, search fragments, feeds), a segment of
    ///    `segmentSize` entries at a time: the segment's bodies loaded, its search documents' units put in
    ///    a scratch file when the index is built afresh, the jobs whose last body is in it rendered,
    ///    and every body no later job shows released — so that bodies are held for a segment, not
    ///    for the archive;
    /// 2. the search index, built afresh from the scratch file's documents (on all cores of its own);
    /// 3. every other job (list pages, the index's files).
    func run(_ context: RenderContext, writer: PageWriter, buildsIndex: Bool, bodies: BodyLoader, progress: (@Sendable (BuildProgress) -> Void)?,
             clock: inout StageClock) throws(BuildFailure) -> Result {
        let failures = Locked<[String]>([])
        let unchanged = Locked<[Unchanged?]>(Array(repeating: nil, count: jobs.count))
        let staged = Locked(StagedFiles(jobs: jobs.count))
        let finished = Atomic<Int>(0)
        let started = clock
        let jobs = self.jobs, toRun = work.toRun, incremental = work.incremental, root = output.root, cache = searchIndex
        @Sendable func run(_ index: Int) {
            defer {
                let done = finished.wrappingAdd(1, ordering: .relaxed).newValue
                if done % 256 == 0 { progress?(BuildProgress(stage: .writing, done: done, total: toRun.count, elapsed: started.elapsed)) }
            }
            let job = jobs[index]
            func stage(text: String) throws(FileSystem.Failure) {
                if incremental, let old = try? FileSystem.readBytes(root + "/" + job.path.value), old.withUnsafeBufferPointer({ ByteSearch.equal(text, $0) }) {
                    unchanged.withLock { $0[index] = .identical }
                    return
                }
                let file = try writer.write(job.path, text)
                staged.withLock { $0[index] = file }
            }
            func stage(bytes: [UInt8]) throws(FileSystem.Failure) {
                if incremental, let old = try? FileSystem.readBytes(root + "/" + job.path.value), old == bytes {
                    unchanged.withLock { $0[index] = .identical }
                    return
                }
                let file = try writer.write(job.path, bytes)
                staged.withLock { $0[index] = file }
            }
            do {
                switch job.content {
                case .render, .articlePage:
                    try stage(text: job.content.text(context)!)
                case .searchFragment(let i):
                    try stage(bytes: SearchFiles.fragment(context.site, i))
                case .fromJobs(let render):
                    try stage(text: render(context, jobs))
                case .bytes(let render):
                    guard let bytes = render(context) else {
                        unchanged.withLock { $0[index] = .untouched }
                        return
                    }
                    try stage(bytes: bytes)
                case .copy(let source):
                    if let file = try writer.copy(from: source, to: job.path) { staged.withLock { $0[index] = file } }
                case .image(let make):
                    try stage(bytes: try make())
                case .checksums:
                    break  // after every other job: `stageChecksums`
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        func runAll(_ ordered: [Int]) {
            let chunk = 8
            parallelForEach((ordered.count + chunk - 1) / chunk, chunk: 1) { c in
                for n in (c * chunk)..<min(ordered.count, (c + 1) * chunk) { run(ordered[n]) }
            }
        }

        let site = context.site
        // The search index's documents and pieces, on disk in the staging folder (unlinked: never seen there).
        let scratch: ScratchFile?
        do { scratch = buildsIndex ? try ScratchFile(directory: writer.stagingRoot) : nil } catch {
            writer.abandon()
            throw .output(error.description)
        }
        var documentRecords = [Int](repeating: -1, count: buildsIndex ? site.entries.count : 0)
        var words = SearchUnits.WordTable()
        var weights: [UInt32] = []
        // 1. Jobs that show bodies, each in the segment of the last entry it shows.
        let showing = toRun.filter { !jobs[$0].bodies.isEmpty }
        let segments = (site.entries.count + Self.segmentSize - 1) / Self.segmentSize
        var bySegment = [[Int]](repeating: [], count: segments)
        var pending = [Int32](repeating: 0, count: site.entries.count)
        for j in showing {
            bySegment[jobs[j].bodies.max()! / Self.segmentSize].append(j)
            for e in jobs[j].bodies { pending[e] += 1 }
        }
        var spilled = true
        for s in 0..<segments {
            let range = (s * Self.segmentSize)..<min(site.entries.count, (s + 1) * Self.segmentSize)
            guard scratch != nil || !bySegment[s].isEmpty || range.contains(where: { pending[$0] > 0 }) else { continue }
            bodies.load(range.filter { scratch != nil || pending[$0] > 0 })
            if let scratch {
                // Units made on all cores, each document with a word table of its own, then coded in the build's.
                var made = parallelMap(range.count) { k in
                    var local = SearchUnits.WordTable()
                    return (SearchFiles.document(site, range.lowerBound + k).units(words: &local), local)
                }
                for k in made.indices {
                    made[k].0.recode(from: made[k].1, into: &words)
                    SearchIndex.PassPlan.count(made[k].0.units, into: &weights)
                }
                let units = made.map(\.0)
                made = []
                let encoded = parallelMap(units.count) { units[$0].encoded }
                if let records = scratch.append(encoded) {
                    for (k, e) in range.enumerated() { documentRecords[site.entries.count - 1 - e] = records.lowerBound + k }
                } else {
                    spilled = false
                }
            }
            runAll(bySegment[s])
            for j in bySegment[s] { for e in jobs[j].bodies { pending[e] -= 1; if pending[e] == 0 { site.releaseBody(at: e) } } }
            for e in range where pending[e] == 0 && site.entries[e].bodyLoaded { site.releaseBody(at: e) }
        }
        // Every feed that shows entries is written (each is a job that shows bodies): the entries
        // rendered ahead for them go.
        context.releaseFeedEntries()
        clock.mark("articles")
        // 2. The index, from the documents' units put aside.
        func scratchFailed() -> BuildFailure {
            writer.abandon()
            return .output(scratch?.failure?.description ?? "\(writer.stagingRoot): the search index's scratch file could not be read back")
        }
        if let scratch {
            let unreadable = Atomic<Bool>(false)
            guard spilled else { throw scratchFailed() }
            let records = documentRecords
            cache.build(count: site.entries.count, words: words, weights: weights, scratch: scratch) { d in
                guard let bytes = scratch.read(records[d]), let units = SearchIndex.DocumentUnits(encoded: bytes) else {
                    unreadable.store(true, ordering: .relaxed)
                    return SearchIndex.DocumentUnits(units: [], titleEnd: 0, placesEnd: 0, shortEnd: 0)
                }
                return units
            }
            if unreadable.load(ordering: .relaxed) { throw scratchFailed() }
        }
        clock.mark("index")
        // 3. Everything else; files made through libvips last: once loaded, it and Pango's fonts
        // stay mapped (40 MiB for the share card alone), which beside the list pages and the
        // sitemaps made the peak of a 100,000-article build.
        let rest = toRun.filter { jobs[$0].bodies.isEmpty }
        runAll(rest.filter { !jobs[$0].content.isImage } + rest.filter { jobs[$0].content.isImage })
        // A stage's end gives what it freed back to the system: at 100,000 articles the list
        // pages' leftovers and `SHA256SUMS`, made beside them, were 20 MiB over the index's peak.
        clock.mark("pages")
        if !cache.intact { throw scratchFailed() }
        let problems = failures.withLock { $0 }.sorted()
        guard problems.isEmpty else {
            writer.abandon()
            // One cause (a full disk) fails every file after it: its first few say enough.
            var message = problems.prefix(3).joined(separator: "\n")
            if problems.count > 3 { message += "\n… and \(problems.count - 3) more files could not be written" }
            throw .output(message)
        }
        return try stageChecksums(Result(writer: writer, staged: staged.withLock { $0 }, unchanged: unchanged.withLock { $0 }))
    }

    /// Entries whose bodies are held at once (about 15 KB each, HTML and text).
    static let segmentSize = 512

    /// `SHA256SUMS`, from the last one and the digests of the files just staged; staged too unless
    /// it comes out as it was.
    private func stageChecksums(_ result: Result) throws(BuildFailure) -> Result {
        guard let index = jobs.lastIndex(where: { if case .checksums = $0.content { return true } else { return false } }) else { return result }
        let current = output.root + "/" + ChecksumList.path
        let previous = work.incremental ? try? FileSystem.readBytes(current) : nil
        // The list's files: every job's but its own.
        let staged = result.staged
        // The same files as the last list: the staged ones' digests written over their lines.
        let patched = previous.flatMap { previous -> [UInt8]? in
            guard work.samePaths else { return nil }
            var digests: [String: SHA256Digest] = [:]
            for (job, file) in staged where job != index { digests[jobs[job].path.value] = file.sha256 }
            return ChecksumList.updating(previous, with: digests, lines: jobs.count - 1)
        }
        let all = jobs
        let text = patched ?? ChecksumList.text(count: all.count - 1, path: { all[$0 < index ? $0 : $0 + 1].path.value },
                                                staged: { staged[$0 < index ? $0 : $0 + 1]?.sha256 }, previous: previous, root: output.root)
        var written = staged, unchanged = result.unchanged
        if let previous, previous == text {
            unchanged[index] = .identical
        } else {
            do { written[index] = try result.writer.write(jobs[index].path, text) } catch { throw .output(error.description) }
        }
        return Result(writer: result.writer, staged: written, unchanged: unchanged)
    }
}
