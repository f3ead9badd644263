import Foundation
import Testing
@testable import SiteCore
@testable import SiteGenerator
@testable import Templates

@Suite("繁體版: the Traditional edition")
struct EditionTests {
    func site(_ extra: String = "traditional_edition: true\n") -> TemporaryFolder {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        let settings = folder.read("Content/site.yaml") ?? ""
        folder.write("Content/site.yaml", settings + "\n" + extra)
        return folder
    }

    /// Every HTML page of the output, relative path → text.
    func pages(_ folder: TemporaryFolder) -> [String: String] {
        snapshot(folder.path + "/Public").filter { $0.key.hasSuffix(".html") }.mapValues { String(decoding: $0, as: UTF8.self) }
    }

    @Test("one build makes both editions: every page again under zh-hant/, converted, its links in its edition, files shared")
    func bothEditions() throws {
        let folder = site()
        _ = try build(folder)
        let all = pages(folder)
        let simplified = all.keys.filter { !$0.hasPrefix("zh-hant/") }, traditional = all.keys.filter { $0.hasPrefix("zh-hant/") }
        #expect(simplified.count > 20 && Set(traditional) == Set(simplified.map { "zh-hant/" + $0 }))
        let page = try #require(all["zh-hant/articles/2022/10/yongkang-stations/index.html"])
        #expect(page.contains("<html lang=\"zh-Hant\">"))
        #expect(page.contains("<h1>永康市社工站全覆蓋</h1>"))
        #expect(page.contains("<a href=\"/news/zh-hant/regions/zhejiang/\">浙江省</a>"), "breadcrumbs stay in the edition")
        #expect(page.contains("href=\"/news/zh-hant/topics/elderly/\">為老服務</a>"))
        #expect(page.contains("<link rel=\"stylesheet\" href=\"/news/assets/style.") && page.contains("src=\"/news/articles/2022/10/yongkang-stations/chart.svg\""),
                "assets and images are the Simplified edition's files")
        #expect(!folder.exists("Public/zh-hant/assets") && !folder.exists("Public/zh-hant/search/k"))
        // Feeds too, in the edition's language and URLs.
        let feed = try #require(folder.read("Public/zh-hant/topics/elderly/feed.xml"))
        #expect(feed.contains("xml:lang=\"zh-Hant\"") && feed.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/news/zh-hant/topics/elderly/feed.xml\"/>"))
        // The search page searches the one index and links into the 繁體版.
        let search = try #require(all["zh-hant/search/index.html"])
        #expect(search.contains("data-root=\"/news/search/\" data-base=\"/news/\" data-pages=\"/news/zh-hant/\""))
    }

    @Test("the 简/繁 switch and hreflang on every page lead to the same page in the other edition; the sitemap names both")
    func switchAndAlternates() throws {
        let folder = site()
        _ = try build(folder)
        let all = pages(folder)
        for (path, html) in all where path != "404.html" && path != "zh-hant/404.html" {
            let traditional = path.hasPrefix("zh-hant/")
            let other = traditional ? String(path.dropFirst("zh-hant/".count)) : "zh-hant/" + path
            let otherURL = "/news/" + (other.hasSuffix("index.html") ? String(other.dropLast("index.html".count)) : other)
            #expect(html.contains("<a class=\"edition-switch\" href=\"\(otherURL)\""), "\(path): no switch to \(otherURL)")
            #expect(all[other] != nil, "\(path): \(other) missing")
            #expect(html.contains("hreflang=\"zh-Hant\" href=\"https://example.org") && html.contains("<link rel=\"alternate\" hreflang=\"x-default\""))
        }
        #expect(all["index.html"]!.contains(">繁</a>") && all["zh-hant/index.html"]!.contains(">简</a>"), "the switch back reads 简")
        let sitemap = try #require(folder.read("Public/sitemap.xml"))
        #expect(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""))
        #expect(sitemap.contains("<url><loc>https://example.org/news/zh-hant/articles/2022/10/yongkang-stations/</loc><lastmod>2022-10-12T09:42:00+08:00</lastmod><xhtml:link rel=\"alternate\" hreflang=\"zh-CN\" href=\"https://example.org/news/articles/2022/10/yongkang-stations/\"/><xhtml:link rel=\"alternate\" hreflang=\"zh-Hant\" href=\"https://example.org/news/zh-hant/articles/2022/10/yongkang-stations/\"/></url>"))
    }

    @Test("terms in traditional.yaml and 〖…〗 spans stay as written in the 繁體版; the brackets show in neither edition")
    func keptTerms() throws {
        let folder = site()
        folder.write("Content/traditional.yaml", "keep: [干将路]\nreplace:\n  社工站: 社工服務站\n")
        folder.write("Content/articles/2023/03/names.md", article(title: "干将路社工站", date: "2023-03-09", region: "zhejiang",
                                                                 body: "〖王后雄〗在干将路的社工站。"))
        _ = try build(folder)
        let traditional = try #require(folder.read("Public/zh-hant/articles/2023/03/names/index.html"))
        #expect(traditional.contains("<h1>干将路社工服務站</h1>"))
        #expect(traditional.contains("<p><span data-keep>王后雄</span>在干将路的社工服務站。</p>"))
        let simplified = try #require(folder.read("Public/articles/2023/03/names/index.html"))
        #expect(simplified.contains("<p><span data-keep>王后雄</span>在干将路的社工站。</p>") && !simplified.contains("〖"))
        // A bad file is a positioned error.
        folder.write("Content/traditional.yaml", "keeps: [干将路]\n")
        #expect(throws: BuildFailure.self) { try build(folder) }
    }

    @Test("an edit renders that article's pages again in both editions, byte for byte what a full build makes")
    func incremental() throws {
        let folder = site()
        _ = try build(folder)
        let path = "Content/articles/2022/10/yongkang-stations.md"
        let text = try #require(folder.read(path))
        folder.write(path, text.replacing("已经覆盖全部乡镇。", with: "已经覆盖全部乡镇和街道。"))
        let report = try build(folder)
        // The article's page and the lists whose card shows its (derived) summary: each in both editions.
        let html = Set(report.changes.map(\.path).filter { $0.hasSuffix(".html") })
        #expect(html.contains("articles/2022/10/yongkang-stations/index.html") && html.contains("zh-hant/articles/2022/10/yongkang-stations/index.html"))
        for page in html where !page.hasPrefix("zh-hant/") { #expect(html.contains("zh-hant/" + page), "\(page) without its 繁體版") }
        #expect(html.filter { $0.hasPrefix("zh-hant/") }.count * 2 == html.count)
        #expect(folder.read("Public/zh-hant/articles/2022/10/yongkang-stations/index.html")?.contains("永康市的社工站已經覆蓋全部鄉鎮和街道。") == true)
        #expect(report.written < 60, "\(report.written) files written")
        let incremental = snapshot(folder.path + "/Public")
        try FileManager.default.removeItem(atPath: folder.path + "/Public")
        try FileManager.default.removeItem(atPath: folder.path + "/.Public.manifest")
        _ = try build(folder)
        #expect(snapshot(folder.path + "/Public") == incremental)
    }

    @Test("off unless site.yaml asks: no zh-hant/, no switch, no alternates")
    func off() throws {
        let folder = site("")
        _ = try build(folder)
        #expect(!folder.exists("Public/zh-hant"))
        let home = try #require(folder.read("Public/index.html"))
        #expect(!home.contains("edition-switch") && !home.contains("hreflang"))
    }
}

