import SiteCore

/// The record stage: the new manifest — what this build read, the cache of every article, and for
/// each output file its freshness and stamp — and what the commit removes.
struct RecordStage {
    let scan: Scan
    let checked: CheckedContent
    let site: Site
    let jobs: [OutputJob]
    let previous: BuildManifest?

    /// The new manifest: the header's values, and the records, made from the model as the commit
    /// writes them.
    struct NewManifest: Sendable {
        var header: BuildManifest
        let articles: BuildManifest.Records<BuildManifest.CachedArticle>
        let outputs: BuildManifest.Records<BuildManifest.OutputRecord>

        func write(to emit: ([UInt8]) -> Void) { header.write(articles: articles, outputs: outputs, to: emit) }
    }

    func manifest(work: WorkList, rendered: RenderStage.Result, documentHashes: [UInt64], planKey: UInt64) -> (NewManifest, removals: [String]) {
        var header = BuildManifest()
        header.tool = scan.tool
        header.settings = scan.settings
        header.bodyContext = ContentChecker.bodyContextHash(checked.content.config)
        header.linkMapHash = checked.linkMapHash
        header.planKey = planKey
        header.inputs = scan.inputs
        header.nextDue = checked.content.nextDue?.epochSeconds
        header.source = previous?.source ?? []
        header.searchDocuments[0] = documentHashes
        header.stats = .init(articles: site.entries.count, htmlPages: jobs.count { $0.path.isHTML }, files: jobs.count,
                             drafts: checked.content.heldBackDrafts, future: checked.content.heldBackFuture)
        // The last build's files that no job makes now.
        var removals: [String] = []
        if let previous, !work.samePaths {
            let current = Set(jobs.map(\.path.value))
            removals = previous.outputs.paths.filter { !current.contains($0) }.sorted()
        }
        return (NewManifest(header: header, articles: articleRecords(), outputs: outputRecords(work: work, rendered: rendered)), removals)
    }

    /// Puts the staged files in place (see `OutputCommit`): the whole folder on a full build.
    func commit(_ manifest: NewManifest, removals: [String], work: WorkList, staged: [String], fault: CommitFault?) throws(BuildFailure) {
        do {
            if work.incremental {
                try OutputCommit.apply(scan.output, staged: staged, removals: removals, manifest: manifest.write, fault: fault)
            } else {
                try OutputCommit.replaceAll(scan.output, manifest: manifest.write, fault: fault)
            }
        } catch {
            throw .output(error.description)
        }
    }

    /// Each job's file: staged, it is recorded with its new stamp; kept, as the last build recorded it
    /// (and its bytes in the old manifest); rendered and found identical to the file there, with the
    /// new freshness and the file's stamp (the old record when both are as they were); left untouched
    /// by the search index's patch, with the new freshness and the stamp the last build recorded (a
    /// file changed by hand since then differs from it, and the next build makes it again);
    /// otherwise not recorded (the next build makes it).
    private func outputRecords(work: WorkList, rendered: RenderStage.Result) -> BuildManifest.Records<BuildManifest.OutputRecord> {
        let jobs = self.jobs, recorded = work.recorded, keep = work.keep, root = scan.output.root
        let staged = rendered.staged, unchanged = rendered.unchanged
        return .init(count: jobs.count) { i in
            let path = jobs[i].path.value
            if let file = staged[i] { return (path, .init(freshness: jobs[i].freshness, stamp: file.stamp)) }
            let old = recorded.isEmpty ? nil : recorded[i]
            if keep[i], let old { return (path, old) }
            if unchanged[i] == .untouched, let old { return (path, old.freshness == jobs[i].freshness ? old : .init(freshness: jobs[i].freshness, stamp: old.stamp)) }
            guard unchanged[i] == .identical, let stamp = FileSystem.stamp(root + "/" + path) else { return nil }
            let fresh = BuildManifest.OutputRecord(freshness: jobs[i].freshness, stamp: stamp)
            return (path, old == fresh ? old! : fresh)
        }
    }

