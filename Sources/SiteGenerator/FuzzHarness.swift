import SiteCore

/// One input through the whole article path: front matter split, YAML, validation, cmark.
/// Used by the libFuzzer target and by the test suite to replay the committed corpus.
public enum FuzzHarness {
    static let regions: RegionTree = {
        RegionLoader.load(text: "zhejiang:\n  name: 浙江省\n  children:\n    jinhua:\n      name: 金华市\n", file: "regions.yaml").0
    }()
    static let context = LinkContext(basePath: "/", assets: ["articles/a.png"], articleURLs: ["articles/b.md": "articles/2022/10/b/"],
                                     allowRawHTML: false)

    /// Returns the number of diagnostics, so the work cannot be optimised away.
    @discardableResult
    public static func run(_ bytes: [UInt8]) -> Int {
        let (article, diagnostics) = ArticleLoader(regions: regions).load(bytes: bytes, sourcePath: "articles/f.md", displayPath: "f.md")
        for d in diagnostics {
            precondition(d.location.line >= 1 && d.location.column >= 1, "diagnostic without a position: \(d)")
        }
        guard let article else { return diagnostics.count }
        let body = MarkdownRenderer.render(article.body, file: "f.md", firstLine: article.bodyFirstLine, sourceDirectory: "articles",
                                           outputDirectory: article.outputDirectory, context: context)
        precondition(OutputPath(directory: article.outputDirectory) != nil, "unsafe output path \(article.outputDirectory)")
        _ = Summary.derive(fromPlainText: body.plainText, limit: 120)
        return diagnostics.count + body.diagnostics.count + body.html.utf8.count
    }
}
