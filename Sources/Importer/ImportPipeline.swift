import Foundation
import SiteCore

package struct ImportOptions: Sendable {
    package var contentPath: String
    package var dryRun: Bool
    package var publish: Bool
    package var now: PublishDate
    /// The region every article of the run gets (`--region`), instead of the inferred one.
    package var region: Int?
    package init(contentPath: String = "Content", dryRun: Bool = false, publish: Bool = false, now: PublishDate, region: Int? = nil) {
        self.contentPath = contentPath
        self.dryRun = dryRun
        self.publish = publish
        self.now = now
        self.region = region
    }
}

/// One article made from an input.
package struct ImportedArticle: Sendable {
    /// Where it would be written, if no other file takes the name first.
    package var path: String
    /// The folder and the file name without `.md` or a `-2`…: `FileSystem.createNew` picks the first free name.
    package var directory: String
    package var stem: String
    package var markdown: String
    /// Field, value and how it was obtained ("found" on the page, "inferred" from the text).
    package var fields: [(name: String, value: String, how: String)]
    package var warnings: [String]
}

/// What became of one input.
package struct ImportResult: Sendable {
    package var input: String
    package var articles: [ImportedArticle] = []
    package var removed: [RemovedKind: Int] = [:]
    /// Set when the input could not be made sense of; nothing was written for it.
    package var failure: String?
}

