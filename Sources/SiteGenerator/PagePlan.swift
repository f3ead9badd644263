import SiteCore
import Templates

/// One file of the output: where it goes, what goes into the sitemap, how to make it, and a
/// fingerprint of everything it is made from, so a rebuild can skip it when nothing changed.
struct OutputJob: Sendable {
    enum Content: Sendable {
        case render(@Sendable (Site) -> String)
        case copy(source: String)
    }

    var path: OutputPath
    /// The page's site path for the sitemap, nil for files that are not pages.
    var sitemapPath: String?
    var lastModified: PublishDate?
    var content: Content
    /// A stable hash of the job's inputs; `alwaysRender` for pages that sum up the whole site
    /// (home, index pages, sitemap): those are rendered every time and kept when the bytes are the same.
    var fingerprint: UInt64
    /// Entries whose body HTML the job shows (an article page, a feed).
    var bodies: [Int] = []
    /// The search segment a bucket file belongs to (the segment's update decides which bodies it reads).
    var searchSegment: Int?

    static let alwaysRender: UInt64 = 0

    /// On a rebuild, a result equal to the file already there is not written again (its record
    /// takes the new fingerprint): pages that sum up the site, and search buckets, most of which
    /// an edit leaves as they were.
    var keepsIdenticalBytes: Bool { fingerprint == Self.alwaysRender || searchSegment != nil }
}

/// Stable hashes of what templates read, computed once per build.
///
/// The pages that show one article's body (its own page, its search fragment chunk and search
/// segment) combine that article's `full` hash by XOR with the rest, so that a rebuild that changes
/// only that body can update their fingerprints from the old ones without the rest of the site
/// (see `BodyEditRebuild`).
struct Fingerprints: Sendable {
    /// Everything every page shows: settings, region names, navigation, footer, stylesheet.
    let site: UInt64
    /// The settings hash alone (options, site.yaml, regions.yaml, assets).
    let settings: UInt64
    /// Per entry: what its list card shows (title, link, date, region, topics, summary).
    let card: [UInt64]
    /// Per entry: card plus what only its own page and feeds show (source, author, updated, body).
    let full: [UInt64]

    init(site: Site, settings: UInt64) {
        var h = StableHasher()
        h.combine(settings)
        h.combine(site.stylesheetPath)
        for page in site.pages { h.combine(page.page.slug); h.combine(page.page.title) }
        self.site = h.value
        self.settings = settings
        let entries = site.entries
        let card = parallelMap(entries.count) { Self.card(entries[$0].article, summary: entries[$0].summary) }
        self.card = card
        full = parallelMap(entries.count) { Self.full(card: card[$0], entries[$0].article, bodyHash: entries[$0].bodyHash) }
    }

    static func card(_ a: Article, summary: String) -> UInt64 {
        var h = StableHasher()
        h.combine(a.title)
        h.combine(a.date.epochSeconds)
        h.combine(a.region)
        for t in a.topics { h.combine(t.rawValue) }
        h.combine(summary)
        h.combine(a.outputDirectory)
        return h.value
    }

    static func full(card: UInt64, _ a: Article, bodyHash: UInt64) -> UInt64 {
        var h = StableHasher()
        h.combine(card)
        h.combine(a.source ?? "\u{0}")
        h.combine(a.author ?? "\u{0}")
        h.combine(a.updated?.epochSeconds ?? -1)
        h.combine(bodyHash)
        return h.value
    }

    /// An entry's share of a page fingerprint, at `position` among the entries the page shows.
    static func share(_ full: UInt64, at position: Int) -> UInt64 {
        var h = StableHasher()
        h.combine("entry")
        h.combine(position)
        h.combine(full)
        return h.value
    }

    /// A search document's hash: what its index entries come from, under these settings.
    static func searchDocument(settings: UInt64, full: UInt64) -> UInt64 {
        var h = StableHasher()
        h.combine(settings)
        h.combine("search-document")
        h.combine(full)
        return h.value
    }

    func of(_ parts: UInt64...) -> UInt64 {
        var h = StableHasher()
        h.combine(site)
        for p in parts { h.combine(p) }
        return h.value == OutputJob.alwaysRender ? 1 : h.value
    }

    /// `base` combined with the shares of `entries` (by position), never `alwaysRender`.
    func withShares(_ base: UInt64, _ entries: [Int]) -> UInt64 {
        var value = base
        for (k, e) in entries.enumerated() { value ^= Self.share(full[e], at: k) }
        return value == OutputJob.alwaysRender ? 1 : value
    }

