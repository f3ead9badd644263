import SiteCore
import Testing

@Suite("The index stage: grouping, roll-up, months, pagination, order")
struct IndexTests {
    static let regionsText = """
    zhejiang:
      name: 浙江省
      children:
        jinhua:
          name: 金华市
          children:
            yongkang: { name: 永康市 }
            yiwu: { name: 义乌市 }
        jiaxing: { name: 嘉兴市 }
    shandong: { name: 山东省 }
    """

    func site(_ specs: [(slug: String, date: String, region: String, topics: String)], pageSize: Int = 20) -> Site {
        let (tree, _) = RegionLoader.load(text: Self.regionsText, file: "regions.yaml")
        let loader = ArticleLoader(regions: tree)
        let entries = specs.map { spec -> Entry in
            let text = article(title: spec.slug, date: spec.date, region: spec.region, topics: spec.topics, extra: "slug: \(spec.slug)\n")
            let (a, d) = loader.load(bytes: Array(text.utf8), sourcePath: "articles/\(spec.slug).md", displayPath: spec.slug)
            precondition(d.isEmpty, "\(d)")
            return Entry(article: a!, body: RenderedBody(html: "", plainText: "", headingText: "", assets: [], diagnostics: []), summary: "")
        }
        var config = SiteConfig()
        config.pageSize = pageSize
        return Site(config: config, regions: tree, entries: entries)
    }

    @Test("newest first; equal dates ordered by slug, whatever the input order")
    func ordering() {
        let specs: [(slug: String, date: String, region: String, topics: String)] = [
            ("b", "2022-10-12", "zhejiang", "[relief]"),
            ("old", "2012-08-29", "zhejiang", "[relief]"),
            ("a", "2022-10-12", "zhejiang", "[relief]"),
            ("new", "2023-03-21T10:00:00+08:00", "zhejiang", "[relief]"),
        ]
        #expect(site(specs).entries.map(\.article.slug) == ["new", "a", "b", "old"])
        #expect(site(specs.reversed()).entries.map(\.article.slug) == ["new", "a", "b", "old"])
        let s = site(specs)
        #expect(s.newer(than: 0) == nil)
        #expect(s.older(than: 0) == 1)
        #expect(s.older(than: 3) == nil)
    }

    @Test("a region node lists everything beneath it; nodes without articles stay empty")
    func regionRollUp() {
        let s = site([
            ("yk", "2022-10-12", "zhejiang/jinhua/yongkang", "[elderly]"),
            ("yw", "2022-10-11", "zhejiang/jinhua/yiwu", "[youth]"),
            ("jh", "2022-10-10", "zhejiang/jinhua", "[youth]"),
            ("zj", "2022-10-09", "zhejiang", "[relief]"),
        ])
        func slugs(_ path: String) -> [String] { s.byRegion[s.regions.index(ofPath: path)!].map { s.entries[$0].article.slug } }
        #expect(slugs("zhejiang") == ["yk", "yw", "jh", "zj"])
        #expect(slugs("zhejiang/jinhua") == ["yk", "yw", "jh"])
        #expect(slugs("zhejiang/jinhua/yongkang") == ["yk"])
        #expect(slugs("zhejiang/jiaxing") == [])
        #expect(slugs("shandong") == [])
        #expect(s.regionsWithArticles().map { s.regions[$0].path } == ["zhejiang", "zhejiang/jinhua", "zhejiang/jinhua/yongkang", "zhejiang/jinhua/yiwu"])
    }

    @Test("topics and month buckets, newest first; a date near midnight falls in China's month")
    func topicsAndMonths() {
        let s = site([
            ("a", "2023-03-21", "zhejiang", "[relief, elderly]"),
            ("b", "2023-03-01", "zhejiang", "[elderly]"),
            ("c", "2023-01-31T17:00:00Z", "zhejiang", "[youth]"),  // 2023-02-01 01:00 in China
            ("d", "2022-10-12", "zhejiang", "[youth]"),
        ])
        #expect(s.byTopic[.elderly]!.map { s.entries[$0].article.slug } == ["a", "b"])
        #expect(s.byTopic[.disaster]!.isEmpty)
        #expect(s.years.map(\.year) == [2023, 2022])
        #expect(s.years[0].months.map(\.month) == [3, 2])
        #expect(s.years[0].months[0].entries.map { s.entries[$0].article.slug } == ["a", "b"])
        #expect(s.years[0].entries.count == 3)
        #expect(s.entries[2].article.outputDirectory == "articles/2023/02/c/")
    }

    @Test("pagination arithmetic")
    func pagination() {
        let p = Pagination(total: 45, size: 20)
        #expect(p.pageCount == 3)
        #expect(p.range(ofPage: 1) == 0..<20)
        #expect(p.range(ofPage: 3) == 40..<45)
        #expect(Pagination(total: 0, size: 20).pageCount == 1)
        #expect(Pagination(total: 40, size: 20).pageCount == 2)
        #expect(Pagination.suffix(forPage: 1) == "")
        #expect(Pagination.suffix(forPage: 2) == "page/2/")
        #expect(Pagination(total: 200, size: 10).visiblePages(current: 10) == [1, nil, 8, 9, 10, 11, 12, nil, 20])
        #expect(Pagination(total: 30, size: 10).visiblePages(current: 1) == [1, 2, 3])
    }

    @Test("related articles prefer the same district, then shared region and topics")
    func related() {
        let s = site([
            ("yk1", "2022-10-12", "zhejiang/jinhua/yongkang", "[elderly]"),
            ("sd", "2022-10-11", "shandong", "[elderly]"),
            ("yk2", "2022-10-10", "zhejiang/jinhua/yongkang", "[youth]"),
            ("yw", "2022-10-09", "zhejiang/jinhua/yiwu", "[elderly]"),
        ])
        #expect(s.related(to: 0, limit: 3).map { s.entries[$0].article.slug } == ["yk2", "yw", "sd"])
    }
}
