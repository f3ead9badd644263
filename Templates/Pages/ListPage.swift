import SiteCore

/// A paginated list of articles: topic, region, year and month pages share this frame.
package enum ListPage {
    /// - Parameters:
    ///   - basePath: the list's first page, e.g. `/topics/elderly/`.
    ///   - header: what stands above the list (title, introduction, sub-links).
    ///   - depth: a region page's level, whose place names its cards leave out (0: none).
    ///   - after: what follows the list (a district's province news).
    package static func render(_ site: RenderContext, meta: PageMeta, basePath: String, header: HTML,
                              entries: [Int], page: Int, depth: Int = 0, after: HTML = .empty) -> HTML {
        let pagination = Pagination(total: entries.count, size: site.config.pageSize)
        var meta = meta
        meta.path = basePath + Pagination.suffix(forPage: page)
        if page > 1 {
            meta.title += "（第 \(page) 页）"
            if var last = meta.trail.popLast() {
                meta.trail.append(last)
                last.name = "第 \(page) 页"
                last.path = meta.path
                meta.trail.append(last)
            }
            meta.previousPath = basePath + Pagination.suffix(forPage: page - 1)
        }
        if page < pagination.pageCount { meta.nextPath = basePath + Pagination.suffix(forPage: page + 1) }
        let main: HTML = """
        <header class="list-header">
        \(header)
        </header>
        \(Fragments.entryList(site, entries[pagination.range(ofPage: page)], depth: depth))
        \(Fragments.pagination(pagination, current: page, basePath: basePath))
        \(after)
        """
        return Layout.page(site, meta, main: main)
    }
}

/// `/topics/<topic>/`
package enum TopicPage {
    package static func render(_ site: RenderContext, _ topic: Topic, page: Int) -> HTML {
        let entries = site.byTopic[topic]!
        let basePath = site.urls.topic(topic)
        var meta = PageMeta(title: topic.chineseName, description: "\(topic.chineseName)：\(topic.blurb)", path: basePath,
                            section: .topic(topic))
        meta.feedPath = basePath + "feed.xml"
        meta.feedTitle = "\(site.config.title) · \(topic.chineseName)"
        meta.trail = [("栏目", site.urls.topics), (topic.chineseName, basePath)]
        let header: HTML = """
        <h1>\(topic.chineseName)</h1>
        <p class="lead">\(topic.blurb) 共 \(entries.count) 篇。</p>
        \(Fragments.feedLink(basePath + "feed.xml"))
        """
        return ListPage.render(site, meta: meta, basePath: basePath, header: header, entries: entries, page: page)
    }
}

/// `/regions/<province>/<city>/…`: everything beneath the node, its children with counts. A
/// district also names its neighbours, filters its list by 栏目 (tools.js), and, when it has few
/// articles, shows its province's newest.
package enum RegionPage {
    package static func render(_ site: RenderContext, _ region: Int, page: Int) -> HTML {
        let node = site.regions[region]
        let entries = site.byRegion[region]
        let basePath = site.urls.region(node)
        let fullName = site.regions.fullName(of: region)
        var meta = PageMeta(title: fullName, description: "\(fullName)的社会工作新闻，共 \(entries.count) 篇。", path: basePath,
                            section: .regions)
        meta.feedPath = basePath + "feed.xml"
        meta.feedTitle = "\(site.config.title) · \(fullName)"
        meta.trail = Fragments.regionSteps(site, region)
        let children = node.children.filter { !site.byRegion[$0].isEmpty }
        let childList: HTML = children.isEmpty ? .empty : """
        <nav class="subregions" aria-label="下级地区">
        \(Fragments.regionChips(site, children))
        </nav>
        """
        let neighbours = site.site.neighbours(of: region)
        let neighbourList: HTML = neighbours.isEmpty ? .empty : """
        <nav class="subregions neighbours" aria-label="相邻地区">
        <h2>相邻地区</h2>
        \(Fragments.regionChips(site, neighbours))
        </nav>
        """
        let filters: HTML = children.isEmpty && entries.count > 1 ? Fragments.topicFilter(site, entries) : .empty
        let header: HTML = """
        <h1>\(node.name)</h1>
        <p class="lead">\(fullName)的报道共 \(entries.count) 篇。</p>
        <p class="my-region-set" hidden><button type="button" data-set-my-region="\(basePath)" data-name="\(node.name)" data-choose="设为我的地区" data-chosen="已设为我的地区" aria-pressed="false">设为我的地区</button></p>
        \(childList)
        \(filters)
        \(Fragments.feedLink(basePath + "feed.xml"))
        """
        let more = site.site.provinceNews(for: region)
        let after: HTML = more.isEmpty ? .empty : """
        <section class="province-news" aria-labelledby="province-news-heading">
        <h2 id="province-news-heading">\(site.regions[site.regions.lineage(of: region)[0]].name)其他报道</h2>
        \(Fragments.entryList(site, more[...], headingLevel: 3))
        </section>
        """
        return ListPage.render(site, meta: meta, basePath: basePath, header: header, entries: entries, page: page,
                               depth: site.regions.lineage(of: region).count, after: "\(neighbourList)\n\(after)")
    }

}

