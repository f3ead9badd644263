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
    static func attempt(_ options: BuildOptions, files: OutputFolder, manifestFile file: ManifestFile, header: BuildManifest,
                        inventory: ContentInventory, inputs: [String: FileSystem.Stamp]) throws(BuildFailure) -> BuildReport? {
        // Exactly one input changed, an article already in the cache.
        guard header.inputs.count == inputs.count else { return nil }
        var changed: String?
        for (path, stamp) in inputs where header.inputs[path] != stamp {
            guard changed == nil, header.inputs[path] != nil else { return nil }
            changed = path
        }
        guard let path = changed, path.hasPrefix("articles/"), path.hasSuffix(".md"),
              let old = file.article(path), old.document >= 0, !old.inFeed, !old.linksArticles, !old.draft else { return nil }

        // Settings are unchanged (the caller checked), so site.yaml and regions.yaml read as before.
        let (siteConfig, regions, settingsDiagnostics) = ContentLoader.loadSettings(contentRoot: options.contentPath, display: options.contentPath)
        guard !settingsDiagnostics.hasErrors, !siteConfig.allowRawHTML else { return nil }
        var config = siteConfig
        if let override = options.baseURLOverride { config.baseURL = override }

        // The article, valid, with the same card and front matter.
        let display = options.contentPath + "/" + path
        guard let bytes = try? FileSystem.readBytes(options.contentPath + "/" + path), bytes.count <= ArticleLoader.maxFileBytes else { return nil }
        let (loaded, diagnostics) = ArticleLoader(regions: regions).load(bytes: bytes, sourcePath: path, displayPath: display)
        guard let article = loaded, !diagnostics.hasErrors, !ByteSearch.contains(".md", in: article.body) else { return nil }
        let context = LinkContext(basePath: config.basePath, assets: inventory.articleAssets, articleURLs: [:], allowRawHTML: false)
        let body = MarkdownRenderer.render(article.body, file: display, firstLine: article.bodyFirstLine, sourceDirectory: article.sourceDirectory,
                                           outputDirectory: article.outputDirectory, context: context)
        guard !body.diagnostics.hasErrors else { return nil }
        let summary = article.summary ?? Summary.derive(fromPlainText: body.plainText, limit: config.summaryLength)
        guard article.title == old.title, article.date.epochSeconds == old.date, article.updated?.epochSeconds == old.updated,
              regions[article.region].path == old.regionPath, article.topics == old.topics, article.source == old.source,
              article.author == old.author, article.summary == old.givenSummary, summary == old.summary, article.slug == old.slug,
              !article.draft, body.assets == old.assets else { return nil }
        let bodyHash = StableHasher.hash(body.html)
        // The same HTML (a change in spacing, say): no page changes; the general path records the new stamp.
        if bodyHash == old.bodyHash && article.bodyFirstLine == old.bodyFirstLine { return nil }

        // The files that show the body, and their records.
        let card = Fingerprints.card(article, summary: summary)
        let oldFull = Fingerprints.full(card: card, article, bodyHash: old.bodyHash)
        let newFull = Fingerprints.full(card: card, article, bodyHash: bodyHash)
        let doc = old.document
        let (s, p) = doc.quotientAndRemainder(dividingBy: SearchIndex.segmentSize)
        let (chunk, k) = doc.quotientAndRemainder(dividingBy: SearchIndex.fragmentSize)
        let pagePath = article.outputDirectory + "index.html"
        let chunkPath = SearchFileLayout.fragmentChunk(chunk)
        let tokenPaths = (0..<SearchIndex.tokenBuckets).map { SearchFileLayout.bucket(.tokens, segment: s, $0) }
        let characterPaths = (0..<SearchIndex.characterBuckets).map { SearchFileLayout.bucket(.characters, segment: s, $0) }
        let wanted = [pagePath, chunkPath] + tokenPaths + characterPaths
        let (records, searchDocuments) = file.records(outputs: Set(wanted), searchSegment: s)
        guard records.count == wanted.count, var hashes = searchDocuments, p < hashes.count,
              hashes[p] == Fingerprints.searchDocument(settings: header.settings, full: oldFull) else { return nil }
        var previous: [String: [UInt8]] = [:]
        for path in wanted {
            let full = files.root + "/" + path
            guard FileSystem.stamp(full) == records[path]!.stamp, let bytes = try? FileSystem.readBytes(full) else { return nil }
            previous[path] = bytes
        }

        // New contents.
        guard let page = splice(body: body.html, into: previous[pagePath]!) else { return nil }
        let fragment = SearchFiles.fragment(article, summary: summary, plainText: body.plainText, urls: SiteURLs(config: config), regions: regions)
        guard let chunkBytes = replaceFragment(k, with: fragment, in: previous[chunkPath]!),
              let segment = SearchIndex.patchSegment(previous: (tokenPaths.map { previous[$0]! }, characterPaths.map { previous[$0]! }),
                                                     removed: [p], added: [(p, SearchFiles.document(article, summary: summary, body: body, regions: regions))])
        else { return nil }
        var contents: [(String, [UInt8], position: Int)] = [(pagePath, page, 0), (chunkPath, chunkBytes, k)]
        for (b, path) in tokenPaths.enumerated() { contents.append((path, Array(segment.tokens[b].utf8), p)) }
        for (b, path) in characterPaths.enumerated() { contents.append((path, Array(segment.characters[b].utf8), p)) }

        // Stage, then commit through the journal as every incremental build does.
        guard let writer = try? PageWriter(files) else { return nil }
        var outputLines: [String: BuildManifest.OutputRecord] = [:]
        for (path, bytes, position) in contents {
            // A bucket the edit left as it was is not written again (as on the general path).
            let stamp: FileSystem.Stamp
            if bytes == previous[path]! && path != pagePath {
                stamp = records[path]!.stamp
            } else {
                guard let outputPath = OutputPath(path), let written = try? writer.write(outputPath, bytes) else { writer.abandon(); return nil }
                stamp = written
            }
            var fingerprint = records[path]!.fingerprint ^ Fingerprints.share(oldFull, at: position) ^ Fingerprints.share(newFull, at: position)
            if fingerprint == OutputJob.alwaysRender { fingerprint = 1 }
            outputLines[path] = BuildManifest.OutputRecord(fingerprint: fingerprint, stamp: stamp)
        }
        hashes[p] = Fingerprints.searchDocument(settings: header.settings, full: newFull)
        var record = old
        record.stamp = inputs[path]!
        record.bodyHash = bodyHash
        record.bodyFirstLine = article.bodyFirstLine
        let warnings = (diagnostics + body.diagnostics).sortedForReport().warnings
        record.warnings = warnings.map { CachedWarning(line: $0.location.line, column: $0.location.column, message: $0.message) }
        record.line = nil
        let journal = file.rewritten(input: (path, inputs[path]!), article: (path, record), outputs: outputLines, searchDocuments: (s, hashes))
        do {
            try OutputCommit.apply(files, staged: writer.stagedPaths, removals: [], manifest: journal, fault: options.commitFault)
        } catch {
            throw .output(error.description)
        }
        let stats = header.stats ?? .init(articles: 0, htmlPages: 0, files: 0, drafts: 0, future: 0)
        return BuildReport(articles: stats.articles, htmlPages: stats.htmlPages, files: stats.files, heldBackDrafts: stats.drafts,
                           heldBackFuture: stats.future, warnings: warnings, outputPath: options.outputPath,
                           written: writer.stagedPaths.count, removed: 0, unchanged: false)
    }

    /// The page with its body replaced: between `<div class="article-body">` and the first
    /// `</div>` after it (in safe mode no body contains one), found exactly once.
    static func splice(body: String, into page: [UInt8]) -> [UInt8]? {
        let open = Array("<div class=\"article-body\">\n".utf8), close = Array("</div>\n".utf8)
        guard let start = ByteSearch.find(open, in: page), ByteSearch.find(open, in: page, from: start + 1) == nil,
              let end = ByteSearch.find(close, in: page, from: start + open.count) else { return nil }
        return Array(page[..<(start + open.count)]) + Array(body.utf8) + Array(page[end...])
    }

    /// The chunk with fragment `k` replaced: fragments stand one per line (JSON strings escape
    /// line breaks), the first after "[", each but the last followed by ",", the last by "]".
    static func replaceFragment(_ k: Int, with fragment: String, in chunk: [UInt8]) -> [UInt8]? {
        var lines = chunk.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        guard lines.count >= 2, lines.last!.isEmpty else { return nil }
        lines.removeLast()
        guard k < lines.count else { return nil }
        let last = k == lines.count - 1
        var line: [UInt8] = k == 0 ? [0x5B] : []
        line += Array(fragment.utf8)
        line.append(last ? 0x5D : 0x2C)
        lines[k] = line
        return Array(lines.joined(separator: [0x0A])) + [0x0A]
    }

}

