import SiteCore

/// `/articles/YYYY/MM/slug/`
package enum ArticlePage {
    package static func render(_ site: RenderContext, _ index: Int) -> HTML {
        let entry = site.entries[index]
        let a = entry.article
        let path = site.urls.page(entry.directory)
        var meta = PageMeta(title: a.title, description: entry.summary, path: path)
        meta.isArticle = true
        meta.published = a.date
        meta.modified = a.updated
        if let photo = entry.body.shareImage {
            meta.shareImage = ShareImage(url: site.urls.url(ofFile: ImageSet.sharePath(of: photo.path)), width: ImageSet.shareWidth,
                                         height: ImageSet.shareHeight, alt: photo.alt.isEmpty ? a.title : photo.alt)
        }
        let image = meta.shareImage?.url ?? site.urls.absolute(site.urls.path(Assets.shareCardPath))
        meta.structuredData = [StructuredData.article(site, index, imageURLs: [image])]
        meta.trail = Fragments.regionSteps(site, a.region) + [(a.title, path)]
        meta.trailShowsPage = false

        var byline: [HTML] = [Fragments.timeOfDay(a.date), "<span>来源：\(a.source ?? site.config.title)</span>"]
        if let author = a.author { byline.append("<span>作者：\(author)</span>") }
        let editor: HTML = a.editor.map { "<p class=\"editor\">责任编辑：\($0)</p>" } ?? .empty
        let updated: HTML = a.updated.map { "<p class=\"updated\">更新于 \(Fragments.time($0))</p>" } ?? .empty

        let neighbours = neighbourLinks(site, index)
        let related = site.related(to: index)
        let relatedList: HTML = related.isEmpty ? .empty : """
        <section class="related" aria-labelledby="related-heading">
        <h2 id="related-heading">相关报道</h2>
        \(Fragments.entryList(site, related[...], headingLevel: 3))
        </section>
        """
        let local = site.site.localLatest(to: index)
        let localList: HTML = local.isEmpty ? .empty : """
        <section class="local-latest" aria-labelledby="local-heading">
        <h2 id="local-heading">\(site.regions[site.site.localRegion(of: index)].name)最新</h2>
        \(Fragments.headlines(site, local))
        </section>
        """
        let main: HTML = """
        <div class="article-layout">
        <article class="article">
        <header class="article-header">
        <h1>\(a.title)</h1>
        <p class="byline">\(byline.joined(separator: " "))</p>
        \(Fragments.topicLinks(site, a.topics))
        </header>
        \(ArticleBody.wrap(entry.body.html))
        \(updated)
        \(editor)
        <p class="permalink">本文链接：<a href="\(site.urls.absolute(path))">\(site.urls.absolute(path))</a></p>
        <div class="article-tools" data-tools hidden>
        <button type="button" data-font="small">小字</button><button type="button" data-font="medium">中字</button><button type="button" data-font="large">大字</button>
        <button type="button" data-read-aloud aria-pressed="false" data-start="朗读全文" data-stop="停止朗读" hidden>朗读全文</button><button type="button" data-copy="\(site.urls.absolute(path))" data-done="链接已复制" data-prompt="复制本文链接：">复制链接</button><button type="button" data-print>打印</button>
        </div>
        <p class="to-top"><a href="#top">返回顶部</a></p>
        </article>
        <aside class="article-aside" aria-label="本地与分享">
        \(shareCode(site.urls.absolute(path)))
        \(localList)
        </aside>
        </div>
        \(neighbours)
        \(relatedList)
        """
        return Layout.page(site, meta, main: main)
    }

    /// "微信扫一扫": the page's URL as a QR code, for a reader at a computer (or on paper) to open
    /// it on a phone; hidden on narrow screens (`.share-code` in the stylesheet).
    static func shareCode(_ url: String) -> HTML {
        guard let svg = QRCode.svg(url, size: 132, label: "本文网址的二维码") else { return .empty }
        return """
        <div class="share-code">
        \(HTML.unsafeRaw(svg))
        <p>微信扫一扫<br>在手机上阅读、分享本文</p>
        </div>
        """
    }

    static func neighbourLinks(_ site: RenderContext, _ index: Int) -> HTML {
        // 上一篇 (older) first, then 下一篇 (newer), as Chinese portals list them.
        var links: [HTML] = []
        if let older = site.older(than: index) {
            let e = site.entries[older]
            links.append("<a class=\"older\" rel=\"prev\" href=\"\(site.urls.page(e.directory))\"><span>上一篇</span> \(e.article.title)</a>")
        }
        if let newer = site.newer(than: index) {
            let e = site.entries[newer]
            links.append("<a class=\"newer\" rel=\"next\" href=\"\(site.urls.page(e.directory))\"><span>下一篇</span> \(e.article.title)</a>")
        }
        if links.isEmpty { return .empty }
        return "<nav class=\"article-nav\" aria-label=\"前后文章\">\n\(links.joined(separator: "\n"))\n</nav>"
    }
}

