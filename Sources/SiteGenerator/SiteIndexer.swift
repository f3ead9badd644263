import SiteCore

/// The index stage: checked content → `Site`, with summaries derived where front matter has none.
public enum SiteIndexer {
    public static func index(_ checked: CheckedContent, buildTime: PublishDate? = nil) -> Site {
        let content = checked.content
        let limit = content.config.summaryLength
        let entries = zip(content.articles, checked.bodies).map { article, body in
            Entry(article: article, body: body,
                  summary: article.summary ?? Summary.derive(fromPlainText: body.plainText, limit: limit))
        }
        return Site(config: content.config, regions: content.regions, entries: entries,
                    pages: Array(zip(content.pages, checked.pageBodies)).map { (page: $0.0, body: $0.1) }, buildTime: buildTime)
    }
}
