
/// A file an article refers to, copied beside the article's page.
package struct AssetCopy: Sendable, Hashable {
    /// Relative to the content folder: `articles/2022/10/images/station.jpg`.
    package var source: String
    /// Relative to the output folder: `articles/2022/10/yongkang-stations/images/station.jpg`.
    package var destination: String

    package init(source: String, destination: String) {
        self.source = source
        self.destination = destination
    }
}

/// A Markdown body rendered to HTML, with what the rest of the pipeline needs from it.
package struct RenderedBody: Sendable {
    package var html: String
    /// The text of paragraphs, list items and quotes, one block a line: for summaries and search.
    package var plainText: String
    /// The text of headings, for search.
    package var headingText: String
    package var assets: [AssetCopy]
    package var diagnostics: [Diagnostic]
    /// The first photo's output path and alt text, for the page's share image (see `ImageSet`);
    /// known when the body was rendered in this build.
    package var shareImage: (path: String, alt: String)?

    package init(html: String, plainText: String, headingText: String, assets: [AssetCopy], diagnostics: [Diagnostic],
                 shareImage: (path: String, alt: String)? = nil) {
        self.html = html
        self.plainText = plainText
        self.headingText = headingText
        self.assets = assets
        self.diagnostics = diagnostics
        self.shareImage = shareImage
    }
}

/// What the renderer needs to know about the rest of the site to resolve a body's links.
package struct LinkContext: Sendable {
    /// `/` or `/news/`.
    package var basePath: String
    /// Non-Markdown files under `articles/`, relative to the content folder.
    package var assets: Set<String>
    /// Published articles: source path (relative to the content folder) → output directory.
    package var articleURL: @Sendable (String) -> String?
    package var allowRawHTML: Bool
    /// Sizes of the images articles show (nil: unknown, the images are linked as they are).
    package var imageInfo: ImageInfoReader?

    package init(basePath: String, assets: Set<String>, articleURL: @escaping @Sendable (String) -> String?, allowRawHTML: Bool,
                 imageInfo: ImageInfoReader? = nil) {
        self.basePath = basePath
        self.assets = assets
        self.articleURL = articleURL
        self.allowRawHTML = allowRawHTML
        self.imageInfo = imageInfo
    }

    package init(basePath: String, assets: Set<String>, articleURLs: [String: String], allowRawHTML: Bool, imageInfo: ImageInfoReader? = nil) {
        self.init(basePath: basePath, assets: assets, articleURL: { articleURLs[$0] }, allowRawHTML: allowRawHTML, imageInfo: imageInfo)
    }
}

