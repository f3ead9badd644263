import SiteCore
import Testing

@Suite("Markdown through cmark")
struct MarkdownTests {
    let context = LinkContext(basePath: "/news/", assets: ["articles/2022/10/chart.svg", "articles/2022/10/img/a b.png", "articles/other.png"],
                              articleURLs: ["articles/2023/03/x.md": "articles/2023/03/x-slug/"], allowRawHTML: false)

    func render(_ md: String, context: LinkContext? = nil) -> RenderedBody {
        MarkdownRenderer.render(md, file: "a.md", firstLine: 10, sourceDirectory: "articles/2022/10",
                                outputDirectory: "articles/2022/10/slug/", context: context ?? self.context)
    }

    @Test("the check's hash is the hash of the HTML the page gets, in every way a body's HTML is made")
    func checkedBodies() {
        let photos = LinkContext(basePath: "/", assets: ["articles/2022/10/p.jpg"], articleURLs: [:], allowRawHTML: false,
                                 imageInfo: { _ in ImageInfo(width: 800, height: 600) })
        let bodies: [(String, LinkContext?)] = [
            ("社工站\n已经覆盖。\n\n## 小标题\n\n第二段，**加粗**与[链接](https://example.org)。", nil),
            ("〖王后雄〗在干将路的社工站。", nil),                 // a kept span: marked in the HTML
            ("![站内照片](p.jpg)\n\n照片下的一段。", photos),        // an image of known size: marked up
            ("见[另一篇](../../2023/03/x.md)和<b>原始</b>HTML。", nil),
            ("[缺失](missing.md)", nil),                          // an error: the same in both
            (String(repeating: "[", count: 10_001), nil),          // refused before cmark
            ("", nil),
        ]
        for (markdown, context) in bodies {
            let context = context ?? self.context
            let page = render(markdown, context: context)
            for wantsText in [true, false] {
                let checked = MarkdownRenderer.check(markdown, file: "a.md", firstLine: 10, sourceDirectory: "articles/2022/10",
                                                     outputDirectory: "articles/2022/10/slug/", context: context, plainText: wantsText)
                #expect(checked.htmlHash == StableHasher.hash(page.html), "\(markdown.prefix(20))")
                #expect(checked.plainText == (wantsText ? page.plainText : ""))
                #expect(checked.assets.map(\.destination) == page.assets.map(\.destination))
                #expect(checked.diagnostics.map(\.message) == page.diagnostics.map(\.message))
            }
        }
    }

    @Test("a soft break between Chinese characters disappears; between Latin words it stays")
    func softBreaks() {
        #expect(render("社工站\n已经覆盖。").html == "<p>社工站已经覆盖。</p>\n")
        #expect(render("社工“站”\n已经覆盖").html == "<p>社工“站”已经覆盖</p>\n")
        #expect(render("**社工站**\n已经覆盖").html == "<p><strong>社工站</strong>已经覆盖</p>\n")
        #expect(render("social\nwork").html == "<p>social\nwork</p>\n")
        #expect(render("社工 station\nwork 站").html == "<p>社工 station\nwork 站</p>\n")
        #expect(render("社工站\n已经覆盖。").plainText == "社工站已经覆盖。\n")
    }

    @Test("the whole UTF-8 text reaches cmark (byte count, not character count)")
    func byteCount() {
        let text = String(repeating: "社会工作", count: 50) + "结尾"
        #expect(render(text).html == "<p>\(text)</p>\n")
    }

