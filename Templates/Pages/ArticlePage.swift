import SiteCore

/// `/articles/YYYY/MM/slug/`
package enum ArticlePage {
    package static func render(_ site: RenderContext, _ index: Int) -> HTML {
        let entry = site.entries[index]
        let a = entry.article
        let path = site.urls.path(entry.directory)
        var meta = PageMeta(title: a.title, description: entry.summary, path: path)
        meta.isArticle = true
        meta.published = a.date
        meta.modified = a.updated
        if let photo = entry.body.shareImage {
            meta.shareImage = ShareImage(url: site.urls.url(ofFile: ImageSet.sharePath(of: photo.path)), width: ImageSet.shareWidth,
                                         height: ImageSet.shareHeight, alt: photo.alt.isEmpty ? a.title : photo.alt)
        }
        let image = meta.shareImage?.url ?? site.urls.absolute(site.urls.path(Assets.shareCardPath))
        meta.structuredData = [StructuredData.article(site, index, imageURLs: [image]),
                               StructuredData.breadcrumbs(site, region: a.region, last: (a.title, path))]

        var byline: [HTML] = [Fragments.time(a.date)]
        if let source = a.source { byline.append("<span>来源：\(source)</span>") }
        if let author = a.author { byline.append("<span>作者：\(author)</span>") }
        let updated: HTML = a.updated.map { "<p class=\"updated\">更新于 \(Fragments.time($0))</p>" } ?? .empty

        let neighbours = neighbourLinks(site, index)
        let related = site.related(to: index)
        let relatedList: HTML = related.isEmpty ? .empty : """
        <section class="related" aria-labelledby="related-heading">
        <h2 id="related-heading">相关报道</h2>
        \(Fragments.entryList(site, related[...], headingLevel: 3))
        </section>
        """
        let main: HTML = """
        <article class="article">
        <header class="article-header">
        \(Fragments.regionTrail(site, a.region))
        <h1>\(a.title)</h1>
        <p class="byline">\(byline.joined(separator: " "))</p>
        \(Fragments.topicLinks(site, a.topics))
        </header>
        \(ArticleBody.wrap(entry.body.html))
        \(updated)
        \(shareCode(site.urls.absolute(path)))
        </article>
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
        <aside class="share-code" aria-label="分享">
        \(HTML.unsafeRaw(svg))
        <p>微信扫一扫<br>在手机上阅读、分享本文</p>
        </aside>
        """
    }

    static func neighbourLinks(_ site: RenderContext, _ index: Int) -> HTML {
        var links: [HTML] = []
        if let newer = site.newer(than: index) {
            let e = site.entries[newer]
            links.append("<a class=\"newer\" rel=\"next\" href=\"\(site.urls.path(e.directory))\"><span>下一篇</span> \(e.article.title)</a>")
        }
        if let older = site.older(than: index) {
            let e = site.entries[older]
            links.append("<a class=\"older\" rel=\"prev\" href=\"\(site.urls.path(e.directory))\"><span>上一篇</span> \(e.article.title)</a>")
        }
        if links.isEmpty { return .empty }
        return "<nav class=\"article-nav\" aria-label=\"前后文章\">\n\(links.joined(separator: "\n"))\n</nav>"
    }
}

/// Where an article's body stands in its page: the one owner of the markers around it, which a
/// body-only rebuild finds to splice a new body in. In safe mode no body holds `</div>` (cmark
/// escapes raw HTML), so the first one after the opening marker closes the body.
package enum ArticleBody {
    static let open = "<div class=\"article-body\">\n"
    static let close = "</div>\n"

    static func wrap(_ bodyHTML: String) -> HTML { .unsafeRaw(open + bodyHTML + "</div>") }

    /// The page with its body replaced, or nil unless the markers are found as `wrap` writes them
    /// (the opening one exactly once).
    package static func splice(_ bodyHTML: String, into page: [UInt8]) -> [UInt8]? {
        let open = Array(Self.open.utf8), close = Array(Self.close.utf8)
        guard let start = ByteSearch.find(open, in: page), ByteSearch.find(open, in: page, from: start + 1) == nil,
              let end = ByteSearch.find(close, in: page, from: start + open.count) else { return nil }
        return Array(page[..<(start + open.count)]) + Array(bodyHTML.utf8) + Array(page[end...])
    }
}
