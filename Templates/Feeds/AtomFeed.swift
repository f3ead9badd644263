import SiteCore

/// Atom 1.0 (RFC 4287) feeds: absolute URLs, the latest entries of a list, full content.
/// The `HTML` type's escaping is also correct XML escaping, so every value is escaped here too.
package enum AtomFeed {
    /// - Parameters:
    ///   - pagePath: site path of the HTML page the feed belongs to.
    ///   - feedPath: site path of the feed itself.
    package static func render(_ site: RenderContext, title: String, subtitle: String, pagePath: String, feedPath: String,
                              entries: [Int]) -> HTML {
        let urls = site.urls
        let shown = entries.prefix(site.config.feedSize)
        // The feed changes when its newest entry does; never the build time (builds stay reproducible).
        let updated = shown.map { site.entries[$0].article.updated ?? site.entries[$0].article.date }.max()
        let items: [HTML] = shown.map { entry(site, $0) }
        return """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(site.edition.language(site.config))">
        <title>\(title)</title>
        <subtitle>\(subtitle)</subtitle>
        <link rel="self" type="application/atom+xml" href="\(urls.absolute(feedPath))"/>
        <link rel="alternate" type="text/html" href="\(urls.absolute(pagePath))"/>
        <id>\(urls.absolute(pagePath))</id>
        <updated>\(updated?.iso8601 ?? "1970-01-01T08:00:00+08:00")</updated>
        <author><name>\(site.config.title)</name></author>
        <generator>build-site</generator>
        \(items.joined(separator: "\n"))
        </feed>

        """
    }

    static func entry(_ site: RenderContext, _ index: Int) -> HTML {
        if let cached = site.feedEntries[index] { return .unsafeRaw(cached) }
        return renderEntry(site, index)
    }

    /// Each entry shown in any of `feeds` (lists of entry indices), rendered once, on all cores.
    static func renderEntries(_ site: RenderContext, shownIn feeds: [[Int]]) -> [Int: String] {
        let shown = Array(Set(feeds.flatMap { $0.prefix(site.config.feedSize) })).sorted()
        let rendered = parallelMap(shown.count) { renderEntry(site, shown[$0]).rendered }
        return Dictionary(uniqueKeysWithValues: zip(shown, rendered))
    }

    static func renderEntry(_ site: RenderContext, _ index: Int) -> HTML {
        let entry = site.entries[index]
        let a = entry.article
        let url = site.urls.absolute(site.urls.page(entry.directory))
        let categories: [HTML] = a.topics.map { "<category term=\"\($0.rawValue)\" label=\"\($0.chineseName)\"/>" }
        let author: HTML = a.author.map { "<author><name>\($0)</name></author>\n" } ?? .empty
        return """
        <entry>
        <title>\(a.title)</title>
        <link rel="alternate" type="text/html" href="\(url)"/>
        <id>\(url)</id>
        <published>\(a.date.iso8601)</published>
        <updated>\((a.updated ?? a.date).iso8601)</updated>
        \(author)\(categories.joined(separator: "\n"))
        <summary>\(entry.summary)</summary>
        <content type="html" xml:base="\(url)">\(entry.body.html)</content>
        </entry>
        """
    }
}

/// `sitemap.xml` (and, past 50,000 URLs, a sitemap index over numbered parts).
package enum Sitemap {
    package struct Item: Sendable {
        package var path: String
        package var lastModified: PublishDate?
        /// The same page in each edition (`hreflang` and path), when the site publishes two.
        package var alternates: [(language: String, path: String)]
        package init(path: String, lastModified: PublishDate?, alternates: [(language: String, path: String)] = []) {
            self.path = path
            self.lastModified = lastModified
            self.alternates = alternates
        }
    }

    package static let maxURLsPerFile = 50_000

    package static func urlSet(_ site: RenderContext, _ items: ArraySlice<Item>) -> HTML {
        let urls: [HTML] = items.map { item in
            let lastmod: HTML = item.lastModified.map { "<lastmod>\($0.iso8601)</lastmod>" } ?? .empty
            let links: [HTML] = item.alternates.map {
                "<xhtml:link rel=\"alternate\" hreflang=\"\($0.language)\" href=\"\(site.urls.absolute($0.path))\"/>"
            }
            return "<url><loc>\(site.urls.absolute(item.path))</loc>\(lastmod)\(links.joined())</url>"
        }
        let namespaces: HTML = items.contains { !$0.alternates.isEmpty } ? " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"" : .empty
        return """
        <?xml version="1.0" encoding="utf-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"\(namespaces)>
        \(urls.joined(separator: "\n"))
        </urlset>

        """
    }

    package static func index(_ site: RenderContext, parts: [(path: String, lastModified: PublishDate?)]) -> HTML {
        let entries: [HTML] = parts.map { part in
            let lastmod: HTML = part.lastModified.map { "<lastmod>\($0.iso8601)</lastmod>" } ?? .empty
            return "<sitemap><loc>\(site.urls.absolute(part.path))</loc>\(lastmod)</sitemap>"
        }
        return """
        <?xml version="1.0" encoding="utf-8"?>
        <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        \(entries.joined(separator: "\n"))
        </sitemapindex>

        """
    }
}

package enum Robots {
    package static func render(_ site: RenderContext) -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(site.urls.absolute(site.urls.path("sitemap.xml")))\n"
    }
}
