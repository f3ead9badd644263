import SiteCore
import Templates

/// The plan stage: which files the site has, each with how to make it and its freshness — every
/// article, the home page, every list section, search, stand-alone pages, the site's furniture,
/// the sitemap and `static/`. The order of the jobs is the sitemap's order.
struct PagePlan {
    let site: Site
    let fingerprints: Fingerprints
    let contentRoot: String
    let inventory: ContentInventory
    let stylesheet: String
    let stylesheetPath: String
    let searchIndex: SearchIndexCache
    let images: ImageWork
    /// The 繁體版's converter, when the site publishes one.
    let traditional: TraditionalConverter?
    /// What the last build's plan leaves usable (a rebuild's).
    let reuse: PlanReuse?
    private(set) var jobs: [OutputJob] = []
    /// Files of `static/` that would take a generated file's place.
    private(set) var problems: [Diagnostic] = []

    /// Every output file of the site, in sitemap order.
    static func make(site: Site, fingerprints: Fingerprints, contentRoot: String, inventory: ContentInventory, stylesheet: String,
                     stylesheetPath: String, searchIndex: SearchIndexCache, images: ImageWork,
                     traditional: TraditionalConverter? = nil, reuse: PlanReuse? = nil) -> (jobs: [OutputJob], problems: [Diagnostic]) {
        var plan = PagePlan(site: site, fingerprints: fingerprints, contentRoot: contentRoot, inventory: inventory,
                            stylesheet: stylesheet, stylesheetPath: stylesheetPath, searchIndex: searchIndex, images: images,
                            traditional: traditional, reuse: reuse)
        plan.addArticles()
        plan.addHome()
        for section in ListSection.all(site) { plan.add(section) }
        plan.addSearch()
        plan.addStandalonePages()
        plan.addFurniture()
        plan.addTraditionalEdition()
        plan.addSitemap()
        plan.addStatic()
        plan.jobs.append(OutputJob(path: OutputPath(ChecksumList.path)!, inSitemap: false, lastModified: nil, content: .checksums, freshness: .everyBuild))
        // Copied to an array of their exact number: grown by appending, the array is up to twice
        // as large, and it is kept to the end of the build (140,000 jobs for 50,000 articles).
        var jobs: [OutputJob] = []
        jobs.reserveCapacity(plan.jobs.count)
        jobs.append(contentsOf: plan.jobs)
        return (jobs, plan.problems)
    }

    private var urls: SiteURLs { site.urls }

    private func lastModified(_ entries: ArraySlice<Int>) -> PublishDate? {
        entries.map { site.entries[$0].article.updated ?? site.entries[$0].article.date }.max()
    }

    private mutating func page(_ directory: String, _ modified: PublishDate?, _ freshness: Freshness, bodies: ShownEntries = [],
                               _ render: @escaping @Sendable (RenderContext) -> HTML) {
        jobs.append(OutputJob(path: OutputPath(directory: directory)!, inSitemap: true, lastModified: modified,
                              content: .render { render($0).rendered }, freshness: freshness, bodies: bodies))
    }

    private mutating func madeFromJobs(_ path: String, _ freshness: Freshness, _ render: @escaping @Sendable (RenderContext, [OutputJob]) -> String) {
        jobs.append(OutputJob(path: OutputPath(path)!, inSitemap: false, lastModified: nil, content: .fromJobs(render), freshness: freshness))
    }

    private mutating func file(_ path: String, _ freshness: Freshness, _ render: @escaping @Sendable (RenderContext) -> String) {
        jobs.append(OutputJob(path: OutputPath(path)!, inSitemap: false, lastModified: nil, content: .render(render), freshness: freshness))
    }

    /// The files a body refers to: a photo's set of resized, stripped files (and, on an article,
    /// for its first photo the share image: the one `RenderedBody.shareImage` names), any other
    /// file copied.
    private mutating func addFiles(of assets: [AssetCopy], sharing: Bool) {
        var shared = !sharing, seen = Set<String>()
        for asset in assets where seen.insert(asset.destination).inserted {
            guard ImageSet.isProcessed(asset.source), let info = images.info(asset.source) else {
                copy(asset.source, to: asset.destination)
                continue
            }
            let set = ImageSet(destination: asset.destination, info: info), images = self.images, source = asset.source
            let stamp = inventory.stamps[asset.source]
            func fingerprint(_ path: String) -> UInt64 {
                fingerprints.of(StableHasher.hash(source), UInt64(stamp?.size ?? -1), UInt64(bitPattern: stamp?.modifiedNanoseconds ?? -1),
                                StableHasher.hash(path), ImageLibrary.version)
            }
            // The first photo also makes the page's share image (from the same decoded pixels).
            let share = !shared
            shared = true
            for path in set.paths + (share ? [set.sharePath] : []) {
                jobs.append(OutputJob(path: OutputPath(path)!, inSitemap: false, lastModified: nil,
                                      content: .image { try images.file(path, of: set, source: source, share: share) },
                                      freshness: .inputs(fingerprint(path))))
            }
        }
    }

