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

    /// 首页 › 地区 › 浙江省 › 金华市 › 永康市: where a page stands (`PageMeta.trail`). The page's
    /// own step, when shown, is marked current rather than linked.
    package static func trail(_ site: RenderContext, _ steps: [(name: String, path: String)], showsPage: Bool) -> HTML {
        let shown = showsPage ? steps[...] : steps.dropLast()
        let items: [HTML] = shown.enumerated().map { n, step in
            showsPage && n == steps.count - 1
                ? "<li><span aria-current=\"page\">\(step.name)</span></li>"
                : "<li><a href=\"\(step.path)\">\(step.name)</a></li>"
        }
        return """
        <nav class="breadcrumb" aria-label="当前位置"><ol><li><a href="\(site.urls.home)">首页</a></li>\(items.joined())</ol></nav>
        """
    }

    /// 地区 and a region's lineage, as trail steps.
    package static func regionSteps(_ site: RenderContext, _ region: Int) -> [(name: String, path: String)] {
        [("地区", site.urls.regions)] + site.regions.lineage(of: region).map { (site.regions[$0].name, site.urls.region(site.regions[$0])) }
    }

    package static func topicLinks(_ site: RenderContext, _ topics: [Topic]) -> HTML {
        let links: [HTML] = topics.map { "<li><a href=\"\(site.urls.topic($0))\">\($0.chineseName)</a></li>" }
        return "<ul class=\"tags\" aria-label=\"栏目\">\(links.joined())</ul>"
    }

    /// An index of lists (the 栏目, the 专题): each its name linked, its count and a line about it.
    package static func indexList(title: String, _ items: [(name: String, href: String, count: Int, about: String)]) -> HTML {
        let entries: [HTML] = items.map {
            """
            <li>
            <h2><a href="\($0.href)">\($0.name)</a> <span class="count">\($0.count) 篇</span></h2>
            <p>\($0.about)</p>
            </li>
            """
        }
        return """
        <h1>\(title)</h1>
        <ul class="topic-index">
        \(entries.joined(separator: "\n"))
        </ul>
        """
    }

    /// Regions as chips with their counts: a compact grid, every chip a full-size target.
    package static func regionChips(_ site: RenderContext, _ regions: [Int]) -> HTML {
        let items: [HTML] = regions.map {
            "<li><a href=\"\(site.urls.region(site.regions[$0]))\"><span class=\"name\">\(site.regions[$0].name)</span> <span class=\"count\">\(site.byRegion[$0].count)</span></a></li>"
        }
        return "<ul class=\"chips\">\n\(items.joined(separator: "\n"))\n</ul>"
    }

    /// The provinces that have articles, as chips.
    package static func provinceGrid(_ site: RenderContext) -> HTML {
        regionChips(site, site.regions.roots.filter { !site.byRegion[$0].isEmpty })
    }

    /// 全部 and each 栏目 among `entries`: tools.js shows the bar and hides the other cards.
    package static func topicFilter(_ site: RenderContext, _ entries: [Int]) -> HTML {
        let present = Topic.allCases.filter { t in entries.contains { site.entries[$0].article.topics.contains(t) } }
        guard present.count > 1 else { return .empty }
        let buttons: [HTML] = present.map { "<button type=\"button\" data-topic=\"\($0.rawValue)\" aria-pressed=\"false\">\($0.chineseName)</button>" }
        return """
        <div class="topic-filter" data-topic-filter hidden role="group" aria-label="按栏目筛选">
        <button type="button" data-topic="" aria-pressed="true">全部</button>\(buttons.joined())
        </div>
        """
    }

    /// An output path's root-relative URL.
    package static func fileURL(_ site: RenderContext) -> (String) -> String {
        let urls = site.urls
        return { urls.path(URLText.percentEncodedPath($0)) }
    }

    /// Headlines alone, each a line with its short date: the home page's 要闻 and 栏目 blocks.
    package static func headlines(_ site: RenderContext, _ indices: [Int]) -> HTML {
        if indices.isEmpty { return "<p class=\"empty\">暂无文章。</p>" }
        let items: [HTML] = indices.map { i in
            let e = site.entries[i]
            return "<li><a href=\"\(site.urls.page(e.directory))\">\(e.article.title)</a> \(monthDay(e.article.date))</li>"
        }
        return "<ul class=\"headlines\">\n\(items.joined(separator: "\n"))\n</ul>"
    }

    /// `10-12`: a headline's date where the year goes without saying.
    package static func monthDay(_ date: PublishDate) -> HTML {
        let iso = date.iso8601
        return "<time datetime=\"\(iso)\">\(String(iso.dropFirst(5).prefix(5)))</time>"
    }

    /// Every entry's card rendered once, for the heading levels lists use (see `RenderContext`).
    /// One article in a list: title, date, region, topics, summary. Rendered once per build (with
    /// an `h2` headline; another level made from it by `retitled`) and kept for the lists that
    /// show it again.
    package static func entryCard(_ site: RenderContext, _ index: Int, headingLevel: Int = 2) -> HTML {
        let card = site.cards.value(index) { renderCard(site, index, headingLevel: 2).rendered }
        return .unsafeRaw(headingLevel == 2 ? card : retitled(card, level: headingLevel))
    }

    /// An `h2` card with its headline at another level: its only `<h2`/`</h2` are the headline's
    /// tags (every text in a card is escaped).
    static func retitled(_ card: String, level: Int) -> String {
        // The two tags' digits found in the bytes; the card put together from slices of itself
        // (bytes made into a string again checked the UTF-8 of every card shown).
        var bytes = card
        let digits = bytes.withUTF8 { bytes in
            ["<h2", "</h2"].compactMap { tag in ByteSearch.find(Array(tag.utf8), in: bytes).map { $0 + tag.utf8.count - 1 } }.sorted()
        }
        let utf8 = card.utf8, digit = String(level)
        var out = "", from = utf8.startIndex
        for offset in digits {
            let at = utf8.index(utf8.startIndex, offsetBy: offset)
            out += card[from..<at]
            out += digit
            from = utf8.index(after: at)
        }
        return out + card[from...]
    }

    static func renderCard(_ site: RenderContext, _ index: Int, headingLevel: Int) -> HTML {
        let entry = site.entries[index]
        let a = entry.article
        let h = HTML.unsafeRaw("h\(headingLevel)")
        // Place and 栏目 as text: on a phone a card has one target, its headline (and its picture).
        let topics: [HTML] = a.topics.map { "<span class=\"topic\">\($0.chineseName)</span>" }
        // Each place level in its own span: a region page's list hides the levels it is itself
        // (`.entries[data-depth]` in the stylesheet), so one card serves every list.
        let lineage = site.regions.lineage(of: a.region)
        let levels: [HTML] = lineage.enumerated().map { n, r in "<span class=\"level-\(n + 1)\">\(site.regions[r].name)</span>" }
        // The thumbnail repeats the headline's link for a finger, hidden from keys and readers.
        let thumbnail: HTML = entry.photo.map {
            "<a class=\"entry-thumb\" href=\"\(site.urls.page(entry.directory))\" tabindex=\"-1\" aria-hidden=\"true\">\(HTML.unsafeRaw($0.thumbnail(url: fileURL(site))))</a>\n"
        } ?? .empty
        return """
        <li class="entry\(entry.photo == nil ? HTML.empty : " has-thumb")" data-topics="\(a.topics.map(\.rawValue).joined(separator: " "))">
        <article>
        \(thumbnail)<\(h) class="entry-title"><a href="\(site.urls.page(entry.directory))">\(a.title)</a></\(h)>
        <p class="entry-meta">\(shortTime(a.date))<span class="entry-place" data-depth="\(lineage.count)"> · \(levels.joined(separator: " "))</span> · \(topics.joined(separator: " "))</p>
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

    /// 第 n/N 页, 首页 and 上一页, numbered links, 下一页 and 尾页, with rel="prev"/"next"; and a
    /// jump to any page, which tools.js shows (without JavaScript the links are all there is).
    /// `basePath` is page 1's path.
    package static func pagination(_ pagination: Pagination, current: Int, basePath: String) -> HTML {
        guard pagination.pageCount > 1 else { return .empty }
        let count = pagination.pageCount
        func path(_ n: Int) -> String { basePath + Pagination.suffix(forPage: n) }
        var parts: [HTML] = []
        if current > 1 {
            parts.append("<a class=\"page-step\" href=\"\(path(1))\">首页</a>")
            parts.append("<a class=\"page-step\" rel=\"prev\" href=\"\(path(current - 1))\">上一页</a>")
        }
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
        if current < count {
            parts.append("<a class=\"page-step\" rel=\"next\" href=\"\(path(current + 1))\">下一页</a>")
            parts.append("<a class=\"page-step\" href=\"\(path(count))\">尾页</a>")
        }
        // The jump builds page n's path as `Pagination.suffix` does: `{n}` stands for the number.
        let pattern = basePath + Pagination.suffix(forPage: 2).replacing("2", with: "{n}")
        return """
        <nav class="pagination" aria-label="分页">
        <p class="page-status">第 \(current)/\(count) 页</p>
        <div class="page-links">
        \(parts.joined(separator: "\n"))
        </div>
        <form class="page-jump" data-first="\(basePath)" data-pattern="\(pattern)" hidden>
        <label>跳至第 <input type="number" name="page" min="1" max="\(count)" inputmode="numeric" required> 页</label>
        <button type="submit">跳转</button>
        </form>
        </nav>
        """
    }

    package static func feedLink(_ href: String) -> HTML {
        "<p class=\"feed-link\"><a href=\"\(href)\" type=\"application/atom+xml\">订阅本栏目 (Atom)</a></p>"
    }
}
