import Foundation
import SiteCore

/// Who wrote a report and where it first appeared, from every place a page puts credits: the
/// lines around the headline (`来源：…`, `作者：…`, `XX日报 2022-8-17`), the dateline that opens the
/// lead (`本报讯（记者 X）`, `运城晚报讯`, `今日竹山网消息`), names after the last sentence
/// (`（王金娜 邢可凡）`, `…建设任务。陈增勋`), credits at the end (`来源：…`, `（X供稿）`, `(据…)`),
/// photo credits (`新华社记者 X 摄`), and, when nothing names a source, the site's own name from its
/// copyright line (the platform, flagged). Editors (`编辑`, `责任编辑`, `审核`…) are never authors.
package enum Credits {
    /// A source, and whether it is only the platform that carried the page.
    package struct Source: Equatable {
        package var name: String
        package var platformOnly: Bool
    }

    static let editorRoles = ["责任编辑", "初审编辑", "编辑", "责编", "审核", "审编", "审读", "二审", "三审", "终审", "校对", "发布者", "点击数", "来源"]
    static let authorRoles = ["本报记者", "本台记者", "融媒记者", "特约记者", "记者", "通讯员", "实习生", "作者", "供稿", "摄影", "拍摄", "文/", "图/"]
    /// Words that are not people: an 作者 or 供稿 credit with one of these names an organisation.
    static let organisationMarks = ["中心", "社区", "街道", "委员会", "办公室", "局", "部", "站", "协会", "学会", "研究", "机构", "中学", "小学",
                                    "大学", "学院", "医院", "政府", "公司", "集团", "团队", "项目", "社会", "服务", "工作", "组织", "平台", "网", "报"]
    /// Source values that name nothing.
    static let emptySources: Set<String> = ["网络", "本站", "本网", "原创", "未知", "互联网", "网络整理", "综合", "转载"]
    /// Parts of a name that make it a platform rather than the original source.
    static let platformMarks = ["澎湃号", "客户端", "·政务", "头条号", "百家号", "企鹅号", "公众号", "APP"]

    // MARK: Sources

    /// The report's source. `header`: the lines between the page's top and the report's first
    /// paragraph; `lead`: its first paragraph; `closing`: the lines after its last paragraph (to
    /// the next report); `page`: every line (for a copyright line).
    /// `paragraphs`, `captions`: the report's text, for a credit set inside it (`（X中心供稿）`) and,
    /// when nothing else names a source, the agency of its photos (`新华社发`, `新华社记者 X 摄`).
    package static func source(header: [String], lead: String, paragraphs: [String] = [], captions: [String] = [],
                               closing: [String], page: [String]) -> Source? {
        var found: [(name: String, closing: Bool)] = []
        for line in header { for name in sources(inMeta: line) { found.append((name, false)) } }
        if let name = datelineSource(lead) { found.append((name, false)) }
        let inText = paragraphs.filter(isCreditLine) + (paragraphs.last.flatMap(creditTail).map { [$0] } ?? [])
        for line in inText + closing { for name in sources(inMeta: line) + organisationCredits(line) { found.append((name, true)) } }
        if let credit = ReportExtraction.trailingCredit(lead)?.1 { found.append((credit, true)) }
        if found.isEmpty {
            for line in captions + paragraphs.filter(Headline.isCaption) {
                if let r = line.range(of: #"([\p{Han}]{2,6}社)(发|记者)"#, options: .regularExpression) {
                    found.append((String(line[r]).replacingOccurrences(of: #"(发|记者)$"#, with: "", options: .regularExpression), false))
                    break
                }
            }
        }
        let names = found.filter { isSourceName($0.name) }
        // The original wins over the platform that reposted it: a closing credit over the header's,
        // a name that is no platform over one that is.
        if let best = names.first(where: { $0.closing && !isPlatform($0.name) }) ?? names.first(where: { !isPlatform($0.name) }) ?? names.first {
            return Source(name: best.name, platformOnly: false)
        }
        if let site = page.lazy.compactMap(siteName).first { return Source(name: site, platformOnly: true) }
        return nil
    }

    static func isPlatform(_ name: String) -> Bool { platformMarks.contains { name.contains($0) } }

    static func isSourceName(_ name: String) -> Bool {
        let han = ReportExtraction.hanCount(name)
        return han >= 2 && name.count <= 30 && !emptySources.contains(name) && !name.contains("www.") && !name.contains("官方网站")
            && !name.contains("http") && !name.contains(where: { ":：".contains($0) })
    }

    /// Sources a meta line names: `来源：X`, `X发布时间：…`, `新华社发`, a paper's name beside a date.
    static func sources(inMeta line: String) -> [String] {
        var names: [String] = []
        if let r = line.range(of: #"来源\s*[:：]\s*"#, options: .regularExpression) {
            names.append(cutAtMeta(String(line[r.upperBound...])))
        }
        if let r = line.range(of: "发布时间") {
            let before = String(line[..<r.lowerBound]).trimmingWhitespace()
            if let last = before.split(separator: " ").last, ReportExtraction.hanCount(String(last)) >= 3, !line.contains("来源"),
               !last.contains(where: { ":：".contains($0) }) { names.append(String(last)) }
        }
        if let r = line.range(of: #"([\p{Han}]{2,6}社)发"#, options: .regularExpression) {
            names.append(String(line[r].dropLast()))
        }
        // A paper's or a site's name standing between the meta fields ("赵桂锋 2022-8-17 15:56 廊坊日报").
        if Dates.full(in: line) != nil || line.count <= 12 {
            for word in line.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }) {
                let w = String(word)
                if isMediaName(w) && !names.contains(w) && !w.contains("记者") { names.append(w) }
            }
        }
        return names.filter { !$0.isEmpty }
    }

    /// `廊坊日报`, `运城晚报`, `大众网`, `国际在线`, `深圳特区报`: a news outlet by the shape of its name.
    static func isMediaName(_ w: String) -> Bool {
        guard (3...12).contains(w.count), ReportExtraction.hanCount(w) == w.count else { return false }
        return ["日报", "晚报", "早报", "时报", "都市报", "特区报", "新闻网", "社会报", "电视台", "广播电视台", "融媒体中心", "在线"].contains { w.hasSuffix($0) }
            || (w.hasSuffix("网") && w.count >= 3 && w.count <= 8)
    }

    /// The text up to the next meta field: `X 发布时间…`, `X作者：…`.
    static func cutAtMeta(_ text: String) -> String {
        var rest = text
        for stop in ["发布者", "点击", "发布时间", "时间", "作者", "编辑", "责编", "收集", "责任", "浏览", "日期", "/", "【", "  ", " ", "\t"] {
            if let cut = rest.range(of: stop) { rest = String(rest[..<cut.lowerBound]) }
        }
        return rest.trimmingWhitespace().trimmingCharacters(in: CharacterSet(charactersIn: "·•,，。:："))
    }

    /// The outlet a dateline names: `运城晚报讯（记者 X）` → 运城晚报, `文明风7月8日讯` → 文明风,
    /// `今日竹山网消息` → 今日竹山网. `本报讯`, `本网讯` name no one.
    static func datelineSource(_ lead: String) -> String? {
        guard let r = lead.range(of: #"^[\p{Han}A-Za-z·]{2,12}?(\d{1,2}月\d{1,2}日)?(讯|消息)"#, options: .regularExpression) else { return nil }
        var name = String(lead[r])
        name = name.replacingOccurrences(of: #"(\d{1,2}月\d{1,2}日)?(讯|消息)$"#, with: "", options: .regularExpression)
        guard !["本报", "本网", "本台", "本刊", "本站"].contains(name), ReportExtraction.hanCount(name) >= 2 else { return nil }
        return name
    }

    /// `（黄冈市现代社会组织研究中心供稿）`, `供稿：某某中心`: an organisation that supplied the report.
    static func organisationCredits(_ line: String) -> [String] {
        var names: [String] = []
        if let r = line.range(of: #"([\p{Han}]{4,30})供稿"#, options: .regularExpression) {
            let name = String(line[r].dropLast(2))
            if organisationMarks.contains(where: { name.hasSuffix($0) || name.contains($0) }) { names.append(name) }
        }
        return names
    }

    /// The site's own name from its copyright line: `民生资讯网 mszx.org.cn 版权所有` → 民生资讯网.
    static func siteName(_ line: String) -> String? {
        guard let r = line.range(of: #"([\p{Han}]{3,12}(?:网|报|台))\s*(?:[A-Za-z0-9.]+\s*)?(?:版权所有|版权及免责声明)"#, options: .regularExpression) else { return nil }
        let match = String(line[r])
        return match.range(of: #"[\p{Han}]{3,12}(?:网|报|台)"#, options: .regularExpression).map { String(match[$0]) }
    }

    // MARK: Authors

    /// Every person a page credits for the report, in the order the page gives them. `paragraphs`:
    /// the report's text, for credits set inside it (`（供稿：X 审核：Y）`, `…。本报记者 X 通讯员 Y
    /// 摄影报道`, a photo's `新华社记者 X 摄`); `captions`: the report's photo captions.
    package static func authors(header: [String], lead: String, paragraphs: [String], captions: [String] = [], closing: [String]) -> [String] {
        var names: [String] = []
        func add(_ list: [String]) { for n in list where !names.contains(n) { names.append(n) } }
        var afterEditorRole = false
        for line in header {
            // `责编：` on one line and the editor's name on the next.
            defer { afterEditorRole = editorRoles.contains { line.trimmingWhitespace().trimmingCharacters(in: CharacterSet(charactersIn: ":：")).hasSuffix($0) } }
            guard !line.hasPrefix("来源") || line.contains("作者") else { continue }
            add(credited(in: line))
            if !afterEditorRole { add(bareNames(line)) }
        }
        if let credit = leadCredit(lead) { add(credited(in: credit)) }
        for paragraph in paragraphs where isCreditLine(paragraph) || Headline.isCaption(paragraph) { add(credited(in: paragraph)) }
        if let last = paragraphs.last {
            add(trailingNames(last))
            if let tail = creditTail(last) { add(credited(in: tail)) }
        }
        for caption in captions { add(credited(in: caption)) }
        for line in closing { add(credited(in: line)) }
        return names
    }

    /// A paragraph that is only a credit: `（供稿：陈少龙 审核：黄春美）`, `文/X 图/Y`.
    static func isCreditLine(_ paragraph: String) -> Bool {
        let t = paragraph.trimmingWhitespace()
        return t.count <= 40 && !t.contains("。") && authorRoles.contains { t.contains($0) }
    }

    /// What follows a report's last sentence when it holds a role: `…兴趣课程。 本报记者 王毅 通讯员
    /// 曾程 摄影报道`, `…守护。 某某中心 通讯员：刘础瑜 2020年10月25日`, `…全覆盖。(记者车荣华)`.
    static func creditTail(_ last: String) -> String? {
        guard let end = last.lastIndex(where: { "。！？”".contains($0) }) else { return nil }
        let tail = String(last[last.index(after: end)...]).trimmingWhitespace()
        guard !tail.isEmpty, tail.count <= 60, authorRoles.contains(where: { tail.contains($0) }) else { return nil }
        return tail
    }

    /// The credit that opens a lead: `本报讯（记者 许 娓 闫 薇）`, `本报讯 记者崔治报道`, `(通讯员 李骥鸣 林鸿昕)`.
    static func leadCredit(_ lead: String) -> String? {
        let head = String(lead.prefix(60))
        if let r = head.range(of: #"[（(][^）)]*(记者|通讯员)[^）)]*[）)]"#, options: .regularExpression) { return String(head[r]) }
        if let r = head.range(of: #"(记者|通讯员)[\p{Han}\s、]{2,12}?报道"#, options: .regularExpression) { return String(head[r]) }
        return nil
    }

    /// Names after an author's role in a line: `记者 万 强` → 万强, `通讯员 李骥鸣 林鸿昕` → both,
    /// `新华社记者 徐昱 摄` → 徐昱; names after an editor's role are skipped.
    static func credited(in line: String) -> [String] {
        var names: [String] = []
        // Cut the line at every role word, then read the names of each author part.
        var parts: [(role: String, text: String)] = []
        var rest = Substring(line)
        let roles = authorRoles + editorRoles
        while !rest.isEmpty {
            var hit: (String, Range<Substring.Index>)?
            for role in roles {
                guard let r = rest.range(of: role) else { continue }
                if let h = hit, h.1.lowerBound < r.lowerBound || (h.1.lowerBound == r.lowerBound && h.0.count >= role.count) { continue }
                hit = (role, r)
            }
            guard let hit else { break }
            if var last = parts.popLast() { last.text = String(rest[..<hit.1.lowerBound]); parts.append(last) }
            parts.append((hit.0, ""))
            rest = rest[hit.1.upperBound...]
        }
        if var last = parts.popLast() { last.text = String(rest); parts.append(last) }
        for part in parts where authorRoles.contains(part.role) && part.role != "来源" {
            var text = part.text
            for stop in ["报道", "摄影", "摄", "）", ")", "。", "，", "|", "、 "] { if let cut = text.range(of: stop) { text = String(text[..<cut.lowerBound]) } }
            text = text.replacingOccurrences(of: "：", with: " ").replacingOccurrences(of: ":", with: " ")
            names += personNames(text, organisationAllowed: false)
        }
        // `李四 摄`, `（徐瑞平 摄）`: a photographer before the mark.
        if let r = line.range(of: #"[\p{Han}](?:\s?[\p{Han}]){1,2}\s*(?<!拍)摄"#, options: .regularExpression) {
            let name = String(line[r]).replacingOccurrences(of: "摄", with: "").filter { !$0.isWhitespace }
            if isPersonName(name) { names.append(name) }
        }
        return names
    }

    /// A line that is nothing but two or three people's names: `李景康 王炎婷`.
    static func bareNames(_ line: String) -> [String] {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" || $0 == "、" }).map(String.init)
        guard (1...4).contains(words.count), words.allSatisfy(isPersonName) else { return [] }
        return words
    }

    /// Names after the last sentence of a report: `（王金娜 邢可凡）`, `。陈增勋`, `！林立丰`.
    static func trailingNames(_ last: String) -> [String] {
        let t = last.trimmingWhitespace()
        if let r = t.range(of: #"[（(]([\p{Han}]{2,3}[\s、]*){1,3}[）)]$"#, options: .regularExpression) {
            let names = personNames(String(t[r]).trimmingCharacters(in: CharacterSet(charactersIn: "（）()")), organisationAllowed: false)
            return names
        }
        if let r = t.range(of: #"[。！？”][\p{Han}]{2,3}$"#, options: .regularExpression) {
            let name = String(t[r].dropFirst())
            if isPersonName(name) { return [name] }
        }
        return []
    }

    /// People's names in a run of text separated by spaces or 、: each 2–3 Han characters, or one
    /// name spaced out character by character (`许 娓` → 许娓).
    package static func personNames(_ text: String, organisationAllowed: Bool) -> [String] {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" || $0 == "、" || $0 == "," || $0 == "，" }).map(String.init)
            .filter { !$0.isEmpty }
        var names: [String] = []
        var i = 0
        while i < words.count {
            let w = words[i]
            if w.count == 1, i + 1 < words.count, words[i + 1].count == 1 || (words[i + 1].count == 2 && (i + 2 >= words.count || words[i + 2].count != 1)) {
                // Characters spaced out: 万 强, 许 娓, 张 晓 明.
                var name = w
                var j = i + 1
                while j < words.count, words[j].count == 1, name.count < 3 {
                    // `许 娓 闫 薇`: two names, the third character starting the second.
                    if name.count == 2, j + 1 < words.count, words[j + 1].count == 1, surnames.contains(words[j].first!) { break }
                    name += words[j]
                    j += 1
                }
                if isPersonName(name) { names.append(name) }
                i = j
                continue
            }
            if isPersonName(w) { names.append(w) } else if ReportExtraction.hanCount(w) > 3 { break }
            i += 1
        }
        return names
    }

    /// Two or three Han characters starting with a surname (so not 登录, 昨晚, 摘要), or four with
    /// a compound one (欧阳, 司马), and no word of an organisation or a role.
    package static func isPersonName(_ w: String) -> Bool {
        guard (2...4).contains(w.count), ReportExtraction.hanCount(w) == w.count else { return false }
        let surnamed = w.count <= 3 ? (surnames.contains(w.first!) || compoundSurnames.contains(String(w.prefix(2))))
                                    : compoundSurnames.contains(String(w.prefix(2)))
        return surnamed && !organisationMarks.contains { w.contains($0) }
            && !["记者", "通讯", "编辑", "摄影", "报道", "供稿", "作者", "审核", "来源", "本报", "新华"].contains { w.contains($0) }
    }

    /// The single-character surnames of the Chinese population's great majority (Simplified; the
    /// importer converts Traditional text first).
    static let surnames = Set("""
        王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由
        """.filter { !$0.isWhitespace })
    static let compoundSurnames: Set<String> = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕", "令狐", "钟离", "端木", "独孤", "南宫", "西门"]
}
