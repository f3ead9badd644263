import SiteCore

/// The record stage: the new manifest — what this build read, the cache of every article, and for
/// each output file its freshness and stamp — and what the commit removes.
struct RecordStage {
    let scan: Scan
    let checked: CheckedContent
    let site: Site
    let jobs: [OutputJob]
    let previous: BuildManifest?

    func manifest(work: WorkList, rendered: RenderStage.Result, documentHashes: [UInt64]) -> (BuildManifest, removals: [String]) {
        var manifest = BuildManifest()
        manifest.tool = scan.tool
        manifest.settings = scan.settings
        manifest.bodyContext = ContentChecker.bodyContextHash(checked.content.config)
        manifest.linkMapHash = checked.linkMapHash
        manifest.inputs = scan.inputs
        manifest.nextDue = checked.content.nextDue?.epochSeconds
        manifest.source = previous?.source ?? []
        let inFeeds = Set(jobs.filter(\.isFeed).flatMap(\.bodies))
        manifest.articles = cacheRecords(inFeeds: inFeeds)
        manifest.searchDocuments[0] = documentHashes
        var removals: [String] = []
        if let previous {
            // The last build's records, kept files' as they were (a copy of the table, not 30,000
            // inserts); those of files no job makes now removed, those of jobs that ran made again.
            manifest.outputs = previous.outputs
            if !work.samePaths {
                let current = Set(jobs.map(\.path.value))
                removals = previous.outputs.keys.filter { !current.contains($0) }.sorted()
                for path in removals { manifest.outputs[path] = nil }
            }
            for i in work.toRun {
                let path = jobs[i].path.value
                manifest.outputs[path] = nil
                // Rendered, found identical to the file there: recorded with the new freshness and the
                // file's stamp (the same record, and its bytes in the old manifest, when both are as they were).
                guard rendered.unchanged.contains(path), let stamp = FileSystem.stamp(scan.output.root + "/" + path) else { continue }
                let fresh = BuildManifest.OutputRecord(freshness: jobs[i].freshness, stamp: stamp)
                manifest.outputs[path] = previous.outputs[path] == fresh ? previous.outputs[path] : fresh
            }
        } else {
            manifest.outputs.reserveCapacity(jobs.count)
        }
        for (i, file) in rendered.staged {
            manifest.outputs[jobs[i].path.value] = BuildManifest.OutputRecord(freshness: jobs[i].freshness, stamp: file.stamp)
        }
        manifest.stats = .init(articles: site.entries.count, htmlPages: jobs.filter { $0.path.value.hasSuffix(".html") }.count, files: jobs.count,
                               drafts: checked.content.heldBackDrafts, future: checked.content.heldBackFuture)
        return (manifest, removals)
    }

    /// Puts the staged files in place (see `OutputCommit`): the whole folder on a full build.
    func commit(_ manifest: BuildManifest, removals: [String], work: WorkList, staged: [String], fault: CommitFault?) throws(BuildFailure) {
        do {
            if work.incremental {
                try OutputCommit.apply(scan.output, staged: staged, removals: removals, manifest: manifest.serialized(), fault: fault)
            } else {
                try OutputCommit.replaceAll(scan.output, manifest: manifest.serialized(), fault: fault)
            }
        } catch {
            throw .output(error.description)
        }
    }

    /// Every article that loaded, as the next build's cache. Held-back articles are cached only when
    /// published ones' needs are known: their summary and body hash come from a render, which drafts
    /// skip; they are loaded afresh next time.
    private func cacheRecords(inFeeds: Set<Int>) -> [String: BuildManifest.CachedArticle] {
        var entryIndex: [String: Int] = [:]
        entryIndex.reserveCapacity(site.entries.count)
        for (i, e) in site.entries.enumerated() { entryIndex[e.article.sourcePath] = i }
        let n = site.entries.count
        let warnings = Dictionary(grouping: checked.diagnostics.warnings, by: \.location.file)
        var records: [String: BuildManifest.CachedArticle] = [:]
        records.reserveCapacity(checked.articles.count)
        for (a, c) in zip(checked.content.articles, checked.articles) {
            guard let stamp = checked.content.inventory.stamps[a.sourcePath], let e = entryIndex[a.sourcePath] else { continue }
            let document = n - 1 - e, inFeed = inFeeds.contains(e)
            // Taken from the last build's cache and not rendered again: its record is as it was.
            if c.fromCache, checked.content.reused.contains(a.sourcePath), let old = previous?.articles[a.sourcePath],
               old.document == document, old.inFeed == inFeed {
                records[a.sourcePath] = old
                continue
            }
            records[a.sourcePath] = BuildManifest.CachedArticle(
                stamp: stamp, title: a.title, date: a.date.epochSeconds, updated: a.updated?.epochSeconds,
                regionPath: site.regions[a.region].path, topics: a.topics, source: a.source, author: a.author, givenSummary: a.summary,
                summary: c.summary, slug: a.slug, draft: a.draft, editor: a.editor, featured: a.featured, specials: a.specials,
                bodyFirstLine: a.bodyFirstLine, bodyHash: c.bodyHash,
                linksArticles: c.linksArticles, document: document, inFeed: inFeed, assets: c.body.assets,
                warnings: (warnings[a.displayPath] ?? []).map { CachedWarning(line: $0.location.line, column: $0.location.column, message: $0.message) })
        }
        return records
    }
}
