import SiteCore
import Templates

/// The rebuild after an edit to one article's body and nothing else — the commonest edit, and the
/// one a writer repeats while polishing a text under `serve` — done without the site model.
///
/// When the article's list card (title, date, region, topics, summary, link) and its other front
/// matter are as before, no list page, feed entry of another article or neighbour changes. What
/// shows the body is its own page, its search fragment and its search segment; the article is in
/// no feed (the manifest records that). So those files are updated from the last build's copies:
/// the page's body is spliced in (safe mode makes the body's end unambiguous: cmark escapes every
/// `</div>`), the fragment's line replaced, the segment patched. Their fingerprints are updated
/// by XOR (see `Fingerprints`), and the manifest rewritten with only those records changed.
///
/// Anything else — another changed file, an error, raw HTML allowed, links to other articles, an
/// output file not as recorded — declines (nil), and the general incremental path runs. The result
/// is byte-identical to that path's (tested). It reports the edited article's warnings only.
enum BodyEditRebuild {
    static func attempt(_ options: BuildOptions, scan: Scan) throws(BuildFailure) -> BuildReport? {
        guard let header = scan.sameBuild(now: options.now), let file = scan.manifest,
              let (path, old) = onlyChangedArticle(scan, header: header, file: file),
              let edit = Edit.read(path, old: old, options: options, scan: scan) else { return nil }
        guard let files = edit.files(file: file, header: header, output: scan.output) else { return nil }
        // Stage, then commit through the journal as every incremental build does.
        guard let writer = try? PageWriter(scan.output) else { return nil }
        var records: [String: BuildManifest.OutputRecord] = [:]
        var digests: [String: SHA256Digest] = [:]
        for updated in files.updated {
            // A file the edit left as it was (most search buckets) is not written again.
            var stamp = updated.record.stamp
            if let bytes = updated.bytes {
                guard let outputPath = OutputPath(updated.path), let written = try? writer.write(outputPath, bytes) else { writer.abandon(); return nil }
                stamp = written.stamp
                digests[updated.path] = written.sha256
            }
            guard case .inputs(let fingerprint) = updated.record.freshness else { writer.abandon(); return nil }
            records[updated.path] = BuildManifest.OutputRecord(
                freshness: .inputs(Fingerprints.swappingShare(fingerprint, at: updated.position, old: edit.oldFull, new: edit.newFull)), stamp: stamp)
        }
        // SHA256SUMS: the last list with the new digests.
        guard let list = files.checksums, let listPath = OutputPath(ChecksumList.path),
              let written = try? writer.write(listPath, ChecksumList.updating(list.bytes, with: digests)) else { writer.abandon(); return nil }
        records[ChecksumList.path] = BuildManifest.OutputRecord(freshness: .everyBuild, stamp: written.stamp)
        // The files staged: those written, and the list.
        let staged = digests.keys.sorted() + [ChecksumList.path]
        var hashes = files.searchDocuments
        hashes[files.position] = Fingerprints.searchDocument(settings: header.settings, full: edit.newFull)
        let manifest = file.rewritten(input: (path, scan.inputs[path]!), article: (path, edit.record(stamp: scan.inputs[path]!.stamp)),
                                      outputs: records, searchDocuments: (0, hashes))
        do {
            try OutputCommit.apply(scan.output, staged: staged, removals: [], manifest: { $0(manifest) }, fault: options.commitFault)
        } catch {
            throw .output(error.description)
        }
        let stats = header.stats!
        var report = BuildReport(articles: stats.articles, htmlPages: stats.htmlPages, files: stats.files, heldBackDrafts: stats.drafts,
                                 heldBackFuture: stats.future, warnings: edit.warnings, outputPath: options.outputPath,
                                 written: staged.count, removed: 0, unchanged: false)
        report.changed = (staged, [], SiteURLs(config: edit.config))
        return report
    }