/// CommonMark → HTML through cmark, with the portal's rules:
/// - safe by default: raw HTML is dropped and `javascript:`/`vbscript:`/`data:`/`file:` links are emptied;
/// - a soft line break between two Chinese characters is removed instead of showing as a space;
/// - relative references resolve: `photo.jpg` beside the article is copied beside its page, a link to
///   another article's `.md` file becomes that article's URL, and a reference to nothing is an error.
package enum MarkdownRenderer {
    /// - Parameters:
    ///   - sourceDirectory: the Markdown file's folder relative to the content folder (`articles/2022/10`).
    ///   - outputDirectory: the page's folder relative to the output folder (`articles/2022/10/slug/`).
    package static func render(_ markdown: String, file: String, firstLine: Int, sourceDirectory: String,
                              outputDirectory: String, context: LinkContext) -> RenderedBody {
        let (document, state, failure) = walk(markdown, file: file, firstLine: firstLine, sourceDirectory: sourceDirectory,
                                              outputDirectory: outputDirectory, context: context)
        guard let document, let state, var html = document.html() else {
            return RenderedBody(html: "", plainText: "", headingText: "", assets: [], diagnostics: failure ?? state?.diagnostics ?? [])
        }
        if !state.images.isEmpty { html = ImageMarkup.apply(state.images, to: html) }
        return RenderedBody(html: KeptSpans.mark(html), plainText: KeptSpans.strip(String(decoding: state.plain, as: UTF8.self)),
                            headingText: String(decoding: state.headings, as: UTF8.self),
                            assets: state.assets, diagnostics: state.diagnostics, shareImage: state.shareImage)
    }

    /// What the check stage keeps of a body, without the strings of a page's: the hash of the HTML
    /// `render` gives (`StableHasher.hash(render(…).html)`), its plain text only when asked (for a
    /// summary), its files and problems. Every article is checked, and then rendered again for its
    /// page; the HTML and text made into strings here, their UTF-8 checked, were dropped unread.
    package static func check(_ markdown: String, file: String, firstLine: Int, sourceDirectory: String,
                              outputDirectory: String, context: LinkContext, plainText: Bool) -> CheckedBody {
        let (document, state, failure) = walk(markdown, file: file, firstLine: firstLine, sourceDirectory: sourceDirectory,
                                              outputDirectory: outputDirectory, context: context)
        guard let document, let state else { return CheckedBody(htmlHash: StableHasher.hash(""), plainText: "", assets: [], diagnostics: failure ?? []) }
        // cmark's bytes are the page's HTML unless images are marked up or kept spans marked in it:
        // then the page's HTML is made as `render` makes it.
        var hash: UInt64?
        if state.images.isEmpty {
            let keptSpan = Array(KeptSpans.open.utf8)
            switch document.withHTML({ bytes -> UInt64? in
                guard ByteSearch.find(keptSpan, in: bytes) == nil else { return nil }
                var h = StableHasher()
                h.combine(UnsafeRawBufferPointer(bytes))
                return h.value
            }) {
            case nil: hash = StableHasher.hash("")  // cmark could not write it: an empty body, as `render` gives
            case let bytesHash?: hash = bytesHash   // nil when a kept span is in it
            }
        }
        guard let hash else {
            let body = render(markdown, file: file, firstLine: firstLine, sourceDirectory: sourceDirectory, outputDirectory: outputDirectory, context: context)
            return CheckedBody(htmlHash: StableHasher.hash(body.html), plainText: plainText ? body.plainText : "", assets: body.assets,
                               diagnostics: body.diagnostics)
        }
        return CheckedBody(htmlHash: hash, plainText: plainText ? KeptSpans.strip(String(decoding: state.plain, as: UTF8.self)) : "",
                           assets: state.assets, diagnostics: state.diagnostics)
    }

    /// A body parsed and walked (links resolved, files found, soft breaks marked and removed); a
    /// body refused before cmark sees it, or that cmark cannot parse, gives its problem instead.
    private static func walk(_ markdown: String, file: String, firstLine: Int, sourceDirectory: String, outputDirectory: String,
                             context: LinkContext) -> (CMarkDocument?, WalkState?, [Diagnostic]?) {
        if ByteSearch.count(0x5B, in: markdown) > MarkdownLimits.maxBrackets,
           let tooMany = MarkdownLimits.check(markdown, file: file, firstLine: firstLine) {
            return (nil, nil, [tooMany])
        }
        var state = WalkState(file: file, firstLine: firstLine, markdown: markdown, sourceDirectory: sourceDirectory,
                              outputDirectory: outputDirectory, context: context)
        guard let document = CMarkDocument(parsing: markdown, rawHTML: context.allowRawHTML) else {
            return (nil, nil, [.error(SourceLocation(file: file, line: firstLine), "the Markdown body could not be parsed")])
        }
        document.walk { node, entering in state.visit(node, entering: entering) }
        for node in state.softBreaksToRemove { node.remove() }
        return (document, state, nil)
    }
}

/// A body as the check stage keeps it (`MarkdownRenderer.check`).
package struct CheckedBody: Sendable {
    /// `StableHasher.hash` of the HTML its page shows.
    package var htmlHash: UInt64
    /// Empty unless asked for.
    package var plainText: String
    package var assets: [AssetCopy]
    package var diagnostics: [Diagnostic]
}

