import SiteCore

/// The check stage's output: every published article with its rendered body, every page, every
/// problem. `check` is this stage alone; `build` runs it first and goes on only without errors.
package struct CheckedContent: Sendable {
    package var content: LoadedContent
    /// One per published article, in `content.articles` order.
    package var articles: [CheckedArticle]
    package var pageBodies: [RenderedBody]
    /// Every problem in the content, sorted by file and position.
    package var diagnostics: [Diagnostic]
    /// What every body's links resolve against; a rebuild re-renders bodies with local links when it changes.
    var linkMapHash: UInt64
    var context: LinkContext
    /// The photos' sizes and files.
    var images: ImageWork
}

/// One published article after its body was rendered and checked, or taken from the last build's
/// cache. What the model needs of the body is kept (its hash, summary, assets); its HTML and text
/// are not: the render stage loads them again, a segment of articles at a time, for the pages that
/// show them, so that a build holds metadata for the whole archive but bodies for a few hundred.
package struct CheckedArticle: Sendable {
    /// The files its body refers to.
    package var assets: [AssetCopy]
    /// Taken from the last build's cache (not rendered in this build): where its record was in the
    /// last manifest. The record stage writes that line back as it was when the fields of it that
    /// depend on the rest of the site are unchanged, without looking the record up and copying it
    /// again.
    var cachedRecord: BuildManifest.RecordPlace?
    package var bodyHash: UInt64
    /// Its own summary, or one derived from its body.
    package var summary: String
    /// Its body may link to other articles' files (its HTML depends on their URLs).
    var linksArticles: Bool

    /// Taken from the last build's cache, not rendered in this build.
    package var fromCache: Bool { cachedRecord != nil }
}

