import Foundation
import SiteCore

/// A block of an imported report's body.
package enum ReportBlock: Equatable, Sendable {
    case heading(String)
    case paragraph(String)
    case caption(String)
    case image(alt: String, src: String)
}

/// One report found in a page, before classification.
package struct ExtractedReport: Sendable {
    package var title: String
    package var date: PublishDate?
    /// How the date was found: "page" (a date line), "body" (a date in the text) or "inferred" (a year only).
    package var dateOrigin: String?
    package var source: String?
    package var authors: [String] = []
    package var blocks: [ReportBlock] = []
    package var warnings: [String] = []
    /// The lines between the page's top (or the last report) and the first paragraph, after the
    /// headline: where dates, sources and bylines stand.
    package var header: [String] = []
    /// The lines after the last paragraph, to the next report or the page's end: closing credits.
    package var closing: [String] = []

    package var plainText: String {
        blocks.map { block -> String in
            switch block {
            case .heading(let s), .paragraph(let s), .caption(let s): return s
            case .image(let alt, _): return alt
            }
        }.joined(separator: "\n")
    }
}

/// Finds the reports in a cleaned page: a report is a title block, the page's date/source/byline
/// lines, paragraphs, and an end (a source credit such as "(据新华社)", a "来源:" line, a list of
/// related stories, the footer, or the next report's title).
package enum ReportExtraction {
    struct Line {
        var text: String
        var removed: RemovedKind?
        var blank: Bool { text.isEmpty }
    }

    /// `lines`: the page after pinyin removal, conversion to Simplified and punctuation repair.
    /// `linesAreBlocks`: each line is a whole block (an HTML page's paragraphs), never the rest of
    /// the line before it, as a text dump's broken lines are.
    package static func reports(in lines: [String], removed: inout [RemovedKind: Int], linesAreBlocks: Bool = false) -> [ExtractedReport] {
        var page = lines.map { raw -> Line in
            var text = raw.trimmingWhitespace().replacingOccurrences(of: "\u{3000}", with: " ").trimmingWhitespace()
            // A list bullet is layout, not text (`• 来源：…` is a source line).
            if let first = text.first, "•·●◆■▪".contains(first), text.count > 2 { text = String(text.dropFirst()).trimmingWhitespace() }
            let cleaned = TextCleaning.cutDisclaimer(TextCleaning.removeNoiseRuns(text))
            // A line that was nothing but copy-protection noise goes as such.
            return Line(text: cleaned, removed: cleaned.isEmpty && !text.isEmpty ? .spam : nil)
        }
        // Page furniture, and everything after a "related stories" heading.
        // A related-stories list before the article is a sidebar that ends at a blank line; once the
        // article has begun, such a list runs to the end of the page.
        var inRelated = false
        var sidebar = false
        var articleStarted = false
        for i in page.indices {
            if page[i].blank {
                if sidebar { inRelated = false; sidebar = false }
                continue
            }
            if TextCleaning.startsRelatedBlock(page[i].text) {
                inRelated = true
                sidebar = !articleStarted
            }
            if page[i].removed != nil { continue }
            if let kind = TextCleaning.classify(page[i].text), !(kind == .widget && Dates.full(in: page[i].text) != nil) {
                page[i].removed = kind
            } else if inRelated {
                page[i].removed = .related
            } else if isParagraph(page[i]) {
                articleStarted = true
            }
        }
        for line in page { if let kind = line.removed { removed[kind, default: 0] += 1 } }
        var reports: [ExtractedReport] = []
        var start = 0
        var consumed = Set<Int>()
        var previousEnded = true
        // A headline long enough to pass for a paragraph (25 characters, a comma: `【X】台风下的暴雨
        // 天气，大龙街社工在行动！`) is one when the page's date or source line stands under it and
        // the text follows: short, no full stop, credits next, paragraphs after.
        // The lines with text after line `i`, up to `limit` of them: what the checks below look at
        // (never the rest of a page, which would make a page of many short lines quadratic).
        func textLines(after i: Int, limit: Int) -> [Int] {
            var found: [Int] = []
            var k = i + 1
            while k < page.count && found.count < limit {
                if !page[k].blank && page[k].removed == nil { found.append(k) }
                k += 1
            }
            return found
        }
        func isHeadlineAboveCredits(_ i: Int) -> Bool {
            let t = page[i].text
            guard t.count <= 40, !t.contains("。") else { return false }
            let next = textLines(after: i, limit: 8)
            guard let credits = next.first, isMeta(page[credits].text), !isParagraph(page[credits]) else { return false }
            return next.dropFirst().contains { isParagraph(page[$0]) }
        }
        // The lines left from `i` to the page's end, when they are a closing block of credits: a few
        // short lines, none a sentence, one of them a byline or a date alone.
        func closingCredits(from i: Int) -> [Int]? {
            let rest = textLines(after: i - 1, limit: 7)
            guard !rest.isEmpty, rest.count <= 6,
                  rest.allSatisfy({ page[$0].text.count <= 30 && !isParagraph(page[$0]) && !endsSentence(page[$0].text) }) else { return nil }
            return rest.contains { isByline(page[$0].text) || (page[$0].text.count <= 20 && Dates.full(in: page[$0].text) != nil) } ? rest : nil
        }
        // A photo's caption under the headline (`小朋友们…玩得不亦乐乎。信时记者 X 摄`) is long enough
        // to pass for a paragraph too: when the text follows it, the text starts there. (A photo
        // story, captions one after another, starts at its first.)
        func firstParagraph(from start: Int) -> Int? {
            guard let first = (start..<page.count).first(where: { isParagraph(page[$0]) && !isHeadlineAboveCredits($0) }) else { return nil }
            guard Headline.isCaption(page[first].text), let next = textLines(after: first, limit: 1).first,
                  isParagraph(page[next]), !Headline.isCaption(page[next].text) else { return first }
            return next
        }
        while previousEnded, let p = firstParagraph(from: start) {
            var report = ExtractedReport(title: "")
            // Title block: the contiguous short lines right above the first paragraph, skipping date,
            // byline and widget lines; a short label ending in a colon above it ("浙江杭州:") leads it.
            var k = p - 1
            var metaLines: [String] = []
            var titleLines: [String] = []
            while k >= start {
                let line = page[k]
                if line.blank {
                    if !titleLines.isEmpty { break }
                    k -= 1
                    continue
                }
                if line.removed != nil { if !titleLines.isEmpty { break }; k -= 1; continue }
                if isMeta(line.text) || isByline(line.text) || isSubtitle(line.text) {
                    if !titleLines.isEmpty { break }
                    metaLines.append(line.text)
                    k -= 1
                    continue
                }
                if titleLines.isEmpty && Headline.isCaption(line.text) { k -= 1; continue }
                if isTitleLike(line.text) && titleLines.count < 2 {
                    titleLines.insert(line.text, at: 0)
                    consumed.insert(k)
                    k -= 1
                    continue
                }
                break
            }
            // The label, and date/source lines further up (a page's meta line often stands above the title).
            var j = k
            while j >= start && page[j].blank { j -= 1 }
            if j >= start, page[j].removed == nil, isLabel(page[j].text), !titleLines.isEmpty {
                titleLines[0] = String(page[j].text.dropLast()) + "：" + titleLines[0]
            }
            for m in stride(from: j, through: start, by: -1) where page[m].removed == nil && isMeta(page[m].text) {
                metaLines.append(page[m].text)
            }
            // The headline stands above the date, source and byline block: when such a block sits
            // above the first paragraph, short lines between it and the text are teasers, not the title.
            if let above = Headline.aboveMeta(page.map(\.text), from: start, to: p, skip: { page[$0].removed != nil || page[$0].blank }, isMeta: isMeta) {
                titleLines = above.map { page[$0].text }
                consumed.formUnion(above)
            }
            if let explicit = page.indices.lazy.compactMap({ Headline.explicit(page[$0].text) }).first { titleLines = [explicit] }
            report.title = Headline.cleaned(joinTitle(titleLines))
            // Everything above the first paragraph that is not the headline may hold credits.
            report.header = (start..<p).filter { !consumed.contains($0) && page[$0].removed == nil && !page[$0].blank }.map { page[$0].text }

            // Body: to the report's end.
            var end = p
            var i = p
            var pendingParagraph = ""
            var endedByMarker = false
            func flush() {
                if !pendingParagraph.isEmpty { report.blocks.append(.paragraph(pendingParagraph)); pendingParagraph = "" }
            }
            while i < page.count {
                let line = page[i]
                if line.removed != nil {
                    if line.removed == .related || line.removed == .footer || line.removed == .spam { break }
                    i += 1
                    continue
                }
                if line.blank { i += 1; continue }
                // The block that closes a station's report (its organisations, `通讯员：X`, a date,
                // each on a line of its own): credits, not a heading of the text.
                if !isParagraph(line), pendingParagraph.isEmpty || endsSentence(pendingParagraph), let credits = closingCredits(from: i) {
                    flush()
                    for k in credits {
                        if isByline(page[k].text) { report.authors += authors(in: page[k].text) } else { report.closing.append(page[k].text) }
                    }
                    end = credits.last!
                    i = page.count
                    break
                }
                if let image = ImageLine.parse(line.text) {
                    flush()
                    report.blocks.append(.image(alt: image.alt, src: image.src))
                    end = i
                    i += 1
                    continue
                }
                if case .image(let alt, let src)? = report.blocks.last, pendingParagraph.isEmpty,
                   line.text.hasPrefix("图：") || (line.text.count <= 60 && !isParagraph(line)) {
                    let caption = line.text.hasPrefix("图：") ? String(line.text.dropFirst(2)) : line.text
                    // An image without alt text is described by its caption (for screen readers).
                    if alt.isEmpty { report.blocks[report.blocks.count - 1] = .image(alt: caption, src: src) }
                    report.blocks.append(.caption(caption))
                    end = i
                    i += 1
                    continue
                }
                // A credit on its own line, or at the end of the last paragraph ("…成长。(据《云南日报》)").
                if let (text, credit) = sourceCredit(line.text).map({ ("", $0) }) ?? trailingCredit(line.text) {
                    if !text.isEmpty {
                        if !pendingParagraph.isEmpty && !endsSentence(pendingParagraph) { pendingParagraph += text } else {
                            flush()
                            pendingParagraph = text
                        }
                    }
                    flush()
                    report.source = credit
                    end = i
                    i += 1
                    endedByMarker = true
                    break
                }
                if line.text.hasPrefix("来源") {
                    flush()
                    metaLines.append(line.text)
                    report.closing.append(line.text)
                    end = i
                    i += 1
                    endedByMarker = true
                    break
                }
                if Credits.isCreditLine(line.text) && !isParagraph(line) || Credits.editorRoles.contains(where: { line.text.hasPrefix($0) }) {
                    // `（供稿：X 审核：Y）`, `责编：` (and the name on the line after): credits, not text.
                    flush()
                    report.closing.append(line.text)
                    if Credits.editorRoles.contains(where: { line.text.hasPrefix($0) }), line.text.hasSuffix("：") || line.text.hasSuffix(":"),
                       i + 1 < page.count, page[i + 1].removed == nil, page[i + 1].text.count <= 4 {
                        report.closing.append(page[i + 1].text)
                        i += 1
                    }
                } else if isByline(line.text) {
                    report.authors += authors(in: line.text)
                } else if isParagraph(line) || (!linesAreBlocks && !pendingParagraph.isEmpty && !endsSentence(pendingParagraph)) {
                    // A paragraph the page broke in the middle of a sentence continues here.
                    if !linesAreBlocks && !pendingParagraph.isEmpty && !endsSentence(pendingParagraph) {
                        pendingParagraph += line.text
                    } else {
                        flush()
                        pendingParagraph = line.text
                    }
                } else if isHeading(line.text) {
                    flush()
                    if case .heading(let previous)? = report.blocks.last {
                        report.blocks[report.blocks.count - 1] = .heading(previous + " " + line.text)
                    } else {
                        report.blocks.append(.heading(line.text))
                    }
                } else {
                    flush()
                    pendingParagraph = line.text
                }
                end = i
                i += 1
            }
            flush()
            for meta in metaLines where report.date == nil && !Headline.isCaption(meta) {
                if let date = Dates.full(in: meta) { report.date = date; report.dateOrigin = "page" }
            }
            report.authors = report.authors.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
            // A later report needs a headline of its own: paragraphs after a report's end without one
            // (a disclaimer, a stray block) are not a report.
            if !reports.isEmpty && report.title.isEmpty {
                removed[.trailing, default: 0] += report.blocks.count
                break
            }
            reports.append(report)
            start = max(end + 1, i)
            previousEnded = endedByMarker  // only a credit or source line lets another report follow
        }
        // Lines left after the last report: its closing credits; those that read like captions
        // (`图为…`, `（X 摄）`) are kept as captions with the report they describe.
        if !reports.isEmpty {
            let lastEnd = start
            for i in lastEnd..<page.count where !page[i].blank && page[i].removed == nil && !consumed.contains(i) {
                let text = page[i].text
                reports[reports.count - 1].closing.append(text)
                guard text.count <= 40, Headline.isCaption(text) || (reports.count > 1 && !isMeta(text) && Credits.credited(in: text).isEmpty) else { continue }
                let best = reports.indices.max { sharedBigrams(text, reports[$0].plainText) < sharedBigrams(text, reports[$1].plainText) }!
                reports[best].blocks.append(.caption(text))
            }
        }
        return reports.filter { !$0.title.isEmpty || !$0.blocks.isEmpty }
    }

    // MARK: Line kinds

    static func hanCount(_ s: String) -> Int { s.unicodeScalars.filter { CJK.isHan($0) }.count }

    static func isParagraph(_ line: Line) -> Bool {
        guard line.removed == nil, !line.blank else { return false }
        let t = line.text
        return hanCount(t) >= 25 && (t.contains("，") || t.contains("。") || t.contains("、")) && !isMeta(t)
    }

    /// `——深圳市2017年第十届社工宣传周大芬社区分会场`: a subtitle under a headline.
    static func isSubtitle(_ s: String) -> Bool { s.hasPrefix("——") || s.hasPrefix("--") || s.hasPrefix("—") }

    /// Whether a line closes its paragraph: a sentence's end, or a photo credit (`新华社记者 X 摄`),
    /// which a line break after it must not glue to the next paragraph.
    static func endsSentence(_ s: String) -> Bool {
        guard let last = s.last else { return true }
        return "。！？”」』…；）)".contains(last) || s.range(of: #"[\p{Han}](?:\s?[\p{Han}]){1,3}\s*摄$"#, options: .regularExpression) != nil
    }

    static func isTitleLike(_ s: String) -> Bool {
        let n = hanCount(s)
        return n >= 4 && s.count <= 60 && !s.hasSuffix("。") && !isMeta(s) && !isByline(s) && sourceCredit(s) == nil
    }

    static func isHeading(_ s: String) -> Bool { s.count <= 24 && hanCount(s) >= 3 && !endsSentence(s) }

    static func isLabel(_ s: String) -> Bool { (s.hasSuffix(":") || s.hasSuffix("：")) && s.count <= 10 && hanCount(s) >= 2 }

    /// A line of the credits around a headline: a date, a source, a byline, an editor, a name alone.
    static func isMeta(_ s: String) -> Bool {
        if s.hasPrefix("时间") || s.hasPrefix("日期") || s.hasPrefix("发布时间") || s.hasPrefix("来源") { return true }
        if ["发布者", "点击数", "发布时间", "责编", "责任编辑", "编辑：", "编辑:", "审核", "作者：", "作者:"].contains(where: { s.contains($0) }) && s.count <= 80 { return true }
        if Dates.full(in: s) != nil && s.count <= 60 { return true }
        if s.range(of: #"^\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}$"#, options: .regularExpression) != nil { return true }  // 03-24 19:56
        // 03.08.2018 12:01: a date line, day or month first (not read as a date: which is which is unknown).
        if s.range(of: #"^\d{1,2}\.\d{1,2}\.\d{4}(\s+\d{1,2}:\d{2})?$"#, options: .regularExpression) != nil { return true }
        if s.count <= 3 || !Credits.bareNames(s).isEmpty { return true }
        if s.hasSuffix("：") || s.hasSuffix(":"), s.count <= 6 { return true }
        return false
    }

    static func isByline(_ s: String) -> Bool {
        guard s.count <= 40, !s.contains("。"), !s.contains("，") else { return false }
        return s.contains("记者") || s.hasPrefix("通讯员") || s.hasPrefix("作者")
    }

    static func joinTitle(_ lines: [String]) -> String {
        guard let first = lines.first else { return "" }
        guard lines.count == 2 else { return first }
        return endsSentence(first) || first.hasSuffix("！") || first.hasSuffix("：") ? first + lines[1] : first + "：" + lines[1]
    }

    // MARK: Metadata

    /// "来源: 嘉兴日报   作者: …" → 嘉兴日报; "来源:在临沂客户端收集编辑:在临沂客户端" → 在临沂客户端.
    static func metaSource(_ s: String) -> String? {
        guard let r = s.range(of: #"来源[:：]\s*"#, options: .regularExpression) else { return nil }
        var rest = String(s[r.upperBound...])
        for stop in ["作者", "编辑", "收集", "责任", "浏览", "时间", "  ", " "] {
            if let cut = rest.range(of: stop) { rest = String(rest[..<cut.lowerBound]) }
        }
        rest = rest.trimmingWhitespace()
        return rest.isEmpty ? nil : rest
    }

    /// A paragraph ending with a credit: its text and the credit.
    package static func trailingCredit(_ s: String) -> (String, String)? {
        let t = s.trimmingWhitespace()
        guard t.hasSuffix("）") || t.hasSuffix(")") else { return nil }
        for open in ["（据", "(据"] {
            if let r = t.range(of: open, options: .backwards), let credit = sourceCredit(String(t[r.lowerBound...])) {
                let text = String(t[..<r.lowerBound]).trimmingWhitespace()
                return text.isEmpty ? nil : (text, credit)
            }
        }
        return nil
    }

    /// "(据《云南日报》)" → 云南日报; "(据新华社)" → 新华社.
    package static func sourceCredit(_ s: String) -> String? {
        let t = s.trimmingWhitespace()
        guard (t.hasPrefix("（据") || t.hasPrefix("(据")) && (t.hasSuffix("）") || t.hasSuffix(")")), t.count <= 30 else { return nil }
        var inner = String(t.dropFirst(2).dropLast())
        inner = inner.replacingOccurrences(of: "《", with: "").replacingOccurrences(of: "》", with: "")
        return inner.isEmpty ? nil : inner
    }

    /// Names after 记者/通讯员/作者 (spaces inside a name removed: "记者 万 强" → 万强); editors are not authors.
    package static func authors(in s: String) -> [String] {
        var names: [String] = []
        let roles = ["本报记者", "融媒记者", "记者", "通讯员", "作者"]
        var rest = Substring(s)
        while let hit = roles.compactMap({ role in rest.range(of: role).map { (role, $0) } }).min(by: { $0.1.lowerBound < $1.1.lowerBound }) {
            rest = rest[hit.1.upperBound...]
            // The name runs to the next role word, editor mark, or a gap of two spaces.
            var segment = String(rest)
            for stop in roles + ["编辑", "摄影", "责编", "  ", "　"] {
                if let cut = segment.range(of: stop) { segment = String(segment[..<cut.lowerBound]) }
            }
            let name = segment.replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "：", with: "")
                .unicodeScalars.filter { CJK.isHan($0) }.map(String.init).joined()
            if (2...4).contains(name.count) && !names.contains(name) { names.append(name) }
        }
        return names
    }

    static func sharedBigrams(_ a: String, _ b: String) -> Int {
        var t = Set<String>(), c = Set<String>()
        SearchText.tokens(a, into: &t, characters: &c)
        var u = Set<String>(), d = Set<String>()
        SearchText.tokens(b, into: &u, characters: &d)
        return t.intersection(u).count
    }
}
