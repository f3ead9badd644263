import Foundation
import SiteCore

/// What a removed line was: reported per input so an editor can see what went.
package enum RemovedKind: String, CaseIterable, Sendable, Comparable {
    case navigation, breadcrumb, spam, related, widget, counter, footer, chrome, image, trailing
    package static func < (a: RemovedKind, b: RemovedKind) -> Bool { a.rawValue < b.rawValue }
}

/// Cleaning steps on raw page text, each a pure function (tested one by one).
package enum TextCleaning {
    // MARK: Pinyin glued by mirror sites: "當(dāng)前" → "當前"

    static let toneVowels: Set<Character> = Set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüń")

    /// Removes a bracketed pinyin syllable right after a Han character; real parentheses such as
    /// "(街道)" stay, since their content is not pinyin.
    package static func removeGluedPinyin(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if (c == "(" || c == "（"), i > 0, let s = chars[i - 1].unicodeScalars.first, CJK.isHan(s) {
                var j = i + 1
                var syllable = ""
                while j < chars.count, j - i <= 8, chars[j].isLetter, chars[j].isASCII || toneVowels.contains(chars[j]) {
                    syllable.append(chars[j])
                    j += 1
                }
                if j < chars.count, chars[j] == ")" || chars[j] == "）", isPinyin(syllable) {
                    i = j + 1
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// A single pinyin syllable with a tone mark (plain ASCII words in brackets, like "(AI)", stay).
    static func isPinyin(_ s: String) -> Bool {
        guard (1...7).contains(s.count), s == s.lowercased() else { return false }
        return s.contains { toneVowels.contains($0) }
    }

    // MARK: Punctuation

    /// Repairs the doubled punctuation of mirror sites (",,", ",、", ",。") and turns ASCII
    /// punctuation between Chinese characters into its full-width form. A table cell's bar left
    /// after a sentence's end (`……的服务。 |`, a page dumped from a layout table) goes.
    package static func repairPunctuation(_ line: String) -> String {
        var s = line
        if let bar = s.lastIndex(where: { !$0.isWhitespace }), "|｜".contains(s[bar]),
           let end = s[..<bar].lastIndex(where: { !$0.isWhitespace }), "。！？”）".contains(s[end]) {
            s = String(s[...end])
        }
        for (bad, good) in [(",,", "，"), ("，，", "，"), (",、", "、"), ("、,", "、"), (",。", "。"), ("。,", "。"),
                            (",，", "，"), ("，,", "，"), (",；", "；"), (",：", "："), (",”", "”"), (",！", "！"), (",？", "？")] {
            while s.contains(bad) { s = s.replacingOccurrences(of: bad, with: good) }
        }
        let chars = Array(s)
        var out = ""
        for (i, c) in chars.enumerated() {
            let before = i > 0 ? chars[i - 1] : " ", after = i + 1 < chars.count ? chars[i + 1] : " "
            let wide = { (ch: Character) in ch.unicodeScalars.first.map { CJK.isWide($0) || CJK.isAmbiguousPunctuation($0) } ?? false }
            let map: [Character: Character] = [",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"]
            if let full = map[c], wide(before) || (wide(after) && !before.isNumber) || (c == "(" && wide(after)) || (c == ")" && wide(before)) {
                // Keep ASCII where it belongs: between digits (1,000) and in Latin text.
                if c == "," && before.isNumber && after.isNumber { out.append(c) } else { out.append(full) }
            } else {
                out.append(c)
            }
        }
        return out
    }

    // MARK: Lines that are not the report

    static let spamWords = ["麻豆", "自拍", "偷拍", "91制片", "果冻传媒", "午夜福利", "吃瓜", "蜘蛛池", "综合网", "久久", "婷婷", "狠狠", "亚洲", "欧美", "无码", "看片", "彩票代购"]
    static let relatedHeads = ["相关稿件", "相关阅读", "相关新闻", "相关文章", "热门文章", "最新文章", "推荐阅读", "延伸阅读", "精彩推荐",
                               "相关推荐", "新闻推荐", "读特热榜", "热点推荐", "猜你喜欢", "更多新闻", "上一篇", "下一篇"]
    static let widgetWords = ["【字体", "[打印]", "打印本页", "关闭窗口", "扫一扫", "分享到", "收藏本文", "上一期", "下一期", "【大", "我们一直在努力", "服务粉丝",
                              "下载客户端", "扫码下载", "我要举报", "返回顶部", "设为首页", "加入收藏", "会员登录", "立即注册", "下载次数", "官方微信",
                              "本文关键词", "相关附件", "扫描二维码", "随身看", "Logo", "字号", "小中大", "IN视频", "鹏友圈", "浏览次数", "点击数"]
    static let footerWords = ["版权所有", "copyright", "Copyright", "ICP备", "ICP证", "网站平台支持", "关于我们", "联系我们", "法律声明", "广告服务",
                              "公网安备", "信息服务许可证", "违法和不良信息", "监督电话", "联系电话", "办公区", "客服QQ", "通联QQ", "邮箱:", "邮箱：",
                              "版权及免责声明", "网站声明", "免责声明", "不得转载", "转载目的在于", "无法联系到权利人", "仅代表该作者", "不代表本网",
                              "不代表澎湃新闻", "仅提供信息发布平台", "主办 |", "主办|", "| 主管"]
    /// Buttons a page renders as lines of their own (`举报`, `收藏`), furniture only when alone on a line.
    static let buttonLines: Set<String> = ["举报", "收藏", "点赞", "评论", "分享", "打印", "关闭", "纠错", "在看", "赞", "转发", "微信", "微博",
                                          "QQ空间", "返回", "顶部", "写评论", "我要纠错", "打开APP", "打开App", "下载APP"]
    /// Sentences that disclaim rather than report; a paragraph is cut where one begins.
    static let disclaimerStarts = ["本站部分信息", "本网部分转载", "本文为澎湃号作者", "凡本网", "本文来源", "版权声明", "声明：本文", "未经许可"]

    /// Why a line is page furniture rather than report text, or nil if it may be report text.
    package static func classify(_ line: String) -> RemovedKind? {
        let t = line.trimmingWhitespace()
        if t.isEmpty { return nil }
        if isImageFileName(t) { return .image }
        if t.contains("SourceURL") || t.hasPrefix("file://") || t.hasPrefix("地址：http") || t.hasPrefix("地址:http")
            || t.range(of: #"^本篇文章\d+字"#, options: .regularExpression) != nil { return .chrome }
        if t.allSatisfy({ "|｜•·+-—_=~*#/\\ ".contains($0) }) { return .chrome }
        if disclaimerStarts.contains(where: { t.hasPrefix($0) }) { return .footer }
        let spamHits = spamWords.filter { t.contains($0) }.count
        if spamHits >= 2 || (spamHits >= 1 && t.filter({ $0 == "|" || $0 == "," }).count >= 3) { return .spam }
        if t.contains("当前位置") || t.contains("您的位置") || t.contains("当前的位置") || (t.contains(" > ") && t.contains("首页")) || t.contains("首 页 >") { return .breadcrumb }
        if footerWords.contains(where: { t.contains($0) }) { return .footer }
        if widgetWords.contains(where: { t.contains($0) }) && t.count < 40 { return .widget }
        if buttonLines.contains(t) || t.hasPrefix("打开APP") || t.hasPrefix("打开App") { return .widget }
        if t.hasPrefix("上一篇") || t.hasPrefix("下一篇") { return .navigation }
        if t.range(of: #"浏览(量|次数)?[:：]?\s*\d+"#, options: .regularExpression) != nil && t.count < 60 && !t.contains("来源") && !t.contains("时间") { return .counter }
        let bars = t.filter { $0 == "|" || $0 == "｜" }.count
        if bars >= 2 { return .navigation }
        if t.range(of: #"^第\d{2}版"#, options: .regularExpression) != nil { return .navigation }
        if ["首页", "新闻中心", "版面目录", "新闻内容", "图 片", "图片", "头版", "数字", "专题", "新闻"].contains(t) { return .navigation }
        // A row of short words separated by spaces: a menu.
        let words = t.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" })
        let byline = t.contains("记者") || t.contains("通讯员") || t.contains("作者")
        if !byline && words.count >= 4 && words.allSatisfy({ $0.count <= 5 }) && !t.contains("，") && !t.contains("。") { return .navigation }
        return nil
    }

    /// A line that is only an image's file name (`图片1.png`, `微信图片_20230316.jpg`, `IMG_2041.jpg`,
    /// `142d73…fc.jpg`, and a phone's or WeChat's name without its extension: `微信图片_20230908105009`,
    /// `IMG_2041`), or the end of a broken image tag (`.png)`): never text, never a heading.
    package static func isImageFileName(_ t: String) -> Bool {
        let lower = t.lowercased()
        if lower.range(of: #"^(微信图片|img|dsc|mmexport)_?\d{3,}$"#, options: .regularExpression) != nil { return true }
        let extensions = [".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp"]
        guard let ext = extensions.first(where: { lower.hasSuffix($0) || lower.hasSuffix($0 + ")") }) else { return false }
        let name = lower.dropLast(lower.hasSuffix(")") ? ext.count + 1 : ext.count)
        return name.count <= 40 && !name.contains("，") && !name.contains("。")
    }

    /// A paragraph without the disclaimer a site glued to it ("…全覆盖。本站部分信息由…").
    package static func cutDisclaimer(_ t: String) -> String {
        for start in disclaimerStarts + ["本站部分信息", "本网部分转载"] {
            if let r = t.range(of: start), r.lowerBound != t.startIndex { return String(t[..<r.lowerBound]).trimmingWhitespace() }
        }
        return t
    }

    /// Runs of random ASCII that sites mix into text against copying ("& a, R. X/ k: F: V4 @% n("):
    /// three or more short tokens in a row, ASCII only, with punctuation among them. Real Latin text
    /// (`3+X`, `NGO`, a URL, a model number) has no such run and stays.
    package static func removeNoiseRuns(_ line: String) -> String {
        let tokens = line.split(separator: " ", omittingEmptySubsequences: false)
        guard tokens.count >= 3 else { return line }
        func noisy(_ t: Substring) -> Bool {
            !t.isEmpty && t.count <= 3 && t.allSatisfy { $0.isASCII } && !(t.count >= 2 && t.allSatisfy { $0.isLetter })
                && !(t.count == 3 && t.allSatisfy { $0.isNumber })
        }
        var keep = [Bool](repeating: true, count: tokens.count)
        var i = 0
        while i < tokens.count {
            guard noisy(tokens[i]) else { i += 1; continue }
            var j = i
            while j < tokens.count && (noisy(tokens[j]) || tokens[j].isEmpty) { j += 1 }
            let run = tokens[i..<j].filter { !$0.isEmpty }
            let punctuation = run.joined().filter { !$0.isLetter && !$0.isNumber }.count
            if run.count >= 3 && punctuation >= 2 { for k in i..<j { keep[k] = false } }
            i = j
        }
        // A token that ends a run may carry the text on: "S 在活动过程中" keeps "在活动过程中"; the
        // token before a run may carry its first piece: "课程，K4 P, E$" loses "K4".
        var kept = tokens.map(String.init)
        for k in kept.indices where keep[k] && k + 1 < kept.count && !keep[k + 1] {
            if let r = kept[k].range(of: #"(?<=[^\x00-\x7F])[A-Za-z0-9]{1,3}$"#, options: .regularExpression) { kept[k].removeSubrange(r) }
        }
        // Where a run went from between two pieces of Chinese text, they join without a space.
        var out = ""
        var removedBefore = false
        for (token, kept) in zip(kept, keep) {
            guard kept else { removedBefore = true; continue }
            if !out.isEmpty {
                let glue = removedBefore && !(out.last?.isASCII ?? true) && !(token.first?.isASCII ?? true)
                if !glue { out += " " }
            }
            out += token
            removedBefore = false
        }
        return out.trimmingWhitespace()
    }

    /// True for a line that starts a block of links to other stories (everything after it goes).
    package static func startsRelatedBlock(_ line: String) -> Bool {
        let t = line.trimmingWhitespace()
        return relatedHeads.contains { t == $0 || (t.hasPrefix($0) && t.count <= $0.count + 4) }
    }
}
