import SiteCore
import Testing

@Suite("Front matter validation: every rule, its message and its position")
struct ValidationTests {
    @Test("a valid article loads with every field")
    func validArticle() throws {
        let (tree, _) = RegionLoader.load(text: "zhejiang:\n  name: 浙江省\n  children:\n    jinhua: { name: 金华市 }\n", file: "r.yaml")
        let text = article(region: "zhejiang/jinhua", topics: "[elderly, youth, elderly]",
                           extra: "source: 中国社会报\nauthor: 刘婷婷\nslug: my-slug\nupdated: 2022-10-13\nmood: happy\n")
        let (loaded, diagnostics) = ArticleLoader(regions: tree).load(bytes: Array(text.utf8), sourcePath: "articles/x.md", displayPath: "x.md")
        #expect(diagnostics.isEmpty)
        let a = try #require(loaded)
        #expect(a.title == "标题")
        #expect(a.topics == [.elderly, .youth])
        #expect(a.source == "中国社会报")
        #expect(a.author == "刘婷婷")
        #expect(a.slug == "my-slug")
        #expect(a.outputDirectory == "articles/2022/10/my-slug/")
        #expect(a.extra["mood"] == .text("happy"))
        #expect(a.body == "正文。\n")
        #expect(a.bodyFirstLine == 12)
    }