    /// The one input that changed, if it is an article the last build published, listed in no
    /// feed, linking to no other article.
    private static func onlyChangedArticle(_ scan: Scan, header: BuildManifest, file: ManifestFile) -> (String, BuildManifest.CachedArticle)? {
        guard let path = scan.inputs.onlyChange(from: header.inputs), path.hasPrefix("articles/"), path.hasSuffix(".md"),
              let old = file.article(path), old.document >= 0, !old.inFeed, !old.linksArticles, !old.draft else { return nil }
        return (path, old)
    }

    /// The edited article, valid, rendered, with the same card and front matter as before and a
    /// different body.
    private struct Edit {
        let article: Article
        let old: BuildManifest.CachedArticle
        let body: RenderedBody
        let summary: String
        let bodyHash: UInt64
        let warnings: [Diagnostic]
        let config: SiteConfig
        let regions: RegionTree
        let oldFull: UInt64
        let newFull: UInt64

        static func read(_ path: String, old: BuildManifest.CachedArticle, options: BuildOptions, scan: Scan) -> Edit? {
            // Settings are unchanged (`Scan.sameBuild`), so site.yaml and regions.yaml read as before.
            let (siteConfig, regions, settingsDiagnostics) = ContentLoader.loadSettings(contentRoot: options.contentPath, display: options.contentPath)
            // With the 繁體版, the general path renders the edit in both editions.
            guard !settingsDiagnostics.hasErrors, !siteConfig.allowRawHTML, !siteConfig.traditionalEdition else { return nil }
            var config = siteConfig
            if let override = options.baseURLOverride { config.baseURL = override }
            let display = options.contentPath + "/" + path
            guard let bytes = try? FileSystem.readBytes(options.contentPath + "/" + path), bytes.count <= ArticleLoader.maxFileBytes else { return nil }
            var loader = ArticleLoader(regions: regions)
            loader.specials = config.specials
            let (loaded, diagnostics) = loader.load(bytes: bytes, sourcePath: path, displayPath: display)
            guard let article = loaded, !diagnostics.hasErrors, !ByteSearch.contains(".md", in: article.body) else { return nil }
            // The front matter as before (compared before the body is rendered: most edits that
            // come this way change a title or a date, and take the general path).
            guard article.title == old.title, article.date.epochSeconds == old.date, article.updated?.epochSeconds == old.updated,
                  regions[article.region].path == old.regionPath, article.topics == old.topics, article.source == old.source,
                  article.author == old.author, article.summary == old.givenSummary, article.slug == old.slug,
                  article.editor == old.editor, article.featured == old.featured, article.specials == old.specials,
                  !article.draft else { return nil }
            let images = ImageWork(contentRoot: options.contentPath)
            let context = LinkContext(basePath: config.basePath, assets: scan.inventory.articleAssets, articleURLs: [:], allowRawHTML: false,
                                      imageInfo: images.reader)
            let body = MarkdownRenderer.render(article.body, file: display, firstLine: article.bodyFirstLine, sourceDirectory: article.sourceDirectory,
                                               outputDirectory: article.outputDirectory, context: context)
            // A photo's alt text is in the page's head (its share image): not a splice of the body.
            guard !body.diagnostics.hasErrors, body.shareImage == nil else { return nil }
            let summary = article.summary ?? Summary.derive(fromPlainText: body.plainText, limit: config.summaryLength)
            guard summary == old.summary, body.assets == old.assets else { return nil }
            let bodyHash = StableHasher.hash(body.html)
            // The same HTML (a change in spacing, say): no page changes; the general path records the new stamp.
            if bodyHash == old.bodyHash && article.bodyFirstLine == old.bodyFirstLine { return nil }
            let card = Fingerprints.card(article, summary: summary, photo: ImageSet.lead(of: body.assets, info: images.info))
            return Edit(article: article, old: old, body: body, summary: summary, bodyHash: bodyHash,
                        warnings: (diagnostics + body.diagnostics).sortedForReport().warnings, config: config, regions: regions,
                        oldFull: Fingerprints.full(card: card, article, bodyHash: old.bodyHash),
                        newFull: Fingerprints.full(card: card, article, bodyHash: bodyHash))
        }

