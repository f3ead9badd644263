import SiteCore
import Templates

/// The pipeline: scan → check → index → plan → compare → render → record → commit, each stage a
/// type of its own taking and returning plain values. A first build (or `--force`) runs every job
/// and swaps the staged folder in whole; a rebuild is the same stages with fewer jobs to run, chosen
/// by the manifest the last build left beside the output. Two cases stop early: nothing changed
/// (`Scan.upToDate`), and one article's body changed and nothing else (`BodyEditRebuild`).
public enum SiteBuilder {
    public static func build(_ options: BuildOptions) throws(BuildFailure) -> BuildReport {
        var clock = StageClock(progress: options.progress)
        let output = try OutputSafety.open(options)
        let scan = try Scan.read(options, output: output)
        clock.mark("scan")
        if let report = scan.upToDate(options) { return clock.finish(report) }
        if let report = try BodyEditRebuild.attempt(options, scan: scan) {
            clock.mark("body edit")
            return clock.finish(report)
        }
        let previous = scan.previousManifest()
        clock.mark("manifest")

        let checked = ContentChecker.check(options, inventory: scan.inventory, cache: previous)
        if checked.diagnostics.hasErrors { throw .content(checked.diagnostics) }
        clock.mark("load")
        let site = SiteIndexer.index(checked, buildTime: options.now)
        let stylesheetPath = Assets.path(forStylesheet: scan.stylesheet)
        let fingerprints = Fingerprints(site: site, settings: scan.settings, stylesheetPath: stylesheetPath)
        let searchIndex = SearchIndexCache()
        let traditional = try TraditionalEdition.converter(site.config, options)
        let documentHashes = SearchFiles.documentHashes(site, fingerprints)
        let planKey = PlanReuse.key(site, fingerprints)
        let reuse = PlanReuse(site: site, key: planKey, documentHashes: documentHashes, previous: previous)
        let (jobs, problems) = PagePlan.make(site: site, fingerprints: fingerprints, contentRoot: options.contentPath, inventory: scan.inventory,
                                             stylesheet: scan.stylesheet, stylesheetPath: stylesheetPath, searchIndex: searchIndex,
                                             images: checked.images, traditional: traditional, reuse: reuse)
        if !problems.isEmpty { throw .content((checked.diagnostics + problems).sortedForReport()) }
        clock.mark("plan")
        options.progress?(BuildProgress(stage: .checked, done: site.entries.count, total: site.entries.count, elapsed: clock.elapsed))

        let work = WorkList.compare(jobs, previous: previous, output: output)
        clock.mark("compare")
        if !work.incremental { try OutputSafety.ensureReplaceable(output, shownAs: options.outputPath, writing: jobs.map(\.path.value)) }
        let render = RenderStage(jobs: jobs, work: work, output: output, searchIndex: searchIndex)
        let bodies = RenderStage.BodyLoader(site: site, checked: checked, options: options)
        let buildsIndex = render.prepare(site, bodies: bodies, previous: previous, documentHashes: documentHashes)
        // Every feed entry rendered once, when many pages are; a small rebuild renders the few it shows.
        let (writer, cards) = try render.open()
        var context = RenderContext(site: site, stylesheetPath: stylesheetPath, cards: cards)
        if work.toRun.count > 500 { context = context.renderingAhead(feeds: work.toRun.filter { jobs[$0].isFeed }.map { Array(jobs[$0].bodies) }) }
        clock.mark("bodies")
        let rendered = try render.run(context, writer: writer, buildsIndex: buildsIndex, bodies: bodies, progress: options.progress, clock: &clock)
        clock.mark("checksums")

        let record = RecordStage(scan: scan, checked: checked, site: site, jobs: jobs, previous: previous)
        let (manifest, removals) = record.manifest(work: work, rendered: rendered, documentHashes: documentHashes, planKey: planKey)
        clock.mark("record")
        let written = rendered.staged.map { jobs[$0.job].path.value }
        try record.commit(manifest, removals: removals, work: work, staged: written, fault: options.commitFault)
        clock.mark("commit")
        var report = BuildReport(articles: site.entries.count, htmlPages: manifest.header.stats!.htmlPages, files: jobs.count,
                                 heldBackDrafts: checked.content.heldBackDrafts, heldBackFuture: checked.content.heldBackFuture,
                                 warnings: scan.warnings + checked.diagnostics.warnings, outputPath: options.outputPath,
                                 written: rendered.staged.count, removed: removals.count, unchanged: false,
                                 retained: Retained(site: site, jobs: jobs, checked: checked, previous: previous, manifest: manifest))
        report.changed = (written, removals, site.urls)
        report.articlePagesPlanned = reuse?.replanned.count ?? site.entries.count
        return clock.finish(report)
    }

    /// `build-site check`: the stages a build runs before it renders — the content, then the plan
    /// of the site's files (a file of `static/` must not take a generated file's place) — and
    /// nothing written.
    public static func check(_ options: BuildOptions) -> (diagnostics: [Diagnostic], files: Int) {
        let checked = ContentChecker.check(options)
        let files = checked.content.inventory.articleFiles.count + checked.content.inventory.pageFiles.count
        guard !checked.diagnostics.hasErrors else { return (checked.diagnostics, files) }
        let site = SiteIndexer.index(checked, buildTime: options.now)
        // The 繁體版's pages too, when the site publishes it: a file of static/ must not take their place.
        let traditional: TraditionalConverter?
        do { traditional = try TraditionalEdition.converter(site.config, options) } catch .content(let d) { return ((checked.diagnostics + d).sortedForReport(), files) } catch { traditional = nil }
        let (_, problems) = PagePlan.make(site: site, fingerprints: Fingerprints(site: site, settings: 0, stylesheetPath: ""),
                                          contentRoot: options.contentPath, inventory: checked.content.inventory, stylesheet: "",
                                          stylesheetPath: Assets.stylesheetPath, searchIndex: SearchIndexCache(), images: checked.images,
                                          traditional: traditional)
        return ((checked.diagnostics + problems).sortedForReport(), files)
    }
}

/// What `BuildReport.retained` holds: the build's model, handed back rather than freed on return.
private struct Retained: Sendable {
    let site: Site
    let jobs: [OutputJob]
    let checked: CheckedContent
    let previous: BuildManifest?
    let manifest: RecordStage.NewManifest
}
