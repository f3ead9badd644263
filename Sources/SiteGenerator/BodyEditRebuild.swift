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
    static func attempt(_ options: BuildOptions, files: OutputFiles, manifestFile file: ManifestFile, header: BuildManifest,
                        inventory: ContentInventory, inputs: [String: FileSystem.Stamp]) -> BuildReport? {
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
        let chunkPath = "search/f/\(chunk).json"
        let tokenPaths = (0..<SearchIndex.tokenBuckets).map { "search/i/\(s)/\($0).json" }
        let characterPaths = (0..<SearchIndex.characterBuckets).map { "search/u/\(s)/\($0).json" }
        let wanted = [pagePath, chunkPath] + tokenPaths + characterPaths
        let (records, searchDocuments) = file.records(outputs: Set(wanted), searchSegment: s)
        guard records.count == wanted.count, var hashes = searchDocuments, p < hashes.count,
              hashes[p] == Fingerprints.searchDocument(settings: header.settings, full: oldFull) else { return nil }
        var previous: [String: [UInt8]] = [:]
        for path in wanted {
            let full = files.output + "/" + path
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
        guard let writer = try? PageWriter(output: options.outputPath) else { return nil }
        var outputLines: [String: BuildManifest.OutputRecord] = [:]
        for (path, bytes, position) in contents {
            guard let outputPath = OutputPath(path), let stamp = try? writer.write(outputPath, bytes) else { writer.abandon(); return nil }
            var fingerprint = records[path]!.fingerprint ^ Fingerprints.share(oldFull, at: position) ^ Fingerprints.share(newFull, at: position)
            if fingerprint == OutputJob.alwaysRender { fingerprint = 1 }
            outputLines[path] = BuildManifest.OutputRecord(fingerprint: fingerprint, stamp: stamp)
        }
        hashes[p] = Fingerprints.searchDocument(settings: header.settings, full: newFull)
        var record = old
        record.stamp = inputs[path]!
        record.bodyHash = bodyHash
        record.bodyFirstLine = article.bodyFirstLine
        record.warnings = (diagnostics + body.diagnostics).sortedForReport().warnings.map { .warning($0.location, $0.message) }
        record.line = nil
        let journal = file.rewritten(input: (path, inputs[path]!), article: (path, record), outputs: outputLines, searchDocuments: (s, hashes))
        do {
            try writer.commitIncrementally(removals: [], journal: journal, journalPath: files.journal)
            try FileSystem.rename(files.journal, files.manifest)
        } catch {
            writer.abandon()
            return nil
        }
        let stats = header.stats ?? .init(articles: 0, htmlPages: 0, files: 0, drafts: 0, future: 0)
        return BuildReport(articles: stats.articles, htmlPages: stats.htmlPages, files: stats.files, heldBackDrafts: stats.drafts,
                           heldBackFuture: stats.future, warnings: record.warnings, outputPath: options.outputPath,
                           written: contents.count, removed: 0, unchanged: false)
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
        forEachLine { buf, fields in
            guard Self.startsWith(buf, fields[0], "article"), fields[0].count == 7, fields.count > 1,
                  buf[fields[1]].elementsEqual(path.utf8), let (_, record) = readArticle(buf, fields) else { return true }
            found = record
            return false
        }
        return found
    }

    /// The output records of the given paths and segment `s`'s document hashes, in one pass.
    func records(outputs paths: Set<String>, searchSegment s: Int) -> ([String: BuildManifest.OutputRecord], [UInt64]?) {
        var records: [String: BuildManifest.OutputRecord] = [:]
        var hashes: [UInt64]?
        forEachLine { buf, f in
            if Self.startsWith(buf, f[0], "output"), f[0].count == 6, f.count == 5 {
                let path = Self.text(buf, f[1])
                if paths.contains(path), let fp = Self.hex(buf, f[2]), let size = Self.int(buf, f[3]), let mtime = Self.int(buf, f[4]) {
                    records[path] = BuildManifest.OutputRecord(fingerprint: fp, stamp: FileSystem.Stamp(size: size, modifiedNanoseconds: mtime))
                }
            } else if Self.startsWith(buf, f[0], "search-documents"), f.count == 3, Self.int(buf, f[1]) == Int64(s) {
                var list: [UInt64] = []
                for part in buf[f[2]].split(separator: 0x2C) {
                    guard let v = Self.hex(buf, part.startIndex..<part.endIndex) else { return false }
                    list.append(v)
                }
                hashes = list
            }
            return true
        }
        return (records, hashes)
    }

    /// This manifest with one input stamp, one article record, some output records and one
    /// segment's document hashes replaced, and no removals; every other line as it was.
    func rewritten(input: (String, FileSystem.Stamp), article: (String, BuildManifest.CachedArticle),
                   outputs: [String: BuildManifest.OutputRecord], searchDocuments: (Int, [UInt64])) -> [UInt8] {
        var out = ManifestWriter(capacity: bytes.count + 4096)
        forEachLine { buf, f in
            let type = f[0]
            // The last commit's removals are done: a journal lists only its own.
            if Self.startsWith(buf, type, "remove") && type.count == 6 { return true }
            if f.count > 1 {
                if Self.startsWith(buf, type, "output") && type.count == 6, let record = outputs[Self.text(buf, f[1])] {
                    out.field("output"); out.field(Self.text(buf, f[1])); out.field(hex: record.fingerprint)
                    out.field(record.stamp.size); out.field(record.stamp.modifiedNanoseconds); out.endLine()
                    return true
                }
                if Self.startsWith(buf, type, "input") && type.count == 5 && buf[f[1]].elementsEqual(input.0.utf8) {
                    out.field("input"); out.field(input.0); out.field(input.1.size); out.field(input.1.modifiedNanoseconds); out.endLine()
                    return true
                }
                if Self.startsWith(buf, type, "article") && type.count == 7 && buf[f[1]].elementsEqual(article.0.utf8) {
                    BuildManifest.write(article.0, article.1, to: &out)
                    return true
                }
                if Self.startsWith(buf, type, "search-documents") && Self.int(buf, f[1]) == Int64(searchDocuments.0) {
                    out.field("search-documents"); out.field(Int64(searchDocuments.0))
                    out.field(searchDocuments.1.map { BuildManifest.hex($0) }.joined(separator: ",")); out.endLine()
                    return true
                }
            }
            out.bytes.append(contentsOf: buf[f[0].lowerBound..<f[f.count - 1].upperBound])
            out.bytes.append(0x0A)
            return true
        }
        return out.bytes
    }

    /// Calls `body` with each non-empty line's fields until it returns false.
    private func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, [Range<Int>]) -> Bool) {
        bytes.withUnsafeBufferPointer { buf in
            var fields: [Range<Int>] = []
            var offset = 0
            while offset < buf.count {
                let line = Self.line(buf, from: offset)
                offset = line.upperBound + 1
                if line.isEmpty { continue }
                Self.split(buf, line, into: &fields)
                if !body(buf, fields) { return }
            }
        }
    }
}
