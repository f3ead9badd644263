/// What one body may hold before cmark is given it. libcmark 0.30.2 takes more than quadratic
/// time on one shape of input, images wrapped around empty links (`![[]()` repeated: 240 KB took
/// 7.6 s, a 16 MiB body would take days); every other pathological family of cmark's own test
/// suite (nested emphasis, brackets, quotes, lists, backticks, unclosed links, many references)
/// stays linear. The cost grows with the brackets of one body, so their number is bounded: far above
/// what any news article has (a few dozen links), low enough that the worst body takes a fraction
/// of a second.
enum MarkdownLimits {
    static let maxBrackets = 10_000

    /// An error at the first bracket over the limit, or nil.
    static func check(_ markdown: String, file: String, firstLine: Int) -> Diagnostic? {
        var count = 0
        var line = firstLine, column = 1
        for scalar in markdown.unicodeScalars {
            if scalar == "[" {
                count += 1
                if count > maxBrackets {
                    return .error(SourceLocation(file: file, line: line, column: column),
                                  "more than 10,000 '[' in one article (links, images, brackets): a body like this would take "
                                  + "minutes to render; split the article, or write brackets as （）or【】")
                }
            }
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return nil
    }
}