/// `/specials/<slug>/`: a curated special, its introduction and its articles.
package enum SpecialPage {
    package static func render(_ site: RenderContext, _ k: Int, page: Int) -> HTML {
        let special = site.config.specials[k], entries = site.bySpecial[k]
        let basePath = site.urls.special(special.slug)
        var meta = PageMeta(title: special.title, description: special.intro, path: basePath, section: .specials)
        meta.trail = [("专题", site.urls.specials), (special.title, basePath)]
        let header: HTML = """
        <h1>\(special.title)</h1>
        <p class="special-intro">\(special.intro)</p>
        <p class="lead">共 \(entries.count) 篇。</p>
        """
        return ListPage.render(site, meta: meta, basePath: basePath, header: header, entries: entries, page: page)
    }
}

/// `/archive/YYYY/` and `/archive/YYYY/MM/`
package enum ArchivePeriodPage {
    package static func renderYear(_ site: RenderContext, _ yearIndex: Int, page: Int) -> HTML {
        let year = site.years[yearIndex]
        let basePath = site.urls.year(year.year)
        var meta = PageMeta(title: "\(year.year)年", description: "\(year.year)年的社会工作新闻，共 \(year.entries.count) 篇。",
                            path: basePath, section: .archive)
        meta.trail = [("归档", site.urls.archive), ("\(year.year)年", basePath)]
        let months: [HTML] = year.months.reversed().map {
            "<li><a href=\"\(site.urls.month($0.year, $0.month))\">\($0.month)月</a> <span class=\"count\">\($0.entries.count) 篇</span></li>"
        }
        let header: HTML = """
        <h1>\(year.year)年</h1>
        <p class="lead">共 \(year.entries.count) 篇。</p>
        <nav class="months" aria-label="\(year.year)年各月">
        <ul>
        \(months.joined(separator: "\n"))
        </ul>
        </nav>
        \(yearNeighbours(site, yearIndex))
        """
        return ListPage.render(site, meta: meta, basePath: basePath, header: header, entries: year.entries, page: page)
    }

    package static func renderMonth(_ site: RenderContext, _ yearIndex: Int, _ monthIndex: Int, page: Int) -> HTML {
        let year = site.years[yearIndex]
        let month = year.months[monthIndex]
        let basePath = site.urls.month(month.year, month.month)
        let title = "\(month.year)年\(month.month)月"
        var meta = PageMeta(title: title, description: "\(title)的社会工作新闻，共 \(month.entries.count) 篇。",
                            path: basePath, section: .archive)
        meta.trail = [("归档", site.urls.archive), ("\(month.year)年", site.urls.year(month.year)), ("\(month.month)月", basePath)]
        // Months are stored newest first across the whole site; neighbours may be in another year.
        let all = site.years.enumerated().flatMap { y, bucket in bucket.months.indices.map { (y, $0) } }
        let position = all.firstIndex { $0 == (yearIndex, monthIndex) }!
        var links: [HTML] = []
        if position + 1 < all.count {
            let (y, m) = all[position + 1]
            let b = site.years[y].months[m]
            links.append("<a rel=\"prev\" href=\"\(site.urls.month(b.year, b.month))\">← \(b.year)年\(b.month)月</a>")
        }
        if position > 0 {
            let (y, m) = all[position - 1]
            let b = site.years[y].months[m]
            links.append("<a rel=\"next\" href=\"\(site.urls.month(b.year, b.month))\">\(b.year)年\(b.month)月 →</a>")
        }
        let header: HTML = """
        <h1>\(title)</h1>
        <p class="lead">共 \(month.entries.count) 篇。</p>
        \(links.isEmpty ? HTML.empty : "<nav class=\"period-nav\" aria-label=\"相邻月份\">\(links.joined(separator: " "))</nav>")
        """
        return ListPage.render(site, meta: meta, basePath: basePath, header: header, entries: month.entries, page: page)
    }

    static func yearNeighbours(_ site: RenderContext, _ yearIndex: Int) -> HTML {
        var links: [HTML] = []
        if yearIndex + 1 < site.years.count {
            let y = site.years[yearIndex + 1].year
            links.append("<a href=\"\(site.urls.year(y))\">← \(y)年</a>")
        }
        if yearIndex > 0 {
            let y = site.years[yearIndex - 1].year
            links.append("<a href=\"\(site.urls.year(y))\">\(y)年 →</a>")
        }
        return links.isEmpty ? .empty : "<nav class=\"period-nav\" aria-label=\"相邻年份\">\(links.joined(separator: " "))</nav>"
    }
}