        /// The article's new cache record.
        func record(stamp: FileSystem.Stamp) -> BuildManifest.CachedArticle {
            var record = old
            record.stamp = stamp
            record.bodyHash = bodyHash
            record.bodyFirstLine = article.bodyFirstLine
            record.warnings = warnings.map { CachedWarning(line: $0.location.line, column: $0.location.column, message: $0.message) }
            record.line = nil
            return record
        }

        /// A file that shows the body: its new bytes (nil: as it was, only its record changes),
        /// its record, and the body's position among the entries it shows.
        struct Updated {
            let path: String
            let bytes: [UInt8]?
            let record: BuildManifest.OutputRecord
            let position: Int
        }

        /// The page, the search fragment, meta and the index's files, made from their last
        /// versions; nil unless every one read is as the last build recorded it.
        func files(file: ManifestFile, header: BuildManifest, output: OutputFolder)
            -> (updated: [Updated], position: Int, searchDocuments: [UInt64], checksums: (bytes: [UInt8], record: BuildManifest.OutputRecord)?)? {
            let d = old.document
            let pagePath = article.outputDirectory + "index.html", fragmentPath = SearchFileLayout.fragment(d)
            let (records, searchDocuments) = file.records(outputs: { $0 == pagePath || $0 == ChecksumList.path || $0.hasPrefix("search/") },
                                                          searchSegment: 0)
            guard let hashes = searchDocuments, d < hashes.count,
                  hashes[d] == Fingerprints.searchDocument(settings: header.settings, full: oldFull) else { return nil }
            func read(_ path: String) -> [UInt8]? {
                guard let record = records[path], FileSystem.stamp(output.root + "/" + path) == record.stamp else { return nil }
                return try? FileSystem.readBytes(output.root + "/" + path)
            }
            guard let pageBytes = read(pagePath), let page = ArticleBody.splice(body.html, into: pageBytes),
                  let meta = read(SearchFileLayout.meta).flatMap(MetaFile.read), meta.documents == hashes.count,
                  let oldDocument = read(fragmentPath).flatMap(SearchFiles.document(fromFragment:)),
                  let list = read(ChecksumList.path) else { return nil }
            let change = SearchIndex.Change(number: d, old: oldDocument, new: SearchFiles.document(article, body: body, regions: regions))
            var unreadable = false
            guard let patched = SearchIndex.patch([change], layout: meta.layout, documents: meta.documents, read: { place in
                let bytes: [UInt8]?
                switch place {
                case .bucket(let b): bytes = read(SearchFileLayout.bucket(b))
                case .slot(let s): bytes = read(SearchFileLayout.slot(s))
                }
                if bytes == nil { unreadable = true }
                return bytes
            }), !unreadable else { return nil }
            var words = SearchUnits.WordTable(), units: [UInt32] = []
            _ = oldDocument.units(words: &words, into: &units)
            let newMeta = meta.patched(patched, old: [d: units.count], documents: meta.documents)
            let fragment = SearchFiles.fragment(article, body: body, urls: SiteURLs(config: config), regions: regions)
            var updated = [Updated(path: pagePath, bytes: page, record: records[pagePath]!, position: 0),
                           Updated(path: fragmentPath, bytes: fragment, record: records[fragmentPath]!, position: 0),
                           Updated(path: SearchFileLayout.meta, bytes: Array(newMeta.text.utf8), record: records[SearchFileLayout.meta]!, position: d)]
            // Every bucket and slot file: the document's share of its fingerprint swapped; rewritten if patched.
            for b in 0..<meta.buckets {
                guard let record = records[SearchFileLayout.bucket(b)] else { return nil }
                updated.append(Updated(path: SearchFileLayout.bucket(b), bytes: patched.buckets[b], record: record, position: d))
            }
            for s in 0..<meta.slots {
                guard let record = records[SearchFileLayout.slot(s)] else { return nil }
                updated.append(Updated(path: SearchFileLayout.slot(s), bytes: patched.slots[s], record: record, position: d))
            }
            return (updated, d, hashes, (list, records[ChecksumList.path]!))
        }
    }
}