    func cards(_ entries: ArraySlice<Int>) -> UInt64 {
        var h = StableHasher()
        for i in entries { h.combine(card[i]) }
        return h.value
    }

    func fulls(_ entries: ArraySlice<Int>) -> UInt64 {
        var h = StableHasher()
        for i in entries { h.combine(full[i]) }
        return h.value
    }
}

/// Decides which pages the site has: every article, the home page, every topic, every region
/// node with articles beneath it, every year and month, their pagination, feeds and the rest.
enum PagePlan {
    /// Every output file of the site. `problems`: files of `static/` that would take a generated file's place.
    static func jobs(for site: Site, contentRoot: String, inventory: ContentInventory, stylesheet: String,
                     fingerprints fp: Fingerprints, searchSegments segmentCache: SearchSegmentCache,
                     problems: inout [Diagnostic]) -> [OutputJob] {
        var jobs: [OutputJob] = []
        let urls = site.urls

        func lastModified(_ entries: ArraySlice<Int>) -> PublishDate? {
            entries.map { site.entries[$0].article.updated ?? site.entries[$0].article.date }.max()
        }
        func page(_ directory: String, _ modified: PublishDate?, _ fingerprint: UInt64, bodies: [Int] = [],
                  _ render: @escaping @Sendable (Site) -> HTML) {
            jobs.append(OutputJob(path: OutputPath(directory: directory)!, sitemapPath: urls.path(directory),
                                  lastModified: modified, content: .render { render($0).rendered }, fingerprint: fingerprint, bodies: bodies))
        }
        /// `header`: a hash of what the list shows above its entries (sub-region counts, months).
        func paginated(_ directory: String, _ entries: [Int], header: UInt64, _ render: @escaping @Sendable (Site, Int) -> HTML) {
            let pagination = Pagination(total: entries.count, size: site.config.pageSize)
            for n in 1...pagination.pageCount {
                let slice = entries[pagination.range(ofPage: n)]
                page(directory + Pagination.suffix(forPage: n), lastModified(slice),
                     fp.of(StableHasher.hash(directory), UInt64(n), UInt64(pagination.pageCount), UInt64(entries.count), header, fp.cards(slice))) {
                    render($0, n)
                }
            }
        }
        func feed(_ directory: String, title: String, subtitle: String, _ entries: [Int]) {
            let pagePath = urls.path(directory)
            let shown = Array(entries.prefix(site.config.feedSize))
            jobs.append(OutputJob(path: OutputPath(directory + "feed.xml")!, sitemapPath: nil, lastModified: nil, content: .render {
                AtomFeed.render($0, title: title, subtitle: subtitle, pagePath: pagePath, feedPath: pagePath + "feed.xml",
                                entries: entries).rendered
            }, fingerprint: fp.of(StableHasher.hash(directory + "feed.xml"), StableHasher.hash(title), fp.fulls(shown[...])), bodies: shown))
        }
        func copy(_ source: String, to destination: String) {
            let stamp = inventory.stamps[source]
            jobs.append(OutputJob(path: OutputPath(destination)!, sitemapPath: nil, lastModified: nil,
                                  content: .copy(source: contentRoot + "/" + source),
                                  fingerprint: fp.of(StableHasher.hash(source), UInt64(stamp?.size ?? -1), UInt64(bitPattern: stamp?.modifiedNanoseconds ?? -1))))
        }
        let all = Array(site.entries.indices)

        // Articles and the files they refer to. Each page's fingerprint (its neighbours and related
        // articles among its inputs) and its checked path are worked out on all cores first.
        let articlePages = parallelMap(site.entries.count) { i -> (OutputPath, String, UInt64) in
            let entry = site.entries[i]
            var neighbours = StableHasher()
            for n in [site.newer(than: i), site.older(than: i)] { neighbours.combine(n.map { fp.card[$0] } ?? 0) }
            neighbours.combine(fp.cards(site.related(to: i)[...]))
            return (OutputPath(directory: entry.directory)!, urls.path(entry.directory), fp.withShares(fp.of(neighbours.value), [i]))
        }
        for i in site.entries.indices {
            let entry = site.entries[i]
            let (path, sitePath, fingerprint) = articlePages[i]
            jobs.append(OutputJob(path: path, sitemapPath: sitePath, lastModified: entry.article.updated ?? entry.article.date,
                                  content: .render { ArticlePage.render($0, i).rendered }, fingerprint: fingerprint, bodies: [i]))
            for asset in entry.body.assets { copy(asset.source, to: asset.destination) }
        }
        // Home, topics, regions, archive: they sum up the whole site.
        page("", lastModified(all.prefix(site.config.pageSize)), OutputJob.alwaysRender) { HomePage.render($0) }
        feed("", title: site.config.title, subtitle: site.config.description, all)
        page("topics/", lastModified(all.prefix(1)), OutputJob.alwaysRender) { TopicsIndexPage.render($0) }
        for topic in Topic.allCases {
            let entries = site.byTopic[topic]!
            paginated("topics/\(topic.rawValue)/", entries, header: 0) { TopicPage.render($0, topic, page: $1) }
            feed("topics/\(topic.rawValue)/", title: "\(site.config.title) · \(topic.chineseName)", subtitle: topic.blurb, entries)
        }
        page("regions/", lastModified(all.prefix(1)), OutputJob.alwaysRender) { RegionsIndexPage.render($0) }
        for region in site.regionsWithArticles() {
            let node = site.regions[region]
            let entries = site.byRegion[region]
            var header = StableHasher()
            for child in node.children { header.combine(site.byRegion[child].count) }
            paginated("regions/\(node.path)/", entries, header: header.value) { RegionPage.render($0, region, page: $1) }
            let name = site.regions.fullName(of: region)
            feed("regions/\(node.path)/", title: "\(site.config.title) · \(name)", subtitle: "\(name)的社会工作新闻", entries)
        }
        page("archive/", lastModified(all.prefix(1)), OutputJob.alwaysRender) { ArchiveIndexPage.render($0) }
        // Year and month pages link to their neighbours, so the whole calendar goes into their headers.
        var calendar = StableHasher()
        for year in site.years { for month in year.months { calendar.combine(year.year * 100 + month.month); calendar.combine(month.entries.count) } }
        for (y, year) in site.years.enumerated() {
            paginated("archive/\(year.year)/", year.entries, header: calendar.value) { ArchivePeriodPage.renderYear($0, y, page: $1) }
            for (m, month) in year.months.enumerated() {
                let mm = month.month < 10 ? "0\(month.month)" : "\(month.month)"
                paginated("archive/\(year.year)/\(mm)/", month.entries, header: calendar.value) { ArchivePeriodPage.renderMonth($0, y, m, page: $1) }
            }
        }
        // Search: the page, its script, the index segments, result fragments, meta and the t2s table.
        jobs.append(OutputJob(path: OutputPath(directory: SearchFileLayout.page)!, sitemapPath: nil, lastModified: nil,
                              content: .render { SearchPage.render($0).rendered }, fingerprint: OutputJob.alwaysRender))
        let n = site.entries.count
        let segments = SearchIndex.segmentCount(documents: n)
        for s in 0..<segments {
            let entryIndices = ((s * SearchIndex.segmentSize)..<min(n, (s + 1) * SearchIndex.segmentSize)).map { n - 1 - $0 }
            let fingerprint = fp.withShares(fp.of(StableHasher.hash("search-segment"), UInt64(s)), entryIndices)
            for kind in SearchFileLayout.BucketKind.allCases {
                for b in 0..<kind.count {
                    jobs.append(OutputJob(path: OutputPath(SearchFileLayout.bucket(kind, segment: s, b))!, sitemapPath: nil, lastModified: nil,
                                          content: .render { site in
                                              let segment = segmentCache.segment(s, site)
                                              return (kind == .tokens ? segment.tokens : segment.characters)[b]
                                          }, fingerprint: fingerprint, searchSegment: s))
                }
            }
        }
        for chunk in 0..<((n + SearchIndex.fragmentSize - 1) / SearchIndex.fragmentSize) {
            let entryIndices = ((chunk * SearchIndex.fragmentSize)..<min(n, (chunk + 1) * SearchIndex.fragmentSize)).map { n - 1 - $0 }
            jobs.append(OutputJob(path: OutputPath(SearchFileLayout.fragmentChunk(chunk))!, sitemapPath: nil, lastModified: nil,
                                  content: .render { SearchFiles.fragmentChunk($0, chunk) },
                                  fingerprint: fp.withShares(fp.of(StableHasher.hash("search-fragment")), entryIndices), bodies: entryIndices))
        }
        // meta.json: counts and each document's province and topics (the region tree is in the settings).
        var meta = StableHasher()
        meta.combine("search-meta")
        for i in site.entries.indices {
            meta.combine(site.entries[i].article.region)
            for t in site.entries[i].article.topics { meta.combine(t.rawValue) }
        }
        jobs.append(OutputJob(path: OutputPath(SearchFileLayout.meta)!, sitemapPath: nil, lastModified: nil,
                              content: .render { SearchFiles.meta($0) }, fingerprint: fp.of(meta.value)))
        jobs.append(OutputJob(path: OutputPath(SearchFileLayout.t2s)!, sitemapPath: nil, lastModified: nil,
                              content: .render { _ in SearchText.t2sPairs + "\n" }, fingerprint: OutputJob.alwaysRender))
        jobs.append(OutputJob(path: OutputPath(Assets.searchScriptPath)!, sitemapPath: nil, lastModified: nil,
                              content: .render { _ in Assets.searchScript }, fingerprint: OutputJob.alwaysRender))
        // Stand-alone pages.
        for (p, page) in site.pages.enumerated() {
            jobs.append(OutputJob(path: OutputPath(directory: page.page.outputDirectory)!, sitemapPath: urls.path(page.page.outputDirectory),
                                  lastModified: nil, content: .render { StandalonePageTemplate.render($0, $0.pages[p].page, body: $0.pages[p].body).rendered },
                                  fingerprint: OutputJob.alwaysRender))
            for asset in page.body.assets { copy(asset.source, to: asset.destination) }
        }
        // Site furniture.
        func always(_ path: String, _ render: @escaping @Sendable (Site) -> String) {
            jobs.append(OutputJob(path: OutputPath(path)!, sitemapPath: nil, lastModified: nil, content: .render(render), fingerprint: OutputJob.alwaysRender))
        }
        always("404.html") { NotFoundPage.render($0).rendered }
        always("robots.txt") { Robots.render($0) }
        always(site.stylesheetPath) { _ in stylesheet }
        always(Assets.faviconPath) { _ in Assets.favicon }
        jobs += sitemapJobs(site, items: jobs.compactMap { job in
            job.sitemapPath.map { Sitemap.Item(path: $0, lastModified: job.lastModified) }
        }, fingerprints: fp)
        // Files under Content/static/ go to the site root as they are, where no generated file or folder is.
        let generated = GeneratedPaths(jobs.map(\.path.value))
        for file in inventory.staticFiles {
            let target = String(file.dropFirst("static/".count))
            guard OutputPath(target) != nil else { continue }
            if let clash = generated.clash(with: target) {
                problems.append(.error(SourceLocation(file: contentRoot + "/" + file), clash + "; rename or move the file in static/"))
                continue
            }
            copy(file, to: target)
        }
        return jobs
    }