/// `build-site import`: raw page dumps (plain text or HTML) → clean draft articles.
package struct ArticleImporter: Sendable {
    package let regions: RegionTree
    package let converter: any ChineseConverter
    package let options: ImportOptions

    /// Every name of every region, full and short (永康市, 永康): what makes a title name a place.
    let placeWords: [String]

    package init(regions: RegionTree, converter: any ChineseConverter, options: ImportOptions) {
        self.regions = regions
        self.converter = converter
        self.options = options
        placeWords = regions.nodes.flatMap(Classification.names(of:))
    }

    /// Cleans a page's text into lines: pinyin removed, Simplified, punctuation repaired; no more
    /// than `maximumLines` of them. `total`: how many the page has.
    package func cleanLines(_ raw: String) -> (lines: [String], total: Int) {
        let all = raw.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        var text = all.prefix(Self.maximumLines).joined(separator: "\n")
        text = TextCleaning.removeGluedPinyin(text)
        text = converter.simplified(text)
        return (text.components(separatedBy: "\n").map(TextCleaning.repairPunctuation), all.count)
    }

    /// The largest input read: a saved article page, text or HTML, is well under it.
    package static let maximumInputBytes = HTMLDocument.maximumBytes

    /// Imports one input, a text dump or an HTML page (read by libxml2, in its own encoding).
    package func importPage(_ bytes: [UInt8], name: String, taken: inout Set<String>) -> ImportResult {
        guard bytes.count <= Self.maximumInputBytes else {
            var result = ImportResult(input: name)
            result.failure = "\(bytes.count >> 20) MB is not a saved news page (the limit is \(Self.maximumInputBytes >> 20) MB)"
            return result
        }
        guard HTMLPage.looksLikeHTML(bytes) else { return importText(String(decoding: bytes, as: UTF8.self), name: name, taken: &taken) }
        guard let page = HTMLPage(bytes: bytes) else {
            var result = ImportResult(input: name)
            result.failure = "the HTML parser made nothing of the page"
            return result
        }
        var metadata = page.metadata
        metadata.title = metadata.title.map(converter.simplified)
        metadata.source = metadata.source.map(converter.simplified)
        metadata.author = metadata.author.map(converter.simplified)
        metadata.siteName = metadata.siteName.map(converter.simplified)
        var result = importLines(cleanLines(page.lines.joined(separator: "\n")), name: name, metadata: metadata, linesAreBlocks: true, taken: &taken)
        if page.unresolvedImages > 0, !result.articles.isEmpty {
            result.articles[0].warnings.append("\(page.unresolvedImages) image(s) left out: their paths are relative and the page names no address (canonical link or <base>) to resolve them against")
        }
        return result
    }

    /// Imports one text input; `taken` holds paths already planned in this run (never overwritten).
    /// Every report becomes an article: what could not be determined is the best value available,
    /// with a warning; only an input without a report yields nothing.
    package func importText(_ raw: String, name: String, taken: inout Set<String>) -> ImportResult {
        if HTMLPage.looksLikeHTML(Array(raw.utf8.prefix(4096))) { return importPage(Array(raw.utf8), name: name, taken: &taken) }
        return importLines(cleanLines(raw), name: name, metadata: nil, linesAreBlocks: false, taken: &taken)
    }

    /// Lines of a page read at the most. A news page in any shape has a few hundred; each line is
    /// matched against dozens of patterns (about a quarter of a millisecond here), so a 16 MB file
    /// of short lines would take minutes: the rest is left out, with a warning.
    package static let maximumLines = 5_000

    func importLines(_ cleaned: (lines: [String], total: Int), name: String, metadata: PageMetadata?, linesAreBlocks: Bool,
                     taken: inout Set<String>) -> ImportResult {
        var result = ImportResult(input: name)
        let lines = cleaned.lines
        var reports = ReportExtraction.reports(in: lines, removed: &result.removed, linesAreBlocks: linesAreBlocks)
        guard !reports.isEmpty else {
            result.failure = "no report found: no paragraph of Chinese text (25 characters or more) in the page"
                + (cleaned.total > lines.count ? "'s first \(lines.count) lines (it has \(cleaned.total))" : "")
            return result
        }
        if let metadata { apply(metadata, to: &reports[0]) }
        let pageTitle = metadata?.title.map { Headline.cleaned(HTMLPage.pageTitle($0)) }
        for i in reports.indices {
            // A later report of a digest takes the first one's date when it has none of its own —
            // unless that date was the import's (a guess, warned about once per report, not passed on
            // as found), and with its origin (an inferred year stays flagged).
            let first = reports[0].dateOrigin == "import" ? nil : reports[0].date.map { ($0, reports[0].dateOrigin) }
            complete(&reports[i], page: lines, first: i == 0, pageDate: i == 0 ? nil : first, pageTitle: pageTitle)
        }
        if cleaned.total > lines.count {
            reports[reports.count - 1].warnings.append("the page has \(cleaned.total) lines: only the first \(lines.count) were read")
        }
        if let dropped = result.removed[.trailing], dropped > 0 {
            reports[reports.count - 1].warnings.append("\(dropped) paragraph(s) after the report's end were left out (no headline of their own)")
        }
        for report in reports {
            switch article(from: report, name: name, taken: &taken) {
            case .success(let article): result.articles.append(article)
            case .failure(let reason):
                result.articles.removeAll()
                result.failure = reason.message
                return result
            }
        }
        return result
    }

    /// What a page's metadata states wins over what the text suggests: its date, and its source
    /// and author where the text names none. A title only fills in for a page without a headline.
    func apply(_ metadata: PageMetadata, to report: inout ExtractedReport) {
        if report.dateOrigin != "page", let stated = metadata.date, let date = (try? PublishDate.parse(stated.trimmingWhitespace()).get()) ?? Dates.full(in: stated) {
            report.date = date
            report.dateOrigin = "page"
        }
        if report.source == nil, let source = metadata.source, Credits.isSourceName(source) { report.source = source }
        if let author = metadata.author {
            let names = Credits.personNames(author, organisationAllowed: false)
            report.authors += names.filter { !report.authors.contains($0) }
        }
        if report.title.isEmpty, let title = metadata.title { report.title = Headline.cleaned(HTMLPage.pageTitle(title)) }
    }

    /// Date, source and authors from every place the page puts them, and a headline from the lead
    /// when the page has none.
    func complete(_ report: inout ExtractedReport, page: [String], first: Bool, pageDate: (PublishDate, String?)?, pageTitle: String? = nil) {
        let lead = report.blocks.first { if case .paragraph = $0 { return true } else { return false } }.map { block -> String in
            if case .paragraph(let s) = block { return s } else { return "" }
        } ?? ""
        let paragraphs = report.blocks.compactMap { block -> String? in if case .paragraph(let s) = block { return s } else { return nil } }
        let captions = report.blocks.compactMap { block -> String? in if case .caption(let s) = block { return s } else { return nil } }
        if report.title.isEmpty {
            report.title = Headline.fromLead(lead)
            report.warnings.append("no headline on the page: the title is the lead's first words; write a title")
        } else if let placed = Headline.placeNamed(report.title, among: page + [pageTitle].compactMap { $0 }, names: placeWords) {
            report.title = placed
        }
        if report.date == nil || report.dateOrigin != "page" {
            if let (date, origin) = Dates.find(header: report.header, lead: lead, closing: report.closing, page: page, now: options.now) {
                report.date = date
                report.dateOrigin = origin.rawValue
            } else if !first, let (date, origin) = pageDate {
                report.date = date
                report.dateOrigin = origin == Dates.Origin.inferred.rawValue ? origin : "page"
            }
        }
        if report.date == nil {
            // Nothing to go by: the import date, loudly, for the editor to correct (it is a draft).
            report.date = options.now
            report.dateOrigin = "import"
            report.warnings.append("no date on the page or in the text: set to the import date; correct the date")
        } else if report.dateOrigin == Dates.Origin.inferred.rawValue {
            report.warnings.append("the date's year is not on the page: \(report.date!.isoDay) is inferred from the years it names; check the date")
        }
        if report.source == nil, let source = Credits.source(header: report.header, lead: lead, paragraphs: paragraphs, captions: captions,
                                                                 closing: report.closing, page: page) {
            report.source = source.name
            if source.platformOnly { report.warnings.append("no source credit: the site that carried the page (\(source.name)) stands in; check the source") }
        }
        let credited = Credits.authors(header: report.header, lead: lead, paragraphs: paragraphs, captions: captions, closing: report.closing)
        report.authors = (report.authors + credited).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    struct Refusal: Error { var message: String }

    func article(from report: ExtractedReport, name: String, taken: inout Set<String>) -> Result<ImportedArticle, Refusal> {
        var fields: [(name: String, value: String, how: String)] = []
        var warnings = report.warnings
        fields.append(("title", report.title, report.warnings.contains { $0.hasPrefix("no headline") } ? "from the lead" : "found"))
        let date = report.date ?? options.now
        let dateHow = report.dateOrigin == "page" ? "found" : report.dateOrigin == "text" ? "found in the text" : "inferred"
        fields.append(("date", date.iso8601, dateHow))
        let text = report.plainText
        // The lines above the text count too: a station's page names its district there (发布者：历城区…).
        let region: Int
        if let given = options.region {
            region = given
            fields.append(("region", regions[region].path, "given (--region)"))
        } else {
            let placed = Classification.region(title: report.title, text: (report.header + [text]).joined(separator: "\n"), tree: regions)
            region = placed.region
            warnings += placed.warnings
            fields.append(("region", regions[region].path, "inferred: " + (placed.evidence.terms.isEmpty ? "no place of regions.yaml named" : placed.evidence.terms.joined(separator: ", "))))
        }
        let topics = Classification.topics(title: report.title, text: text)
        let topicList = topics.isEmpty ? [Topic.relief] : topics.map(\.0)
        if topics.isEmpty { warnings.append("no topic term found: set to relief; check the topics") }
        fields.append(("topics", topicList.map(\.rawValue).joined(separator: ", "),
                       "inferred: " + topics.map { "\($0.0.rawValue) (\($0.1.terms.joined(separator: ", ")))" }.joined(separator: "; ")))
        if let source = report.source { fields.append(("source", source, "found")) } else { warnings.append("no source credit found") }
        if !report.authors.isEmpty { fields.append(("author", report.authors.joined(separator: "、"), "found")) }

        var front = "---\n"
        front += "title: \(YAMLText.quoted(report.title))\n"
        front += "date: \(date.iso8601)\n"
        front += "region: \(regions[region].path)\n"
        front += "topics: [\(topicList.map(\.rawValue).joined(separator: ", "))]\n"
        if let source = report.source { front += "source: \(YAMLText.quoted(source))\n" }
        if !report.authors.isEmpty { front += "author: \(YAMLText.quoted(report.authors.joined(separator: "、")))\n" }
        if !options.publish { front += "draft: true\n" }
        front += "imported_from: \(YAMLText.quoted(name))\n"
        front += "---\n"
        let body = report.blocks.map { block -> String in
            switch block {
            case .heading(let s): return "## " + s
            case .paragraph(let s): return MarkdownText.escaped(s)
            case .caption(let s): return "*图：" + MarkdownText.escaped(s) + "*"
            case .image(let alt, let src): return ImageLine.format(alt: alt, src: src)
            }
        }.joined(separator: "\n\n")
        let markdown = front + body + "\n"

        // Where it goes: articles/YYYY/MM/<region>-<yyyymmdd>.md, never over an existing file.
        let c = date.china
        let month = c.month < 10 ? "0\(c.month)" : "\(c.month)"
        let base = "\(regions[region].slug)-\(c.year)\(month)\(c.day < 10 ? "0" : "")\(c.day)"
        var slug = base
        var n = 2
        func path(_ slug: String) -> String { "\(options.contentPath)/articles/\(c.year)/\(month)/\(slug).md" }
        while taken.contains(path(slug)) || FileSystem.exists(path(slug)) {
            slug = "\(base)-\(n)"
            n += 1
        }
        taken.insert(path(slug))

        // The result must pass `build-site check`.
        let (_, problems) = ArticleLoader(regions: regions).load(bytes: Array(markdown.utf8), sourcePath: "articles/\(c.year)/\(month)/\(slug).md",
                                                                 displayPath: path(slug))
        if problems.hasErrors { return .failure(Refusal(message: problems.errors.map(\.description).joined(separator: "; "))) }
        return .success(ImportedArticle(path: path(slug), directory: "\(options.contentPath)/articles/\(c.year)/\(month)", stem: base,
                                        markdown: markdown, fields: fields, warnings: warnings))
    }
}

/// Markdown text that must stay text: characters CommonMark would read as markup are escaped.
enum MarkdownText {
    static func escaped(_ s: String) -> String {
        var out = ""
        for (i, c) in s.enumerated() {
            if "\\`*_[]<>".contains(c) || (i == 0 && "#>-+".contains(c)) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
