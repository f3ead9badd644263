import Foundation
import SiteCore

package struct ImportOptions: Sendable {
    package var contentPath: String
    package var dryRun: Bool
    package var publish: Bool
    package var now: PublishDate
    package init(contentPath: String = "Content", dryRun: Bool = false, publish: Bool = false, now: PublishDate) {
        self.contentPath = contentPath
        self.dryRun = dryRun
        self.publish = publish
        self.now = now
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

    package init(regions: RegionTree, converter: any ChineseConverter, options: ImportOptions) {
        self.regions = regions
        self.converter = converter
        self.options = options
    }

    /// Cleans a page's text into lines: pinyin removed, Simplified, punctuation repaired.
    package func cleanLines(_ raw: String) -> [String] {
        var text = raw.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        if PageText.looksLikeHTML(text) { text = PageText.text(fromHTML: text) }
        text = TextCleaning.removeGluedPinyin(text)
        text = converter.simplified(text)
        return text.components(separatedBy: "\n").map(TextCleaning.repairPunctuation)
    }

    /// Imports one input; `taken` holds paths already planned in this run (never overwritten).
    package func importText(_ raw: String, name: String, taken: inout Set<String>) -> ImportResult {
        var result = ImportResult(input: name)
        let lines = cleanLines(raw)
        var reports = ReportExtraction.reports(in: lines, removed: &result.removed)
        guard !reports.isEmpty else {
            result.failure = "no report found: no paragraph of Chinese text (25 characters or more) in the page"
            return result
        }
        // Dates: the page's own, else one in the text, else the latest year the page mentions.
        let pageText = lines.joined(separator: "\n")
        for i in reports.indices where reports[i].date == nil {
            if let (date, how) = Self.dateInText(reports[i].plainText, pageText: pageText) {
                reports[i].date = date
                reports[i].dateOrigin = how
            } else if let first = reports.first(where: { $0.dateOrigin == "page" })?.date {
                reports[i].date = first
                reports[i].dateOrigin = "page"
            } else {
                // Nothing to go by: the import date, loudly, for the editor to correct (it is a draft).
                reports[i].date = options.now
                reports[i].dateOrigin = "import"
                reports[i].warnings.append("no date on the page or in the text: set to the import date, correct it")
            }
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

    struct Refusal: Error { var message: String }

    func article(from report: ExtractedReport, name: String, taken: inout Set<String>) -> Result<ImportedArticle, Refusal> {
        var fields: [(name: String, value: String, how: String)] = []
        var warnings = report.warnings
        guard !report.title.isEmpty else { return .failure(Refusal(message: "a report has no title line above its first paragraph")) }
        fields.append(("title", report.title, "found"))
        guard let date = report.date else {
            return .failure(Refusal(message: "no date: none on the page and none in the text of \"\(report.title)\""))
        }
        let dateHow = report.dateOrigin == "page" ? "found" : "inferred from the text"
        fields.append(("date", date.iso8601, dateHow))
        if report.dateOrigin == "inferred" { warnings.append("date \(date.isoDay) is a guess from the years the page mentions: check it") }
        let text = report.plainText
        guard let (region, regionEvidence) = Classification.region(title: report.title, text: text, tree: regions) else {
            let places = Self.placeNames(in: report.title + "\n" + text)
            let hint = places.isEmpty ? "" : " (the text names \(places.prefix(5).joined(separator: "、")); add the right one to regions.yaml)"
            return .failure(Refusal(message: "no region of regions.yaml is named in \"\(report.title)\"\(hint)"))
        }
        fields.append(("region", regions[region].path, "inferred: " + regionEvidence.terms.joined(separator: ", ")))
        let topics = Classification.topics(title: report.title, text: text)
        let topicList = topics.isEmpty ? [Topic.relief] : topics.map(\.0)
        if topics.isEmpty { warnings.append("no topic term found; set to relief: check it") }
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

    /// A date in the report's text: a full date, else a month and day in the latest year the page
    /// mentions (the next year if the page speaks of that year's end), else that year's first day.
    static func dateInText(_ text: String, pageText: String) -> (PublishDate, String)? {
        let lines = text.components(separatedBy: "\n")
        if let date = lines.compactMap(ReportExtraction.pageDate).max() { return (date, "body") }
        let years = matches(#"(\d{4})年"#, in: pageText).compactMap(Int.init).filter { (1990...2100).contains($0) }
        guard var year = years.max() else { return nil }
        let monthDay = matches(#"(\d{1,2})月(\d{1,2})日"#, in: text, groups: 2)
        if pageText.contains("\(year)年底") || pageText.contains("\(year)年末") { year += 1 }
        if let md = monthDay.first, md.count == 2, let m = Int(md[0]), let d = Int(md[1]),
           case .success(let date) = PublishDate.parse(String(format: "%04d-%02d-%02d", year, m, d)) {
            return (date, "body")
        }
        if case .success(let date) = PublishDate.parse(String(format: "%04d-01-01", years.max()!)) { return (date, "inferred") }
        return nil
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        matches(pattern, in: text, groups: 1).map { $0[0] }
    }

    static func matches(_ pattern: String, in text: String, groups: Int) -> [[String]] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { m in
            (1...groups).map { Range(m.range(at: $0), in: text).map { String(text[$0]) } ?? "" }
        }
    }

    /// Place names of the forms 某某省/市/区/县, for the hint when no region matches.
    static func placeNames(in text: String) -> [String] {
        var seen: [String] = []
        for name in matches(#"([\p{Han}]{2,4}(?:省|市|区|县))"#, in: text) where !seen.contains(name) && !name.hasPrefix("全") && !name.hasPrefix("本") {
            seen.append(name)
        }
        return seen
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

/// Reduces an HTML page to text lines: scripts and styles dropped, block ends as line breaks.
enum PageText {
    static func looksLikeHTML(_ s: String) -> Bool {
        let head = s.prefix(2000).lowercased()
        return head.contains("<html") || head.contains("<body") || head.contains("<!doctype html") || head.contains("<div")
    }

    static func text(fromHTML html: String) -> String {
        // HTML whitespace is insignificant: line breaks come from block ends only.
        var s = html.replacingOccurrences(of: "[\\s]+", with: " ", options: .regularExpression)
        for tag in ["script", "style", "noscript"] {
            s = s.replacingOccurrences(of: "<\(tag)[^>]*>[\\s\\S]*?</\(tag)>", with: "", options: [.regularExpression, .caseInsensitive])
        }
        s = s.replacingOccurrences(of: "<(br|/p|/div|/li|/h[1-6]|/tr|/title)[^>]*>", with: "\n", options: [.regularExpression, .caseInsensitive])
        s = s.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        for (entity, char) in [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&ldquo;", "“"), ("&rdquo;", "”"), ("&amp;", "&")] {
            s = s.replacingOccurrences(of: entity, with: char)
        }
        return s.components(separatedBy: "\n").map { $0.trimmingWhitespace() }.joined(separator: "\n")
    }
}