    private mutating func copy(_ source: String, to destination: String) {
        let stamp = inventory.stamps[source]
        jobs.append(OutputJob(path: OutputPath(destination)!, inSitemap: false, lastModified: nil, content: .copy(source: contentRoot + "/" + source),
                              freshness: .inputs(fingerprints.of(StableHasher.hash(source), UInt64(stamp?.size ?? -1),
                                                                 UInt64(bitPattern: stamp?.modifiedNanoseconds ?? -1)))))
    }

    /// Each article's page (its neighbours and related articles among its inputs, worked out on
    /// all cores, or on a rebuild taken from the last build's record where they show nothing that
    /// changed: `PlanReuse`) and the files it refers to.
    private mutating func addArticles() {
        let site = self.site, fp = fingerprints, reuse = self.reuse
        let regionNames = site.regions.nodes.map { StableHasher.hash($0.name) }
        let pages = parallelMap(site.entries.count) { i -> (OutputPath, UInt64) in
            let path = OutputPath(directory: site.entries[i].directory)!
            if let recorded = reuse?.freshness(ofPage: i, at: path) { return (path, recorded) }
            var neighbours = StableHasher()
            neighbours.combine(site.newer(than: i).map { fp.card[$0] } ?? 0)
            neighbours.combine(site.older(than: i).map { fp.card[$0] } ?? 0)
            neighbours.combine(fp.cards(site.related(to: i)[...]))
            neighbours.combine(fp.cards(site.localLatest(to: i)[...]))
            neighbours.combine(regionNames[site.localRegion(of: i)])
            return (path, fp.withShares(fp.of(neighbours.value), [i]))
        }
        for (i, entry) in site.entries.enumerated() {
            let (path, fingerprint) = pages[i]
            jobs.append(OutputJob(path: path, inSitemap: true, lastModified: entry.article.updated ?? entry.article.date,
                                  content: .articlePage(i), freshness: .inputs(fingerprint), bodies: [i]))
            addFiles(of: entry.assets, sharing: true)
        }
    }

    private mutating func addHome() {
        let all = Array(site.entries.indices)
        page("", lastModified(all.prefix(site.config.pageSize)), .everyBuild) { HomePage.render($0) }
        addPages(ListSection.latest(site))
        addFeed("", title: site.config.title, subtitle: site.config.description, all)
    }

    private mutating func add(_ section: ListSection) {
        page(section.index, lastModified(site.entries.isEmpty ? [] : [0]), .everyBuild, section.renderIndex)
        for partition in section.partitions {
            addPages(partition)
            if let feed = partition.feed { addFeed(partition.directory, title: feed.title, subtitle: feed.subtitle, partition.entries) }
        }
    }

    /// A partition's pages: page n shows its slice of the entries.
    private mutating func addPages(_ partition: ListPartition) {
        let pagination = Pagination(total: partition.entries.count, size: site.config.pageSize)
        for n in 1...pagination.pageCount {
            let slice = partition.entries[pagination.range(ofPage: n)]
            let fingerprint = fingerprints.of(StableHasher.hash(partition.directory), UInt64(n), UInt64(pagination.pageCount),
                                              UInt64(partition.entries.count), partition.header, fingerprints.cards(slice),
                                              fingerprints.cards(partition.shownBeside[...]))
            let render = partition.render
            page(partition.directory + Pagination.suffix(forPage: n), lastModified(slice), .inputs(fingerprint)) { render($0, n) }
        }
    }

    private mutating func addFeed(_ directory: String, title: String, subtitle: String, _ entries: [Int]) {
        let shown = Array(entries.prefix(site.config.feedSize))
        let fingerprint = fingerprints.of(StableHasher.hash(directory + "feed.xml"), StableHasher.hash(title), fingerprints.fulls(shown[...]))
        jobs.append(OutputJob(path: OutputPath(directory + "feed.xml")!, inSitemap: false, lastModified: nil, content: .render {
            // The page and the feed in the context's edition.
            let pagePath = $0.urls.page(directory)
            return AtomFeed.render($0, title: title, subtitle: subtitle, pagePath: pagePath, feedPath: pagePath + "feed.xml", entries: entries).rendered
        }, freshness: .inputs(fingerprint), bodies: ShownEntries(shown)))
    }

