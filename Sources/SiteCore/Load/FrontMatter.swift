/// A Markdown file cut into its YAML front matter and its body.
public struct FrontMatterSplit: Sendable, Equatable {
    /// The YAML between the `---` lines.
    public var yaml: String
    /// The file line on which the YAML's first line stands (2 when the file opens with `---`).
    public var yamlFirstLine: Int
    public var body: Substring
    /// The file line on which the body's first line stands.
    public var bodyFirstLine: Int
}

public enum FrontMatter {
    /// Splits `text` (already normalised to `\n` line endings, no BOM).
    /// The front matter opens with a `---` line at the very top and closes with `---` or `...`.
    public static func split(_ text: String, file: String) -> Result<FrontMatterSplit, Diagnostic> {
        let top = SourceLocation(file: file, line: 1, column: 1)
        if text.allSatisfy({ $0.isWhitespace }) {
            return .failure(.error(top, "empty file: expected front matter opening with '---' (title, date, region, topics), then the article's Markdown"))
        }
        let utf8 = text.utf8
        // The first line.
        let firstEnd = utf8.firstIndex(of: 10) ?? utf8.endIndex
        guard isFence(text[utf8.startIndex..<firstEnd], allowDots: false) else {
            return .failure(.error(top, "expected front matter: the file must open with a line '---', then YAML keys (title, date, region, topics), then a closing '---'"))
        }
        var lineNumber = 1
        var lineStart = firstEnd == utf8.endIndex ? firstEnd : utf8.index(after: firstEnd)
        let yamlStart = lineStart
        while lineStart < utf8.endIndex {
            lineNumber += 1
            let lineEnd = utf8[lineStart...].firstIndex(of: 10) ?? utf8.endIndex
            if isFence(text[lineStart..<lineEnd], allowDots: true) {
                let yaml = String(text[yamlStart..<lineStart])
                let bodyStart = lineEnd == utf8.endIndex ? lineEnd : utf8.index(after: lineEnd)
                return .success(FrontMatterSplit(yaml: yaml, yamlFirstLine: 2,
                                                 body: text[bodyStart...], bodyFirstLine: lineNumber + 1))
            }
            lineStart = lineEnd == utf8.endIndex ? lineEnd : utf8.index(after: lineEnd)
        }
        return .failure(.error(top, "front matter opened here is never closed: expected a line '---' after the YAML keys"))
    }

    private static func isFence(_ line: Substring, allowDots: Bool) -> Bool {
        var trimmed = line
        while let last = trimmed.last, last == " " || last == "\t" { trimmed = trimmed.dropLast() }
        return trimmed == "---" || (allowDots && trimmed == "...")
    }
}
