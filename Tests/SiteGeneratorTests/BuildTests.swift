import Foundation
import SiteCore
import SiteGenerator
import Templates
import Testing

@Suite("Building a site end to end")
struct BuildTests {
    @Test("the fixture site builds every page, skips the draft, copies the image, resolves links")
    func fixtureSite() throws {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        let report = try build(folder)
        #expect(report.articles == 3)
        #expect(report.heldBackDrafts == 1)
        for page in ["index.html", "404.html", "robots.txt", "sitemap.xml", "feed.xml",
                     "articles/2022/10/yongkang-stations/index.html", "articles/2022/10/yongkang-stations/chart.svg",
                     "articles/2023/03/xiuzhou/index.html", "articles/2023/03/linyi/index.html",
                     "topics/index.html", "topics/elderly/index.html", "topics/disaster/index.html", "topics/disaster/feed.xml",
                     "regions/index.html", "regions/zhejiang/index.html", "regions/zhejiang/page/2/index.html",
                     "regions/zhejiang/jinhua/yongkang/index.html", "regions/zhejiang/feed.xml",
                     "archive/index.html", "archive/2023/index.html", "archive/2023/03/index.html", "archive/2022/10/index.html"] {
            #expect(folder.exists("Public/" + page), "missing \(page)")
        }
        #expect(!folder.exists("Public/articles/2023/03/draft-piece/index.html"))
        #expect(!folder.exists("Public/regions/zhejiang/page/3/index.html"))
        #expect(!folder.exists("Public/regions/shandong/page/2/index.html"))
        let page = try #require(folder.read("Public/articles/2022/10/yongkang-stations/index.html"))
        #expect(page.contains("<h1>永康市社工站全覆盖</h1>"))
        #expect(page.contains("<p>永康市的社工站已经覆盖全部乡镇。</p>"))
        #expect(page.contains("src=\"/news/articles/2022/10/yongkang-stations/chart.svg\""))
        #expect(page.contains("href=\"/news/articles/2023/03/xiuzhou/\""))
        #expect(page.contains("<link rel=\"canonical\" href=\"https://example.org/news/articles/2022/10/yongkang-stations/\">"))
        // The CRLF file with a block list of topics, and the BOM file with an unknown key, both published.
        #expect(folder.read("Public/articles/2023/03/xiuzhou/index.html")?.contains("<h1>秀洲区避灾安置点引入社工</h1>") == true)
        #expect(folder.read("Public/articles/2023/03/linyi/index.html")?.contains("<h1>临沂社工站</h1>") == true)
    }

