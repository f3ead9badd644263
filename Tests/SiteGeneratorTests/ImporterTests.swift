import Foundation
import Importer
import SiteCore
import Testing

let importFixtures = fixturesRoot + "/import"

func fixtureRegions() -> RegionTree {
    RegionLoader.load(text: try! String(contentsOfFile: importFixtures + "/regions.yaml", encoding: .utf8), file: "regions.yaml").0
}

/// OpenCC is a system library: when it is missing the import tests fail with this message.
func openCC() throws -> OpenCCConverter { try OpenCCConverter() }

@Suite("Importer: each cleaning and extraction step")
struct ImporterStepTests {
    @Test("glued pinyin goes; real parentheses stay")
    func pinyin() {
        #expect(TextCleaning.removeGluedPinyin("當(dāng)前位置") == "當前位置")
        #expect(TextCleaning.removeGluedPinyin("鄉(xiāng)鎮(zhèn)(街道)") == "鄉鎮(街道)")
        #expect(TextCleaning.removeGluedPinyin("人工智能(AI)与社工") == "人工智能(AI)与社工")
        #expect(TextCleaning.removeGluedPinyin("服務(wù)，(2022年)") == "服務，(2022年)")
    }

    @Test("doubled punctuation is repaired; ASCII punctuation between Chinese becomes full-width")
    func punctuation() {
        #expect(TextCleaning.repairPunctuation("“給政策,、抓監督”,,鄉鎮") == "“給政策、抓監督”，鄉鎮")
        #expect(TextCleaning.repairPunctuation("建設,。市政府") == "建設。市政府")
        #expect(TextCleaning.repairPunctuation("8月上旬,台风来袭") == "8月上旬，台风来袭")
        #expect(TextCleaning.repairPunctuation("投入1,000万元,用于") == "投入1,000万元，用于")
        #expect(TextCleaning.repairPunctuation("南湖区:社工") == "南湖区：社工")
        // A layout table's bar after the last sentence goes; a bar inside a line stays.
        #expect(TextCleaning.repairPunctuation("提供更多更优的服务。 |") == "提供更多更优的服务。")
        #expect(TextCleaning.repairPunctuation("A | B") == "A | B")
        #expect(TextCleaning.repairPunctuation("得分 3|") == "得分 3|")
    }

    @Test("page furniture is recognised by kind")
    func furniture() {
        #expect(TextCleaning.classify("精品影視|麻豆傳媒|自拍偷拍|午夜福利") == .spam)
        #expect(TextCleaning.classify(" 您当前的位置:首 页 > 新闻中心 > 南湖新闻") == .breadcrumb)
        #expect(TextCleaning.classify(" 首   页 | 新闻中心 | 视听南湖 | 镇街动态") == .navigation)
        #expect(TextCleaning.classify("南湖在线 新闻 图 片 电子报 便民") == .navigation)
        #expect(TextCleaning.classify("第01版:头版") == .navigation)
        #expect(TextCleaning.classify("浙ICP备00000000号") == .footer)
        #expect(TextCleaning.classify("【字体:    打印") == .widget)
        #expect(TextCleaning.classify("浏览量:128 次") == .counter)
        #expect(TextCleaning.classify("本报记者 王 小 明 通讯员 李 红") == nil)
        #expect(TextCleaning.classify("今年以来，鄞州区不断完善工作机制。") == nil)
        // Photos' file names, with or without their extension, are not text.
        for name in ["微信图片_20230316.jpg", "微信图片_20230908105009", "IMG_2041", "mmexport1694150123456", "图片1.png"] {
            #expect(TextCleaning.classify(name) == .image, "\(name)")
        }
        #expect(TextCleaning.classify("微信图片显示了现场") == nil)
        #expect(TextCleaning.startsRelatedBlock(" 相关稿件"))
        #expect(!TextCleaning.startsRelatedBlock("相关部门表示，将继续推进。"))
    }