    /// The search page, the index's bucket and slot files, a fragment per document, meta, the t2s
    /// table and the script.
    private mutating func addSearch() {
        jobs.append(OutputJob(path: OutputPath(directory: SearchFileLayout.page)!, inSitemap: false, lastModified: nil,
                              content: .render { SearchPage.render($0, preloading: [SearchFileLayout.meta]).rendered }, freshness: .everyBuild))
        let n = site.entries.count, fp = fingerprints, cache = searchIndex
        let order = SearchFiles.entriesInDocumentOrder(site)
        let fingerprint = fp.withShares(fp.of(StableHasher.hash("search-index"), UInt64(n)), order)
        for b in 0..<SearchIndex.bucketCount(documents: n) {
            jobs.append(OutputJob(path: OutputPath(SearchFileLayout.bucket(b))!, inSitemap: false, lastModified: nil,
                                  content: .bytes { cache.bucket(b, $0.site) }, freshness: .inputs(fingerprint), searchIndex: true))
        }
        for s in 0..<SearchIndex.slotCount(documents: n) {
            jobs.append(OutputJob(path: OutputPath(SearchFileLayout.slot(s))!, inSitemap: false, lastModified: nil,
                                  content: .bytes { cache.slot(s, $0.site) }, freshness: .inputs(fingerprint), searchIndex: true))
        }
        // A fragment per document: its path and fingerprint made on all cores (the fingerprint's
        // base, the same for every fragment, once).
        let fragmentBase = fp.of(StableHasher.hash("search-fragment"))
        let fragments = parallelMap(order.count) { d in
            (OutputPath(SearchFileLayout.fragment(d))!, fp.withShares(fragmentBase, [order[d]]))
        }
        for (d, i) in order.enumerated() {
            jobs.append(OutputJob(path: fragments[d].0, inSitemap: false, lastModified: nil, content: .searchFragment(i),
                                  freshness: .inputs(fragments[d].1), bodies: [i]))
        }
        // meta.json: the index's shape and each document's length — in the documents' shares (a
        // body edit swaps one).
        jobs.append(OutputJob(path: OutputPath(SearchFileLayout.meta)!, inSitemap: false, lastModified: nil,
                              content: .render { cache.meta($0.site) },
                              freshness: .inputs(fp.withShares(fp.of(StableHasher.hash("search-meta"), UInt64(n)), order)), searchIndex: true))
        let filters = SearchFiles.documentCodes(site) + "\n"
        file(SearchFileLayout.filters, .inputs(fp.of(StableHasher.hash(filters)))) { _ in filters }
        file(SearchFileLayout.t2s, .everyBuild) { _ in SearchText.t2sPairs + "\n" }
        file(Assets.searchScriptPath, .everyBuild) { _ in Assets.searchScript }
    }

    private mutating func addStandalonePages() {
        for (p, entry) in site.pages.enumerated() {
            page(entry.page.outputDirectory, nil, .everyBuild) { StandalonePageTemplate.render($0, $0.pages[p].page, body: $0.pages[p].body) }
            addFiles(of: entry.body.assets, sharing: false)
        }
    }

    private mutating func addFurniture() {
        let stylesheet = self.stylesheet
        file("404.html", .everyBuild) { NotFoundPage.render($0).rendered }
        file("robots.txt", .everyBuild) { Robots.render($0) }
        file(stylesheetPath, .everyBuild) { _ in stylesheet }
        file(Assets.faviconPath, .everyBuild) { _ in Assets.favicon }
        file(Assets.toolsScriptPath, .everyBuild) { _ in Assets.toolsScript }
        let title = site.config.title, description = site.config.description
        jobs.append(OutputJob(path: OutputPath(Assets.shareCardPath)!, inSitemap: false, lastModified: nil,
                              content: .image { try ImageLibrary.siteCard(title: title, description: description) },
                              freshness: .inputs(fingerprints.of(StableHasher.hash(title), StableHasher.hash(description), ImageLibrary.version))))
    }

    /// The 繁體版: every page and feed again under `zh-hant/`, rendered in that edition (its links
    /// stay in it) and converted whole (`TraditionalConverter`), from the same fingerprints: an
    /// edit renders a page again in both editions or in neither. Files (photos, assets, the search
    /// index) are shared.
    private mutating func addTraditionalEdition() {
        guard let converter = traditional else { return }
        let prefix = Edition.traditional.prefix, salt = StableHasher.hash(prefix) ^ converter.fingerprint
        var twins: [OutputJob] = []
        for job in jobs {
            let content = job.content
            guard content.isText, job.path.isHTML || job.isFeed else { continue }
            var twin = job
            twin.path = OutputPath(prefix + job.path.value)!
            twin.content = .render { converter.convert(content.text($0.traditional)!) }
            if case .inputs(let fingerprint) = job.freshness { twin.freshness = .inputs(fingerprints.of(fingerprint, salt)) }
            twins.append(twin)
        }
        jobs += twins
    }

