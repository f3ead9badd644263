/// Which articles a build publishes.
package struct PublishPolicy: Sendable {
    package var includeDrafts: Bool
    package var includeFuture: Bool
    /// Articles dated after this are held back unless `includeFuture`.
    package var now: PublishDate

    package init(includeDrafts: Bool = false, includeFuture: Bool = false, now: PublishDate) {
        self.includeDrafts = includeDrafts
        self.includeFuture = includeFuture
        self.now = now
    }
}

/// Everything read from the content folder, validated.
package struct LoadedContent: Sendable {
    package var config = SiteConfig()
    package var regions = RegionTree()
    /// The articles this build publishes (drafts and future articles removed per the policy).
    package var articles: [Article] = []
    package var pages: [StandalonePage] = []
    package var inventory = ContentInventory()
    package var heldBackDrafts = 0
    package var heldBackFuture = 0
    /// The earliest date among articles held back for being in the future.
    package var nextDue: PublishDate?
    /// The articles that came from the reuse hook instead of their files (by object: these articles'
    /// own, alive as long as the content is).
    package var reused: Set<ObjectIdentifier> = []
    /// Every article that loaded, published or held back (a rebuild caches them all).
    package var allArticles: [Article] = []
    package var diagnostics: [Diagnostic] = []
}

/// Gives an article from an earlier build, when the file's size and modification time are the same.
/// The hook resolves the region path against the current tree and declines if it is gone.
package typealias ArticleReuse = @Sendable (_ sourcePath: String, _ stamp: FileSystem.Stamp, _ regions: RegionTree) -> (Article, [Diagnostic])?

