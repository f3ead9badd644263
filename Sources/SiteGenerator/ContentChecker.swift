import SiteCore

/// Load, validate and render every body, without writing anything. `check` is this alone;
/// `build` runs it first and goes on only when it found no error.
public struct CheckedContent: Sendable {
    public var content: LoadedContent
    public var bodies: [RenderedBody]
    /// One per article: its own summary, or one derived from its body.
    public var summaries: [String]
    public var pageBodies: [RenderedBody]
    /// Every problem in the content, sorted by file and position.
    public var diagnostics: [Diagnostic]
}

public enum ContentChecker {
    public static func check(_ options: BuildOptions) -> CheckedContent {
        var content = ContentLoader.load(contentRoot: options.contentPath, policy: options.policy)
        if let override = options.baseURLOverride { content.config.baseURL = override }
        var urls: [String: String] = [:]
        for article in content.articles { urls[article.sourcePath] = article.outputDirectory }
        let context = LinkContext(basePath: content.config.basePath, assets: content.inventory.articleAssets,
                                  articleURLs: urls, allowRawHTML: content.config.allowRawHTML)
        let articles = content.articles
        let limit = content.config.summaryLength
        let rendered = parallelMap(articles.count) { i -> (RenderedBody, String) in
            let a = articles[i]
            let body = MarkdownRenderer.render(a.body, file: a.displayPath, firstLine: a.bodyFirstLine,
                                               sourceDirectory: a.sourceDirectory, outputDirectory: a.outputDirectory, context: context)
            return (body, a.summary ?? Summary.derive(fromPlainText: body.plainText, limit: limit))
        }
        let bodies = rendered.map(\.0)
        let pageBodies = content.pages.map { p in
            MarkdownRenderer.render(p.body, file: p.displayPath, firstLine: p.bodyFirstLine,
                                    sourceDirectory: p.sourceDirectory, outputDirectory: p.outputDirectory, context: context)
        }
        var diagnostics = content.diagnostics
        for body in bodies { diagnostics += body.diagnostics }
        for body in pageBodies { diagnostics += body.diagnostics }
        return CheckedContent(content: content, bodies: bodies, summaries: rendered.map(\.1), pageBodies: pageBodies,
                              diagnostics: diagnostics.sortedForReport())
    }
}

extension StandalonePage {
    var sourceDirectory: String {
        guard let slash = sourcePath.lastIndex(of: "/") else { return "" }
        return String(sourcePath[..<slash])
    }
}