    @Test("safe mode drops raw HTML and script links, and says so")
    func safeMode() {
        let body = render("<script>alert(1)</script>\n\n段落<b onclick=\"x\">粗</b>\n\n[点我](javascript:alert(1)) [v](VBScript:x) [d](data:text/html;base64,xx) [ok](https://example.org/)")
        #expect(!body.html.contains("<script"))
        #expect(!body.html.contains("onclick"))
        #expect(!body.html.lowercased().contains("javascript:"))
        #expect(!body.html.lowercased().contains("vbscript:"))
        #expect(!body.html.contains("data:"))
        #expect(body.html.contains("<a href=\"https://example.org/\">ok</a>"))
        #expect(body.diagnostics.map(\.description) == [
            "a.md:10:1: warning: raw HTML is left out of the page (safe mode); write Markdown instead, or set allow_raw_html: true in site.yaml for trusted content",
            "a.md:14:1: warning: javascript: link removed (it could run code in a reader's browser)",
            "a.md:14:27: warning: vbscript: link removed (it could run code in a reader's browser)",
            "a.md:14:43: warning: data: link removed (it could run code in a reader's browser)",
        ])
        let trusted = LinkContext(basePath: "/", assets: [], articleURLs: [:], allowRawHTML: true)
        let raw = render("<figure>图</figure>\n\n[x](javascript:alert(1))", context: trusted)
        #expect(raw.html.contains("<figure>图</figure>"))
        #expect(!raw.html.contains("javascript:"))
    }

    @Test("local images are copied beside the page; links to articles become their URLs")
    func localReferences() {
        let body = render("![图](chart.svg) ![空格](img/a%20b.png) [另一篇](../../2023/03/x.md#part)")
        #expect(body.diagnostics.isEmpty)
        #expect(body.assets == [
            AssetCopy(source: "articles/2022/10/chart.svg", destination: "articles/2022/10/slug/chart.svg"),
            AssetCopy(source: "articles/2022/10/img/a b.png", destination: "articles/2022/10/slug/img/a b.png"),
        ])
        #expect(body.html.contains("src=\"/news/articles/2022/10/slug/chart.svg\""))
        #expect(body.html.contains("src=\"/news/articles/2022/10/slug/img/a%20b.png\""))
        #expect(body.html.contains("href=\"/news/articles/2023/03/x-slug/#part\""))
    }

    @Test("a reference to a missing file or article is an error at its position")
    func missingReferences() {
        let body = render("正文\n\n![图](missing.png)\n\n见[旧文](old.md)与[外部](../../other.png)")
        #expect(body.diagnostics.map(\.description) == [
            "a.md:12:1: error: image 'missing.png' refers to articles/2022/10/missing.png, which does not exist: put the file next to the article or fix the path",
            "a.md:14:2: error: link 'old.md' refers to articles/2022/10/old.md, which is not a published article (missing, a draft, or not yet due)",
            "a.md:14:15: error: link '../../other.png' is outside the article's folder (articles/2022/10/): keep the files an article uses in its folder or below it",
        ])
        #expect(render("[x](../../../../etc/passwd)").diagnostics.map(\.message) == ["link '../../../../etc/passwd' points outside the content folder"])
    }

    @Test("headings are kept out of the summary text but kept for search")
    func plainText() {
        let body = render("## 小标题\n\n第一段。\n\n- 列表项\n\n> 引用")
        #expect(body.plainText == "第一段。\n列表项\n引用\n")
        #expect(body.headingText == "小标题\n")
    }
}

@Suite("Summaries derived from Chinese text")
struct SummaryTests {
    @Test("short text is kept whole; lines join without spaces")
    func short() {
        #expect(Summary.derive(fromPlainText: "社工站\n全覆盖。\n", limit: 50) == "社工站全覆盖。")
        #expect(Summary.derive(fromPlainText: "social\nwork", limit: 50) == "social work")
    }

    @Test("long text is cut at a sentence end near the limit, counting characters")
    func sentenceCut() {
        let s1 = String(repeating: "社", count: 30) + "。"
        let s2 = String(repeating: "工", count: 30) + "！"
        let s3 = String(repeating: "站", count: 30) + "。"
        #expect(Summary.derive(fromPlainText: s1 + s2 + s3, limit: 70) == s1 + s2)
        // A closing quote after the full stop stays with its sentence.
        let quoted = "他说：“" + String(repeating: "好", count: 20) + "。”" + String(repeating: "后", count: 40)
        #expect(Summary.derive(fromPlainText: quoted, limit: 40) == "他说：“" + String(repeating: "好", count: 20) + "。”")
    }

    @Test("without a sentence end, cut at a clause mark and mark the cut")
    func clauseCut() {
        let text = String(repeating: "社", count: 35) + "，" + String(repeating: "工", count: 40)
        #expect(Summary.derive(fromPlainText: text, limit: 40) == String(repeating: "社", count: 35) + "……")
        let noMarks = String(repeating: "社", count: 100)
        #expect(Summary.derive(fromPlainText: noMarks, limit: 40) == String(repeating: "社", count: 40) + "……")
    }