private struct WalkState {
    let file: String
    let firstLine: Int
    let markdown: String
    let sourceDirectory: String
    let outputDirectory: String
    let context: LinkContext
    var softBreaksToRemove: [CMarkNode] = []
    var assets: [AssetCopy] = []
    /// Local images with known sizes, by the URL the body gives them.
    var images: [String: ImageMarkup.Image] = [:]
    /// The first photo an article shows or links (output path) and its alt or link text: the
    /// page's share image (`PagePlan` picks the same one from the assets: the first photo whose
    /// size is known).
    var shareImage: (path: String, alt: String)?
    var diagnostics: [Diagnostic] = []
    /// The text, as UTF-8 bytes copied straight from cmark's nodes (one string at the end).
    var plain: [UInt8] = []
    var headings: [UInt8] = []
    var headingDepth = 0
    var codeBlockText = false
    var warnedRawHTML = false

    init(file: String, firstLine: Int, markdown: String, sourceDirectory: String, outputDirectory: String, context: LinkContext) {
        self.file = file
        self.firstLine = firstLine
        self.markdown = markdown
        self.sourceDirectory = sourceDirectory
        self.outputDirectory = outputDirectory
        self.context = context
    }

    mutating func visit(_ node: CMarkNode, entering: Bool) {
        switch node.kind {
        case .text, .code:
            if let literal = node.literal { appendText(literal) }
        case .softBreak:
            if shouldDropSoftBreak(node) { softBreaksToRemove.append(node) } else { appendSpace() }
        case .lineBreak:
            appendSpace()
        case .heading:
            headingDepth += entering ? 1 : -1
            if !entering { headings.append(0x0A) }
        case .paragraph:
            if !entering && headingDepth == 0 { plain.append(0x0A) }
        case .link, .image:
            if entering { resolve(node, isImage: node.kind == .image) }
        case .rawHTML:
            if !context.allowRawHTML && !warnedRawHTML {
                warnedRawHTML = true
                diagnostics.append(.warning(location(of: node),
                                            "raw HTML is left out of the page (safe mode); write Markdown instead, or set allow_raw_html: true in site.yaml for trusted content"))
            }
        case .other:
            break
        }
    }

    mutating func appendText(_ bytes: UnsafeBufferPointer<UInt8>) {
        if headingDepth > 0 { headings.append(contentsOf: bytes) } else { plain.append(contentsOf: bytes) }
    }

    mutating func appendSpace() {
        if headingDepth > 0 { headings.append(0x20) } else { plain.append(0x20) }
    }

    /// A soft break between two characters written without spaces (Chinese) is dropped.
    func shouldDropSoftBreak(_ node: CMarkNode) -> Bool {
        guard let before = lastScalar(before: node), let after = firstScalar(after: node) else { return false }
        return CJK.joinsWithoutSpace(before, after)
    }

    func lastScalar(before node: CMarkNode) -> Unicode.Scalar? {
        var cursor = node.previous
        while let n = cursor {
            if let s = lastScalar(in: n) { return s }
            cursor = n.previous
        }
        return nil
    }

    func firstScalar(after node: CMarkNode) -> Unicode.Scalar? {
        var cursor = node.next
        while let n = cursor {
            if let s = firstScalar(in: n) { return s }
            cursor = n.next
        }
        return nil
    }

    func lastScalar(in node: CMarkNode) -> Unicode.Scalar? {
        if node.kind == .text || node.kind == .code { return node.literal.flatMap(Self.lastScalar(of:)) }
        var child = node.lastChild
        while let c = child {
            if let s = lastScalar(in: c) { return s }
            child = c.previous
        }
        return nil
    }

    func firstScalar(in node: CMarkNode) -> Unicode.Scalar? {
        if node.kind == .text || node.kind == .code { return node.literal.flatMap(Self.firstScalar(of:)) }
        var child = node.firstChild
        while let c = child {
            if let s = firstScalar(in: c) { return s }
            child = c.next
        }
        return nil
    }