    @Test("dates, sources and names")
    func metadata() throws {
        #expect(Dates.full(in: "2012年8月29日 09:42 [ ] [打印]")?.iso8601 == "2012-08-29T09:42:00+08:00")
        #expect(Dates.full(in: "时间:2022-10-12   浏览量:128 次")?.iso8601 == "2022-10-12T00:00:00+08:00")
        #expect(Dates.full(in: "2018年07月03日 星期二上一期下一期")?.isoDay == "2018-07-03")
        #expect(Dates.full(in: "19119年7月15日 周一") == nil)
        #expect(ReportExtraction.sourceCredit("(据《云南日报》)") == "云南日报")
        #expect(ReportExtraction.sourceCredit("（据新华社）") == "新华社")
        #expect(ReportExtraction.trailingCredit("健康成长。(据《云南日报》)")?.1 == "云南日报")
        #expect(ReportExtraction.authors(in: "作者: 记者 万 强    编辑: 杨状") == ["万强"])
        #expect(ReportExtraction.authors(in: "本报记者 刘婷婷 通讯员 徐 瑶") == ["刘婷婷", "徐瑶"])
        #expect(ReportExtraction.authors(in: "临报融媒记者 王德求") == ["王德求"])
    }

    @Test("region: the most specific well-supported node; topics with their evidence")
    func classification() throws {
        let tree = fixtureRegions()
        let placed = Classification.region(title: "南湖区社工进驻安置点", text: "南湖区民政局组织社工。嘉兴市表示，南湖做法值得推广。", tree: tree)
        #expect(tree[placed.region].path == "zhejiang/jiaxing/nanhu")
        #expect(placed.evidence.terms.contains("南湖 ×5"))
        // Two districts of one city mentioned once each: the city, not a district.
        let city = Classification.region(title: "", text: "宁波市各区：鄞州区、宁波市北仑区等地社工站", tree: tree)
        #expect(tree[city.region].path == "zhejiang/ningbo")
        #expect(city.warnings == ["region below 宁波市 is a tie between 鄞州区 and 北仑区 (not in regions.yaml): kept 宁波市"])
        // No place of the tree: never a refusal, a placeholder with the names the text does give.
        let unknown = Classification.region(title: "北京市", text: "北京市海淀区", tree: tree)
        #expect(tree[unknown.region].path == "quanguo")  // the national node, when the tree has one
        #expect(unknown.warnings.first?.contains("the text names 北京市、海淀区") == true)
        let topics = Classification.topics(title: "台风来袭", text: "社工进驻避灾安置点，给老人送餐。")
        #expect(topics.map(\.0) == [.disaster])
        #expect(topics[0].1.terms == ["台风 ×3", "安置点 ×1", "避灾 ×1"])
    }
}

@Suite("Importer: fixtures end to end")
struct ImporterFixtureTests {
    static let now = try! PublishDate.parse("2026-11-23T10:00:00+08:00").get()

    func importFixture(_ name: String, content: String = "Content") throws -> ImportResult {
        let importer = ArticleImporter(regions: fixtureRegions(), converter: try openCC(),
                                       options: ImportOptions(contentPath: content, now: Self.now))
        var taken = Set<String>()
        let raw = try String(contentsOfFile: importFixtures + "/" + name, encoding: .utf8)
        return importer.importText(raw, name: name, taken: &taken)
    }

    /// A page written in the test, imported as a file of that name would be (HTML or text by its bytes).
    func importPage(_ page: String, name: String) throws -> ImportResult {
        let importer = ArticleImporter(regions: fixtureRegions(), converter: try openCC(), options: ImportOptions(contentPath: "Content", now: Self.now))
        var taken = Set<String>()
        return importer.importPage(Array(page.utf8), name: name, taken: &taken)
    }

    /// Compares with Fixtures/import/expected/<name>.md (all articles of the input, separated by a line).
    func expectGolden(_ result: ImportResult, _ name: String) throws {
        let actual = result.articles.map { "<!-- \($0.path) -->\n" + $0.markdown }.joined(separator: "\n")
        let path = importFixtures + "/expected/" + name + ".md"
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" { try actual.write(toFile: path, atomically: true, encoding: .utf8) }
        #expect(actual == (try String(contentsOfFile: path, encoding: .utf8)), "differs from \(path); rerun with UPDATE_GOLDEN=1 after checking")
    }