    @Test("a missing required key points at the front matter's first line")
    func missingKeys() {
        let d = diagnostics(for: "---\ntitle: 标题\n---\n正文\n")
        #expect(d.map(\.description) == [
            "a.md:1:1: error: missing required key 'date': expected e.g. date: 2022-10-12T09:42:00+08:00",
            "a.md:1:1: error: missing required key 'region': expected e.g. region: zhejiang/jinhua/yongkang",
            "a.md:1:1: error: missing required key 'topics': expected a list, e.g. topics: [elderly, youth]",
        ])
    }

    @Test("a mapping where the title is due")
    func titleMapping() {
        let d = diagnostics(for: article(title: "\n  zh: 标题"))
        #expect(d.map(\.description) == ["a.md:3:3: error: 'title' must be text, found a mapping (key: value pairs): expected e.g. title: 永康市乡镇社工站实现全覆盖"])
    }

    @Test("an empty title")
    func emptyTitle() {
        let d = diagnostics(for: article(title: "\"  \""))
        #expect(d.map(\.description) == ["a.md:2:8: error: 'title' is empty: expected text, e.g. title: 永康市乡镇社工站实现全覆盖"])
    }

    @Test("dates: malformed and impossible")
    func dates() {
        #expect(diagnostics(for: article(date: "2022/10/12")).map(\.description) == [
            "a.md:3:7: error: 'date' must be an ISO 8601 date such as 2022-10-12 or 2022-10-12T09:42:00+08:00, found '2022/10/12'",
        ])
        #expect(diagnostics(for: article(date: "2023-02-29")).map(\.description) == [
            "a.md:3:7: error: 'date' is not a real date: 2023-02 has 28 days, not 29 ('2023-02-29')",
        ])
        #expect(diagnostics(for: article(date: "2022-13-01")).map(\.description) == [
            "a.md:3:7: error: 'date' is not a real date: month 13 does not exist ('2022-13-01')",
        ])
        #expect(diagnostics(for: article(date: "2022-10-12T25:00:00+08:00")).map(\.message) == [
            "'date' is not a real date: 25:0:0 is not a time of day ('2022-10-12T25:00:00+08:00')",
        ])
        #expect(diagnostics(for: article(extra: "updated: soon\n")).map(\.description) == [
            "a.md:6:10: error: 'updated' must be an ISO 8601 date such as 2022-10-12 or 2022-10-12T09:42:00+08:00, found 'soon'",
        ])
    }

    @Test("unknown region: names the known part and suggests the nearest")
    func unknownRegion() {
        #expect(diagnostics(for: article(region: "zhejiang/jinhua/yongkan")).map(\.description) == [
            "a.md:4:9: error: unknown region 'zhejiang/jinhua/yongkan': expected a slug path defined in regions.yaml, such as zhejiang/jinhua/yongkang; 'zhejiang/jinhua' exists but has no 'yongkan' beneath it (did you mean 'zhejiang/jinhua/yongkang'?)",
        ])
        #expect(diagnostics(for: article(region: "beijing")).map(\.message) == [
            "unknown region 'beijing': expected a slug path defined in regions.yaml, such as zhejiang/jinhua/yongkang",
        ])
    }

    @Test("topics: unknown, Chinese name, not a list, empty")
    func topics() {
        #expect(diagnostics(for: article(topics: "[elderly, eldery]")).map(\.description) == [
            "a.md:5:19: error: unknown topic 'eldery': expected one of relief, youth, elderly, disaster (did you mean 'elderly'?)",
        ])
        #expect(diagnostics(for: article(topics: "[为老服务]")).map(\.description) == [
            "a.md:5:10: error: topic '为老服务' must be written as its slug 'elderly'",
        ])
        #expect(diagnostics(for: article(topics: "5")).map(\.description) == [
            "a.md:5:9: error: 'topics' must be a list, found a single value '5': expected e.g. topics: [elderly, youth]",
        ])
        #expect(diagnostics(for: article(topics: "[]")).map(\.description) == [
            "a.md:5:9: error: 'topics' is an empty list: expected at least one, e.g. topics: [elderly, youth]",
        ])
    }

    @Test("slugs: given and from the file name")
    func slugs() {
        #expect(diagnostics(for: article(extra: "slug: Yong Kang\n")).map(\.description) == [
            "a.md:6:7: error: slug 'Yong Kang' must use only lowercase letters a-z, digits and '-', e.g. slug: yong-kang",
        ])
        #expect(diagnostics(for: article(), file: "永康.md").map(\.description) == [
            "永康.md:1:1: error: the file name '永康' cannot be a URL (only lowercase letters a-z, digits and '-'): add a 'slug:' key, e.g. slug: yongkang-stations",
        ])
        #expect(diagnostics(for: article(extra: "slug: ok-slug\n"), file: "永康.md").isEmpty)
        #expect(ArticleLoader.defaultSlug(forSourcePath: "articles/2022/10/yongkang/index.md") == "yongkang")
    }

    @Test("draft must be a boolean; duplicate keys are errors")
    func draftAndDuplicates() {
        #expect(diagnostics(for: article(extra: "draft: maybe\n")).map(\.description) == [
            "a.md:6:8: error: 'draft' must be true or false, found 'maybe'",
        ])
        #expect(diagnostics(for: article(extra: "title: again\n")).map(\.description) == [
            "a.md:6:1: error: duplicate key 'title': it is already set on line 2",
        ])
    }

    @Test("YAML syntax errors point at the line and column, with a hint")
    func yamlSyntax() {
        let d = diagnostics(for: "---\ntitle: 标题: 副标题\ndate: 2022-10-12\n---\n")
        #expect(d.count == 1)
        #expect(d[0].location.line == 2)
        #expect(d[0].location.column == 10)
        #expect(d[0].message.hasPrefix("invalid YAML: mapping values are not allowed"))
        #expect(d[0].message.hasSuffix("a value containing ': ' must be quoted, e.g. title: \"标题: 副标题\""))
    }

    @Test("every problem of one file is reported in one pass")
    func allErrorsAtOnce() {
        let d = diagnostics(for: article(title: "[1, 2]", date: "yesterday", region: "nowhere", topics: "[food]"))
        #expect(d.count == 4)
        #expect(d.map(\.location.line) == [2, 3, 4, 5])
    }

    @Test("unterminated, missing and empty front matter")
    func frontMatterShape() {
        #expect(diagnostics(for: "---\ntitle: x\n").map(\.description) == [
            "a.md:1:1: error: front matter opened here is never closed: expected a line '---' after the YAML keys",
        ])
        #expect(diagnostics(for: "# 标题\n正文\n").map(\.description) == [
            "a.md:1:1: error: expected front matter: the file must open with a line '---', then YAML keys (title, date, region, topics), then a closing '---'",
        ])
        #expect(diagnostics(for: " \n\n").map(\.description) == [
            "a.md:1:1: error: empty file: expected front matter opening with '---' (title, date, region, topics), then the article's Markdown",
        ])
        #expect(diagnostics(for: "---\n- a\n- b\n---\n").first?.description ==
            "a.md:2:1: error: expected front matter as a mapping of keys (key: value), found a list")
    }

    @Test("CRLF, a BOM, trailing whitespace and unknown keys are accepted")
    func tolerated() {
        let crlf = article(extra: "unknown: 1   \n").replacingOccurrences(of: "\n", with: "\r\n")
        #expect(diagnostics(for: "\u{FEFF}" + crlf).isEmpty)
        #expect(diagnostics(for: "---  \ntitle: 标题   \ndate: 2022-10-12\nregion: zhejiang\ntopics: [relief]\n---   \n").isEmpty)
    }

    @Test("invalid UTF-8 is reported at its line and column")
    func invalidUTF8() {
        var bytes = Array("---\ntitle: 永康".utf8)
        bytes += [0xFF, 0x0A]
        let d = SourceText.decode(bytes, file: "a.md")
        guard case .failure(let diagnostic) = d else {
            Issue.record("invalid UTF-8 accepted")
            return
        }
        #expect(diagnostic.description == "a.md:2:10: error: invalid UTF-8 (byte 0xFF): save the file as UTF-8")
    }
}