    /// The first and last characters of a text node, decoded in place: every soft break asks for
    /// them, and making a string of the whole node each time cost as much as the parse.
    static func firstScalar(of b: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        b.isEmpty ? nil : decodeScalar(b, from: 0)
    }

    static func lastScalar(of b: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        guard !b.isEmpty else { return nil }
        var start = b.count - 1
        while start > 0 && b[start] & 0xC0 == 0x80 && b.count - start < 4 { start -= 1 }
        return decodeScalar(b, from: start)
    }

    private static func decodeScalar(_ b: UnsafeBufferPointer<UInt8>, from i: Int) -> Unicode.Scalar? {
        var decoder = UTF8()
        var iterator = UnsafeBufferPointer(rebasing: b[i..<min(b.count, i + 4)]).makeIterator()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
        return nil
    }

    /// The plain text inside a node (an image's alt text).
    func altText(of node: CMarkNode) -> String {
        var text: [UInt8] = []
        func collect(_ n: CMarkNode) {
            var child = n.firstChild
            while let c = child {
                if let literal = c.literal { text += literal }
                collect(c)
                child = c.next
            }
        }
        collect(node)
        return String(decoding: text, as: UTF8.self)
    }

    /// File position of a node: cmark counts columns in bytes; editors count characters.
    func location(of node: CMarkNode) -> SourceLocation {
        let (line, byteColumn) = node.start
        var column = byteColumn
        if line >= 1 {
            let lines = markdown.utf8.split(separator: 10, omittingEmptySubsequences: false)
            if line <= lines.count {
                let prefix = lines[line - 1].prefix(max(byteColumn - 1, 0))
                column = String(decoding: prefix, as: UTF8.self).unicodeScalars.count + 1
            }
        }
        return SourceLocation(file: file, line: firstLine + max(line, 1) - 1, column: max(column, 1))
    }

    mutating func resolve(_ node: CMarkNode, isImage: Bool) {
        guard let url = node.url else { return }
        let trimmed = url.trimmingWhitespace()
        if trimmed.isEmpty { return }
        if let scheme = URLText.scheme(of: trimmed) {
            if URLText.dangerousSchemes.contains(scheme) {
                node.setURL("")
                diagnostics.append(.warning(location(of: node), "\(scheme): link removed (it could run code in a reader's browser)"))
            }
            return
        }
        if trimmed.hasPrefix("/") || trimmed.hasPrefix("#") || trimmed.hasPrefix("?") { return }

        let (pathPart, suffix) = URLText.splitSuffix(trimmed)
        guard let decoded = URLText.percentDecoded(pathPart), !decoded.isEmpty else { return }
        let what = isImage ? "image" : "link"
        guard let target = URLText.normalize(decoded, relativeTo: sourceDirectory) else {
            diagnostics.append(.error(location(of: node), "\(what) '\(url)' points outside the content folder"))
            return
        }
        if decoded.hasSuffix(".md") {
            if let dir = context.articleURL(target) {
                node.setURL(context.basePath + dir + suffix)
            } else {
                diagnostics.append(.error(location(of: node),
                                          "link '\(url)' refers to \(target), which is not a published article (missing, a draft, or not yet due)"))
            }
            return
        }
        guard context.assets.contains(target) else {
            diagnostics.append(.error(location(of: node),
                                      "\(what) '\(url)' refers to \(target), which does not exist: put the file next to the article or fix the path"))
            return
        }
        let prefix = sourceDirectory.isEmpty ? "" : sourceDirectory + "/"
        guard target.hasPrefix(prefix) else {
            diagnostics.append(.error(location(of: node),
                                      "\(what) '\(url)' is outside the article's folder (\(sourceDirectory)/): keep the files an article uses in its folder or below it"))
            return
        }
        let relative = String(target.dropFirst(prefix.count))
        guard OutputPath(outputDirectory + relative) != nil else {
            diagnostics.append(.error(location(of: node), "\(what) '\(url)': the file name cannot be published (it contains '\\' or a control character); rename the file"))
            return
        }
        assets.append(AssetCopy(source: target, destination: outputDirectory + relative))
        let published = context.basePath + outputDirectory + URLText.percentEncodedPath(relative)
        node.setURL(published + suffix)
        // Photos (linked or shown): their facts, the page's share image (the first of them).
        let info = context.imageInfo?(target)
        if context.imageInfo != nil, ImageSet.isProcessed(target) {
            if let info {
                if info.bytes > ImageSet.largestOriginal {
                    diagnostics.append(.warning(location(of: node), "\(what) '\(url)' is \(info.bytes / 1_048_576) MB: more than a phone photo; it is published resized, but keeps the repository heavy"))
                }
                if info.width < ImageSet.smallestWidth {
                    diagnostics.append(.warning(location(of: node), "\(what) '\(url)' is only \(info.width) px wide: it will look blurred on a phone; use the camera's original"))
                }
                if shareImage == nil { shareImage = (outputDirectory + relative, alt: altText(of: node)) }
            } else {
                diagnostics.append(.warning(location(of: node), "\(what) '\(url)' cannot be read as a JPEG, PNG or WebP image: it is published as it is, unresized and with whatever metadata it holds"))
            }
        }
        guard isImage else { return }
        if node.firstChild == nil {
            diagnostics.append(.error(location(of: node), "image '\(url)' has no alt text: say what the photo shows between the brackets, ![like this](\(url))"))
        }
        if let info {
            let base = context.basePath + outputDirectory, outputDirectory = self.outputDirectory
            let set = ImageSet.isProcessed(target) ? ImageSet(destination: outputDirectory + relative, info: info) : nil
            images[published + suffix] = ImageMarkup.Image(info: info, set: set, url: { path in
                base + URLText.percentEncodedPath(String(path.dropFirst(outputDirectory.count)))
            })
        }
    }
}

