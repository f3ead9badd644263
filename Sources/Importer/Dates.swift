import Foundation
import SiteCore

/// A report's date: the page's own (a date beside the headline, `发布时间：2021-09-23 10:28`), else
/// one written out in full in the text, else a month and day from the lead (`7月8日讯`, `3月14日,`)
/// in a year the page names — an inferred year, always flagged — and never later than the import.
package enum Dates {
    /// How a date was found, for the editor.
    package enum Origin: String {
        /// On the page, beside the headline or in its credits.
        case page
        /// Written out in full in the report's text.
        case text
        /// A month and day with a year the page names elsewhere, or a year only: a guess.
        case inferred
    }

    static let patterns = [
        // 2012年8月29日 09:42; 2023 年9 月8日
        #"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*(\d{1,2})[:：](\d{2}))?"#,
        // 2022-10-12 09:42, 2022-8-17 15:56, 2020/5/12 18:17:32, 2020.12.18
        #"(?<![\d.])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d.])(?:[ T]+(\d{1,2}):(\d{2}))?"#,
    ]

    /// `patterns`, compiled once: compiled for each line, a page of 20,000 short lines took 11 s.
    static let compiled = patterns.map { try! NSRegularExpression(pattern: $0) }

    /// The first full date (with its time if given) in a line.
    package static func full(in line: String) -> PublishDate? {
        for regex in compiled {
            for m in regex.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                func group(_ n: Int) -> Int? { Range(m.range(at: n), in: line).flatMap { Int(line[$0]) } }
                guard let y = group(1), (1990...2100).contains(y), let mo = group(2), let d = group(3) else { continue }
                let time = group(4).map { h in String(format: "T%02d:%02d:00+08:00", h, group(5) ?? 0) } ?? ""
                if case .success(let date) = PublishDate.parse(String(format: "%04d-%02d-%02d", y, mo, d) + time) { return date }
            }
        }
        return nil
    }

    /// `header`: the lines above the report's first paragraph; `lead`: that paragraph;
    /// `closing`: the lines after the report; `page`: all of it (for the years it names).
    package static func find(header: [String], lead: String, closing: [String], page: [String], now: PublishDate) -> (PublishDate, Origin)? {
        // A photo's caption dates the photo, not the report (`2021年7月2日，…揭牌 拍摄：X`).
        for line in header.reversed() + closing where line.count <= 80 && !Headline.isCaption(line) {
            if let date = full(in: line), date <= now { return (date, .page) }
        }
        if let date = full(in: String(lead.prefix(80))), date <= now { return (date, .text) }
        // A month and day in the lead, in the latest year the page names that keeps it in the past.
        let years = page.flatMap { matches(#"(\d{4})\s*年"#, in: $0) + matches(#"(?<!\d)(20\d{2})(?!\d)"#, in: $0) }
            .compactMap(Int.init).filter { (1990...2100).contains($0) }
        let monthDay = matches(#"(?<!\d)(\d{1,2})月(\d{1,2})日"#, in: String(lead.prefix(80)), groups: 2)
        if let md = monthDay.first, let m = Int(md[0]), let d = Int(md[1]) {
            for year in Set(years).sorted(by: >) {
                if case .success(let date) = PublishDate.parse(String(format: "%04d-%02d-%02d", year, m, d)), date <= now { return (date, .inferred) }
            }
        }
        return nil
    }

    /// The few patterns `matches` is asked for, each compiled once (behind the project's `Locked`,
    /// which the thread sanitizer sees, as it does not `Mutex`).
    private static let cache = Locked<[String: NSRegularExpression]>([:])

    static func matches(_ pattern: String, in text: String) -> [String] {
        matches(pattern, in: text, groups: 1).map { $0[0] }
    }

    static func matches(_ pattern: String, in text: String, groups: Int) -> [[String]] {
        let regex = Self.cache.withLock { cache in
            if let known = cache[pattern] { return known }
            let made = try! NSRegularExpression(pattern: pattern)
            cache[pattern] = made
            return made
        }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { m in
            (1...groups).map { Range(m.range(at: $0), in: text).map { String(text[$0]) } ?? "" }
        }
    }
}