    @Test("golden file: the rendered article page, byte for byte")
    func goldenArticlePage() throws {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        _ = try build(folder)
        let page = try #require(folder.read("Public/articles/2022/10/yongkang-stations/index.html"))
        // The stylesheet's fingerprint changes with every CSS edit; the page around it is what is pinned here.
        let normalized = page.replacingOccurrences(of: #"style\.[0-9a-f]{8}\.css"#, with: "style.HASH.css", options: .regularExpression)
        let goldenPath = fixturesRoot + "/golden/yongkang-stations.html"
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try normalized.write(toFile: goldenPath, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOfFile: goldenPath, encoding: .utf8)
        #expect(normalized == golden, "rendered page differs from \(goldenPath); rerun with UPDATE_GOLDEN=1 after checking the change")
    }

    @Test("article page: the full time, the source (else the site), 责任编辑, breadcrumbs from 首页, tools, 上一篇 before 下一篇; lists: short dates, places below the page's own")
    func articleFurniture() throws {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        folder.write("Content/articles/2023/03/editor.md", article(title: "有编辑的报道", date: "2023-03-10T15:05:00+08:00", region: "zhejiang/jiaxing/xiuzhou",
                                                                  extra: "editor: 王敏\n", body: "正文。"))
        _ = try build(folder)
        let page = try #require(folder.read("Public/articles/2023/03/editor/index.html"))
        #expect(page.contains("<time datetime=\"2023-03-10T15:05:00+08:00\">2023年3月10日 15:05</time> <span>来源：测试站</span>"))
        #expect(page.contains("<p class=\"editor\">责任编辑：王敏</p>"))
        #expect(page.contains("<ol><li><a href=\"/news/\">首页</a></li><li><a href=\"/news/regions/\">地区</a></li><li><a href=\"/news/regions/zhejiang/\">浙江省</a></li>"))
        #expect(page.contains("<div class=\"article-tools\" data-tools hidden>"))
        #expect(page.contains("<a href=\"#top\">返回顶部</a>") && page.contains("<body id=\"top\">"))
        let older = try #require(page.range(of: "<span>上一篇</span>")), newer = try #require(page.range(of: "<span>下一篇</span>"))
        #expect(older.lowerBound < newer.lowerBound)
        // Lists: a short date; a region page marks its level, so its cards show only the places below it.
        let district = try #require(folder.read("Public/regions/zhejiang/jiaxing/xiuzhou/index.html"))
        #expect(district.contains("<ol class=\"entries\" data-depth=\"3\">"))
        #expect(district.contains("<time datetime=\"2023-03-10T15:05:00+08:00\">2023-03-10</time><span class=\"entry-place\" data-depth=\"3\">"))
        #expect(district.contains("<span class=\"level-1\">浙江省</span> <span class=\"level-2\">嘉兴市</span> <span class=\"level-3\">秀洲区</span>"))
        let province = try #require(folder.read("Public/regions/zhejiang/index.html"))
        #expect(province.contains("<ol class=\"entries\" data-depth=\"1\">"))
        let latest = try #require(folder.read("Public/latest/index.html"))
        #expect(!latest.contains("data-depth=\"1\">") && latest.contains("<ol class=\"entries\">"))
        let css = Assets.stylesheet
        #expect(css.contains(".entries[data-depth=\"3\"] .level-3") && css.contains(".entries[data-depth=\"3\"] .entry-place[data-depth=\"3\"]"))
    }

    @Test("a failing build leaves the previous output exactly as it was")
    func failedBuildKeepsOutput() throws {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        _ = try build(folder)
        let before = snapshot(folder.path + "/Public")
        #expect(before.count > 20)
        folder.write("Content/articles/2023/03/broken.md", "---\ntitle: 坏\ndate: 2023-02-30\nregion: zhejiang\ntopics: [relief]\n---\n")
        #expect(throws: BuildFailure.self) { try build(folder) }
        do {
            _ = try build(folder)
        } catch .content(let diagnostics) {
            #expect(diagnostics.errors.map(\.description) == [folder.path + "/Content/articles/2023/03/broken.md:3:7: error: 'date' is not a real date: 2023-02 has 28 days, not 30 ('2023-02-30')"])
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(snapshot(folder.path + "/Public") == before)
        #expect(!folder.exists(".Public.staging"))
    }

    @Test("a staging folder left by a killed build is removed by the next build")
    func leftoverStaging() throws {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        folder.write(".Public.staging/half-written.html", "<p>half")
        _ = try build(folder)
        #expect(!folder.exists(".Public.staging"))
        #expect(!folder.exists("Public/half-written.html"))
    }

    @Test("the output mirrors the content: deleted and drafted articles disappear everywhere")
    func exactMirror() throws {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        _ = try build(folder)
        #expect(folder.read("Public/feed.xml")?.contains("临沂社工站") == true)
        try FileManager.default.removeItem(atPath: folder.path + "/Content/articles/2023/03/linyi.md")
        // A link to an article that is drafted is an error, so the linking article drops it first.
        let yongkang = folder.path + "/Content/articles/2022/10/yongkang-stations.md"
        let linking = try String(contentsOfFile: yongkang, encoding: .utf8)
        try linking.replacingOccurrences(of: "另见[秀洲的报道](../../2023/03/xiuzhou.md)。", with: "")
            .write(toFile: yongkang, atomically: true, encoding: .utf8)
        let xiuzhou = folder.path + "/Content/articles/2023/03/xiuzhou.md"
        let text = try String(contentsOfFile: xiuzhou, encoding: .utf8)
        try text.replacingOccurrences(of: "summary:", with: "draft: true\r\nsummary:").write(toFile: xiuzhou, atomically: true, encoding: .utf8)
        _ = try build(folder)
        let files = snapshot(folder.path + "/Public")
        #expect(!folder.exists("Public/articles/2023/03/linyi/index.html"))
        #expect(!folder.exists("Public/articles/2023/03/xiuzhou/index.html"))
        #expect(!folder.exists("Public/regions/shandong/index.html"))
        for (path, data) in files {
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("临沂社工站"), "\(path) still mentions the deleted article")
            #expect(!text.contains("秀洲区避灾安置点引入社工"), "\(path) still mentions the drafted article")
        }
    }

    @Test("two builds of the same content are byte-identical, whatever the time zone")
    func deterministic() throws {
        let a = TemporaryFolder(), b = TemporaryFolder()
        a.copyFixture("basic/Content", to: "Content")
        b.copyFixture("basic/Content", to: "Content")
        setenv("TZ", "America/Los_Angeles", 1)
        tzset()
        _ = try build(a)
        setenv("TZ", "Asia/Shanghai", 1)
        tzset()
        _ = try build(b)
        unsetenv("TZ")
        tzset()
        let first = snapshot(a.path + "/Public"), second = snapshot(b.path + "/Public")
        #expect(first.count > 20)
        #expect(first == second)
    }

    @Test("no build time in pages unless site.yaml asks for one")
    func buildTime() throws {
        let folder = TemporaryFolder()
        makeContent(in: folder, articles: ["a.md": article()])
        _ = try build(folder)
        #expect(folder.read("Public/index.html")?.contains("生成于") == false)
        folder.write("Content/site.yaml", "show_build_time: true\n")
        _ = try build(folder)
        #expect(folder.read("Public/index.html")?.contains("生成于 <time datetime=\"\(testNow.iso8601)\">") == true)
    }

    @Test("errors from every file are reported in one run, sorted by file and line")
    func allErrorsInOneRun() throws {
        let folder = TemporaryFolder()
        makeContent(in: folder, articles: [
            "a.md": article(topics: "[food]"),
            "b.md": article(region: "mars", body: "![图](nowhere.png)"),
            "c.md": "no front matter",
            "d.md": article(),
            "sub/d.md": article(),
        ])
        do {
            _ = try build(folder)
            Issue.record("the build succeeded")
        } catch .content(let diagnostics) {
            let root = folder.path + "/Content/articles/"
            #expect(diagnostics.errors.map { $0.location.file.replacingOccurrences(of: root, with: "") + ":\($0.location.line)" } ==
                    ["a.md:5", "b.md:4", "c.md:1", "d.md:1", "sub/d.md:1"])
            #expect(diagnostics.errors[3].message == "two articles would be published at /articles/2022/10/d/: this one and \(root)sub/d.md; give one of them another 'slug:'")
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(!folder.exists("Public"))
    }

    @Test("future-dated articles are held back unless asked for")
    func futureArticles() throws {
        let folder = TemporaryFolder()
        makeContent(in: folder, articles: ["now.md": article(), "later.md": article(date: "2099-01-01")])
        let report = try build(folder)
        #expect(report.articles == 1)
        #expect(report.heldBackFuture == 1)
        #expect(!folder.exists("Public/articles/2099/01/later/index.html"))
        let withFuture = try build(folder, future: true)
        #expect(withFuture.articles == 2)
        #expect(folder.exists("Public/articles/2099/01/later/index.html"))
    }
}

@Suite("Safe by default")
struct SafetyTests {
    static let hostile = [
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'><svg onload=alert(1)>",
        "</title><script>x</script>", "&lt;script&gt;", "]]><x>", "javascript:alert(1)",
    ]

