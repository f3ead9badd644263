import Foundation
import SiteCore
@testable import SiteGenerator
import Testing

/// Input written to hurt: each case failed before it was fixed (issue #12), and each has its
/// message and position pinned.
@Suite("Hostile input: bounded, positioned, and never half a site")
struct HostileInputTests {
    /// `a: &a [x ×9]`, then eight levels of nine aliases of the level below: 9⁹ values from 400 bytes.
    static func aliasBomb(keys: Bool = false) -> String {
        var lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
        let names = Array("abcdefghi")
        for i in 1..<9 {
            lines.append("\(names[i]): &\(names[i]) [" + Array(repeating: "*\(names[i - 1])", count: 9).joined(separator: ", ") + "]")
        }
        if keys { lines.append("k: {? *h : 1, ? *h : 2}") }
        return lines.joined(separator: "\n") + "\n"
    }

    func errors(_ folder: TemporaryFolder) -> [String] {
        do {
            _ = try build(folder)
            return []
        } catch .content(let diagnostics) {
            return diagnostics.errors.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    @Test("YAML aliases are refused where they stand, before anything expands: articles, site.yaml, regions.yaml")
    func aliasBombs() throws {
        let folder = TemporaryFolder()
        makeContent(in: folder)
        folder.write("Content/articles/bomb.md", "---\ntitle: 炸弹\ndate: 2022-10-12\nregion: zhejiang\ntopics: [relief]\n" + Self.aliasBomb() + "---\n正文\n")
        folder.write("Content/articles/keys.md", "---\ntitle: 键\ndate: 2022-10-12\nregion: zhejiang\ntopics: [relief]\n" + Self.aliasBomb(keys: true) + "---\n正文\n")
        #expect(errors(folder).sorted() == [
            folder.path + "/Content/articles/bomb.md:7:8: error: YAML aliases (*name) are not supported here: write the value out",
            folder.path + "/Content/articles/keys.md:7:8: error: YAML aliases (*name) are not supported here: write the value out",
        ])
        try FileManager.default.removeItem(atPath: folder.path + "/Content/articles")
        folder.write("Content/site.yaml", "title: 站\n" + Self.aliasBomb())
        folder.write("Content/regions.yaml", testRegionsYAML + "\n" + Self.aliasBomb())
        let found = errors(folder)
        #expect(found.count == 2)
        #expect(found.contains(folder.path + "/Content/site.yaml:3:8: error: YAML aliases (*name) are not supported here: write the value out"))
        #expect(found.contains(folder.path + "/Content/regions.yaml:9:8: error: YAML aliases (*name) are not supported here: write the value out"))
    }

    @Test("YAML: nesting deeper than 256 levels, a second document, and repeated keys are positioned errors")
    func yamlShapes() {
        let deep = YAMLDocument.parseFully("x: " + String(repeating: "[", count: 300) + String(repeating: "]", count: 300), file: "d.yaml")
        guard case .failure(let d) = deep else { Issue.record("accepted"); return }
        // The root mapping is the first level: the 256th '[' is the 257th.
        #expect(d.description == "d.yaml:1:259: error: invalid YAML: nested more than 256 levels deep")
        guard case .failure(let two) = YAMLDocument.parseFully("a: 1\n---\nb: 2\n", file: "t.yaml") else { Issue.record("accepted"); return }
        #expect(two.description.hasPrefix("t.yaml:2:1: error: only one YAML document is allowed here"))
        guard case .failure(let dup) = YAMLDocument.parseFully("a: 1\nb: 2\n'a': 3\n", file: "k.yaml", firstLine: 2) else { Issue.record("accepted"); return }
        #expect(dup.description == "k.yaml:4:1: error: duplicate key 'a': it is already set on line 2")
    }

