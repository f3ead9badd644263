import Foundation
import SiteCore

/// Headlines: cleaned of what sites wrap them in, and made from the lead when a page (a text that
/// begins at `本报讯`) has none.
package enum Headline {
    /// Site names before a separator (`临报发布丨…`, `半岛体育官方网站-…`), a forum's `标题：` and
    /// `[打印本页]`, decorative brackets (`【孙耿街道社工站】`), `_XX网` and `-XX日报` after it,
    /// dashes written as hyphens, straight quotes.
    package static func cleaned(_ title: String) -> String {
        var t = title.trimmingWhitespace()
        t = t.replacingOccurrences(of: #"^标题\s*[:：]\s*"#, with: "", options: .regularExpression)
        t = t.replacingOccurrences(of: #"\s*\[打印本页\]\s*$"#, with: "", options: .regularExpression)
        t = t.replacingOccurrences(of: #"^官方微信\s*[:：]?\s*"#, with: "", options: .regularExpression)
        // A site's name before 丨, |, - or _ (it names a site or a channel, and is short).
        if let r = t.range(of: #"^[^丨|｜\-_—]{2,16}?(网站|网|发布|客户端|日报|晚报|报|官方|头条|新闻|在线|微信)[丨|｜\-_—]+"#, options: .regularExpression) {
            t = String(t[r.upperBound...])
        }
        if let r = t.range(of: #"[_\-｜|](?:[^_\-｜|]{2,12}(?:网|日报|晚报|报|新闻网|门户))$"#, options: .regularExpression) {
            t = String(t[..<r.lowerBound])
        }
        if let r = t.range(of: #"^【[^】]{2,16}】"#, options: .regularExpression), t[r.upperBound...].count >= 6 {
            t = String(t[r.upperBound...])
        }
        t = t.replacingOccurrences(of: #"\s*-{2,}\s*"#, with: "——", options: .regularExpression)
        t = t.replacingOccurrences(of: #"\s*——\s*"#, with: "——", options: .regularExpression)
        t = curlyQuotes(t)
        return t.trimmingWhitespace()
    }

    /// `"…"` → `“…”`, pairing straight quotes in order.
    static func curlyQuotes(_ s: String) -> String {
        guard s.contains("\"") else { return s }
        var open = true
        return String(s.map { c -> Character in
            guard c == "\"" else { return c }
            defer { open.toggle() }
            return open ? "“" : "”"
        })
    }

    /// A headline from a lead, for a page that has none: its first clause after the dateline and
    /// credit (`本报讯（记者 X）3月14日，`), cut at a sentence or clause end.
    package static func fromLead(_ lead: String) -> String {
        var t = lead.trimmingWhitespace()
        t = t.replacingOccurrences(of: #"^[\p{Han}A-Za-z·]{0,12}?(\d{1,2}月\d{1,2}日)?(讯|消息)\s*[:：]?\s*"#, with: "", options: .regularExpression)
        t = t.replacingOccurrences(of: #"^[（(][^）)]{0,30}[）)]\s*"#, with: "", options: .regularExpression)
        t = t.replacingOccurrences(of: #"^(记者|通讯员)[\p{Han}\s、]{2,12}?报道\s*"#, with: "", options: .regularExpression)
        // The date that opens a lead goes, unless it is what the sentence is about (`5月12日是…`).
        t = t.replacingOccurrences(of: #"^(\d{4}年)?\d{1,2}月\d{1,2}日(上午|下午|晚|晚上|早上|中午)?(?!是|为)\s*[,，]?"#, with: "", options: .regularExpression)
        var cut = t.startIndex
        var count = 0
        for i in t.indices {
            if "。！？；".contains(t[i]) || (count >= 12 && "，".contains(t[i])) || count >= 40 { break }
            cut = t.index(after: i)
            count += 1
        }
        let head = String(t[..<cut]).trimmingWhitespace()
        return head.isEmpty ? String(lead.prefix(30)) : head
    }

    /// The line of `lines[from..<to]` (the part of a page above a report's first paragraph) that
    /// stands right above the first credit line (date, source, byline), if it reads like a headline;
    /// with the line right on top of it when that reads like one too (a headline set on two lines,
    /// main and sub, or a kicker and the main: both are kept, joined by the caller). A kicker that
    /// reads as a sentence (`全年投入24.9亿元，建成…`) is a lead-in, not part of the title.
    static func aboveMeta(_ lines: [String], from: Int, to: Int, skip: (Int) -> Bool, isMeta: (String) -> Bool) -> [Int]? {
        guard let meta = (from..<to).first(where: { !skip($0) && isMeta(lines[$0]) && !lines[$0].hasSuffix(":") && lines[$0].count > 3 }) else { return nil }
        var k = meta - 1
        while k >= from && (skip(k) || isMeta(lines[k])) { k -= 1 }
        guard k >= from, ReportExtraction.isTitleLike(lines[k]) else { return nil }
        if k - 1 >= from, !skip(k - 1), !lines[k - 1].trimmingWhitespace().isEmpty, ReportExtraction.isTitleLike(lines[k - 1]), !isMeta(lines[k - 1]),
           !lines[k - 1].contains("，") && !lines[k - 1].contains(",") {
            return [k - 1, k]
        }
        return [k]
    }

    /// For a headline that names no place but the whole of one (`全市社工站实现全覆盖`), the same
    /// headline with its place from elsewhere on the page (`雅安：全市社工站实现全覆盖` in the page's
    /// title or a line above), if there is one.
    static func placeNamed(_ headline: String, among lines: [String], names: [String]) -> String? {
        guard ["全市", "全区", "全县", "全省", "全镇", "我市", "我区", "我县", "本市", "本区", "本县"].contains(where: { headline.hasPrefix($0) }) else { return nil }
        for line in lines where line.count <= headline.count + 20 {
            let candidate = cleaned(line)
            guard candidate != headline, let r = candidate.range(of: headline) else { continue }
            let before = candidate[..<r.lowerBound]
            if names.contains(where: { before.contains($0) }) { return candidate }
        }
        return nil
    }

    /// A headline a page states outright: a forum's `标题：…`, a footer's `标题：“…”`.
    static func explicit(_ line: String) -> String? {
        guard let r = line.range(of: #"^标题\s*[:：]\s*"#, options: .regularExpression) else { return nil }
        var t = String(line[r.upperBound...]).trimmingWhitespace()
        if t.hasPrefix("“") && t.hasSuffix("”") && t.dropFirst().dropLast().contains("“") == false { t = String(t.dropFirst().dropLast()) }
        return ReportExtraction.hanCount(t) >= 4 ? t : nil
    }

    /// A line that reads like a photo caption: `图为…`, `（X 摄）`, `新华社记者 X 摄`, `图片由…提供`.
    package static func isCaption(_ s: String) -> Bool {
        s.hasPrefix("图为") || s.hasPrefix("图：") || s.contains("摄）") || s.contains("摄)") || s.hasSuffix(" 摄") || s.hasSuffix("摄")
            || s.contains("图片由") || s.contains("供图") || s.contains("拍摄")
    }
}
