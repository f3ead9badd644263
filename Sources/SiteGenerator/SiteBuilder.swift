import SiteCore
import Synchronization
import Templates
#if canImport(Glibc)
import Glibc
#endif

/// The whole pipeline: load → check → index → render → write, then the output is put in place.
///
/// A first build (or `--force`) writes every file into a staging folder and swaps it with the
/// output in one step. Later builds read the manifest the previous one left beside the output:
/// unchanged articles come from its cache, only pages whose inputs changed are rendered, and only
/// those are replaced, so unchanged files keep their bytes and modification times.
public enum SiteBuilder {
    public static func build(_ options: BuildOptions) throws(BuildFailure) -> BuildReport {
        let clock = Stopwatch()
        var stages: [(name: String, seconds: Double)] = []
        var lap = 0.0
        func mark(_ name: String) {
            let now = clock.seconds
            stages.append((name, now - lap))
            lap = now
        }
        let files = OutputFolder(options.outputPath)
        if let problem = OutputSafety.placementProblem(of: files, shownAs: options.outputPath, content: options.contentPath) {
            throw .refused(problem)
        }
        OutputCommit.recover(files)

        let outputExists = FileSystem.kind(files.root) == .directory
        let tool = toolFingerprint()
        // The manifest's header first: it is enough to see that nothing changed.
        var manifestFile: ManifestFile?
        var manifestWarnings: [Diagnostic] = []
        if options.incremental && outputExists {
            switch ManifestFile.open(files.manifest) {
            case .whole(let file): manifestFile = file
            case .damaged:
                manifestWarnings.append(.warning(SourceLocation(file: files.manifest),
                                                 "the record of the last build is damaged (cut short or changed by hand): every page is built again"))
            case .missing: break
            }
        }
        let header = manifestFile?.readHeader()

        // What the build reads.
        let inventory = ContentScanner(root: options.contentPath).scan()
        var inputs = inventory.stamps
        for name in ["site.yaml", "regions.yaml"] { inputs[name] = FileSystem.stamp(options.contentPath + "/" + name) }
        var stylesheet = Assets.stylesheet
        if let file = options.stylesheetFile {
            do { stylesheet = String(decoding: try FileSystem.readBytes(file), as: UTF8.self) } catch { throw .output("stylesheet: \(error)") }
        }
        let settings = settingsHash(options, stylesheet: stylesheet)
        mark("scan")

        // Nothing changed: no file, no setting, no held-back article has fallen due, and every output
        // file is as the last build wrote it (one changed or deleted by hand is built again).
        if let header, let file = manifestFile, header.tool == tool, header.inputs == inputs, header.settings == settings,
           header.nextDue.map({ $0 > options.now.epochSeconds }) ?? true, let stats = header.stats, file.outputsAsRecorded(in: files.root) {
            options.progress?(BuildProgress(stage: .done, done: 0, total: 0, elapsed: clock.seconds))
            return BuildReport(articles: stats.articles, htmlPages: stats.htmlPages, files: stats.files, heldBackDrafts: stats.drafts,
                               heldBackFuture: stats.future, warnings: [], outputPath: options.outputPath, written: 0, removed: 0, unchanged: true)
        }
        // One article's body changed and nothing else: update the few files that show it.
        if let header, let file = manifestFile, header.tool == tool, header.settings == settings, header.stats != nil,
           header.nextDue.map({ $0 > options.now.epochSeconds }) ?? true,
           var report = try BodyEditRebuild.attempt(options, files: files, manifestFile: file, header: header, inventory: inventory, inputs: inputs) {
            mark("body edit")
            report.stages = stages
            options.progress?(BuildProgress(stage: .done, done: report.written, total: report.written, elapsed: clock.seconds))
            return report
        }
        let usable = header?.tool == tool ? manifestFile?.readRecords(after: header!) : nil
        manifestFile = nil
        mark("manifest")

        let checked = ContentChecker.check(options, inventory: inventory, cache: usable)
        if checked.diagnostics.hasErrors { throw .content(checked.diagnostics) }
        mark("load")
        var site = SiteIndexer.index(checked, buildTime: options.now)
        site.stylesheetPath = Assets.path(forStylesheet: stylesheet)
        let fingerprints = Fingerprints(site: site, settings: settings)
        let searchSegments = SearchSegmentCache(count: SearchIndex.segmentCount(documents: site.entries.count))
        var planProblems: [Diagnostic] = []
        let jobs = PagePlan.jobs(for: site, contentRoot: options.contentPath, inventory: checked.content.inventory,
                                 stylesheet: stylesheet, fingerprints: fingerprints, searchSegments: searchSegments, problems: &planProblems)
        if !planProblems.isEmpty { throw .content((checked.diagnostics + planProblems).sortedForReport()) }
        mark("plan")
        options.progress?(BuildProgress(stage: .loaded, done: site.entries.count, total: site.entries.count, elapsed: clock.seconds))

        // Which jobs to run: all of them, or on a rebuild those whose inputs changed or whose file
        // is not the one the last build wrote.
        let incremental = usable != nil
        let keep: [Bool] = parallelMap(jobs.count) { i in
            let job = jobs[i]
            guard incremental, job.fingerprint != OutputJob.alwaysRender, let record = usable?.outputs[job.path.value],
                  record.fingerprint == job.fingerprint else { return false }
            return FileSystem.stamp(files.root + "/" + job.path.value) == record.stamp
        }
        let toRun = jobs.indices.filter { !keep[$0] }
        mark("compare")

        // Search segments to write: patched from the last build's files when few documents changed.
        let documentHashes = SearchFiles.documentHashes(site, fingerprints)
        let segmentsToWrite = Array(Set(toRun.compactMap { jobs[$0].searchSegment })).sorted()
        let outputRoot = files.root
        let segmentUpdates = parallelMap(segmentsToWrite.count) { n in
            (segmentsToWrite[n], SegmentUpdate.decide(segment: segmentsToWrite[n], hashes: documentHashes[segmentsToWrite[n]],
                                                      previous: usable, outputRoot: outputRoot))
        }
        // Bodies of cached entries whose pages, feeds or search entries are rendered again.
        var needed = Set(toRun.flatMap { jobs[$0].bodies })
        for (s, update) in segmentUpdates { needed.formUnion(update.bodies(segment: s, in: site)) }
        let missing = Array(needed.filter { !site.entries[$0].bodyLoaded }).sorted()
        let missingArticles = missing.map { site.entries[$0].article }
        let loaded = parallelMap(missing.count) { ContentChecker.loadBody(missingArticles[$0], options, context: checked.context) }
        for (n, i) in missing.enumerated() { site.setBody(loaded[n], at: i) }
        // Every card once, when many pages are rendered; a small rebuild renders the few it shows.
        if toRun.count > 500 {
            site.entryCards = Fragments.precomputeCards(site)
            site.feedEntries = AtomFeed.precomputeEntries(site, shownIn: toRun.filter { jobs[$0].path.value.hasSuffix("feed.xml") }.map { jobs[$0].bodies })
        }
        // How each search segment to write is made (built or patched in the render pass below).
        mark("bodies")
        searchSegments.plan(segmentUpdates)

        // A full build replaces the whole folder: never one holding files that are not ours.
        if !incremental, let foreign = OutputSafety.foreignFile(in: files, known: Set(jobs.map(\.path.value)), manifest: files.manifest) {
            throw .refused(OutputSafety.foreignFileMessage(foreign, shownAs: options.outputPath))
        }
        let writer: PageWriter
        do { writer = try PageWriter(files) } catch { throw .output(error.description) }
        let failures = Locked<[String]>([])
        let unchangedAlways = Locked<Set<String>>([])
        let finished = Atomic<Int>(0)
        // The stamp of each file written, by job, taken from the open file as it is written.
        let stagedStamps = Locked<[Int: FileSystem.Stamp]>([:])
        let finalSite = site
        let progress = options.progress
        @Sendable func run(_ index: Int) {
            let job = jobs[index]
            defer {
                let done = finished.wrappingAdd(1, ordering: .relaxed).newValue
                if done % 256 == 0 { progress?(BuildProgress(stage: .writing, done: done, total: toRun.count, elapsed: clock.seconds)) }
            }
            do {
                switch job.content {
                case .render(let render):
                    let text = render(finalSite)
                    if incremental && job.keepsIdenticalBytes,
                       let old = searchSegments.previousBytes(job.path.value) ?? (try? FileSystem.readBytes(files.root + "/" + job.path.value)),
                       old.elementsEqual(text.utf8) {
                        unchangedAlways.withLock { _ = $0.insert(job.path.value) }
                        return
                    }
                    let stamp = try writer.write(job.path, text)
                    stagedStamps.withLock { $0[index] = stamp }
                case .copy(let source):
                    if let stamp = try writer.copy(from: source, to: job.path) { stagedStamps.withLock { $0[index] = stamp } }
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        // One pass on all cores: the search segments first (each takes a while), then every job,
        // the search files last, by when their segments are built. Interleaving the two keeps both
        // cores busy to the end, where separate stages each left one idle at their tails.
        let ordered = toRun.filter { jobs[$0].searchSegment == nil } + toRun.filter { jobs[$0].searchSegment != nil }
        let segmentOrder = segmentUpdates.map(\.0)
        let chunk = 8
        let jobChunks = (ordered.count + chunk - 1) / chunk
        parallelForEach(segmentOrder.count + jobChunks, chunk: 1) { item in
            if item < segmentOrder.count {
                _ = searchSegments.segment(segmentOrder[item], finalSite)
                return
            }
            let c = item - segmentOrder.count
            for n in (c * chunk)..<min(ordered.count, (c + 1) * chunk) { run(ordered[n]) }
        }
        let problems = failures.withLock { $0 }
        mark("render")
        if !problems.isEmpty {
            writer.abandon()
            // One cause (a full disk) fails every file after it: its first few say enough.
            let sorted = problems.sorted()
            var message = sorted.prefix(3).joined(separator: "\n")
            if sorted.count > 3 { message += "\n… and \(sorted.count - 3) more files could not be written" }
            throw .output(message)
        }

        // The new manifest: what this build read and what the output holds.
        var manifest = BuildManifest()
        manifest.tool = tool
        manifest.settings = settings
        manifest.bodyContext = ContentChecker.bodyContextHash(checked.content.config)
        manifest.linkMapHash = checked.linkMapHash
        manifest.inputs = inputs
        manifest.nextDue = checked.content.nextDue?.epochSeconds
        manifest.source = usable?.source ?? []
        let inFeeds = Set(jobs.filter { $0.path.value.hasSuffix("feed.xml") }.flatMap(\.bodies))
        manifest.articles = cacheRecords(checked, site: site, previous: usable, inFeeds: inFeeds)
        for (s, hashes) in documentHashes.enumerated() { manifest.searchDocuments[s] = hashes }
        let unchanged = unchangedAlways.withLock { $0 }
        let written = toRun.filter { !unchanged.contains(jobs[$0].path.value) }
        let writtenStamps = stagedStamps.withLock { $0 }
        for i in written {
            guard let stamp = writtenStamps[i] else { continue }
            manifest.outputs[jobs[i].path.value] = BuildManifest.OutputRecord(fingerprint: jobs[i].fingerprint, stamp: stamp)
        }
        var removals: [OutputPath] = []
        if let usable {
            for i in jobs.indices where keep[i] {
                manifest.outputs[jobs[i].path.value] = usable.outputs[jobs[i].path.value]
            }
            // Rendered, found identical to the file there: recorded with the new fingerprint and the
            // file's stamp (the same record, and its bytes in the old manifest, when both are as they were).
            for i in jobs.indices where unchanged.contains(jobs[i].path.value) {
                guard let stamp = FileSystem.stamp(files.root + "/" + jobs[i].path.value) else { continue }
                let fresh = BuildManifest.OutputRecord(fingerprint: jobs[i].fingerprint, stamp: stamp)
                let old = usable.outputs[jobs[i].path.value]
                manifest.outputs[jobs[i].path.value] = old == fresh ? old : fresh
            }
            let current = Set(jobs.map(\.path.value))
            removals = usable.outputs.keys.filter { !current.contains($0) }.sorted().compactMap { OutputPath($0) }
        }
        let htmlPages = jobs.filter { $0.path.value.hasSuffix(".html") }.count
        manifest.stats = .init(articles: site.entries.count, htmlPages: htmlPages, files: jobs.count,
                               drafts: checked.content.heldBackDrafts, future: checked.content.heldBackFuture)

        mark("record")
        do {
            if incremental {
                try OutputCommit.apply(files, staged: writer.stagedPaths, removals: removals.map(\.value), manifest: manifest.serialized(),
                                       fault: options.commitFault)
            } else {
                try OutputCommit.replaceAll(files, manifest: manifest.serialized(), fault: options.commitFault)
            }
        } catch {
            throw .output(error.description)
        }
        mark("commit")
        progress?(BuildProgress(stage: .done, done: toRun.count, total: toRun.count, elapsed: clock.seconds))
        return BuildReport(articles: site.entries.count, htmlPages: htmlPages, files: jobs.count,
                           heldBackDrafts: checked.content.heldBackDrafts, heldBackFuture: checked.content.heldBackFuture,
                           warnings: manifestWarnings + checked.diagnostics.warnings, outputPath: options.outputPath,
                           written: written.count, removed: removals.count, unchanged: false, stages: stages,
                           retained: Retained(site: finalSite, jobs: jobs, checked: checked, previous: usable, manifest: manifest))
    }

    /// `build-site check`: everything a build checks — the content, then the plan of the site's
    /// files (a file of `static/` must not take a generated file's place) — and nothing written.
    public static func check(_ options: BuildOptions) -> (diagnostics: [Diagnostic], files: Int) {
        let checked = ContentChecker.check(options)
        let files = checked.content.inventory.articleFiles.count + checked.content.inventory.pageFiles.count
        guard !checked.diagnostics.hasErrors else { return (checked.diagnostics, files) }
        let site = SiteIndexer.index(checked, buildTime: options.now)
        var problems: [Diagnostic] = []
        _ = PagePlan.jobs(for: site, contentRoot: options.contentPath, inventory: checked.content.inventory, stylesheet: Assets.stylesheet,
                          fingerprints: Fingerprints(site: site, settings: 0), searchSegments: SearchSegmentCache(count: 0), problems: &problems)
        return ((checked.diagnostics + problems).sortedForReport(), files)
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
        h.combine(Assets.favicon)
        for name in ["site.yaml", "regions.yaml"] {
            h.combine((try? FileSystem.readBytes(options.contentPath + "/" + name)) ?? [])
        }
        // Stand-alone pages show in every page's footer.
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

    /// Every article that loaded, as the next build's cache.
    static func cacheRecords(_ checked: CheckedContent, site: Site, previous: BuildManifest?,
                             inFeeds: Set<Int>) -> [String: BuildManifest.CachedArticle] {
        // Entry index by source path: for document numbers (oldest first) and feed membership.
        var entryIndex: [String: Int] = [:]
        for (i, e) in site.entries.enumerated() { entryIndex[e.article.sourcePath] = i }
        let n = site.entries.count
        var published: [String: Int] = [:]
        for (i, a) in checked.content.articles.enumerated() { published[a.sourcePath] = i }
        var records: [String: BuildManifest.CachedArticle] = [:]
        let stamps = checked.content.inventory.stamps
        let warnings = Dictionary(grouping: checked.diagnostics.warnings, by: \.location.file)
        for a in checked.content.allArticles {
            // Held-back articles are cached only when published ones' needs are known: their summary and
            // body hash come from a render, which drafts skip. They are loaded afresh next time.
            guard let i = published[a.sourcePath], let stamp = stamps[a.sourcePath] else { continue }
            let e = entryIndex[a.sourcePath]!
            let document = n - 1 - e, inFeed = inFeeds.contains(e)
            // Taken from the last build's cache and not rendered again: its record is as it was.
            if !checked.bodyLoaded[i], checked.content.reused.contains(a.sourcePath), let old = previous?.articles[a.sourcePath],
               old.document == document, old.inFeed == inFeed {
                records[a.sourcePath] = old
                continue
            }
            let body = checked.bodies[i]
            records[a.sourcePath] = BuildManifest.CachedArticle(
                stamp: stamp, title: a.title, date: a.date.epochSeconds, updated: a.updated?.epochSeconds,
                regionPath: site.regions[a.region].path, topics: a.topics, source: a.source, author: a.author, givenSummary: a.summary,
                summary: checked.summaries[i], slug: a.slug, draft: a.draft, bodyFirstLine: a.bodyFirstLine, bodyHash: checked.bodyHashes[i],
                linksArticles: checked.linksArticles[i], document: document, inFeed: inFeed, assets: body.assets,
                warnings: (warnings[a.displayPath] ?? []).map { CachedWarning(line: $0.location.line, column: $0.location.column, message: $0.message) })
        }
        return records
    }
}

/// What `BuildReport.retained` holds.
private struct Retained: Sendable {
    let site: Site
    let jobs: [OutputJob]
    let checked: CheckedContent
    let previous: BuildManifest?
    let manifest: BuildManifest
}

/// Elapsed wall time, from the monotonic clock.
struct Stopwatch: Sendable {
    let start = Stopwatch.now()

    var seconds: Double { Stopwatch.now() - start }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
