import Foundation
import Importer
import SiteCore
import Testing

/// Pages in the shapes the web really has (a station's own page, a forum repost, a news app's page,
/// an association's repost, a text that starts at 本报讯, a photo story, national news, a round-up,
/// a county government's CMS page in GBK, a mobile news page with `og:` metadata, a member site's
/// page whose long headline passes for a paragraph). Written for these
/// tests in the shapes of real pages studied outside the repository; each has a golden output.
@Suite("Importer: pages in the field's shapes")
struct ImporterFieldTests {
    static let now = try! PublishDate.parse("2026-11-23T10:00:00+08:00").get()

    func importField(_ name: String, region: String? = nil) throws -> ImportResult {
        let tree = fixtureRegions()
        let importer = ArticleImporter(regions: tree, converter: try openCC(),
                                       options: ImportOptions(contentPath: "Content", now: Self.now, region: region.flatMap(tree.index(ofPath:))))
        var taken = Set<String>()
        let bytes = try #require(FileManager.default.contents(atPath: importFixtures + "/field/" + name))
        return importer.importPage(Array(bytes), name: name, taken: &taken)
    }

    /// Compares with Fixtures/import/expected/field/<name>.md; `UPDATE_GOLDEN=1` rewrites it (then read the diff).
    func expectGolden(_ result: ImportResult, _ name: String) throws {
        let actual = result.articles.map { article in
            "<!-- \(article.path) -->\n" + article.warnings.map { "<!-- warning: \($0) -->\n" }.joined() + article.markdown
        }.joined(separator: "\n")
        let path = importFixtures + "/expected/field/" + name + ".md"
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" { try actual.write(toFile: path, atomically: true, encoding: .utf8) }
        #expect(actual == (try String(contentsOfFile: path, encoding: .utf8)), "differs from \(path); rerun with UPDATE_GOLDEN=1 after checking")
    }

    func front(_ result: ImportResult) throws -> String {
        let markdown = try #require(result.articles.first).markdown
        return String(markdown.split(separator: "---\n", maxSplits: 2)[0])
    }