@Suite("regions.yaml and site.yaml")
struct SettingsValidationTests {
    @Test("region tree: nesting, lineage and names")
    func tree() throws {
        let (tree, d) = RegionLoader.load(text: testRegionsYAML, file: "regions.yaml")
        #expect(d.isEmpty)
        let yongkang = try #require(tree.index(ofPath: "zhejiang/jinhua/yongkang"))
        #expect(tree.lineage(of: yongkang).map { tree[$0].name } == ["浙江省", "金华市", "永康市"])
        #expect(tree.fullName(of: yongkang) == "浙江省金华市永康市")
        #expect(tree[yongkang].depth == 2)
    }

    @Test("region tree errors: bad slug, missing name, wrong children, unknown key")
    func treeErrors() {
        let (_, d) = RegionLoader.load(text: """
        Zhe Jiang:
          name: 浙江省
        jiangsu:
          children: []
        fujian:
          name: 福建省
          nmae: typo
        """, file: "regions.yaml")
        #expect(d.map(\.description) == [
            "regions.yaml:1:1: error: region slug 'Zhe Jiang' must use only lowercase letters a-z, digits and '-', e.g. zhe-jiang",
            "regions.yaml:3:1: error: missing required key 'name': expected e.g. name: 浙江省",
            "regions.yaml:7:3: error: unknown key 'nmae' in region 'fujian': expected 'name' and optional 'children' (did you mean 'name'?)",
        ])
    }

    @Test("site settings: values, defaults, a sub-path base URL, warnings for unknown keys")
    func site() {
        let (config, d) = SiteConfigLoader.load(text: "title: 站\nbase_url: https://example.org/news\npage_sise: 5\npage_size: 0\n", file: "site.yaml")
        #expect(config.title == "站")
        #expect(config.baseURL == "https://example.org/news/")
        #expect(config.basePath == "/news/")
        #expect(config.origin == "https://example.org")
        #expect(config.pageSize == 20)
        #expect(d.map(\.description) == [
            "site.yaml:4:12: error: 'page_size' must be a whole number from 1 to 1000, found '0'",
            "site.yaml:3:1: warning: unknown setting 'page_sise' is ignored (did you mean 'page_size'?)",
        ])
        let (_, bad) = SiteConfigLoader.load(text: "base_url: example.org\n", file: "site.yaml")
        #expect(bad.map(\.message) == ["'base_url' must be an absolute http(s) URL such as https://example.org/ or https://example.org/news/, found 'example.org' (no user name, query, fragment, quotes, spaces or '..')"])
    }
}