    @Test("a portal page: chrome, sidebar, related list and footer go; metadata from the page")
    func portalPage() throws {
        let result = try importFixture("portal-page.txt")
        #expect(result.failure == nil)
        let article = try #require(result.articles.first)
        #expect(result.articles.count == 1)
        #expect(article.path == "Content/articles/2019/08/nanhu-20190810.md")
        #expect(article.markdown.contains("title: \"南湖区：社工进驻避灾安置点 群众安心过台风\""))
        #expect(article.markdown.contains("date: 2019-08-10T16:05:00+08:00"))
        #expect(article.markdown.contains("source: \"南湖日报\""))
        #expect(article.markdown.contains("author: \"张晓明\""))
        #expect(article.markdown.contains("topics: [disaster"))
        #expect(article.markdown.contains("## 提前谋划分工明确 应急队伍常备不懈"))
        for junk in ["首   页", "精彩推荐", "运动会", "相关稿件", "防汛应急演练", "ICP", "打印", "编辑"] {
            #expect(!article.markdown.contains(junk), "kept \(junk)")
        }
        #expect(result.removed[.related] == 6)  // the sidebar before the title and the list after the report
        #expect(result.removed[.footer] == 3)
        try expectGolden(result, "portal-page.txt")
    }

    @Test("a mirror page: Traditional to Simplified, pinyin and doubled punctuation gone, byline read")
    func mirrorPage() throws {
        let result = try importFixture("mirror-traditional.txt")
        let article = try #require(result.articles.first)
        #expect(article.markdown.contains("title: \"宁波市鄞州区推进社工站建设：社工服务覆盖全区乡镇\""))
        #expect(article.markdown.contains("date: 2021-05-06T00:00:00+08:00"))
        #expect(article.markdown.contains("source: \"中国社会报\""))
        #expect(article.markdown.contains("author: \"王小明、李红\""))
        #expect(article.markdown.contains("region: zhejiang/ningbo/yinzhou"))
        #expect(article.markdown.contains("“区级统筹、镇街落实”，社工站“做项目、抓服务”"))
        #expect(article.markdown.contains("乡镇（街道）"))
        for residue in ["(xiāng)", "zhèn", ",,", ",、", "當", "鄉", "麻豆", "扫一扫", "浏览量"] {
            #expect(!article.markdown.contains(residue), "kept \(residue)")
        }
        #expect(result.removed[.spam] == 1)
        try expectGolden(result, "mirror-traditional.txt")
    }

    @Test("a digest: one article per report, credits as sources, a broken paragraph joined, the caption placed")
    func digest() throws {
        let result = try importFixture("digest.txt")
        #expect(result.articles.count == 2)
        let first = result.articles[0].markdown, second = result.articles[1].markdown
        #expect(first.contains("title: \"福建厦门：思明区社工助力困境儿童成长\""))
        #expect(first.contains("source: \"厦门日报\""))
        #expect(first.contains("region: fujian/xiamen/siming"))
        #expect(first.contains("topics: [youth]"))
        #expect(first.contains("为每名儿童建立成长档案"))       // the paragraph broken across lines, joined
        #expect(first.contains("*图：思明区社工走访困境儿童家庭*"))  // the trailing caption, with its report
        #expect(second.contains("title: \"四川雅安：社工为灾后群众送去温暖\""))
        #expect(second.contains("source: \"雅安市民政局\""))
        #expect(second.contains("region: sichuan/yaan"))
        #expect(!second.contains("图："))
        // No date on the page and no year in the text: the import date, with a warning to correct it.
        #expect(result.failure == nil)
        #expect(first.contains("date: 2026-11-23T10:00:00+08:00"))
        #expect(result.articles[0].warnings == ["no date on the page or in the text: set to the import date; correct the date"])
        // The second report has no date either: the same warning, not the first one's guess passed on as found.
        #expect(result.articles[1].warnings.contains("no date on the page or in the text: set to the import date; correct the date"))
        try expectGolden(result, "digest.txt")
    }

    @Test("an HTML page is reduced to text first")
    func html() throws {
        let result = try importFixture("epaper.html")
        let article = try #require(result.articles.first)
        #expect(article.markdown.contains("title: \"五社联动：嘉兴南湖社区养老服务提质增效\""))
        #expect(article.markdown.contains("date: 2019-05-12T00:00:00+08:00"))
        #expect(article.markdown.contains("source: \"新华社\""))
        #expect(article.markdown.contains("topics: [elderly]"))
        #expect(!article.markdown.contains("var x"))
        try expectGolden(result, "epaper.html")
    }

