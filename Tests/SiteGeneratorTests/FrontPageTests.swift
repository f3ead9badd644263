import Foundation
import Testing
@testable import SiteCore
@testable import SiteGenerator
@testable import Templates

/// What a reader of a Chinese news portal expects: a front page in order of importance, lists that
/// say where they stand, specials, an article's contents, and the same identity on every page.
@Suite("A portal's pages")
struct FrontPageTests {
    /// The `href`s of the home page's stories, in page order.
    static func stories(_ home: String) -> [String] {
        let pattern = /<ul class="headlines">\n<li><a href="([^"]+)">|\n<li><a href="([^"]+)">[^<]*<\/a> <time|<h2 class="lead-title"><a href="([^"]+)">/
        return home.matches(of: pattern).compactMap { m in (m.output.1 ?? m.output.2 ?? m.output.3).map(String.init) }
    }

    @Test("home: the 头条 is the newest featured article, else the newest with a photo; 要闻 then the 栏目, no story twice")
    func homeOrder() throws {
        let folder = TemporaryFolder()
        makePortal(in: folder, featured: 6)
        _ = try build(folder)
        let home = try #require(folder.read("Public/index.html"))
        let lead = try #require(home.firstMatch(of: /<h2 class="lead-title"><a href="([^"]+)">/)?.output.1)
        #expect(lead == "/articles/2024/12/a6/")
        #expect(home.contains("<a class=\"lead-photo\"") == false, "a6 has no photo, so its lead shows none")
        let stories = Self.stories(home).filter { $0.hasPrefix("/articles/") }
        #expect(stories.count == 1 + FrontPage.topCount + 4 * 5, "\(stories.count) stories")
        #expect(Set(stories).count == stories.count, "a story twice: \(stories)")
        // 要闻: the newest five without the lead.
        #expect(Array(stories.dropFirst().prefix(5)) == (0..<5).map { "/articles/2024/12/a\($0)/" })

        // Without a featured article, the newest with a photo (every third from a1) leads, with its photo.
        let plain = TemporaryFolder()
        makePortal(in: plain, featured: nil)
        _ = try build(plain)
        let other = try #require(plain.read("Public/index.html"))
        #expect(other.firstMatch(of: /<h2 class="lead-title"><a href="([^"]+)">/)?.output.1 == "/articles/2024/12/a1/")
        #expect(other.contains("<a class=\"lead-photo\" href=\"/articles/2024/12/a1/\" tabindex=\"-1\" aria-hidden=\"true\"><picture>"))
        #expect(other.contains("photo.240.webp 240w"))
    }

    @Test("lists: a thumbnail for an article with a photo, one line of summary without its 本报讯 opening, 第 n/N 页 with 首页, 尾页 and a jump")
    func lists() throws {
        let folder = TemporaryFolder()
        makePortal(in: folder)
        _ = try build(folder)
        let latest = try #require(folder.read("Public/latest/index.html"))
        #expect(latest.contains("<li class=\"entry has-thumb\" data-topics=\"youth elderly\">"))
        #expect(latest.contains("<a class=\"entry-thumb\" href=\"/articles/2024/12/a1/\" tabindex=\"-1\" aria-hidden=\"true\"><picture><source type=\"image/webp\" srcset=\"/articles/2024/12/a1/photo.240.webp 240w, /articles/2024/12/a1/photo.480.webp 480w\" sizes=\"6.5rem\">"))
        #expect(latest.contains("<p class=\"entry-summary\">第0篇报道的正文，讲述社工站的服务。</p>"))
        #expect(folder.exists("Public/articles/2024/12/a1/photo.240.jpg"))
        #expect(latest.contains("<p class=\"page-status\">第 1/4 页</p>"))
        #expect(latest.contains("<a class=\"page-step\" href=\"/latest/page/4/\">尾页</a>") && !latest.contains(">首页</a>\n<a class=\"page-step\""))
        #expect(latest.contains("<form class=\"page-jump\" data-first=\"/latest/\" data-pattern=\"/latest/page/{n}/\" hidden>"))
        let page3 = try #require(folder.read("Public/latest/page/3/index.html"))
        #expect(page3.contains("<p class=\"page-status\">第 3/4 页</p>"))
        #expect(page3.contains("<a class=\"page-step\" href=\"/latest/\">首页</a>\n<a class=\"page-step\" rel=\"prev\" href=\"/latest/page/2/\">上一页</a>"))
        #expect(page3.contains("<li><a href=\"/latest/\">最新报道</a></li><li><span aria-current=\"page\">第 3 页</span></li>"))
        #expect(!folder.exists("Public/latest/page/5/index.html"))
    }

    @Test("a district names its neighbours, offers a 栏目 filter, and shows its province's news while it has few articles")
    func district() throws {
        let folder = TemporaryFolder()
        makePortal(in: folder)
        // p0/c0/d0 holds a0 (relief, youth); one more there, and one in its neighbour d1.
        folder.write("Content/articles/2024/d0.md", article(title: "第二篇", date: "2024-06-01", region: "p0/c0/d0", topics: "[elderly]"))
        folder.write("Content/articles/2024/d1.md", article(title: "邻区的报道", date: "2024-06-02", region: "p0/c0/d1", topics: "[elderly]"))
        _ = try build(folder)
        let page = try #require(folder.read("Public/regions/p0/c0/d0/index.html"))
        #expect(page.contains("<nav class=\"subregions neighbours\" aria-label=\"相邻地区\">\n<h2>相邻地区</h2>\n<ul class=\"chips\">\n<li><a href=\"/regions/p0/c0/d1/\"><span class=\"name\">第0市第1区</span> <span class=\"count\">1</span></a></li>\n</ul>"))
        #expect(page.contains("<div class=\"topic-filter\" data-topic-filter hidden role=\"group\" aria-label=\"按栏目筛选\">\n<button type=\"button\" data-topic=\"\" aria-pressed=\"true\">全部</button><button type=\"button\" data-topic=\"relief\" aria-pressed=\"false\">社会救助</button><button type=\"button\" data-topic=\"youth\" aria-pressed=\"false\">青少年</button><button type=\"button\" data-topic=\"elderly\" aria-pressed=\"false\">为老服务</button>\n</div>"))
        // Two articles of its own: four of the province's others follow (a31 and 邻区的报道 among them).
        #expect(page.contains("<h2 id=\"province-news-heading\">第0省其他报道</h2>"))
        let provinceNews = try #require(page.components(separatedBy: "province-news-heading").last)
        #expect(provinceNews.contains("邻区的报道") && provinceNews.contains("/articles/2024/11/a31/") && !provinceNews.contains("第二篇"))
        #expect(page.contains("<p class=\"my-region-set\" hidden><button type=\"button\" data-set-my-region=\"/regions/p0/c0/d0/\" data-name=\"第0市第0区\" data-choose=\"设为我的地区\" data-chosen=\"已设为我的地区\" aria-pressed=\"false\">设为我的地区</button></p>"))
        // The province's news is among the district page's inputs: a new article there renders it again.
        let before = try #require(folder.read("Public/regions/p0/c0/d0/index.html"))
        folder.write("Content/articles/2024/new.md", article(title: "第0省最新的报道", date: "2024-12-30", region: "p0/c1/d1", topics: "[relief]"))
        let report = try build(folder)
        let after = try #require(folder.read("Public/regions/p0/c0/d0/index.html"))
        #expect(before != after && after.contains("第0省最新的报道"), "wrote \(report.written)")
    }

    @Test("specials: defined in specials.yaml, joined in front matter, each a page with its introduction; an unknown one is an error at its position")
    func specials() throws {
        let folder = TemporaryFolder()
        makePortal(in: folder)
        _ = try build(folder)
        let page = try #require(folder.read("Public/specials/world-social-work-day/index.html"))
        #expect(page.contains("<h1>3·21 世界社会工作日</h1>\n<p class=\"special-intro\">各地社工站的服务故事。</p>\n<p class=\"lead\">共 8 篇。</p>"))
        #expect(page.contains("<li><a href=\"/specials/\">专题</a></li><li><span aria-current=\"page\">3·21 世界社会工作日</span></li>"))
        let index = try #require(folder.read("Public/specials/index.html"))
        #expect(index.contains("<a href=\"/specials/world-social-work-day/\">3·21 世界社会工作日</a> <span class=\"count\">8 篇</span>"))
        #expect(try #require(folder.read("Public/index.html")).contains("<li><a href=\"/specials/\">专题</a></li>"))
        // The standing four are 栏目 in the interface.
        #expect(try #require(folder.read("Public/topics/index.html")).contains("<h1>栏目</h1>"))

        folder.write("Content/articles/2024/bad.md", article(title: "坏", date: "2024-01-02", region: "p0", topics: "[relief]",
                                                          extra: "specials: [world-social-work]\n"))
        do {
            _ = try build(folder)
            Issue.record("built with an unknown special")
        } catch .content(let d) {
            #expect(d.errors.map(\.description) == [folder.path + "/Content/articles/2024/bad.md:6:12: error: unknown special 'world-social-work': expected one of world-social-work-day (defined in specials.yaml) (did you mean 'world-social-work-day'?)"])
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test("every page below the home page starts with 首页 in its breadcrumbs and gives them as BreadcrumbList data")
    func breadcrumbsEverywhere() throws {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        _ = try build(folder)
        var pages = 0
        for (path, data) in snapshot(folder.path + "/Public") where path.hasSuffix(".html") && path != "index.html" {
            let html = String(decoding: data, as: UTF8.self)
            #expect(html.contains("<nav class=\"breadcrumb\" aria-label=\"当前位置\"><ol><li><a href=\"/news/\">首页</a></li>"), "\(path)")
            #expect(html.contains("\"@type\":\"BreadcrumbList\""), "\(path)")
            pages += 1
        }
        #expect(pages > 20)
        #expect(!(try #require(folder.read("Public/index.html"))).contains("class=\"breadcrumb\""))
    }

    @Test("section ids go in byte for byte, whatever a heading's text begins or ends with")
    func sectionIDs() {
        // A combining mark right after the tag and a prepended mark right before the closing one:
        // neither is a character boundary, and the body is cut there.
        let html = "<p>导语。</p>\n<h2>\u{301}一</h2>\n<p>甲</p>\n<h2>二\u{600}</h2>\n<h2>三</h2>\n<p>乙</p>\n"
        let inner = ArticleBody.inner(html)
        let body = "<p>导语。</p>\n<h2 id=\"section-1\">\u{301}一</h2>\n<p>甲</p>\n<h2 id=\"section-2\">二\u{600}</h2>\n<h2 id=\"section-3\">三</h2>\n<p>乙</p>\n"
        #expect(Array(inner.utf8).suffix(body.utf8.count) == Array(body.utf8)[...])
        #expect(inner.contains("<li><a href=\"#section-1\">\u{301}一</a></li><li><a href=\"#section-2\">二\u{600}</a></li>"))
        #expect(ArticleBody.inner("<p>无标题。</p>\n") == "<p>无标题。</p>\n")
        #expect(Fragments.retitled("<li><h2 class=\"t\">\u{301}甲</h2></li>", level: 3) == "<li><h3 class=\"t\">\u{301}甲</h3></li>")
    }

    @Test("an article with three sections or more gets a contents list linking to its headings; a body edit brings its own")
    func contents() throws {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        let body = "导语。\n\n## 怎么建\n\n一。\n\n## 干什么\n\n二。\n\n## 干得好 *之后*\n\n三。\n"
        folder.write("Content/articles/2023/03/sections.md", article(title: "三个问题", date: "2023-03-08", region: "zhejiang", body: body))
        _ = try build(folder)
        let page = try #require(folder.read("Public/articles/2023/03/sections/index.html"))
        #expect(page.contains("<div class=\"article-body\">\n<nav class=\"contents\" aria-labelledby=\"contents-heading\"><h2 id=\"contents-heading\">目录</h2><ol><li><a href=\"#section-1\">怎么建</a></li><li><a href=\"#section-2\">干什么</a></li><li><a href=\"#section-3\">干得好 之后</a></li></ol></nav>"))
        #expect(page.contains("<h2 id=\"section-3\">干得好 <em>之后</em></h2>"))
        let short = try #require(folder.read("Public/articles/2022/10/yongkang-stations/index.html"))
        #expect(!short.contains("class=\"contents\""))

        // A body edit (the short path) renames a section: the list follows, as a full build would.
        folder.write("Content/articles/2023/03/sections.md", article(title: "三个问题", date: "2023-03-08", region: "zhejiang",
                                                                    body: body.replacing("## 干什么", with: "## 做什么")))
        _ = try build(folder)
        let edited = try #require(folder.read("Public/articles/2023/03/sections/index.html"))
        #expect(edited.contains("<li><a href=\"#section-2\">做什么</a></li>") && !edited.contains("干什么"))
        try FileManager.default.removeItem(atPath: folder.path + "/.Public.manifest")
        try FileManager.default.removeItem(atPath: folder.path + "/Public")
        _ = try build(folder)
        #expect(folder.read("Public/articles/2023/03/sections/index.html") == edited)
    }

    @Test("责任编辑 is part of what a page is made from: editing it renders the page again, and a rebuild for a neighbour keeps it")
    func editorIsAnInput() throws {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        let path = "Content/articles/2023/03/edited.md"
        folder.write(path, article(title: "有编辑的报道", date: "2023-03-10", region: "zhejiang", extra: "editor: 王敏\n"))
        _ = try build(folder)
        #expect(folder.read("Public/articles/2023/03/edited/index.html")?.contains("责任编辑：王敏") == true)
        folder.write(path, article(title: "有编辑的报道", date: "2023-03-10", region: "zhejiang", extra: "editor: 李华\n"))
        _ = try build(folder)
        #expect(folder.read("Public/articles/2023/03/edited/index.html")?.contains("责任编辑：李华") == true)
        // A neighbour's new title renders this page again from the cache: the editor stays.
        let neighbour = try #require(folder.read("Content/articles/2023/03/xiuzhou.md"))
        folder.write("Content/articles/2023/03/xiuzhou.md", neighbour.replacing("title: 秀洲区避灾安置点引入社工", with: "title: 秀洲区安置点来了社工"))
        _ = try build(folder)
        let page = try #require(folder.read("Public/articles/2023/03/edited/index.html"))
        #expect(page.contains("秀洲区安置点来了社工") && page.contains("责任编辑：李华"))
    }
}