extension ManifestFile {
    /// The record of one article, found by its line's prefix.
    func article(_ path: String) -> BuildManifest.CachedArticle? {
        var found: BuildManifest.CachedArticle?
        let key = RecordWriter.escaped(path)
        forEachRecord { buf, line, f in
            guard ManifestRecordKind(buf, f[0]) == .article, f.count > 1, buf[f[1]].elementsEqual(key) else { return true }
            found = BuildManifest.CachedArticle.read(buf, f, line: line)?.1
            return false
        }
        return found
    }

    /// The output records of the paths `wanted` accepts and segment `s`'s document hashes, in one pass.
    func records(outputs wanted: (String) -> Bool, searchSegment s: Int) -> ([String: BuildManifest.OutputRecord], [UInt64]?) {
        var records: [String: BuildManifest.OutputRecord] = [:]
        var hashes: [UInt64]?
        forEachRecord { buf, line, f in
            switch ManifestRecordKind(buf, f[0]) {
            case .output:
                if f.count > 1, wanted(RecordReader.text(buf, f[1])), let (path, record) = BuildManifest.OutputRecord.read(buf, f, line: line) {
                    records[path] = record
                }
            case .searchDocuments:
                if let (segment, list) = SearchDocumentsRecord.read(buf, f), segment == s { hashes = list }
            default: break
            }
            return true
        }
        return (records, hashes)
    }

    /// This manifest with one input stamp, one article record, some output records and one
    /// segment's document hashes replaced; every other line as it was.
    func rewritten(input: (String, BuildManifest.InputStamp), article: (String, BuildManifest.CachedArticle),
                   outputs: [String: BuildManifest.OutputRecord], searchDocuments: (Int, [UInt64])) -> [UInt8] {
        let inputKey = RecordWriter.escaped(input.0), articleKey = RecordWriter.escaped(article.0)
        var out = RecordWriter(capacity: bytes.count + 4096)
        bytes.withUnsafeBufferPointer { buf in
            // Lines kept as they were are copied a run at a time: buf[kept..<line] is still to copy.
            var kept = 0
            func replace(_ line: Range<Int>) {
                out.rawBytes(UnsafeBufferPointer(rebasing: buf[kept..<line.lowerBound]))
                kept = min(line.upperBound + 1, recordsEnd)
            }
            RecordReader.forEachLine(buf, in: 0..<recordsEnd) { line, f in
                guard f.count > 1 else { return true }
                if RecordReader.equal(buf, f[0], "input") {
                    if buf[f[1]].elementsEqual(inputKey) {
                        replace(line)
                        InputRecord.write(input.0, input.1, to: &out)
                    }
                    return true
                }
                switch ManifestRecordKind(buf, f[0]) {
                case .article where buf[f[1]].elementsEqual(articleKey):
                    replace(line)
                    article.1.write(article.0, to: &out)
                case .output:
                    let key = RecordReader.text(buf, f[1])
                    guard let record = outputs[key] else { break }
                    replace(line)
                    record.write(key, to: &out)
                case .searchDocuments where RecordReader.int(buf, f[1]) == Int64(searchDocuments.0):
                    replace(line)
                    SearchDocumentsRecord.write(segment: searchDocuments.0, hashes: searchDocuments.1, to: &out)
                default: break
                }
                return true
            }
            out.rawBytes(UnsafeBufferPointer(rebasing: buf[kept..<recordsEnd]))
        }
        BuildManifest.close(&out)
        return out.bytes
    }

    /// Calls `body` with each record line (the closing line excluded) until it returns false.
    private func forEachRecord(_ body: (UnsafeBufferPointer<UInt8>, Range<Int>, [Range<Int>]) -> Bool) {
        bytes.withUnsafeBufferPointer { buf in
            RecordReader.forEachLine(buf, in: 0..<recordsEnd) { body(buf, $0, $1) }
        }
    }
}