    @Test("an HTML fragment (an editor's paragraphs, no document around them) is read as HTML, not as text with tags")
    func htmlFragment() throws {
        #expect(HTMLPage.looksLikeHTML(Array("<p class=\"ql-block\"> 社工站开展助餐服务。</p>".utf8)))
        #expect(HTMLPage.looksLikeHTML(Array("<!DOCTYPE html><title>x</title>".utf8)))
        #expect(!HTMLPage.looksLikeHTML(Array("气温<5度时，社工上门探访独居老人。\n<注>以上为初步统计".utf8)))
        let paragraph = "为进一步提高辖区内老年人的生活质量，缓解独居老人、高龄老人就餐不便的问题，永康市东城街道社工站开展长者助餐服务，链接爱心企业为老年人提供午餐。"
        let page = "<p class=\"ql-block\"> \(paragraph)</p> <p class=\"ql-block\"> 社工现场向到场老年人派发助餐服务宣传单页，详细介绍服务的内容与细节，拨打热线电话即可订餐。</p>"
        let result = try importPage(page, name: "fragment.html")
        let article = try #require(result.articles.first)
        #expect(!article.markdown.contains("ql-block") && !article.markdown.contains("<p"))
        #expect(article.markdown.contains("永康市东城街道社工站开展长者助餐服务"))
    }

    @Test("a station's closing block (its organisations, 通讯员, a date, each on a line) is credits: the author and the date, not a heading")
    func closingCreditBlock() throws {
        let page = """
        为了让社区长者感受到节日的温暖，永康市东城街道社工站在重阳节前开展探访活动，社工和志愿者走进高龄、独居老人家中送上慰问品。
        在探访过程中，社工了解老人的生活近况和需求，一一记录，作为后续服务的依据。
        永康市阳光社工服务社
        东城街道党群服务中心
        通讯员:李 明
        2024年10月10日
        """
        let result = try importPage(page, name: "station.txt")
        let article = try #require(result.articles.first)
        #expect(article.markdown.contains("author: \"李明\""))
        #expect(article.markdown.contains("date: 2024-10-10T00:00:00+08:00"))
        #expect(!article.markdown.contains("## ") && !article.markdown.contains("阳光社工服务社"))
        #expect(article.markdown.contains("作为后续服务的依据。"))
    }

    @Test("a photo's caption under the headline and a day.month.year date line do not hide the headline; the text starts after the caption")
    func captionUnderHeadline() throws {
        let page = """
        社工陪“小候鸟”过一个开心暑假

        05.08.2024  10:30

        孩子们在社工的带领下参观科技馆，玩得十分开心，一路笑声不断。本报记者王强 实习生李梅摄

        本报讯 暑假到了，又一批“小候鸟”来到父母打工的城市。昨天上午，东城街道社工站的社工带领15个“小候鸟”家庭参观科技馆，孩子们兴致勃勃。

        社工根据孩子们的情况设计了暑期课堂、兴趣小组和亲子活动，夏令营将持续三周。

        （记者 王强 通讯员 赵敏）
        """
        let result = try importPage(page, name: "migrant-children.txt")
        let article = try #require(result.articles.first)
        #expect(article.markdown.contains("title: \"社工陪“小候鸟”过一个开心暑假\""))
        #expect(article.markdown.contains("topics: [youth]"))
        #expect(!article.warnings.contains { $0.hasPrefix("no headline") })
        let body = String(article.markdown.split(separator: "---\n", maxSplits: 2)[1])
        #expect(body.hasPrefix("本报讯"))
    }

    @Test("a page of more lines than any news page is read to its first 5,000: a file of short lines cannot keep the importer for minutes")
    func lineLimit() throws {
        let importer = ArticleImporter(regions: fixtureRegions(), converter: try openCC(), options: ImportOptions(contentPath: "Content", now: Self.now))
        let raw = String(repeating: "社工站\r\n", count: ArticleImporter.maximumLines + 1_000)
        let cleaned = importer.cleanLines(raw)
        #expect(cleaned.lines.count == ArticleImporter.maximumLines)
        #expect(cleaned.total == ArticleImporter.maximumLines + 1_001)  // the last line break ends an empty line
        var taken = Set<String>()
        let result = importer.importText(raw, name: "long.txt", taken: &taken)
        #expect(result.failure == "no report found: no paragraph of Chinese text (25 characters or more) in the page's first 5000 lines (it has 6001)")
    }

