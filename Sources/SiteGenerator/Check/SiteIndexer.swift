import SiteCore

/// The index stage: checked content → `Site`.
package enum SiteIndexer {
    package static func index(_ checked: CheckedContent, buildTime: PublishDate? = nil) -> Site {
        let content = checked.content
        let entries = zip(content.articles, checked.articles).map { article, c in
            Entry(article: article, body: RenderedBody(html: "", plainText: "", headingText: "", assets: c.assets, diagnostics: []),
                  summary: c.summary, bodyHash: c.bodyHash, bodyLoaded: false, photo: ImageSet.lead(of: c.assets, info: checked.images.info))
        }
        return Site(config: content.config, regions: content.regions, entries: entries,
                    pages: Array(zip(content.pages, checked.pageBodies)).map { (page: $0.0, body: $0.1) }, buildTime: buildTime)
    }
}
