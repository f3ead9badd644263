import SiteCore
import Templates

/// One file of the output: where it goes, what goes into the sitemap, and how to make it.
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
}

/// Decides which pages the site has: every article, the home page, every topic, every region
/// node with articles beneath it, every year and month, their pagination, feeds and the rest.
enum PagePlan {
    static func jobs(for site: Site, contentRoot: String, inventory: ContentInventory, stylesheet: String) -> [OutputJob] {
        var jobs: [OutputJob] = []
        let urls = site.urls

        func lastModified(_ entries: ArraySlice<Int>) -> PublishDate? {
            entries.map { site.entries[$0].article.updated ?? site.entries[$0].article.date }.max()
        }
        func page(_ directory: String, _ modified: PublishDate?, _ render: @escaping @Sendable (Site) -> HTML) {
            jobs.append(OutputJob(path: OutputPath(directory: directory)!, sitemapPath: urls.path(directory),
                                  lastModified: modified, content: .render { render($0).rendered }))
        }
        func paginated(_ directory: String, _ entries: [Int], _ render: @escaping @Sendable (Site, Int) -> HTML) {
            let pagination = Pagination(total: entries.count, size: site.config.pageSize)
            for n in 1...pagination.pageCount {
                page(directory + Pagination.suffix(forPage: n), lastModified(entries[pagination.range(ofPage: n)])) { render($0, n) }
            }
        }
        func feed(_ directory: String, title: String, subtitle: String, _ entries: [Int]) {
            let pagePath = urls.path(directory)
            jobs.append(OutputJob(path: OutputPath(directory + "feed.xml")!, sitemapPath: nil, lastModified: nil, content: .render {
                AtomFeed.render($0, title: title, subtitle: subtitle, pagePath: pagePath, feedPath: pagePath + "feed.xml",
                                entries: entries).rendered
            }))
        }
        let all = Array(site.entries.indices)

        // Articles and the files they refer to.
        for i in site.entries.indices {
            let entry = site.entries[i]
            page(entry.directory, entry.article.updated ?? entry.article.date) { ArticlePage.render($0, i) }
            for asset in entry.body.assets {
                jobs.append(OutputJob(path: OutputPath(asset.destination)!, sitemapPath: nil, lastModified: nil,
                                      content: .copy(source: contentRoot + "/" + asset.source)))
            }
        }
        // Home, topics, regions, archive.
        page("", lastModified(all.prefix(site.config.pageSize))) { HomePage.render($0) }
        feed("", title: site.config.title, subtitle: site.config.description, all)
        page("topics/", lastModified(all.prefix(1))) { TopicsIndexPage.render($0) }
        for topic in Topic.allCases {
            let entries = site.byTopic[topic]!
            paginated("topics/\(topic.rawValue)/", entries) { TopicPage.render($0, topic, page: $1) }
            feed("topics/\(topic.rawValue)/", title: "\(site.config.title) · \(topic.chineseName)", subtitle: topic.blurb, entries)
        }
        page("regions/", lastModified(all.prefix(1))) { RegionsIndexPage.render($0) }
        for region in site.regionsWithArticles() {
            let node = site.regions[region]
            let entries = site.byRegion[region]
            paginated("regions/\(node.path)/", entries) { RegionPage.render($0, region, page: $1) }
            let name = site.regions.fullName(of: region)
            feed("regions/\(node.path)/", title: "\(site.config.title) · \(name)", subtitle: "\(name)的社会工作新闻", entries)
        }
        page("archive/", lastModified(all.prefix(1))) { ArchiveIndexPage.render($0) }
        for (y, year) in site.years.enumerated() {
            paginated("archive/\(year.year)/", year.entries) { ArchivePeriodPage.renderYear($0, y, page: $1) }
            for (m, month) in year.months.enumerated() {
                let mm = month.month < 10 ? "0\(month.month)" : "\(month.month)"
                paginated("archive/\(year.year)/\(mm)/", month.entries) { ArchivePeriodPage.renderMonth($0, y, m, page: $1) }
            }
        }
        // Stand-alone pages.
        for (p, page) in site.pages.enumerated() {
            jobs.append(OutputJob(path: OutputPath(directory: page.page.outputDirectory)!, sitemapPath: urls.path(page.page.outputDirectory),
                                  lastModified: nil, content: .render { StandalonePageTemplate.render($0, $0.pages[p].page, body: $0.pages[p].body).rendered }))
            for asset in page.body.assets {
                jobs.append(OutputJob(path: OutputPath(asset.destination)!, sitemapPath: nil, lastModified: nil,
                                      content: .copy(source: contentRoot + "/" + asset.source)))
            }
        }
        // Site furniture.
        jobs.append(OutputJob(path: OutputPath("404.html")!, sitemapPath: nil, lastModified: nil,
                              content: .render { NotFoundPage.render($0).rendered }))
        jobs.append(OutputJob(path: OutputPath("robots.txt")!, sitemapPath: nil, lastModified: nil,
                              content: .render { Robots.render($0) }))
        jobs.append(OutputJob(path: OutputPath(site.stylesheetPath)!, sitemapPath: nil, lastModified: nil,
                              content: .render { _ in stylesheet }))
        jobs.append(OutputJob(path: OutputPath(Assets.faviconPath)!, sitemapPath: nil, lastModified: nil,
                              content: .render { _ in Assets.favicon }))
        jobs += sitemapJobs(site, items: jobs.compactMap { job in
            job.sitemapPath.map { Sitemap.Item(path: $0, lastModified: job.lastModified) }
        })
        // Files under Content/static/ go to the site root as they are.
        for file in inventory.staticFiles {
            if let path = OutputPath(String(file.dropFirst("static/".count))) {
                jobs.append(OutputJob(path: path, sitemapPath: nil, lastModified: nil, content: .copy(source: contentRoot + "/" + file)))
            }
        }
        return jobs
    }

    static func sitemapJobs(_ site: Site, items: [Sitemap.Item]) -> [OutputJob] {
        if items.count <= Sitemap.maxURLsPerFile {
            return [OutputJob(path: OutputPath("sitemap.xml")!, sitemapPath: nil, lastModified: nil,
                              content: .render { Sitemap.urlSet($0, items[...]).rendered })]
        }
        var jobs: [OutputJob] = []
        var parts: [(path: String, lastModified: PublishDate?)] = []
        for (n, start) in stride(from: 0, to: items.count, by: Sitemap.maxURLsPerFile).enumerated() {
            let slice = items[start..<min(start + Sitemap.maxURLsPerFile, items.count)]
            let name = "sitemap-\(n + 1).xml"
            parts.append((site.urls.path(name), slice.compactMap(\.lastModified).max()))
            jobs.append(OutputJob(path: OutputPath(name)!, sitemapPath: nil, lastModified: nil,
                                  content: .render { Sitemap.urlSet($0, slice).rendered }))
        }
        let index = parts
        jobs.append(OutputJob(path: OutputPath("sitemap.xml")!, sitemapPath: nil, lastModified: nil,
                              content: .render { Sitemap.index($0, parts: index).rendered }))
        return jobs
    }
}