    /// The sitemap, split past 50,000 URLs; rendered again only when a URL or a date in it changed.
    /// With the 繁體版, each page names its other edition (`xhtml:link`).
    private mutating func addSitemap() {
        let editions = traditional != nil, urls = self.urls, language = site.config.language
        // Items are made again when a sitemap file is rendered, from the jobs its pages are:
        // held from plan to render, they were a string and an item per page.
        @Sendable func items(_ jobs: [OutputJob], _ pages: ArraySlice<Int32>) -> [Sitemap.Item] {
            pages.map { j in
                let job = jobs[Int(j)], path = job.sitemapPath(urls)!
                guard editions else { return Sitemap.Item(path: path, lastModified: job.lastModified) }
                let inTraditional = job.path.value.hasPrefix(Edition.traditional.prefix)
                let simplified = inTraditional ? urls.in(.traditional).samePage(path, in: .simplified) : path
                return Sitemap.Item(path: path, lastModified: job.lastModified,
                                    alternates: [(language, simplified), ("zh-Hant", urls.samePage(simplified, in: .traditional))])
            }
        }
        let pages = jobs.indices.filter { jobs[$0].inSitemap }.map(Int32.init)
        // What a sitemap file shows: each page's file and date. (Its URLs and alternates are made
        // from the file's path, the edition and the settings, which the site fingerprint holds:
        // made for every page of the site, they were most of planning the sitemap.)
        func freshness(_ pages: ArraySlice<Int32>) -> Freshness {
            var h = StableHasher()
            h.combine("sitemap")
            h.combine(editions ? 1 : 0)
            for j in pages {
                h.combine(jobs[Int(j)].path.value)
                h.combine(jobs[Int(j)].lastModified?.epochSeconds ?? -1)
            }
            return .inputs(fingerprints.of(h.value))
        }
        if pages.count <= Sitemap.maxURLsPerFile {
            madeFromJobs("sitemap.xml", freshness(pages[...])) { Sitemap.urlSet($0, items($1, pages[...])[...]).rendered }
            return
        }
        var parts: [(path: String, lastModified: PublishDate?)] = []
        for (n, start) in stride(from: 0, to: pages.count, by: Sitemap.maxURLsPerFile).enumerated() {
            let slice = pages[start..<min(start + Sitemap.maxURLsPerFile, pages.count)]
            let name = "sitemap-\(n + 1).xml"
            parts.append((urls.path(name), slice.compactMap { jobs[Int($0)].lastModified }.max()))
            madeFromJobs(name, freshness(slice)) { Sitemap.urlSet($0, items($1, slice)[...]).rendered }
        }
        let index = parts
        file("sitemap.xml", .everyBuild) { Sitemap.index($0, parts: index).rendered }
    }

    /// Files under `static/` go to the site root as they are, where no generated file or folder is.
    private mutating func addStatic() {
        // (Most sites have no static files: then the 30,000 generated paths need no set.)
        guard !inventory.staticFiles.isEmpty else { return }
        let generated = GeneratedPaths(jobs.map(\.path.value) + [ChecksumList.path])
        for file in inventory.staticFiles {
            let target = String(file.dropFirst("static/".count))
            guard OutputPath(target) != nil else { continue }
            if let clash = generated.clash(with: target) {
                problems.append(.error(SourceLocation(file: contentRoot + "/" + file), clash + "; rename or move the file in static/"))
                continue
            }
            copy(file, to: target)
        }
    }
}

/// The paths a build generates, and the folders they need: what `static/` must not take.
struct GeneratedPaths {
    private let files: Set<String>
    private let folders: Set<String>

    init(_ paths: [String]) {
        files = Set(paths)
        var folders = Set<String>()
        for path in paths {
            var p = path[...]
            while let slash = p.lastIndex(of: "/") {
                p = p[..<slash]
                if !folders.insert(String(p)).inserted { break }
            }
        }
        self.folders = folders
    }

    /// Why a file at `path` cannot be published, or nil.
    func clash(with path: String) -> String? {
        if files.contains(path) { return "static/\(path) would replace the generated /\(path)" }
        if folders.contains(path) { return "static/\(path) is a file where the site needs the folder /\(path)/" }
        var p = path[...]
        while let slash = p.lastIndex(of: "/") {
            p = p[..<slash]
            if files.contains(String(p)) { return "static/\(path) would be inside the generated file /\(p)" }
        }
        return nil
    }
}