package enum ContentChecker {
    package static func check(_ options: BuildOptions) -> CheckedContent {
        check(options, inventory: nil, cache: nil)
    }

    static func check(_ options: BuildOptions, inventory: ContentInventory?, cache: BuildManifest?) -> CheckedContent {
        let display = options.contentPath
        var bodyContextOK = false
        var content = ContentLoader.load(contentRoot: options.contentPath, policy: options.policy, inventory: inventory,
                                         reuse: cache.map { cached in reuse(from: cached, display: display) })
        if let override = options.baseURLOverride { content.config.baseURL = override }
        if let cache, cache.bodyContext == bodyContextHash(content.config) { bodyContextOK = true }
        if cache != nil && !bodyContextOK {
            // Base path or raw-HTML setting changed: every body renders differently. Load afresh.
            content = ContentLoader.load(contentRoot: options.contentPath, policy: options.policy, inventory: inventory)
            if let override = options.baseURLOverride { content.config.baseURL = override }
        }

        // Articles by source path, looked up by bisection (a dictionary of 100,000 paths was 8 MiB
        // held for the whole build, for the few bodies that link to other articles).
        let published = content.articles
        let bySource = published.indices.sorted { published[$0].sourcePath < published[$1].sourcePath }.map { Int32($0) }
        let articleURL: @Sendable (String) -> String? = { path in
            var (low, high) = (0, bySource.count)
            while low < high {
                let mid = (low + high) / 2
                if published[Int(bySource[mid])].sourcePath < path { low = mid + 1 } else { high = mid }
            }
            return low < bySource.count && published[Int(bySource[low])].sourcePath == path ? published[Int(bySource[low])].outputDirectory : nil
        }
        let images = ImageWork(contentRoot: options.contentPath)
        let context = LinkContext(basePath: content.config.basePath, assets: content.inventory.articleAssets,
                                  articleURL: articleURL, allowRawHTML: content.config.allowRawHTML, imageInfo: images.reader)
        var linkHasher = StableHasher()
        for i in bySource { linkHasher.combine(published[Int(i)].sourcePath); published[Int(i)].combineOutputDirectory(into: &linkHasher) }
        // A file's stamp too: a photo replaced changes the markup of the bodies that show it.
        for asset in content.inventory.articleAssets.sorted() {
            let stamp = content.inventory.stamps[asset]
            linkHasher.combine(asset)
            linkHasher.combine(UInt64(bitPattern: stamp?.size ?? -1))
            linkHasher.combine(UInt64(bitPattern: stamp?.modifiedNanoseconds ?? -1))
        }
        let linkMapHash = linkHasher.value
        let linksChanged = cache.map { $0.linkMapHash != linkMapHash } ?? true

        let articles = content.articles
        let limit = content.config.summaryLength
        let reused = content.reused
        let checked = parallelMap(articles.count) { i -> (CheckedArticle, [Diagnostic]) in
            let a = articles[i]
            // (A record never rendered, a draft's, has no summary or body hash: rendered now.)
            if reused.contains(ObjectIdentifier(a)), let c = cache?.articles[a.sourcePath], c.document >= 0,
               !(linksChanged && (c.linksArticles || !c.assets.isEmpty)) {
                // (A record too far into the manifest to be placed, past 4 GB, is rendered again instead.)
                if let place = BuildManifest.RecordPlace(c) {
                    return (CheckedArticle(assets: c.assets, cachedRecord: place, bodyHash: c.bodyHash, summary: c.summary, linksArticles: c.linksArticles), [])
                }
            }
            let markdown = a.body.isEmpty ? reread(a, options) : a.body
            let body = MarkdownRenderer.check(markdown, file: a.displayPath, firstLine: a.bodyFirstLine, sourceDirectory: a.sourceDirectory,
                                              outputDirectory: a.outputDirectory, context: context, plainText: a.summary == nil)
            // Conservative: any mention of ".md" may be a link to another article.
            return (CheckedArticle(assets: body.assets, cachedRecord: nil, bodyHash: body.htmlHash,
                                   summary: a.summary ?? Summary.derive(fromPlainText: body.plainText, limit: limit),
                                   linksArticles: ByteSearch.contains(".md", in: markdown)),
                    body.diagnostics)
        }
        let pageBodies = content.pages.map { p in
            MarkdownRenderer.render(p.body, file: p.displayPath, firstLine: p.bodyFirstLine,
                                    sourceDirectory: p.sourceDirectory, outputDirectory: p.outputDirectory, context: context)
        }
        var diagnostics = content.diagnostics
        // Reported once, here: the articles the build keeps hold none.
        for (_, d) in checked { diagnostics += d }
        let kept = checked.map(\.0)
        for body in pageBodies { diagnostics += body.diagnostics }
        return CheckedContent(content: content, articles: kept, pageBodies: pageBodies, diagnostics: diagnostics.sortedForReport(),
                              linkMapHash: linkMapHash, context: context, images: images)
    }

    /// What every body's HTML depends on besides its own text.
    static func bodyContextHash(_ config: SiteConfig) -> UInt64 {
        var h = StableHasher()
        h.combine(config.basePath)
        h.combine(config.allowRawHTML ? 1 : 0)
        h.combine(config.summaryLength)
        return h.value
    }

    /// Renders the body of an entry taken from the cache, when a page that shows it must be rendered.
    static func loadBody(_ article: Article, _ options: BuildOptions, context: LinkContext) -> RenderedBody {
        MarkdownRenderer.render(reread(article, options), file: article.displayPath, firstLine: article.bodyFirstLine,
                                sourceDirectory: article.sourceDirectory, outputDirectory: article.outputDirectory, context: context)
    }

    /// The Markdown body of a cached article, read again from its file.
    static func reread(_ article: Article, _ options: BuildOptions) -> String {
        guard let bytes = try? FileSystem.readBytes(options.contentPath + "/" + article.sourcePath),
              case .success(let text) = SourceText.decode(bytes, file: article.displayPath),
              case .success(let split) = FrontMatter.split(text, file: article.displayPath) else { return "" }
        return String(split.body)
    }

    /// Turns the manifest's cache into the loader's reuse hook.
    static func reuse(from manifest: BuildManifest, display: String) -> ArticleReuse {
        let folder = display + "/"
        return { path, stamp, regions in
            guard let c = manifest.articles[path], c.stamp == stamp, let region = regions.index(ofPath: c.regionPath) else { return nil }
            let article = Article(title: c.title, date: PublishDate(epochSeconds: c.date), updated: c.updated.map { PublishDate(epochSeconds: $0) },
                                  region: region, topics: c.topics, source: c.source, author: c.author, summary: c.givenSummary,
                                  slug: c.slug, draft: c.draft, editor: c.editor, featured: c.featured, specials: c.specials, extra: [:], body: "", bodyFirstLine: c.bodyFirstLine,
                                  sourcePath: path, contentFolder: folder)
            return (article, c.warnings.map { .warning(SourceLocation(file: article.displayPath, line: $0.line, column: $0.column), $0.message) })
        }
    }
}

extension StandalonePage {
    var sourceDirectory: String {
        guard let slash = sourcePath.lastIndex(of: "/") else { return "" }
        return String(sourcePath[..<slash])
    }
}
