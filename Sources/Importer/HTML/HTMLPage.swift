import Foundation

/// What a page's metadata states outright: `og:`, `article:`, `<meta name="author|source|
/// publishdate">`, `<time>`, `<title>`. The importer prefers these to what it reads from the text.
package struct PageMetadata: Sendable, Equatable {
    package var title: String?
    package var date: String?
    package var source: String?
    package var author: String?
    package var siteName: String?
}

/// An image line of an imported page: `![alt](src)`, the one place its format is written and read.
package enum ImageLine {
    package static func format(alt: String, src: String) -> String {
        let cleanAlt = alt.replacingOccurrences(of: "[", with: "").replacingOccurrences(of: "]", with: "")
            .replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        let cleanSrc = src.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "%20")
            .replacingOccurrences(of: "(", with: "%28").replacingOccurrences(of: ")", with: "%29")
        return "![\(cleanAlt)](\(cleanSrc))"
    }

    /// The alt text and source of an image line, or nil for any other line.
    package static func parse(_ line: String) -> (alt: String, src: String)? {
        guard line.hasPrefix("!["), line.hasSuffix(")"), let close = line.range(of: "](") else { return nil }
        let alt = String(line[line.index(line.startIndex, offsetBy: 2)..<close.lowerBound])
        let src = String(line[close.upperBound..<line.index(before: line.endIndex)])
        guard !src.isEmpty, !src.contains(" "), !alt.contains("]") else { return nil }
        return (alt, src)
    }
}

/// An HTML page reduced to what the text importer reads: its headline, the short lines between
/// the headline and the article (date, source, byline), and the article's blocks — one line each,
/// images as image lines, captions after them as `图：…` — plus its metadata.
package struct HTMLPage {
    package var lines: [String]
    package var metadata: PageMetadata
    /// Images whose path is relative and the page names no address to resolve it against.
    package var unresolvedImages = 0

    /// Whether an input is an HTML page rather than a text dump: a document, or a fragment of one
    /// (an editor's `<p class="ql-block">` paragraphs saved as they were copied).
    package static func looksLikeHTML(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self).lowercased()
        return head.contains("<!doctype html")
            || head.range(of: #"<(html|head|body|meta|div|p|span|article|section|h[1-6]|br|img|table|ul|ol|li)[\s>/]"#, options: .regularExpression) != nil
    }

    /// Nil when libxml2 cannot make a document of the bytes.
    package init?(bytes: [UInt8]) {
        let utf8 = String(validating: bytes, as: UTF8.self) != nil
        guard let document = HTMLDocument(bytes: bytes, utf8: utf8) else { return nil }
        metadata = Self.metadata(of: document)
        let furniture = MainContent.furniture(in: document)
        let article = MainContent.find(in: document)
        func inArticle(_ block: HTMLDocument.Block) -> Bool {
            guard let article else { return !furniture.contains(block.element) }
            return article.contains { document.contains($0, block.element) } && !furniture.contains(block.element)
        }
        let blocks = document.blocks
        let start = blocks.firstIndex(where: inArticle) ?? blocks.count
        let firstParagraph = blocks.indices.first { $0 >= start && inArticle(blocks[$0]) && blocks[$0].kind == .text
            && ReportExtraction.hanCount(blocks[$0].text) >= 25 } ?? blocks.count
        // The headline: the last h1 above the article's first paragraph (or, failing one, the last
        // h2/h3), wherever the page's layout puts it; else the metadata's title.
        func heading(_ i: Int, _ levels: ClosedRange<Int>, han: Int) -> Bool {
            guard !furniture.contains(blocks[i].element), case .heading(let l) = blocks[i].kind else { return false }
            return levels.contains(l) && ReportExtraction.hanCount(blocks[i].text) >= han
        }
        let headline = (0..<firstParagraph).last { heading($0, 1...1, han: 4) } ?? (0..<firstParagraph).last { heading($0, 2...3, han: 6) }
        var lines: [String] = []
        var lastEmitted = -1
        func emit(_ i: Int) {
            guard i > lastEmitted else { return }
            // Headings in a row (a kicker, the headline, a subtitle) stay together: no blank between.
            if case .heading = blocks[i].kind, lastEmitted >= 0, lastEmitted == i - 1, case .heading = blocks[lastEmitted].kind, lines.last == "" {
                lines.removeLast()
            }
            lines += [blocks[i].text, ""]
            lastEmitted = i
        }
        if let headline, headline < start {
            // A headline outside the article's element: it, the headings beside it, and the date,
            // source and byline lines between it and the article.
            var first = headline
            while first > 0, case .heading = blocks[first - 1].kind, blocks[first - 1].text.count <= 40 { first -= 1 }
            for i in first..<start where !furniture.contains(blocks[i].element) && blocks[i].kind != .caption {
                if case .image = blocks[i].kind { continue }
                if i <= headline || blocks[i].text.count <= 120 { emit(i) }
            }
        } else if headline == nil, let title = metadata.title {
            lines += [Self.pageTitle(title), ""]
        }
        var unresolved = 0
        for (i, block) in blocks.enumerated() where i >= start && inArticle(block) {
            switch block.kind {
            case .text, .heading:
                emit(i)
            case .caption:
                lines += ["图：" + block.text, ""]
            case .image(let alt, let src):
                guard !Self.isDecoration(src) else { continue }
                guard let resolved = Self.resolve(src, against: document.baseURL) else { unresolved += 1; continue }
                lines += [ImageLine.format(alt: alt, src: resolved), ""]
            }
        }
        self.lines = lines
        unresolvedImages = unresolved
    }

    /// `<title>` is usually `headline_channel_site`: the longest part.
    package static func pageTitle(_ title: String) -> String {
        let parts = title.components(separatedBy: CharacterSet(charactersIn: "_|｜-—")).map { $0.trimmingCharacters(in: .whitespaces) }
        return parts.max { ReportExtraction.hanCount($0) < ReportExtraction.hanCount($1) } ?? title
    }

    /// Icons, logos, share buttons and QR codes are not the report's pictures.
    static func isDecoration(_ src: String) -> Bool {
        let s = src.lowercased()
        return ["icon", "logo", "qrcode", "ewm", "share", "button", "btn", "banner", "spacer", "blank.gif", "loading"].contains { s.contains($0) }
    }

    /// An absolute image address: as written when absolute, else against the page's canonical
    /// address or `<base>`; nil when there is nothing to resolve against.
    static func resolve(_ src: String, against base: String?) -> String? {
        if src.hasPrefix("http://") || src.hasPrefix("https://") { return src }
        if src.hasPrefix("//") { return "https:" + src }
        guard let base, let baseURL = URL(string: base), baseURL.scheme != nil,
              let url = URL(string: src, relativeTo: baseURL)?.absoluteURL, url.scheme?.hasPrefix("http") == true else { return nil }
        return url.absoluteString
    }

    static func metadata(of document: HTMLDocument) -> PageMetadata {
        let m = document.meta
        func first(_ keys: [String]) -> String? { keys.lazy.compactMap { m[$0] }.first { !$0.isEmpty } }
        return PageMetadata(
            title: first(["og:title", "twitter:title", "articletitle", "headline"]) ?? document.title,
            date: first(["article:published_time", "publishdate", "pubdate", "publish_date", "publishtime", "datepublished",
                         "og:release_date", "firstpublishedtime"]) ?? document.times.first,
            source: first(["source", "contentsource", "article:source", "copyright_source"]),
            author: first(["author", "article:author"]),
            siteName: first(["og:site_name", "sitename", "site_name"]))
    }
}
