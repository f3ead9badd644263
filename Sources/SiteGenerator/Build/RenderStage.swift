import SiteCore
import Synchronization
import Templates

/// The render stage: the bodies a rebuild needs that its cache left out, the search index when
/// its files are written, every job to run rendered or copied into the staging folder on all cores.
struct RenderStage {
    let jobs: [OutputJob]
    let work: WorkList
    let output: OutputFolder
    let searchIndex: SearchIndexCache

    /// What the render stage left for the record stage.
    struct Result {
        let writer: PageWriter
        /// Each file written, by job: its stamp (from the open file) and digest.
        let staged: [Int: PageWriter.Staged]
        /// Jobs rendered, found identical to the file already there, and not written.
        let unchanged: Set<String>
    }

    /// Loads the bodies the jobs to run need, and decides how the search index is made when its
    /// files are written: patched (the bodies of the documents that changed), or built afresh
    /// (every body). Returns whether it is built afresh.
    func prepare(_ site: Site, checked: CheckedContent, options: BuildOptions, previous: BuildManifest?, documentHashes: [UInt64]) -> Bool {
        func load(_ entries: some Sequence<Int>) {
            let missing = Array(Set(entries).filter { !site.entries[$0].bodyLoaded }).sorted()
            let articles = missing.map { site.entries[$0].article }
            let loaded = parallelMap(missing.count) { ContentChecker.loadBody(articles[$0], options, context: checked.context) }
            for (n, i) in missing.enumerated() { site.setBody(loaded[n], at: i) }
        }
        load(work.toRun.flatMap { jobs[$0].bodies })
        guard work.toRun.contains(where: { jobs[$0].searchIndex }) else { return false }
        let plan = work.incremental
            ? SearchIndexPlan.decide(site, hashes: documentHashes, previous: previous, outputRoot: output.root, loadBodies: load)
            : .build
        searchIndex.use(plan)
        guard case .build = plan else { return false }
        load(site.entries.indices)
        return true
    }

    /// Renders and stages every job to run, on all cores, after the search index is built when its
    /// files are written (the build is parallel in itself).
    func run(_ context: RenderContext, buildsIndex: Bool, progress: (@Sendable (BuildProgress) -> Void)?, clock: StageClock) throws(BuildFailure) -> Result {
        let writer: PageWriter
        do { writer = try PageWriter(output) } catch { throw .output(error.description) }
        let failures = Locked<[String]>([])
        let unchanged = Locked<Set<String>>([])
        let staged = Locked<[Int: PageWriter.Staged]>([:])
        let finished = Atomic<Int>(0)
        let jobs = self.jobs, toRun = work.toRun, incremental = work.incremental, root = output.root, cache = searchIndex
        @Sendable func run(_ index: Int) {
            defer {
                let done = finished.wrappingAdd(1, ordering: .relaxed).newValue
                if done % 256 == 0 { progress?(BuildProgress(stage: .writing, done: done, total: toRun.count, elapsed: clock.elapsed)) }
            }
            let job = jobs[index]
            do {
                switch job.content {
                case .render(let render):
                    let text = render(context)
                    if incremental, let old = try? FileSystem.readBytes(root + "/" + job.path.value), old.elementsEqual(text.utf8) {
                        unchanged.withLock { _ = $0.insert(job.path.value) }
                        return
                    }
                    let file = try writer.write(job.path, text)
                    staged.withLock { $0[index] = file }
                case .bytes(let render):
                    guard let bytes = render(context) else {
                        unchanged.withLock { _ = $0.insert(job.path.value) }
                        return
                    }
                    if incremental, let old = try? FileSystem.readBytes(root + "/" + job.path.value), old == bytes {
                        unchanged.withLock { _ = $0.insert(job.path.value) }
                        return
                    }
                    let file = try writer.write(job.path, bytes)
                    staged.withLock { $0[index] = file }
                case .copy(let source):
                    if let file = try writer.copy(from: source, to: job.path) { staged.withLock { $0[index] = file } }
                case .image(let make):
                    let bytes = try make()
                    if incremental, let old = try? FileSystem.readBytes(root + "/" + job.path.value), old == bytes {
                        unchanged.withLock { _ = $0.insert(job.path.value) }
                        return
                    }
                    let file = try writer.write(job.path, bytes)
                    staged.withLock { $0[index] = file }
                case .checksums:
                    break  // after every other job: `stageChecksums`
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        // The index first, on all cores of its own (its runs of documents in parallel); then every job.
        if buildsIndex { _ = cache.index(context.site) }
        let ordered = toRun
        let chunk = 8
        parallelForEach((ordered.count + chunk - 1) / chunk, chunk: 1) { item in
            let c = item
            for n in (c * chunk)..<min(ordered.count, (c + 1) * chunk) { run(ordered[n]) }
        }
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

    /// `SHA256SUMS`, from the last one and the digests of the files just staged; staged too unless
    /// it comes out as it was.
    private func stageChecksums(_ result: Result) throws(BuildFailure) -> Result {
        guard let index = jobs.lastIndex(where: { if case .checksums = $0.content { return true } else { return false } }) else { return result }
        var digests: [String: String] = [:]
        for (i, file) in result.staged { digests[jobs[i].path.value] = file.sha256 }
        let current = output.root + "/" + ChecksumList.path
        let previous = work.incremental ? try? FileSystem.readBytes(current) : nil
        let text = ChecksumList.text(paths: jobs.indices.filter { $0 != index }.map { jobs[$0].path.value }, staged: digests,
                                     previous: previous, root: output.root)
        var staged = result.staged, unchanged = result.unchanged
        if let previous, previous.elementsEqual(text.utf8) {
            unchanged.insert(ChecksumList.path)
        } else {
            do { staged[index] = try result.writer.write(jobs[index].path, text) } catch { throw .output(error.description) }
        }
        return Result(writer: result.writer, staged: staged, unchanged: unchanged)
    }
}
