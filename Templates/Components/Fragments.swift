import SiteCore

/// Small pieces shared by several pages.
package enum Fragments {
    package static func time(_ date: PublishDate) -> HTML {
        "<time datetime=\"\(date.iso8601)\">\(date.chineseDate)</time>"
    }

    /// A list's date: `2022-10-12`.
    package static func shortTime(_ date: PublishDate) -> HTML {
        "<time datetime=\"\(date.iso8601)\">\(String(date.iso8601.prefix(10)))</time>"
    }

    /// The full publish time (`2022年10月12日 09:42`).
    package static func timeOfDay(_ date: PublishDate) -> HTML {
        "<time datetime=\"\(date.iso8601)\">\(date.chineseDateTime)</time>"
    }

    /// 首页 › 地区 › 浙江省 › 金华市 › 永康市: where a page stands, from the home page.
    package static func breadcrumbs(_ site: RenderContext, region: Int) -> HTML {
        let levels: [HTML] = site.regions.lineage(of: region).map {
            "<li><a href=\"\(site.urls.region(site.regions[$0]))\">\(site.regions[$0].name)</a></li>"
        }
        return """
        <nav class="breadcrumb" aria-label="位置"><ol><li><a href="\(site.urls.home)">首页</a></li>\
        <li><a href="\(site.urls.regions)">地区</a></li>\(levels.joined())</ol></nav>
        """
    }

    package static func topicLinks(_ site: RenderContext, _ topics: [Topic]) -> HTML {
        let links: [HTML] = topics.map { "<li><a href=\"\(site.urls.topic($0))\">\($0.chineseName)</a></li>" }
        return "<ul class=\"tags\" aria-label=\"专题\">\(links.joined())</ul>"
    }

    /// Every entry's card rendered once, for the heading levels lists use (see `RenderContext`).
    static func renderCards(_ site: RenderContext) -> [Int: [String]] {
        var cards: [Int: [String]] = [:]
        for level in [2, 3] {
            cards[level] = parallelMap(site.entries.count) { renderCard(site, $0, headingLevel: level).rendered }
        }
        return cards
    }

    /// One article in a list: title, date, region, topics, summary.
    package static func entryCard(_ site: RenderContext, _ index: Int, headingLevel: Int = 2) -> HTML {
        if let cached = site.cards[headingLevel] { return .unsafeRaw(cached[index]) }
        return renderCard(site, index, headingLevel: headingLevel)
    }

    static func renderCard(_ site: RenderContext, _ index: Int, headingLevel: Int) -> HTML {
        let entry = site.entries[index]
        let a = entry.article
        let region = site.regions[a.region]
        let h = HTML.unsafeRaw("h\(headingLevel)")
        let topics: [HTML] = a.topics.map { "<a href=\"\(site.urls.topic($0))\">\($0.chineseName)</a>" }
        // Each place level in its own span: a region page's list hides the levels it is itself
        // (`.entries[data-depth]` in the stylesheet), so one card serves every list.
        let lineage = site.regions.lineage(of: a.region)
        let levels: [HTML] = lineage.enumerated().map { n, r in "<span class=\"level-\(n + 1)\">\(site.regions[r].name)</span>" }
        return """
        <li class="entry">
        <article>
        <\(h) class="entry-title"><a href="\(site.urls.path(entry.directory))">\(a.title)</a></\(h)>
        <p class="entry-meta">\(shortTime(a.date))<span class="entry-place" data-depth="\(lineage.count)"> · <a href="\(site.urls.region(region))">\(levels.joined(separator: " "))</a></span> · \(topics.joined(separator: " "))</p>
        <p class="entry-summary">\(entry.summary)</p>
        </article>
        </li>
        """
    }

    /// `depth`: on a region's page, its level (1 a province): its cards leave out the place levels
    /// the page already names.
    package static func entryList(_ site: RenderContext, _ indices: ArraySlice<Int>, headingLevel: Int = 2, depth: Int = 0) -> HTML {
        if indices.isEmpty { return "<p class=\"empty\">暂无文章。</p>" }
        let items = indices.map { entryCard(site, $0, headingLevel: headingLevel) }
        let attribute: HTML = depth > 0 ? " data-depth=\"\(depth)\"" : .empty
        return "<ol class=\"entries\"\(attribute)>\n\(items.joined(separator: "\n"))\n</ol>"
    }

    /// Numbered page links with rel="prev"/"next". `basePath` is page 1's path.
    package static func pagination(_ pagination: Pagination, current: Int, basePath: String) -> HTML {
        guard pagination.pageCount > 1 else { return .empty }
        func path(_ n: Int) -> String { basePath + Pagination.suffix(forPage: n) }
        var parts: [HTML] = []
        if current > 1 { parts.append("<a class=\"page-step\" rel=\"prev\" href=\"\(path(current - 1))\">上一页</a>") }
        for page in pagination.visiblePages(current: current) {
            if let n = page {
                if n == current {
                    parts.append("<span class=\"page-number\" aria-current=\"page\">\(n)</span>")
                } else {
                    parts.append("<a class=\"page-number\" href=\"\(path(n))\" aria-label=\"第 \(n) 页\">\(n)</a>")
                }
            } else {
                parts.append("<span class=\"page-gap\" aria-hidden=\"true\">…</span>")
            }
        }
        if current < pagination.pageCount { parts.append("<a class=\"page-step\" rel=\"next\" href=\"\(path(current + 1))\">下一页</a>") }
        return "<nav class=\"pagination\" aria-label=\"分页\">\n\(parts.joined(separator: "\n"))\n</nav>"
    }

    package static func feedLink(_ href: String) -> HTML {
        "<p class=\"feed-link\"><a href=\"\(href)\" type=\"application/atom+xml\">订阅本栏目 (Atom)</a></p>"
    }
}