/// The load stage: content folder → validated `LoadedContent`, with every problem of every file.
package enum ContentLoader {
    package static func load(contentRoot: String, displayRoot: String? = nil, policy: PublishPolicy,
                            inventory scanned: ContentInventory? = nil, reuse: ArticleReuse? = nil) -> LoadedContent {
        let display = displayRoot ?? contentRoot
        var content = LoadedContent()
        guard FileSystem.kind(contentRoot, followLinks: true) == .directory else {
            content.diagnostics.append(.error(SourceLocation(file: display),
                                              "content folder not found: expected a folder with regions.yaml and articles/"))
            return content
        }

        (content.config, content.regions, content.diagnostics) = loadSettings(contentRoot: contentRoot, display: display)

        content.inventory = scanned ?? ContentScanner(root: contentRoot, displayRoot: display).scan()
        content.diagnostics += content.inventory.diagnostics

        // Read and validate every article on all cores; results come back in file order.
        var regionChecking = ArticleLoader(regions: content.regions)
        regionChecking.specials = content.config.specials
        regionChecking.checksRegions = !content.diagnostics.contains { $0.severity == .error && $0.location.file.hasSuffix("/regions.yaml") }
        let loader = regionChecking
        let files = content.inventory.articleFiles
        let stamps = content.inventory.stamps
        let regions = content.regions
        let results = parallelMap(files.count) { i -> (Article?, [Diagnostic], Bool) in
            let rel = files[i]
            if let reuse, let stamp = stamps[rel], let (article, warnings) = reuse(rel, stamp, regions) { return (article, warnings, true) }
            let (article, diagnostics) = loadFile(rel)
            return (article, diagnostics, false)
        }
        @Sendable func loadFile(_ rel: String) -> (Article?, [Diagnostic]) {
            let shown = display + "/" + rel
            let path = contentRoot + "/" + rel
            if let size = FileSystem.size(path), size > ArticleLoader.maxFileBytes {
                return (nil, [ArticleLoader.tooLarge(size, file: shown)])  // refused before it is read
            }
            do {
                let bytes = try FileSystem.readBytes(path)
                let loaded = loader.load(bytes: bytes, sourcePath: rel, displayPath: shown)
                // Front matter is kept for the whole archive; the Markdown is read again when its body
                // is rendered (the check, then the pages), so that a build never holds all of it.
                loaded.0?.dropBody()
                return loaded
            } catch {
                return (nil, [.error(SourceLocation(file: shown), "cannot read file: \(error)")])
            }
        }
        for (article, diagnostics, reused) in results {
            content.diagnostics += diagnostics
            guard let article else { continue }
            if reused { content.reused.insert(ObjectIdentifier(article)) }
            content.allArticles.append(article)
            if article.draft && !policy.includeDrafts { content.heldBackDrafts += 1; continue }
            if article.date > policy.now && !policy.includeFuture {
                content.heldBackFuture += 1
                if content.nextDue.map({ article.date < $0 }) ?? true { content.nextDue = article.date }
                continue
            }
            content.articles.append(article)
        }
        content.diagnostics += urlCollisions(content.articles)

        for rel in content.inventory.pageFiles {
            let shown = display + "/" + rel
            do {
                if let size = FileSystem.size(contentRoot + "/" + rel), size > ArticleLoader.maxFileBytes {
                    content.diagnostics.append(ArticleLoader.tooLarge(size, file: shown))
                    continue
                }
                let bytes = try FileSystem.readBytes(contentRoot + "/" + rel)
                let (page, diagnostics) = PageLoader.load(bytes: bytes, sourcePath: rel, displayPath: shown)
                content.diagnostics += diagnostics
                if let page { content.pages.append(page) }
            } catch {
                content.diagnostics.append(.error(SourceLocation(file: shown), "cannot read file: \(error)"))
            }
        }
        content.diagnostics += pageCollisions(content.pages)
        content.diagnostics = content.diagnostics.sortedForReport()
        return content
    }

    /// The files every page depends on, besides the bundled assets: a change to one re-renders the site.
    package static let settingsFiles = ["site.yaml", "regions.yaml", SpecialsLoader.fileName, TraditionalTermsLoader.fileName]

    /// site.yaml (optional), regions.yaml (required), specials.yaml and traditional.yaml (optional,
    /// read into the config), with their problems.
    package static func loadSettings(contentRoot: String, display: String) -> (SiteConfig, RegionTree, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        /// The file's value through `load`, its problems added; nil when the file is missing or unreadable.
        func read<T>(_ name: String, _ load: (String, String) -> (T, [Diagnostic])) -> T? {
            let path = contentRoot + "/" + name, shown = display + "/" + name
            guard FileSystem.exists(path) else { return nil }
            let (text, problems) = readText(path, display: shown)
            diagnostics += problems
            guard let text else { return nil }
            let (value, more) = load(text, shown)
            diagnostics += more
            return value
        }
        var config = read("site.yaml", SiteConfigLoader.load) ?? SiteConfig()
        let regions = read("regions.yaml", RegionLoader.load)
        if regions == nil && !FileSystem.exists(contentRoot + "/regions.yaml") {
            diagnostics.append(.error(SourceLocation(file: display + "/regions.yaml"),
                                      "missing region tree: articles' 'region' keys are checked against regions.yaml (slug: { name: 浙江省, children: … })"))
        }
        if let specials = read(SpecialsLoader.fileName, SpecialsLoader.load) { config.specials = specials }
        if let terms = read(TraditionalTermsLoader.fileName, TraditionalTermsLoader.load) { config.traditionalTerms = terms }
        return (config, regions ?? RegionTree(), diagnostics)
    }

    /// Two published articles may not share an output URL; each file is told about the others.
    static func urlCollisions(_ articles: [Article]) -> [Diagnostic] {
        // Every URL made on all cores and put in a set; only the few that come twice are grouped.
        let urls = parallelMap(articles.count) { articles[$0].outputDirectory }
        var seen = Set<PathKey>(minimumCapacity: urls.count), twice = Set<String>()
        for url in urls where !seen.insert(PathKey(url)).inserted { twice.insert(url) }
        guard !twice.isEmpty else { return [] }
        var byURL: [String: [Int]] = [:]
        for (i, url) in urls.enumerated() where twice.contains(url) { byURL[url, default: []].append(i) }
        var diagnostics: [Diagnostic] = []
        for (url, indices) in byURL where indices.count > 1 {
            for i in indices {
                let others = indices.filter { $0 != i }.map { articles[$0].displayPath }.joined(separator: ", ")
                diagnostics.append(.error(SourceLocation(file: articles[i].displayPath),
                                          "two articles would be published at /\(url): this one and \(others); give one of them another 'slug:'"))
            }
        }
        return diagnostics
    }

    static func pageCollisions(_ pages: [StandalonePage]) -> [Diagnostic] {
        var seen: [String: StandalonePage] = [:]
        var diagnostics: [Diagnostic] = []
        for page in pages {
            if let first = seen[page.slug] {
                diagnostics.append(.error(SourceLocation(file: page.displayPath),
                                          "page /\(page.slug)/ is also published by \(first.displayPath): give one of them another 'slug:'"))
            } else {
                seen[page.slug] = page
            }
        }
        return diagnostics
    }

    private static func readText(_ path: String, display: String) -> (String?, [Diagnostic]) {
        // Settings are a few kilobytes; a huge file is refused before it is read.
        if let size = FileSystem.size(path), size > ArticleLoader.maxFileBytes { return (nil, [ArticleLoader.tooLarge(size, file: display)]) }
        do {
            let bytes = try FileSystem.readBytes(path)
            switch SourceText.decode(bytes, file: display) {
            case .success(let text): return (text, [])
            case .failure(let d): return (nil, [d])
            }
        } catch {
            return (nil, [.error(SourceLocation(file: display), "cannot read file: \(error)")])
        }
    }
}