    @Test("hostile text in every front-matter field is escaped in every page, feed and sitemap", arguments: hostile)
    func escaping(payload: String) throws {
        let folder = TemporaryFolder()
        let yaml = "\"" + payload.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        folder.write("Content/regions.yaml", "zhejiang:\n  name: \(yaml)\n")
        folder.write("Content/site.yaml", "title: \(yaml)\ndescription: \(yaml)\nfooter: \(yaml)\n")
        folder.write("Content/articles/x.md", """
        ---
        title: \(yaml)
        date: 2022-10-12
        region: zhejiang
        topics: [relief]
        source: \(yaml)
        author: \(yaml)
        summary: \(yaml)
        custom: \(yaml)
        ---
        正文
        """)
        _ = try build(folder)
        let files = snapshot(folder.path + "/Public")
        #expect(files.count > 10)
        for (path, data) in files where path.hasSuffix(".html") || path.hasSuffix(".xml") {
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains(payload) || !payload.contains(where: { "<>\"'".contains($0) }), "\(path) carries the payload unescaped")
            // The only scripts anywhere: the site's own (search, reader's tools) by URL, the fixed reader's
            // settings inline, and JSON-LD data whose text holds no `<` at all (so no `</script>` can end it
            // early), which parses as JSON.
            let dataScripts = text.components(separatedBy: "<script type=\"application/ld+json\">").dropFirst()
            let ownScripts = ["<script src=\"/assets/search.", "<script src=\"/assets/tools.", "<script>\(Assets.readerSettingsScript)</script>"]
                .map { text.components(separatedBy: $0).count - 1 }.reduce(0, +)
            #expect(text.components(separatedBy: "<script").count - 1 == ownScripts + dataScripts.count, "\(path) has a script element")
            for data in dataScripts {
                let json = try #require(data.components(separatedBy: "</script>").first)
                #expect(!json.contains("<"), "\(path): JSON-LD holds a <")
                #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil, "\(path): JSON-LD does not parse")
            }
            #expect(!text.contains("<img src=x"), "\(path) has an injected element")
            #expect(!text.contains("<svg onload"), "\(path) has an injected element")
        }
        let page = String(decoding: files["articles/2022/10/x/index.html"]!, as: UTF8.self)
        #expect(page.contains(HTML.escape(payload)))
    }