    @Test("a station's page: 发布者 and 点击数 are not the source, the supplier's credit is kept out of the text, the editor is no author")
    func stationPage() throws {
        let result = try importField("station-page.txt")
        let article = try #require(result.articles.first)
        #expect(result.articles.count == 1)
        #expect(article.markdown.contains("title: \"鄞州区社工站开展低保家庭入户复核\""))
        #expect(article.markdown.contains("date: 2022-09-30T00:00:00+08:00"))
        #expect(article.markdown.contains("author: \"赵敏\""))        // 供稿, not 审核 钱立新, not 责编 孙晓
        #expect(!article.markdown.contains("source:"))
        #expect(article.warnings.contains("no source credit found"))
        for furniture in ["供稿", "责编", "孙晓", "上一篇", "点击数", "ICP"] { #expect(!article.markdown.contains(furniture), "kept \(furniture)") }
        try expectGolden(result, "station-page.txt")
    }

    @Test("a forum repost: the explicit 标题, copy-protection noise cut without a trace, the forum user is no author")
    func forumRepost() throws {
        let result = try importField("forum-repost.txt")
        let article = try #require(result.articles.first)
        #expect(article.markdown.contains("title: \"嘉兴南湖：“小雨伞”守护留守儿童过暑假\""))
        #expect(article.markdown.contains("source: \"南湖日报\""))
        #expect(article.markdown.contains("兴趣课程，每天接送"))
        #expect(!article.markdown.contains("author:"))
        for noise in ["K4", "E$", "R3", "Discuz", "打印本页"] { #expect(!article.markdown.contains(noise), "kept \(noise)") }
        try expectGolden(result, "forum-repost.txt")
    }

    @Test("a news app's page: buttons and download widgets go, the unrelated story after 新闻推荐 goes, a spaced byline is read")
    func appWidgets() throws {
        let result = try importField("app-widgets.txt")
        let article = try #require(result.articles.first)
        #expect(article.markdown.contains("source: \"雅安日报\""))
        #expect(article.markdown.contains("author: \"黄小东\""))
        #expect(article.markdown.contains("topics: [disaster]"))
        for junk in ["举报", "收藏", "客户端", "茶文化节", "返回顶部"] { #expect(!article.markdown.contains(junk), "kept \(junk)") }
        #expect(result.removed[.related] == 3)
        try expectGolden(result, "app-widgets.txt")
    }

    @Test("an association's repost: the original source, the disclaimer and contact lines gone")
    func associationRepost() throws {
        let result = try importField("association-repost.txt")
        let article = try #require(result.articles.first)
        #expect(article.markdown.contains("source: \"厦门日报\""))
        #expect(article.markdown.contains("author: \"林静、吴海\""))
        #expect(article.markdown.contains("region: fujian/xiamen/siming"))
        for junk in ["本站部分信息", "QQ", "ICP", "公网安备"] { #expect(!article.markdown.contains(junk), "kept \(junk)") }
        try expectGolden(result, "association-repost.txt")
    }

    @Test("a text that starts at 本报讯: a title from the lead and every guess flagged, nothing refused")
    func leadOnly() throws {
        let result = try importField("lead-only.txt")
        let article = try #require(result.articles.first)
        #expect(result.failure == nil)
        #expect(article.markdown.contains("author: \"王丽、陈刚\""))
        #expect(article.warnings.contains("no headline on the page: the title is the lead's first words; write a title"))
        #expect(article.warnings.contains("no date on the page or in the text: set to the import date; correct the date"))
        #expect(article.markdown.contains("date: 2026-11-23T10:00:00+08:00"))
        try expectGolden(result, "lead-only.txt")
    }

    @Test("a headline long enough to pass for a paragraph, with the page's date under it: the headline and that date, not the lead and the import date")
    func longHeadline() throws {
        let result = try importField("long-headline.txt")
        let article = try #require(result.articles.first)
        #expect(article.markdown.contains("title: \"台风过境带来强降雨，石楼镇社工连夜在行动！\""))
        #expect(article.markdown.contains("date: 2024-08-21T00:00:00+08:00"))
        #expect(!article.warnings.contains { $0.hasPrefix("no headline") || $0.hasPrefix("no date") })
        #expect(!article.markdown.contains("Serving the community"))
        try expectGolden(result, "long-headline.txt")
    }

    @Test("a photo story: the agency of its photos is the source, photographers are authors, each caption its own paragraph")
    func photoStory() throws {
        let result = try importField("photo-story.txt")
        let article = try #require(result.articles.first)
        #expect(article.markdown.contains("source: \"新华社\""))
        #expect(article.markdown.contains("author: \"周强、郑明\""))
        #expect(article.markdown.contains("郑 明 摄\n\n10月6日，90岁"))
        try expectGolden(result, "photo-story.txt")
    }

    @Test("national news goes to the national node; a spaced pair of names splits at the second surname")
    func national() throws {
        let result = try importField("national.txt")
        let article = try #require(result.articles.first)
        #expect(article.markdown.contains("region: quanguo"))
        #expect(article.markdown.contains("author: \"许娓、闫薇\""))
        #expect(article.markdown.contains("title: \"民政部：乡镇（街道）社工站建设取得重大进展\""))
        try expectGolden(result, "national.txt")
    }

    @Test("a round-up of two provinces is a tie, warned, never a silent pick; --region settles it")
    func roundUp() throws {
        let result = try importField("round-up.txt")
        let article = try #require(result.articles.first)
        #expect(article.markdown.contains("region: quanguo"))
        #expect(article.warnings.contains("region is a tie between 浙江省 and 四川省: set to 全国; choose one"))
        try expectGolden(result, "round-up.txt")
        let given = try importField("round-up.txt", region: "sichuan/yaan")
        #expect(try front(given).contains("region: sichuan/yaan"))
        #expect(given.articles[0].fields.contains { $0.name == "region" && $0.how == "given (--region)" })
        #expect(!given.articles[0].warnings.contains { $0.contains("region") })
    }

    @Test("a county government's CMS page in GBK: parsed in its own encoding, the article found among tables, metadata used, the image resolved")
    func governmentCMS() throws {
        let result = try importField("gov-cms-gbk.html")
        let article = try #require(result.articles.first)
        #expect(result.articles.count == 1)
        #expect(article.markdown.contains("title: \"青田县：社工站织密困难群众帮扶网\""))
        #expect(article.markdown.contains("date: 2023-06-14T09:30:00+08:00"))
        #expect(article.markdown.contains("source: \"青田县民政局\""))
        #expect(article.markdown.contains("author: \"季晓燕\""))   // not <meta name=Author>, which names the site
        #expect(article.markdown.contains("![社工入户走访困难家庭](http://www.qingtian.gov.cn/picture/0/2306141030123.jpg)"))
        #expect(article.markdown.contains("*图：社工入户走访困难家庭*"))
        #expect(article.markdown.contains("建立“一户一档”，累计走访"))  // a CMS's line break inside Chinese text is no space
        for junk in ["政务公开", "当前位置", "浏览次数", "分享到", "相关信息", "防汛应急演练", "ICP", "_hmt", "share_wx"] {
            #expect(!article.markdown.contains(junk), "kept \(junk)")
        }
        try expectGolden(result, "gov-cms-gbk.html")
    }

    @Test("a mobile news page: og: and article: metadata, a lazy-loaded image described by its caption, the recommendations left out")
    func mobileNews() throws {
        let result = try importField("app-news.html")
        let article = try #require(result.articles.first)
        #expect(article.markdown.contains("date: 2024-06-20T18:05:00+08:00"))
        #expect(article.markdown.contains("source: \"丽水日报\""))
        #expect(article.markdown.contains("author: \"周丽、陈浩\""))
        #expect(article.markdown.contains("![社工在安置点为受灾群众登记（周丽 摄）](https://img.lsnews.com.cn/2024/0620/a1.jpg)"))
        for junk in ["loading.gif", "logo", "运动会", "打开APP", "扫码下载", "qrcode"] { #expect(!article.markdown.contains(junk), "kept \(junk)") }
        try expectGolden(result, "app-news.html")
    }

    @Test("every field-shaped article passes check")
    func allValid() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: importFixtures + "/field").sorted()
        #expect(names.count == 11)
        for name in names {
            let result = try importField(name)
            #expect(!result.articles.isEmpty, "\(name): \(result.failure ?? "")")
            for article in result.articles {
                let (_, problems) = ArticleLoader(regions: fixtureRegions()).load(bytes: Array(article.markdown.utf8),
                                                                                 sourcePath: "articles/x/y.md", displayPath: article.path)
                #expect(problems.isEmpty, "\(name): \(problems)")
            }
        }
    }
}

@Suite("Importer: HTML reading")
struct ImporterHTMLTests {
    func page(_ html: String) throws -> HTMLPage { try #require(HTMLPage(bytes: Array(html.utf8))) }

    static let paragraph = "社工走进社区，为困难群众开展入户走访，了解他们的实际需求，并链接慈善资源提供帮助。"

    @Test("the densest block of text wins over a longer list of links")
    func density() throws {
        let links = (1...30).map { "<li><a href=\"/n/\($0).html\">南湖区第\($0)届社区运动会隆重开幕，居民踊跃参加各项比赛</a></li>" }.joined()
        let html = "<html><body><div class=\"list\"><ul>\(links)</ul></div><div class=\"box\"><p>\(Self.paragraph)</p><p>\(Self.paragraph)</p></div></body></html>"
        let lines = try page(html).lines.filter { !$0.isEmpty }
        #expect(lines == [Self.paragraph, Self.paragraph])
    }

    @Test("relative images resolve against the canonical address; without one they are counted, not guessed")
    func images() throws {
        let body = "<body><div><p>\(Self.paragraph)</p><img src=\"/pic/a.jpg\" alt=\"走访\"><img src=\"/images/logo.png\"></div></body>"
        let resolved = try page("<html><head><link rel=\"canonical\" href=\"https://example.cn/news/1.html\"></head>\(body)</html>")
        #expect(resolved.lines.contains("![走访](https://example.cn/pic/a.jpg)"))
        #expect(!resolved.lines.contains { $0.contains("logo") })
        let unresolved = try page("<html>\(body)</html>")
        #expect(unresolved.unresolvedImages == 1)
        #expect(!unresolved.lines.contains { $0.hasPrefix("![") })
    }

    @Test("image lines: one format, written and read back")
    func imageLines() {
        let line = ImageLine.format(alt: "社工[走访]", src: "https://example.cn/a b(1).jpg")
        #expect(line == "![社工走访](https://example.cn/a%20b%281%29.jpg)")
        #expect(ImageLine.parse(line)?.alt == "社工走访")
        #expect(ImageLine.parse(line)?.src == "https://example.cn/a%20b%281%29.jpg")
        #expect(ImageLine.parse("![不是图片] 而是文字") == nil)
    }

    @Test("metadata: article:published_time and <time> give the date, a <meta name=author> only when it names people")
    func metadata() throws {
        let p = try page("""
            <html><head><meta property="article:published_time" content="2024-01-02T08:00:00+08:00">
            <meta name="author" content="某某县人民政府"><title>标题_某某网</title></head><body><p>\(Self.paragraph)</p></body></html>
            """)
        #expect(p.metadata.date == "2024-01-02T08:00:00+08:00")
        #expect(p.metadata.author == "某某县人民政府")
        #expect(Credits.personNames(p.metadata.author!, organisationAllowed: false).isEmpty)
        #expect(HTMLPage.pageTitle("南湖区社工进驻安置点_南湖新闻_南湖在线") == "南湖区社工进驻安置点")
    }

    @Test("1,000 random pages of the field's tags: every one read without a crash, no markup in the lines")
    func randomPages() throws {
        var pages = RandomPages(state: 20261130)
        let importer = ArticleImporter(regions: fixtureRegions(), converter: try openCC(),
                                       options: ImportOptions(now: ImporterFieldTests.now))
        for _ in 0..<1_000 {
            let html = pages.next()!
            if let page = HTMLPage(bytes: Array(html.utf8)) {
                #expect(!page.lines.contains { $0.contains("<div") || $0.contains("</") }, "\(html)")
            }
            var taken = Set<String>()
            let result = importer.importPage(Array(("<html>" + html).utf8), name: "random.html", taken: &taken)
            #expect(result.failure != nil || !result.articles.isEmpty)
        }
    }

    @Test("a headline that opens the page, and a place-less 全市 headline completed from the page's title")
    func headlineFirst() throws {
        let html = "<html><head><title>雅安：全市社工站实现乡镇全覆盖_雅安日报</title></head><body><h1>全市社工站实现乡镇全覆盖</h1><div class=\"content\"><p>\(Self.paragraph)</p></div></body></html>"
        let p = try page(html)
        #expect(p.lines.first == "全市社工站实现乡镇全覆盖")
        let importer = ArticleImporter(regions: fixtureRegions(), converter: try openCC(), options: ImportOptions(now: ImporterFieldTests.now))
        var taken = Set<String>()
        let result = importer.importPage(Array(html.utf8), name: "quanshi.html", taken: &taken)
        #expect(result.articles.first?.markdown.contains("title: \"雅安：全市社工站实现乡镇全覆盖\"") == true)
    }

    @Test("hostile pages: nesting deeper than the parser allows, an empty body, scripts only — an answer, no crash")
    func hostile() throws {
        let deep = "<html><body>" + String(repeating: "<div>", count: 50_000) + "<p>\(Self.paragraph)</p>" + "</body></html>"
        _ = HTMLPage(bytes: Array(deep.utf8))  // returns; libxml2 caps the depth
        let scripts = try page("<html><head><script>var a = '社工走进社区，为困难群众开展入户走访，了解他们的实际需求。';</script></head><body></body></html>")
        #expect(!scripts.lines.contains { $0.contains("社工") })
        #expect(HTMLPage(bytes: []) == nil)
    }
}

/// Deterministic random pages from the HTML the importer meets: headings first or last, images
/// anywhere, captions without figures, unclosed tags, links around blocks.
struct RandomPages: IteratorProtocol {
    var state: UInt64
    mutating func nextInt(_ n: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(n))
    }
    mutating func next() -> String? {
        let texts = ["社工走进社区，为困难群众开展入户走访，了解他们的实际需求，并链接慈善资源提供帮助。", "全市社工站实现全覆盖", "记者 王 丽",
                     "2023-06-14 来源：某某日报", "相关推荐", "图为社工走访", "", "K4 P, E$ W& r", "首页 | 新闻 | 专题"]
        let open = ["<div>", "<div class=\"content\">", "<div class=\"nav\">", "<p>", "<h1>", "<h2>", "<figure>", "<figcaption>", "<a href=\"/x\">",
                    "<table><tr><td>", "<li>", "<span>", "<section class=\"recommend\">"]
        var html = nextInt(2) == 0 ? "<html><head><title>全市社工站_某某网</title></head><body>" : ""
        for _ in 0..<(1 + nextInt(40)) {
            switch nextInt(4) {
            case 0: html += open[nextInt(open.count)]
            case 1: html += ["</div>", "</p>", "</h1>", "</h2>", "</figure>", "</a>", "</td></tr></table>", "</section>"][nextInt(8)]
            case 2: html += "<img src=\"\(["/a.jpg", "https://x.cn/b.png", "logo.gif", ""][nextInt(4)])\" alt=\"\(texts[nextInt(texts.count)])\">"
            default: html += texts[nextInt(texts.count)]
            }
        }
        return html
    }
}

@Suite("Importer: names of places and people")
struct ImporterNameTests {
    @Test("place suggestions are whole names, never fragments of the sentence around them")
    func placeNames() {
        let text = "近日，民政局对金山屯镇开展调研。下一步金山屯镇将推进社工站建设，接着镇公共服务办召开会议，站携手郭店街道开展活动，创建文明城市。"
        // 金山屯镇 is written after two different characters; 郭店街道 only once, inside a phrase: not offered.
        #expect(Classification.placeNames(in: text) == ["金山屯镇"])
        #expect(Classification.placeNames(in: "济南市历城区社工站，在郭店街道开展活动，主城区的居民") == ["济南市", "历城区", "郭店街道"])
    }

    /// Shapes met on pages outside the development set: generic words made of place words (乡镇,
    /// 镇街, 全市), an official's title (区长), a year before a clause.
    @Test("generic words built of place words, officials' titles and dates are not offered as places")
    func placeNamesNotGeneric() {
        #expect(Classification.placeNames(in: "近日，济南市民政局到垛石街道参观，区政府副区长王某参加。要实现乡镇（街道）都有社工站。济阳区举行仪式。")
                == ["济南市", "垛石街道", "济阳区"])
        #expect(Classification.placeNames(in: "近日，石首市首家乡镇办区社会工作服务站在南口镇福利院揭牌，石首市乡镇办区社工站建设全面铺开。")
                == ["石首市", "南口镇"])
        #expect(Classification.placeNames(in: "目前，霞浦县各乡镇（街道）均成立了社会工作服务站。") == ["霞浦县"])
        #expect(Classification.placeNames(in: "7月15日，临清市举行镇街社会工作服务站集中授牌仪式，16个镇街实现全覆盖。") == ["临清市"])
        #expect(Classification.placeNames(in: "凌河区、太和区已完成建设，预计到2023年实现全市乡镇（街道）社工站全覆盖。") == ["凌河区", "太和区"])
        // A real name that starts like a title or a generic word stays: 长沙市 after 湖南省, 乡城县.
        #expect(Classification.placeNames(in: "湖南省长沙市，四川省乡城县。") == ["湖南省", "长沙市", "四川省", "乡城县"])
        #expect(Classification.placeNames(in: "凌海市等2个县区积极推进，三个县区完成，为每个街道配备社工；个旧市社工站。") == ["凌海市", "个旧市"])
        #expect(Classification.placeNames(in: "社工走在石门镇街头。") == ["石门镇"])
        #expect(Classification.placeNames(in: "暴雨导致部分镇街道辖区内河水上涨，古城镇受灾最重。") == ["古城镇"])
    }

    @Test("people's names start with a surname; spaced names split at the next surname; a role's name is read")
    func people() {
        for word in ["登录", "昨晚", "摘要", "济南"] { #expect(!Credits.isPersonName(word), "\(word)") }
        for name in ["许娓", "欧阳晓明", "闫薇"] { #expect(Credits.isPersonName(name), "\(name)") }
        #expect(Credits.personNames("许 娓 闫 薇", organisationAllowed: false) == ["许娓", "闫薇"])
        #expect(Credits.personNames("张 晓 明", organisationAllowed: false) == ["张晓明"])
        #expect(Credits.authors(header: ["责编：", "陈亮"], lead: "", paragraphs: [], closing: []).isEmpty)
        #expect(Credits.authors(header: [], lead: "", paragraphs: ["全市社工站实现全覆盖。(记者车荣华)"], closing: []) == ["车荣华"])
        #expect(Credits.authors(header: [], lead: "", paragraphs: ["2021年7月2日，服务站揭牌 拍摄：林鸿昕"], closing: []) == ["林鸿昕"])
    }

    @Test("copy-protection noise glued to a word goes with the run; real Latin text stays")
    func noise() {
        #expect(TextCleaning.removeNoiseRuns("兴趣课程，K4 P, E$ W& r 每天接送") == "兴趣课程，每天接送")
        #expect(TextCleaning.removeNoiseRuns("推行“3+X”服务模式，NGO 参与，网址 www.example.cn") == "推行“3+X”服务模式，NGO 参与，网址 www.example.cn")
    }
}
