import SiteCore

/// One input through the whole article path: front matter split, YAML, validation, cmark. Used by
/// the libFuzzer target (which stops on a broken property) and by the test suite, which checks the
/// same properties on every committed input.
package enum FuzzHarness {
    static let regions: RegionTree = {
        RegionLoader.load(text: "zhejiang:\n  name: 浙江省\n  children:\n    jinhua:\n      name: 金华市\n", file: "regions.yaml").0
    }()
    static let context = LinkContext(basePath: "/", assets: ["articles/a.png"], articleURLs: ["articles/b.md": "articles/2022/10/b/"],
                                     allowRawHTML: false)

    /// What one input gave, and the properties every input must keep.
    package struct Outcome: Sendable {
        package var diagnostics: [Diagnostic]
        /// The article's output folder, when it loaded.
        package var outputDirectory: String?
        package var html: String

        /// Every diagnostic has a position; an article's folder is a path inside the output.
        package var problems: [String] {
            var found = diagnostics.filter { $0.location.line < 1 || $0.location.column < 1 }.map { "diagnostic without a position: \($0)" }
            if let dir = outputDirectory, OutputPath(directory: dir) == nil { found.append("unsafe output path \(dir)") }
            return found
        }
    }

    package static func run(_ bytes: [UInt8]) -> Outcome {
        let (article, diagnostics) = ArticleLoader(regions: regions).load(bytes: bytes, sourcePath: "articles/f.md", displayPath: "f.md")
        guard let article else { return Outcome(diagnostics: diagnostics, outputDirectory: nil, html: "") }
        let body = MarkdownRenderer.render(article.body, file: "f.md", firstLine: article.bodyFirstLine, sourceDirectory: "articles",
                                           outputDirectory: article.outputDirectory, context: context)
        _ = Summary.derive(fromPlainText: body.plainText, limit: 120)
        return Outcome(diagnostics: diagnostics + body.diagnostics, outputDirectory: article.outputDirectory, html: body.html)
    }
}
