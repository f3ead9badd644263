/// A Markdown file cut into its YAML front matter and its body.
package struct FrontMatterSplit: Sendable, Equatable {
    /// The YAML between the `---` lines.
    package var yaml: String
    /// The file line on which the YAML's first line stands (2 when the file opens with `---`).
    package var yamlFirstLine: Int
    package var body: Substring
    /// The file line on which the body's first line stands.
    package var bodyFirstLine: Int
}

package enum FrontMatter {
    /// Splits `text` (already normalised to `\n` line endings, no BOM).
    /// The front matter opens with a `---` line at the very top and closes with `---` or `...`.
    package static func split(_ text: String, file: String) -> Result<FrontMatterSplit, Diagnostic> {
        let top = SourceLocation(file: file, line: 1, column: 1)
        if text.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 }) {
            return .failure(.error(top, "empty file: expected front matter opening with '---' (title, date, region, topics), then the article's Markdown"))
        }
        // Byte offsets of the lines, found in one pass over contiguous UTF-8.
        var copy = text
        let fence: (yamlEnd: Int, bodyStart: Int, closingLine: Int)?? = copy.withUTF8 { bytes -> (Int, Int, Int)?? in
            var lineStart = 0
            var line = 1
            while lineStart <= bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                let isClosing = isFence(bytes, lineStart, lineEnd, allowDots: true)
                if line == 1 {
                    if !isFence(bytes, lineStart, lineEnd, allowDots: false) { return .some(nil) }  // no opening fence
                } else if isClosing {
                    return (lineStart, min(lineEnd + 1, bytes.count), line)
                }
                if lineEnd >= bytes.count { break }
                lineStart = lineEnd + 1
                line += 1
            }
            return nil  // never closed
        }
        switch fence {
        case .some(.none):
            return .failure(.error(top, "expected front matter: the file must open with a line '---', then YAML keys (title, date, region, topics), then a closing '---'"))
        case .none:
            return .failure(.error(top, "front matter opened here is never closed: expected a line '---' after the YAML keys"))
        case .some(.some(let (yamlEnd, bodyStart, closingLine))):
            let utf8 = text.utf8
            let firstLineEnd = utf8.firstIndex(of: 0x0A).map { utf8.index(after: $0) } ?? utf8.endIndex
            let yaml = String(text[firstLineEnd..<utf8.index(utf8.startIndex, offsetBy: yamlEnd)])
            let body = text[utf8.index(utf8.startIndex, offsetBy: bodyStart)...]
            return .success(FrontMatterSplit(yaml: yaml, yamlFirstLine: 2, body: body, bodyFirstLine: closingLine + 1))
        }
    }

    /// `---` (or `...` to close) with nothing but trailing blanks.
    private static func isFence(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, allowDots: Bool) -> Bool {
        var e = end
        while e > start && (bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09) { e -= 1 }
        guard e - start == 3 else { return false }
        let c = bytes[start]
        guard c == 0x2D || (allowDots && c == 0x2E) else { return false }
        return bytes[start + 1] == c && bytes[start + 2] == c
    }
}

/// A Markdown file read as far as its front matter's YAML: the steps articles and pages share.
package struct FrontMatterDocument: Sendable {
    package var split: FrontMatterSplit
    package var yaml: YAMLNode

    /// Valid UTF-8, front matter fenced by `---`, YAML that parses; the first problem otherwise.
    package static func read(_ bytes: [UInt8], file: String) -> Result<FrontMatterDocument, Diagnostic> {
        SourceText.decode(bytes, file: file)
            .flatMap { FrontMatter.split($0, file: file) }
            .flatMap { split in
                YAMLDocument.parse(split.yaml, file: file, firstLine: split.yamlFirstLine).map { FrontMatterDocument(split: split, yaml: $0) }
            }
    }
}