    @Test("a body that would make cmark super-linear is refused at its first bracket over the limit, quickly")
    func pathologicalMarkdown() throws {
        let folder = TemporaryFolder()
        makeContent(in: folder, articles: ["p.md": article(body: "第一段。\n\n" + String(repeating: "![[]()", count: 40_000))])
        let found = errors(folder)
        #expect(found == [folder.path + "/Content/articles/p.md:9:30002: error: more than 10,000 '[' in one article (links, images, brackets): "
                          + "a body like this would take minutes to render; split the article, or write brackets as （）or【】"])
        // Just under the limit, it renders.
        folder.write("Content/articles/p.md", article(body: String(repeating: "![[]()", count: 5_000)))
        #expect(errors(folder).isEmpty)
    }

    @Test("a file of static/ that takes a generated file's place is an error in check and in every build")
    func staticCollisions() throws {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        #expect(try runBuildSite(["--quiet"], in: folder.path).status == 0)
        let before = snapshot(folder.path + "/Public")
        folder.write("Content/static/feed.xml", "<feed/>")
        folder.write("Content/static/assets", "a file where a folder goes")
        folder.write("Content/static/topics/relief/index.html", "<p>mine</p>")
        folder.write("Content/static/CNAME", "news.example.org")
        let expected = [
            "Content/static/assets:1:1: error: static/assets is a file where the site needs the folder /assets/; rename or move the file in static/",
            "Content/static/feed.xml:1:1: error: static/feed.xml would replace the generated /feed.xml; rename or move the file in static/",
            "Content/static/topics/relief/index.html:1:1: error: static/topics/relief/index.html would replace the generated /topics/relief/index.html; rename or move the file in static/",
        ]
        let check = try runBuildSite(["check"], in: folder.path)
        #expect(check.status == 1)
        #expect(Array(check.stderr.split(separator: "\n").prefix(3).map(String.init)) == expected)
        for arguments in [["--quiet"], ["--quiet", "--force"]] {
            let result = try runBuildSite(arguments, in: folder.path)
            #expect(result.status == 1, "\(arguments)")
            #expect(Array(result.stderr.split(separator: "\n").prefix(3).map(String.init)) == expected, "\(arguments)")
            #expect(snapshot(folder.path + "/Public") == before)
        }
        for name in ["feed.xml", "assets", "topics"] { try FileManager.default.removeItem(atPath: folder.path + "/Content/static/" + name) }
        #expect(try runBuildSite(["--quiet"], in: folder.path).status == 0)
        #expect(folder.read("Public/CNAME") == "news.example.org")
    }

    @Test("output files changed or deleted by hand are built again by a plain build")
    func repairsOutput() throws {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        _ = try build(folder)
        let good = snapshot(folder.path + "/Public")
        folder.write("Public/topics/index.html", "hacked")
        folder.write("Public/articles/2023/03/linyi/index.html", "hacked too")
        try FileManager.default.removeItem(atPath: folder.path + "/Public/feed.xml")
        let report = try build(folder)
        #expect(!report.unchanged)
        #expect(report.written == 3)
        #expect(snapshot(folder.path + "/Public") == good)
        #expect(try build(folder).unchanged)
    }

    @Test("control characters from content never reach the terminal raw; invisible ones in fields are errors")
    func controlCharacters() throws {
        let folder = TemporaryFolder()
        makeContent(in: folder, articles: [
            "rtl.md": article(title: "社工站\u{202E}txt.exe"),
            "esc.md": article(title: "标题", date: "2022-10-13", extra: "author: \"\\e]0;owned\\a\"\n"),
            "forged\n::error file=x::fake.md": article(title: "标题", date: "2022-10-14"),
        ])
        let result = try runBuildSite(["check"], in: folder.path, environment: ["GITHUB_ACTIONS": "true"])
        #expect(result.status == 1)
        #expect(!result.stderr.contains("\u{1B}") && !result.stdout.contains("\u{1B}") && !result.stderr.contains("\u{202E}"))
        #expect(!result.stderr.split(separator: "\n").contains { $0.hasPrefix("::error file=x") })
        #expect(!result.stdout.split(separator: "\n").contains { $0.hasPrefix("::error file=x") })
        #expect(result.stderr.contains("rtl.md:2:8: error: 'title' holds the invisible control character U+202E: remove it"))
        #expect(result.stderr.contains("esc.md:6:9: error: 'author' holds the invisible control character U+001B: remove it"))
        #expect(result.stderr.contains("forged\\u{a}::error file=x::fake.md"))
    }

    @Test("a file whose name is not UTF-8 is an error naming its folder, not left out of the site in silence; nothing is written")
    func fileNameNotUTF8() throws {
        let folder = TemporaryFolder()
        makeContent(in: folder, articles: ["good.md": article(title: "好")])
        // Linux lets a name hold any bytes but `/` and NUL: 0xFF is never UTF-8.
        let path = Array((folder.path + "/Content/articles/bad").utf8) + [0xFF] + Array(".md".utf8) + [0]
        let fd = path.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) } }
        try #require(fd >= 0)
        close(fd)
        #expect(errors(folder) == [folder.path + "/Content/articles/bad\u{FFFD}.md:1:1: error: file name is not valid UTF-8 (shown with \u{FFFD} for the bytes that are not): rename the file"])
        #expect(!folder.exists("Public"))
    }

    @Test("slugs: empty, too long and invalid each get their own reason")
    func slugs() {
        #expect(diagnostics(for: article(extra: "slug: \"\"\n")).map(\.description)
                == ["a.md:6:1: error: 'slug' is empty: give one (lowercase letters a-z, digits and '-', e.g. slug: yongkang-stations) or remove the key"])
        let long = String(repeating: "a", count: 260)
        #expect(diagnostics(for: article(extra: "slug: \(long)\n")).map(\.message)
                == ["slug '\(String(repeating: "a", count: 40))…' is 260 characters long: at most 200"])
        #expect(diagnostics(for: article(extra: "slug: Yong Kang\n")).map(\.message)
                == ["slug 'Yong Kang' must use only lowercase letters a-z, digits and '-', e.g. slug: yong-kang"])
    }

    @Test("dates outside 1900–2999 are refused, so every URL has a four-digit year")
    func years() {
        #expect(diagnostics(for: article(date: "0001-01-01")).map(\.message) == ["'date' is not a real date: the year 1 is outside 1900–2999 ('0001-01-01')"])
        #expect(diagnostics(for: article(date: "1949-10-01")).isEmpty)
    }

    @Test("site.yaml: base_url and language are validated")
    func siteSettings() {
        for bad in ["https://example.org/a'b/", "https://example.org/<x>/", "https://example.org/news/../admin/", "https://user:pw@example.org/",
                    "https://exa mple.org/", "javascript:alert(1)", "https://example.org:99999/", "https://-bad-.org/", "https://example.org//x/"] {
            let (_, d) = SiteConfigLoader.load(text: "base_url: \"\(bad)\"\n", file: "site.yaml")
            #expect(d.count == 1 && d[0].message.hasPrefix("'base_url' must be an absolute http(s) URL"), "accepted \(bad)")
        }
        for good in ["https://example.org", "http://localhost:8000/", "https://news.example.org/zh/news/", "https://xn--fiqs8s.xn--fiqz9s/"] {
            let (config, d) = SiteConfigLoader.load(text: "base_url: \(good)\n", file: "site.yaml")
            #expect(d.isEmpty && config.baseURL.hasSuffix("/"), "refused \(good)")
        }
        let (_, bad) = SiteConfigLoader.load(text: "language: \"zh CN<\"\n", file: "site.yaml")
        #expect(bad.map(\.description) == ["site.yaml:1:11: error: 'language' must be a language tag such as zh-CN, zh-Hans or zh-HK, found 'zh CN<'"])
        #expect(SiteConfigLoader.load(text: "language: zh-Hant-HK\n", file: "site.yaml").1.isEmpty)
    }

    @Test("site.yaml: the site's identity (主办单位, contact, 备案 numbers, 网站标识码, notices, 纠错) is validated and shown on every page")
    func siteIdentity() throws {
        let yaml = """
        organizer: 永康市社会工作协会
        contact_phone: 0579-87120000
        contact_email: news@example.org
        contact_address: 浙江省永康市华丰路1号
        icp: 浙ICP备12345678号-1
        police_beian: 浙公网安备 33078402000123号
        site_code: "3307840001"
        copyright: © 2026 社工新闻
        reprint_notice: 转载请注明来源
        errata_email: jiucuo@example.org

        """
        let (config, none) = SiteConfigLoader.load(text: yaml, file: "site.yaml")
        #expect(none.isEmpty, "\(none)")
        #expect(config.identity.police?.code == "33078402000123")
        let (_, bad) = SiteConfigLoader.load(text: "icp: 12345678\nerrata_email: \"x<y\"\nsite_code: 12\npolice_beian: 浙公网安备 123号\n", file: "site.yaml")
        #expect(bad.map(\.description).sorted() == [
            "site.yaml:1:6: error: 'icp' must be an ICP 备案号 as the MIIT registry gives it, such as 浙ICP备12345678号-1, found '12345678'",
            "site.yaml:2:15: error: 'errata_email' must be an e-mail address for 纠错, such as jiucuo@example.org, found 'x<y'",
            "site.yaml:3:12: error: 'site_code' must be a 网站标识码 of ten digits or capital letters, found '12'",
            "site.yaml:4:15: error: 'police_beian' must be a 公安备案号 such as 浙公网安备 33078402000123号 (14 digits), found '浙公网安备 123号'",
        ].sorted())

        let folder = TemporaryFolder()
        makeContent(in: folder, articles: ["a.md": article()], site: yaml)
        _ = try build(folder)
        for page in ["Public/index.html", "Public/articles/2022/10/a/index.html"] {
            let html = try #require(folder.read(page))
            #expect(html.contains("<p>主办单位：永康市社会工作协会</p>"))
            #expect(html.contains("<a href=\"https://beian.miit.gov.cn/\" rel=\"noopener\">浙ICP备12345678号-1</a>"))
            #expect(html.contains("<a href=\"https://beian.mps.gov.cn/#/query/webSearch?code=33078402000123\" rel=\"noopener\">浙公网安备 33078402000123号</a>"))
            #expect(html.contains("网站标识码：3307840001") && html.contains("© 2026 社工新闻 · 转载请注明来源"))
            #expect(html.contains("<a class=\"errata\" href=\"mailto:jiucuo@example.org\">纠错：发现错误请告诉我们</a>"))
            #expect(html.contains("电子邮箱：<a href=\"mailto:news@example.org\">news@example.org</a>"))
        }
    }

    @Test("a broken regions.yaml is one error, not one per article")
    func brokenRegions() throws {
        let folder = TemporaryFolder()
        makeContent(in: folder, articles: ["a.md": article(), "b.md": article(date: "2022-10-13")])
        folder.write("Content/regions.yaml", "zhejiang:\n  name: 浙江省\n  children: [oops\n")
        let found = errors(folder)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.contains("regions.yaml") == true)
    }

    @Test("two imports at once never write the same file")
    func parallelImports() throws {
        let folder = TemporaryFolder()
        folder.copyFixture("import/regions.yaml", to: "regions.yaml")
        makeContent(in: folder)
        try FileManager.default.removeItem(atPath: folder.path + "/Content/regions.yaml")
        try FileManager.default.copyItem(atPath: folder.path + "/regions.yaml", toPath: folder.path + "/Content/regions.yaml")
        let input = fixturesRoot + "/import/epaper.html"
        let processes = (0..<4).map { _ -> Process in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: buildSiteBinary)
            p.arguments = ["import", input]
            p.currentDirectoryURL = URL(fileURLWithPath: folder.path)
            p.standardOutput = FileHandle.nullDevice
            return p
        }
        for p in processes { try p.run() }
        for p in processes { p.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let written = snapshot(folder.path + "/Content/articles").keys.filter { $0.hasSuffix(".md") }
        #expect(written.count == 4, "\(written.sorted())")
    }

    @Test("usage errors exit 2: an empty --output or --content, a port out of range")
    func usageErrors() throws {
        let folder = TemporaryFolder()
        for arguments in [["--output", ""], ["--content", ""], ["serve", "--port", "65536"], ["serve", "--port", "-1"]] {
            let result = try runBuildSite(arguments, in: folder.path)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error"), "\(arguments)")
        }
    }
}
