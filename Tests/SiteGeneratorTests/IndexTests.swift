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

    /// 160 articles over every depth of the region tree, topics in every combination, dates with ties.
    func mixedSite() -> Site {
        let regions = ["zhejiang", "zhejiang/jinhua", "zhejiang/jinhua/yongkang", "zhejiang/jinhua/yiwu", "zhejiang/jiaxing", "shandong"]
        let topics = ["[relief]", "[youth]", "[elderly]", "[disaster]", "[relief, youth]", "[elderly, disaster]", "[youth, elderly, disaster]"]
        var seed: UInt64 = 7
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        return site((0..<160).map { k in
            let day = 1 + next(28), month = 1 + next(12)
            return ("a\(k)", "2022-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)", regions[next(regions.count)], topics[next(topics.count)])
        })
    }

    @Test("the pages that show an entry are all found from where it stands in its lists")
    func pagesShowing() {
        let s = mixedSite()
        var sizes = 0
        for x in s.entries.indices {
            let found = s.pagesShowing([x])
            for i in s.entries.indices {
                let shows = i == x || s.newer(than: i) == x || s.older(than: i) == x || s.related(to: i).contains(x) || s.localLatest(to: i).contains(x)
                if shows { #expect(found.contains(i), "entry \(i)'s page shows \(x), which pagesShowing missed") }
            }
            sizes += found.count
        }
        // Far from every page: what a rebuild plans again for one changed card.
        #expect(sizes / s.entries.count < s.entries.count / 3, "on average \(sizes / s.entries.count) of \(s.entries.count) pages")
        #expect(s.pagesShowing([3, 90]) == s.pagesShowing([3]).union(s.pagesShowing([90])))
    }

    @Test("the neighbourhood key changes with the order, a region or a topic, not with a title")
    func neighbourhoodKey() {
        let base: [(slug: String, date: String, region: String, topics: String)] = [
            ("a", "2022-10-12", "zhejiang/jinhua/yongkang", "[elderly]"), ("b", "2022-10-11", "shandong", "[youth]"),
            ("c", "2022-10-10", "zhejiang/jiaxing", "[relief, elderly]"),
        ]
        let key = site(base).neighbourhoodKey
        #expect(site(base).neighbourhoodKey == key)
        var retitled = base
        retitled[0].slug = "renamed"
        #expect(site(retitled).neighbourhoodKey == key)
        var moved = base
        moved[1].region = "zhejiang"
        #expect(site(moved).neighbourhoodKey != key)
        var topical = base
        topical[2].topics = "[relief]"
        #expect(site(topical).neighbourhoodKey != key)
        var reordered = base
        reordered[2].date = "2022-10-13"
        #expect(site(reordered).neighbourhoodKey != key)
        #expect(site(Array(base.prefix(2))).neighbourhoodKey != key)
    }
}