    @Test("an input without a report is refused with the reason; imported articles pass check")
    func refusalAndValidity() throws {
        let bad = try importFixture("nonsense.txt")
        #expect(bad.articles.isEmpty)
        #expect(bad.failure == "no report found: no paragraph of Chinese text (25 characters or more) in the page")
        // Every imported article loads without an error against the fixture regions.
        for name in ["portal-page.txt", "mirror-traditional.txt", "epaper.html"] {
            for article in try importFixture(name).articles {
                let (loaded, problems) = ArticleLoader(regions: fixtureRegions()).load(bytes: Array(article.markdown.utf8),
                                                                                      sourcePath: "articles/x/y.md", displayPath: article.path)
                #expect(problems.isEmpty, "\(article.path): \(problems)")
                #expect(loaded?.draft == true)
            }
        }
    }

    @Test("the command writes drafts, never over an existing file, and --dry-run writes nothing")
    func command() throws {
        let folder = TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/Content", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: importFixtures + "/regions.yaml", toPath: folder.path + "/Content/regions.yaml")
        let input = importFixtures + "/portal-page.txt"
        let dry = try runBuildSite(["import", "--dry-run", input], in: folder.path)
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("would write Content/articles/2019/08/nanhu-20190810.md (draft)"))
        #expect(!folder.exists("Content/articles"))
        let first = try runBuildSite(["import", input], in: folder.path)
        #expect(first.status == 0)
        #expect(folder.read("Content/articles/2019/08/nanhu-20190810.md")?.contains("draft: true") == true)
        let second = try runBuildSite(["import", "--publish", input], in: folder.path)
        #expect(second.stdout.contains("wrote Content/articles/2019/08/nanhu-20190810-2.md"))
        #expect(folder.read("Content/articles/2019/08/nanhu-20190810-2.md")?.contains("draft: true") == false)
        let mixed = try runBuildSite(["import", importFixtures + "/nonsense.txt", importFixtures + "/epaper.html"], in: folder.path,
                                     environment: ["NO_COLOR": "1"])
        #expect(mixed.status == 1)
        #expect(mixed.stderr.contains("nonsense.txt: no report found"))
        // A mistyped path: named, with the system's reason; the other inputs are still imported.
        let typo = try runBuildSite(["import", "--dry-run", "pgaes/report.txt", input], in: folder.path, environment: ["NO_COLOR": "1"])
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("pgaes/report.txt: cannot read the file: No such file or directory"))
        #expect(typo.stdout.contains("would write"))
        #expect(folder.exists("Content/articles/2019/05/nanhu-20190512.md"))
        // --region: a path of regions.yaml, or a usage error naming the near ones; nothing is written.
        let wrong = try runBuildSite(["import", "--region", "yinzhou", input], in: folder.path, environment: ["NO_COLOR": "1"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("--region yinzhou: no such region in Content/regions.yaml (did you mean zhejiang/ningbo/yinzhou?)"))
        #expect(!folder.exists("Content/articles/2019/08/nanhu-20190810-3.md"))
        let given = try runBuildSite(["import", "--dry-run", "--region", "fujian/xiamen", input], in: folder.path)
        #expect(given.stdout.contains("region: fujian/xiamen  [given (--region)]"))
        // A file far larger than any saved page is not read at all.
        let huge = folder.path + "/huge.html"
        #expect(FileManager.default.createFile(atPath: huge, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: huge))
        try handle.truncate(atOffset: UInt64(ArticleImporter.maximumInputBytes + 1))
        try handle.close()
        let refused = try runBuildSite(["import", huge], in: folder.path, environment: ["NO_COLOR": "1"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("huge.html: 16 MB is not a saved news page (the limit is 16 MB); nothing imported"))
        // And the imported site builds.
        folder.write("Content/site.yaml", "title: 测试\n")
        #expect(try runBuildSite(["check"], in: folder.path).status == 0)
    }
}