    /// The sitemap is rendered again only when a URL or a date in it changed.
    static func sitemapJobs(_ site: Site, items: [Sitemap.Item], fingerprints fp: Fingerprints) -> [OutputJob] {
        func fingerprint(_ items: ArraySlice<Sitemap.Item>) -> UInt64 {
            var h = StableHasher()
            h.combine("sitemap")
            for item in items { h.combine(item.path); h.combine(item.lastModified?.epochSeconds ?? -1) }
            return fp.of(h.value)
        }
        if items.count <= Sitemap.maxURLsPerFile {
            return [OutputJob(path: OutputPath("sitemap.xml")!, sitemapPath: nil, lastModified: nil,
                              content: .render { Sitemap.urlSet($0, items[...]).rendered }, fingerprint: fingerprint(items[...]))]
        }
        var jobs: [OutputJob] = []
        var parts: [(path: String, lastModified: PublishDate?)] = []
        for (n, start) in stride(from: 0, to: items.count, by: Sitemap.maxURLsPerFile).enumerated() {
            let slice = items[start..<min(start + Sitemap.maxURLsPerFile, items.count)]
            let name = "sitemap-\(n + 1).xml"
            parts.append((site.urls.path(name), slice.compactMap(\.lastModified).max()))
            jobs.append(OutputJob(path: OutputPath(name)!, sitemapPath: nil, lastModified: nil,
                                  content: .render { Sitemap.urlSet($0, slice).rendered }, fingerprint: fingerprint(slice)))
        }
        let index = parts
        jobs.append(OutputJob(path: OutputPath("sitemap.xml")!, sitemapPath: nil, lastModified: nil,
                              content: .render { Sitemap.index($0, parts: index).rendered }, fingerprint: OutputJob.alwaysRender))
        return jobs
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
