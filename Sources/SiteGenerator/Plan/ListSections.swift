import SiteCore
import Templates

/// Topics, regions and the archive are the same thing: partitions of the articles (newest first),
/// each a paginated list with an optional feed, under an index page. One type describes them all;
/// `PagePlan` turns each into jobs the same way.
struct ListSection: Sendable {
    /// The section's index page (`topics/`, `regions/`, `archive/`).
    var index: String
    var renderIndex: @Sendable (RenderContext) -> HTML
    var partitions: [ListPartition]

    /// In the order the site lists them: topics, specials (when the site has any), regions, the archive.
    static func all(_ site: Site) -> [ListSection] {
        [topics(site)] + (site.config.specials.isEmpty ? [] : [specials(site)]) + [regions(site), archive(site)]
    }

    /// Every article, newest first: the home page's 要闻 continued (no index page of its own).
    static func latest(_ site: Site) -> ListPartition {
        ListPartition(directory: SiteURLs.latestDirectory, entries: Array(site.entries.indices), header: 0, feed: nil) {
            LatestPage.render($0, page: $1)
        }
    }

    static func specials(_ site: Site) -> ListSection {
        let partitions = site.config.specials.enumerated().map { k, special in
            ListPartition(directory: SiteURLs.specialDirectory(special.slug), entries: site.bySpecial[k], header: 0,
                          feed: ("\(site.config.title) · \(special.title)", special.intro)) { SpecialPage.render($0, k, page: $1) }
        }
        return ListSection(index: SiteURLs.specialsDirectory, renderIndex: { SpecialsIndexPage.render($0) }, partitions: partitions)
    }

    static func topics(_ site: Site) -> ListSection {
        let partitions = Topic.allCases.map { topic in
            ListPartition(directory: "topics/\(topic.rawValue)/", entries: site.byTopic[topic]!, header: 0,
                          feed: ("\(site.config.title) · \(topic.chineseName)", topic.blurb)) { TopicPage.render($0, topic, page: $1) }
        }
        return ListSection(index: "topics/", renderIndex: { TopicsIndexPage.render($0) }, partitions: partitions)
    }

    static func regions(_ site: Site) -> ListSection {
        let partitions = site.regionsWithArticles().map { region in
            let node = site.regions[region]
            // The page shows each child's count (a district: each neighbour's, and the 栏目 of its
            // articles, which its filter offers), and a sparse district its province's newest.
            var header = StableHasher()
            for child in node.children { header.combine(site.byRegion[child].count) }
            if node.children.isEmpty, let parent = node.parent {
                for sibling in site.regions[parent].children { header.combine(site.byRegion[sibling].count) }
                for i in site.byRegion[region] { header.combine(Int(site.topicBits(of: i))) }
            }
            let name = site.regions.fullName(of: region)
            return ListPartition(directory: "regions/\(node.path)/", entries: site.byRegion[region], header: header.value,
                                 shownBeside: site.provinceNews(for: region),
                                 feed: ("\(site.config.title) · \(name)", "\(name)的社会工作新闻")) { RegionPage.render($0, region, page: $1) }
        }
        return ListSection(index: "regions/", renderIndex: { RegionsIndexPage.render($0) }, partitions: partitions)
    }

    /// Each year, then its months. Year and month pages link to their neighbours, so the whole
    /// calendar is in their headers.
    static func archive(_ site: Site) -> ListSection {
        var calendar = StableHasher()
        for year in site.years { for month in year.months { calendar.combine(year.year * 100 + month.month); calendar.combine(month.entries.count) } }
        var partitions: [ListPartition] = []
        for (y, year) in site.years.enumerated() {
            partitions.append(ListPartition(directory: "archive/\(year.year)/", entries: year.entries, header: calendar.value, feed: nil) {
                ArchivePeriodPage.renderYear($0, y, page: $1)
            })
            for (m, month) in year.months.enumerated() {
                let mm = month.month < 10 ? "0\(month.month)" : "\(month.month)"
                partitions.append(ListPartition(directory: "archive/\(year.year)/\(mm)/", entries: month.entries, header: calendar.value, feed: nil) {
                    ArchivePeriodPage.renderMonth($0, y, m, page: $1)
                })
            }
        }
        return ListSection(index: "archive/", renderIndex: { ArchiveIndexPage.render($0) }, partitions: partitions)
    }
}

/// One list of articles: its folder, its entries (newest first), a hash of what stands above the
/// entries, its feed's title and subtitle if it has one, and how to render page n.
struct ListPartition: Sendable {
    var directory: String
    var entries: [Int]
    var header: UInt64
    /// Entries every page of the list also shows, whose cards it depends on.
    var shownBeside: [Int] = []
    var feed: (title: String, subtitle: String)?
    var render: @Sendable (RenderContext, Int) -> HTML
}