    @Test("a derived summary leaves out the news dateline: 本报讯, 新华社…电, 某地讯 and the reporters' credit")
    func datelines() {
        func summary(_ text: String) -> String { Summary.derive(fromPlainText: text, limit: 60) }
        #expect(summary("本报讯（记者 王敏 通讯员 李强）永康市社工站全部建成。") == "永康市社工站全部建成。")
        #expect(summary("新华社北京3月5日电（记者张三）民政部今天发布通知。") == "民政部今天发布通知。")
        #expect(summary("永康讯（通讯员 陈丽）社工走进敬老院。") == "社工走进敬老院。")
        #expect(summary("（记者 刘婷婷）台风过后，社工回访安置户。") == "台风过后，社工回访安置户。")
        #expect(summary("金华讯　社工站开展活动。") == "社工站开展活动。")
        // Not datelines: a sentence that starts with 记者 or holds 通讯 keeps its words.
        #expect(summary("记者从民政局获悉，社工站已建成。") == "记者从民政局获悉，社工站已建成。")
        #expect(summary("加强通讯（含网络）保障。") == "加强通讯（含网络）保障。")
        #expect(Summary.withoutDateline("本报讯") == "本报讯")
    }
}

@Suite("Dates in China time")
struct DateTests {
    @Test("bare dates mean midnight in China; offsets are honoured; shown in China time")
    func parsing() throws {
        let bare = try PublishDate.parse("2022-10-12").get()
        #expect(bare.iso8601 == "2022-10-12T00:00:00+08:00")
        #expect(bare.chineseDate == "2022年10月12日")
        let utc = try PublishDate.parse("2022-10-11T20:30:00Z").get()
        #expect(utc.iso8601 == "2022-10-12T04:30:00+08:00")
        #expect(utc.chineseDate == "2022年10月12日")
        let spaced = try PublishDate.parse("2012-08-29 09:42").get()
        #expect(spaced.iso8601 == "2012-08-29T09:42:00+08:00")
        #expect(try PublishDate.parse("2022-10-12T09:42:00.123-05:00").get().iso8601 == "2022-10-12T22:42:00+08:00")
        #expect(try PublishDate.parse("2024-02-29").get().isoDay == "2024-02-29")
        #expect(PublishDate.parse("2022-10-12T09:42:00+0800x") == .failure(.format))
    }

    @Test("ISO dates are written with every field padded, across a day's end, a year's and the years of four digits")
    func isoFormat() throws {
        // Each second of two days around a new year, and a minute's worth of days either side of
        // the four-digit years, against the fields of `china` padded one by one.
        func expected(_ d: PublishDate) -> String {
            let c = d.china
            func pad(_ n: Int, _ w: Int) -> String { String(repeating: "0", count: max(0, w - String(n).count)) + String(n) }
            return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))+08:00"
        }
        let newYear = try PublishDate.parse("2024-01-01").get().epochSeconds
        for s in stride(from: newYear - 86_400, to: newYear + 86_400, by: 7) {
            let d = PublishDate(epochSeconds: s)
            #expect(d.iso8601 == expected(d))
            #expect(d.isoDay == String(expected(d).prefix(10)))
        }
        #expect(PublishDate(epochSeconds: -30_636_413_633).iso8601 == "0999-03-04T05:06:07+08:00")
        #expect(PublishDate(epochSeconds: 253_402_271_999).iso8601 == "9999-12-31T23:59:59+08:00")
        // Past four digits: the year as it is.
        #expect(PublishDate(epochSeconds: 253_402_300_800).iso8601 == "10000-01-01T08:00:00+08:00")
        #expect(PublishDate(epochSeconds: 253_402_300_800).isoDay == "10000-01-01")
    }

    @Test("the machine's time zone changes nothing", arguments: ["UTC", "America/New_York", "Asia/Shanghai"])
    func timeZoneIndependent(zone: String) throws {
        setenv("TZ", zone, 1)
        tzset()
        defer { unsetenv("TZ"); tzset() }
        let d = try PublishDate.parse("2022-10-12T23:30:00+08:00").get()
        #expect(d.chineseDate == "2022年10月12日")
        #expect(d.china.hour == 23)
    }
}

#if canImport(Glibc)
import Glibc
#endif
