import SiteCore

/// The index stage: checked content → `Site`.
public enum SiteIndexer {
    public static func index(_ checked: CheckedContent, buildTime: PublishDate? = nil) -> Site {
        let content = checked.content
        let entries = content.articles.indices.map { i in
            Entry(article: content.articles[i], body: checked.bodies[i], summary: checked.summaries[i],
                  bodyHash: checked.bodyHashes[i], bodyLoaded: checked.bodyLoaded[i])
        }
        return Site(config: content.config, regions: content.regions, entries: entries,
                    pages: Array(zip(content.pages, checked.pageBodies)).map { (page: $0.0, body: $0.1) }, buildTime: buildTime)
    }
}