/// Where an article's body stands in its page: the one owner of the markers around it, which a
/// body-only rebuild finds to splice a new body in. In safe mode no body holds `</div>` (cmark
/// escapes raw HTML), so the first one after the opening marker closes the body. The contents list
/// stands inside the markers: it is made from the body, and a new body brings its own.
package enum ArticleBody {
    static let open = "<div class=\"article-body\">\n"
    static let close = "</div>\n"
    /// Sections an article needs before it gets a contents list.
    package static let contentsThreshold = 3

    static func wrap(_ bodyHTML: String) -> HTML { .unsafeRaw(open + inner(bodyHTML) + "</div>") }

    /// The page with its body replaced, or nil unless the markers are found as `wrap` writes them
    /// (the opening one exactly once).
    package static func splice(_ bodyHTML: String, into page: [UInt8]) -> [UInt8]? {
        let open = Array(Self.open.utf8), close = Array(Self.close.utf8)
        guard let start = ByteSearch.find(open, in: page), ByteSearch.find(open, in: page, from: start + 1) == nil,
              let end = ByteSearch.find(close, in: page, from: start + open.count) else { return nil }
        return Array(page[..<(start + open.count)]) + Array(inner(bodyHTML).utf8) + Array(page[end...])
    }

    /// The body with an id on each section heading (`<h2>`, or `<h3>` in a body without `<h2>`) and,
    /// with `contentsThreshold` sections or more, a contents list before it. Found as bytes (cmark
    /// writes headings as bare `<h2>`; in safe mode no other `<h2>` is in a body).
    static func inner(_ html: String) -> String {
        // The headings' places found in the bytes; the body put together from slices of the string
        // itself, not from bytes made into a string again (which checked the UTF-8 of every body).
        var bytes = html
        let (level, headings) = bytes.withUTF8 { bytes -> (UInt8, [(start: Int, end: Int)]) in
            let level: UInt8 = ByteSearch.find(Array("<h2>".utf8), in: bytes) != nil ? 0x32 : 0x33
            let open: [UInt8] = [0x3C, 0x68, level, 0x3E], close: [UInt8] = [0x3C, 0x2F, 0x68, level, 0x3E]
            var found: [(start: Int, end: Int)] = [], from = 0
            while let start = ByteSearch.find(open, in: bytes, from: from), let end = ByteSearch.find(close, in: bytes, from: start + open.count) {
                found.append((start, end))
                from = end + close.count
            }
            return (level, found)
        }
        guard !headings.isEmpty else { return html }
        let utf8 = html.utf8
        // Offsets of ASCII tags: always on a character's boundary.
        func at(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        let tag = "h" + String(Character(Unicode.Scalar(level)))
        var body = "", titles: [String] = [], from = 0
        body.reserveCapacity(utf8.count + 32 * headings.count)
        for (start, end) in headings {
            titles.append(Self.text(of: html[at(start + 4)..<at(end)]))
            body += html[at(from)..<at(start)]
            body += "<\(tag) id=\"section-\(titles.count)\">"
            from = start + 4
        }
        body += html[at(from)...]
        guard titles.count >= contentsThreshold else { return body }
        let items = titles.enumerated().map { "<li><a href=\"#section-\($0 + 1)\">\($1)</a></li>" }.joined()
        return "<nav class=\"contents\" aria-labelledby=\"contents-heading\"><h2 id=\"contents-heading\">目录</h2><ol>\(items)</ol></nav>\n" + body
    }

    /// A heading's HTML without its tags (its entities stay escaped).
    private static func text(of html: Substring) -> String {
        var out = "", inTag = false
        for c in html {
            if c == "<" { inTag = true } else if c == ">" { inTag = false } else if !inTag { out.append(c) }
        }
        return out
    }
}