    /// Every article that loaded, as the next build's cache: the published ones, then the drafts
    /// held back. A draft is cached with what loading it gave (its front matter and warnings), not
    /// with a summary, body hash or files, which only a render gives: its record says it was never
    /// rendered (`document` -1), and a build that publishes it renders it. (Loaded afresh instead,
    /// an archive's 2 % of drafts were 3 % of a title edit's instructions.) Articles held back for a
    /// future date are loaded afresh: the build that publishes them needs their summary.
    private func articleRecords() -> BuildManifest.Records<BuildManifest.CachedArticle> {
        // By the article object the entry holds (the checked content's own): an integer to hash, not a path.
        var entryIndex: [ObjectIdentifier: Int] = [:]
        entryIndex.reserveCapacity(site.entries.count)
        for (i, e) in site.entries.enumerated() { entryIndex[ObjectIdentifier(e.article)] = i }
        var inFeeds = [Bool](repeating: false, count: site.entries.count)
        for job in jobs where job.isFeed { for e in job.bodies { inFeeds[e] = true } }
        let n = site.entries.count, site = self.site, checked = self.checked, previous = self.previous?.articles ?? PathTable()
        let warnings = Dictionary(grouping: checked.diagnostics.warnings, by: \.location.file)
        // Drafts are held back from every build that holds any back (the policy is the build's).
        let drafts = checked.content.heldBackDrafts > 0 ? checked.content.allArticles.filter(\.draft) : []
        let published = checked.articles.count
        @Sendable func record(_ a: Article, _ c: CheckedArticle?, stamp: FileSystem.Stamp, document: Int, inFeed: Bool) -> BuildManifest.CachedArticle {
            BuildManifest.CachedArticle(
                stamp: stamp, title: a.title, date: a.date.epochSeconds, updated: a.updated?.epochSeconds,
                regionPath: site.regions[a.region].path, topics: a.topics, source: a.source, author: a.author, givenSummary: a.summary,
                summary: c?.summary ?? "", slug: a.slug, draft: a.draft, editor: a.editor, featured: a.featured, specials: a.specials,
                bodyFirstLine: a.bodyFirstLine, bodyHash: c?.bodyHash ?? 0,
                linksArticles: c?.linksArticles ?? false, document: document, inFeed: inFeed, assets: c?.assets ?? [],
                warnings: (warnings[a.displayPath] ?? []).map { CachedWarning(line: $0.location.line, column: $0.location.column, message: $0.message) })
        }
        /// The last build's line for a draft taken from its cache, when its record is as it was.
        @Sendable func carried(_ a: Article, document: Int, inFeed: Bool) -> BuildManifest.Records<BuildManifest.CachedArticle>.Entry? {
            guard checked.content.reused.contains(ObjectIdentifier(a)), let old = previous[a.sourcePath] else { return nil }
            guard old.document == document, old.inFeed == inFeed, let line = old.line else { return nil }
            return .carried(line: line)
        }
        return .init(count: published + drafts.count) { [inFeeds, entryIndex] k in
            guard k < published else {
                let a = drafts[k - published]
                guard let stamp = checked.content.inventory.stamps[a.sourcePath] else { return nil }
                if let line = carried(a, document: -1, inFeed: false) { return line }
                return .made(path: a.sourcePath, record: record(a, nil, stamp: stamp, document: -1, inFeed: false))
            }
            let a = checked.content.articles[k], c = checked.articles[k]
            guard let e = entryIndex[ObjectIdentifier(a)] else { return nil }
            let document = n - 1 - e, inFeed = inFeeds[e]
            // Taken from the last build's cache and not rendered again: its record is as it was.
            if let old = c.cachedRecord, Int(old.document) == document, old.inFeed == inFeed { return .carried(line: old.line) }
            guard let stamp = checked.content.inventory.stamps[a.sourcePath] else { return nil }
            return .made(path: a.sourcePath, record: record(a, c, stamp: stamp, document: document, inFeed: inFeed))
        }
    }
}