extension EditionTests {
    @Test("what the scripts say comes from the page, so the 繁體版's search and tools speak Traditional")
    func scriptWordsFromThePage() throws {
        let folder = site()
        _ = try build(folder)
        let search = try #require(folder.read("Public/zh-hant/search/index.html"))
        #expect(search.contains("data-none=\"沒有找到與“{q}”相關的文章。\"") && search.contains("data-found=\"找到 {n} 篇與“{q}”相關的文章，{order}。\""))
        let article = try #require(folder.read("Public/zh-hant/articles/2022/10/yongkang-stations/index.html"))
        #expect(article.contains("data-done=\"鏈接已複製\"") && article.contains("data-stop=\"停止朗讀\""))
        // The scripts themselves hold no Chinese a reader sees.
        for script in [Assets.searchScript, Assets.toolsScript] {
            // Comments aside, and the province-name suffixes a query is compared with (both scripts' forms).
            let code = script.split(separator: "\n").filter {
                let line = $0.trimmingCharacters(in: .whitespaces)
                return !line.hasPrefix("//") && !line.hasPrefix("/*") && !line.contains("data-name")
            }
            #expect(!code.contains { $0.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }, "\(code.filter { $0.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } })")
        }
    }
}

extension EditionTests {
    @Test("check and build both refuse a file of static/ where a 繁體版 page goes")
    func staticCollision() throws {
        let folder = site()
        folder.write("Content/static/zh-hant/index.html", "<p>mine</p>")
        let (diagnostics, _) = SiteBuilder.check(BuildOptions(contentPath: folder.path + "/Content", outputPath: folder.path + "/Public", now: testNow))
        #expect(diagnostics.errors.map(\.message) == ["static/zh-hant/index.html would replace the generated /zh-hant/index.html; rename or move the file in static/"])
        #expect(throws: BuildFailure.self) { try build(folder) }
    }
}