/// Small, strict URL text helpers (Foundation's URL accepts too much and is slow on hot paths).
package enum URLText {
    package static let dangerousSchemes: Set<String> = ["javascript", "vbscript", "data", "file"]

    /// The lowercased scheme of an absolute URL (`https`, `mailto`), or nil for a relative reference.
    /// Control characters and spaces inside the scheme, which browsers strip, are ignored here too.
    package static func scheme(of url: String) -> String? {
        var scheme = ""
        for s in url.unicodeScalars {
            if s == ":" { return scheme.isEmpty ? nil : scheme.lowercased() }
            if s.value < 0x21 { continue }
            guard s.isASCII, s.properties.isAlphabetic || ("0"..."9").contains(Character(s)) || s == "+" || s == "-" || s == "." else {
                return nil
            }
            scheme.unicodeScalars.append(s)
        }
        return nil
    }

    /// `a/b.png#x` → (`a/b.png`, `#x`)
    static func splitSuffix(_ url: String) -> (String, String) {
        if let i = url.firstIndex(where: { $0 == "#" || $0 == "?" }) {
            return (String(url[..<i]), String(url[i...]))
        }
        return (url, "")
    }

    package static func percentDecoded(_ s: String) -> String? {
        guard s.contains("%") else { return s }
        var bytes: [UInt8] = []
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            if b == 0x25 {
                guard it.count >= 2, let hi = hex(it[it.startIndex]), let lo = hex(it[it.startIndex + 1]) else { return nil }
                bytes.append(hi << 4 | lo)
                it = it.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    /// Resolves `path` against `directory` (both relative to the content folder), folding `.` and `..`.
    /// Nil when it climbs above the content folder or holds a NUL.
    static func normalize(_ path: String, relativeTo directory: String) -> String? {
        guard !path.contains("\0") else { return nil }
        var parts = directory.split(separator: "/").map(String.init)
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if parts.isEmpty { return nil }
                parts.removeLast()
            } else {
                parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }

    /// Percent-encodes what may not stand in a URL path (spaces, quotes, non-ASCII stays UTF-8 encoded).
    package static func percentEncodedPath(_ path: String) -> String {
        var out = ""
        for b in path.utf8 {
            switch b {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E, 0x2F:
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += "%" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