extension ManifestFile {
    /// The record of one article, found by its line's prefix.
    func article(_ path: String) -> BuildManifest.CachedArticle? {
        var found: BuildManifest.CachedArticle?
        forEachRecord { buf, line, f in
            guard ManifestRecordKind(buf, f[0]) == .article, f.count > 1, buf[f[1]].elementsEqual(path.utf8) else { return true }
            found = BuildManifest.CachedArticle.read(buf, f, line: line)?.1
            return false
        }
        return found
    }

    /// The output records of the given paths and segment `s`'s document hashes, in one pass.
    func records(outputs paths: Set<String>, searchSegment s: Int) -> ([String: BuildManifest.OutputRecord], [UInt64]?) {
        var records: [String: BuildManifest.OutputRecord] = [:]
        var hashes: [UInt64]?
        forEachRecord { buf, line, f in
            switch ManifestRecordKind(buf, f[0]) {
            case .output:
                if f.count > 1, paths.contains(RecordReader.text(buf, f[1])), let (path, record) = BuildManifest.OutputRecord.read(buf, f, line: line) {
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
    func rewritten(input: (String, FileSystem.Stamp), article: (String, BuildManifest.CachedArticle),
                   outputs: [String: BuildManifest.OutputRecord], searchDocuments: (Int, [UInt64])) -> [UInt8] {
        var out = RecordWriter(capacity: bytes.count + 4096)
        bytes.withUnsafeBufferPointer { buf in
            RecordReader.forEachLine(buf, in: 0..<recordsEnd) { line, f in
                if f.count > 1 {
                    let key = RecordReader.text(buf, f[1])
                    if RecordReader.equal(buf, f[0], "input") && key == input.0 {
                        InputRecord.write(input.0, input.1, to: &out)
                        return true
                    }
                    switch ManifestRecordKind(buf, f[0]) {
                    case .output where outputs[key] != nil:
                        outputs[key]!.write(key, to: &out)
                        return true
                    case .article where key == article.0:
                        article.1.write(key, to: &out)
                        return true
                    case .searchDocuments where RecordReader.int(buf, f[1]) == Int64(searchDocuments.0):
                        SearchDocumentsRecord.write(segment: searchDocuments.0, hashes: searchDocuments.1, to: &out)
                        return true
                    default: break
                    }
                }
                out.rawLine(buf[line])
                return true
            }
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