    @Test("output paths cannot leave the output folder")
    func outputPaths() {
        for bad in ["../x", "a/../../x", "/etc/passwd", "a//b", "./a", "a/.", "", "a\0b", "a\\..\\b"] {
            #expect(OutputPath(bad) == nil, "accepted \(bad)")
        }
        #expect(OutputPath("articles/2022/10/slug/index.html") != nil)
        for bad in ["..", "a/b", "A", "a b", "/x", "a\0", "中文", ""] { #expect(!Slug.isValid(bad), "accepted slug \(bad)") }
    }

    @Test("slugs and region keys with path tricks are refused before anything is written")
    func pathTricksInContent() throws {
        let folder = TemporaryFolder()
        folder.write("Content/regions.yaml", "zhejiang:\n  name: 浙江省\n\"../../evil\":\n  name: 坏\n")
        folder.write("Content/articles/a.md", article(region: "zhejiang", extra: "slug: ../../../etc\n"))
        folder.write("Content/articles/b.md", article(region: "zhejiang", extra: "slug: /tmp/x\n"))
        #expect(throws: BuildFailure.self) { try build(folder) }
        #expect(!folder.exists("Public"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/etc"))
    }

    @Test("a symbolic link out of the content folder is refused")
    func symlinkOut() throws {
        let folder = TemporaryFolder()
        makeContent(in: folder, articles: ["a.md": article()])
        folder.write("outside/secret.md", article(title: "秘密"))
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/Content/articles/link.md", withDestinationPath: folder.path + "/outside/secret.md")
        do {
            _ = try build(folder)
            Issue.record("the build succeeded")
        } catch .content(let diagnostics) {
            #expect(diagnostics.errors.count == 1)
            #expect(diagnostics.errors[0].message.hasPrefix("symbolic link leads outside the content folder"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
