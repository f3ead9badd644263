/// One published article with what the pages need: its rendered body and its summary.
/// A class: templates read entries tens of thousands of times per build, and copying a value with
/// a rendered body costs a retain per field each time. Only `Site.setBody` and `releaseBody`, in
/// the render stage's single-threaded steps between its parallel ones, change one.
package final class Entry: @unchecked Sendable {
    package let article: Article
    /// The rendered body while loaded; otherwise one with its assets alone.
    package var body: RenderedBody {
        loaded?.body ?? RenderedBody(html: "", plainText: "", headingText: "", assets: assets, diagnostics: [])
    }
    /// The files its body refers to (kept when the body is released).
    package let assets: [AssetCopy]
    /// From front matter, or derived from the body.
    package let summary: String
    /// A stable hash of the body's HTML, for rebuild fingerprints.
    package let bodyHash: UInt64
    /// The body's lead photo (`ImageSet.lead`), for thumbnails and the home page's 头条.
    package var photo: ImageSet? { leadPhoto?.photo }
    /// Boxed: a reference in each entry, where the value was 56 bytes in every entry, most without one.
    private let leadPhoto: LeadPhoto?

    private final class LeadPhoto: Sendable {
        let photo: ImageSet
        init(_ photo: ImageSet) { self.photo = photo }
    }
    /// The body when loaded, in a box of its own: a reference when there is none, where the value
    /// was 96 bytes in each of 100,000 entries for a body held a segment at a time.
    private var loaded: LoadedBody?

    private final class LoadedBody: Sendable {
        let body: RenderedBody
        init(_ body: RenderedBody) { self.body = body }
    }

    package init(article: Article, body: RenderedBody, summary: String, bodyHash: UInt64 = 0, bodyLoaded: Bool = true,
                 photo: ImageSet? = nil) {
        self.article = article
        leadPhoto = photo.map(LeadPhoto.init)
        assets = body.assets
        loaded = bodyLoaded ? LoadedBody(body) : nil
        self.summary = summary
        self.bodyHash = bodyHash
    }

    /// False until the render stage loads the body for the pages that show it (and again once
    /// they are written: bodies are held a segment at a time, see `RenderStage`). The assets stay.
    package var bodyLoaded: Bool { loaded != nil }

    /// `articles/2022/10/slug/`, relative to the site root.
    package var directory: String { article.outputDirectory }

    fileprivate func setBody(_ body: RenderedBody) { loaded = LoadedBody(body) }

    fileprivate func releaseBody() { loaded = nil }
}

/// Articles of one month.
package struct MonthBucket: Sendable {
    package var year: Int
    package var month: Int
    package var entries: [Int]
}

/// Articles of one year, months newest first.
package struct YearBucket: Sendable {
    package var year: Int
    package var months: [MonthBucket]
    package var entries: [Int]
}

/// The index stage's output: the whole site as the pages see it. Entry lists hold indices into
/// `entries`, which are ordered newest first (ties broken by slug, then source path), so every list
/// built by walking `entries` once is already in page order — no list is ever re-sorted.
package struct Site: Sendable {
    package let config: SiteConfig
    package let regions: RegionTree
    package let urls: SiteURLs
    package private(set) var entries: [Entry]
    package let pages: [(page: StandalonePage, body: RenderedBody)]
    package let byTopic: [Topic: [Int]]
    /// Per region node: every entry tagged with the node or any node beneath it.
    package let byRegion: [[Int]]
    package let years: [YearBucket]
    /// Per special of `config.specials`, in its order: the entries that joined it.
    package let bySpecial: [[Int]]
    /// Each region node's lineage, root first, computed once.
    let lineages: [[Int]]
    /// The same lineages in rows of `lineageStride` places, unused places -1: what `related`
    /// compares for each of some 80 candidates per article, without an array per node.
    private let lineageRows: [Int32]
    private let lineageStride: Int
    /// `byTopic`'s lists in `Topic.allCases` order, found by a topic's bit in `entryTopics`.
    private let topicLists: [[Int]]
    /// Per entry, its region node and a bit per topic: what `related` compares, kept apart from the
    /// articles so scoring a candidate touches two small arrays.
    let entryRegion: [Int]
    let entryTopics: [UInt8]
    /// Stamped in the footer only when `show_build_time` is set; otherwise builds stay byte-identical.
    package let buildTime: PublishDate?
    package init(config: SiteConfig, regions: RegionTree, entries unsorted: [Entry],
                pages: [(page: StandalonePage, body: RenderedBody)] = [], buildTime: PublishDate? = nil) {
        self.config = config
        self.buildTime = config.showBuildTime ? buildTime : nil
        self.regions = regions
        self.urls = SiteURLs(config: config)
        self.pages = pages.sorted { $0.page.slug < $1.page.slug }
        // Sort indices by date, then move each entry once. Slug and path are read only for a tie
        // (copying them into every comparison cost a retain and release each).
        let dates = unsorted.map(\.article.date.epochSeconds)
        let order = unsorted.indices.sorted { a, b in
            if dates[a] != dates[b] { return dates[a] > dates[b] }
            let x = unsorted[a].article, y = unsorted[b].article
            if x.slug != y.slug { return x.slug < y.slug }
            return x.sourcePath < y.sourcePath
        }
        let entries = order.map { unsorted[$0] }
        self.entries = entries
        let lineages = regions.nodes.indices.map { regions.lineage(of: $0) }
        self.lineages = lineages
        let stride = lineages.map(\.count).max() ?? 0
        var rows = [Int32](repeating: -1, count: lineages.count * stride)
        for (node, lineage) in lineages.enumerated() { for (depth, n) in lineage.enumerated() { rows[node * stride + depth] = Int32(n) } }
        (lineageRows, lineageStride) = (rows, stride)
        self.entryRegion = entries.map(\.article.region)
        let entryTopics = entries.map { $0.article.topics.reduce(UInt8(0)) { $0 | 1 << UInt8(Topic.allCases.firstIndex(of: $1)!) } }
        self.entryTopics = entryTopics

        var topicLists = [[Int]](repeating: [], count: Topic.allCases.count)
        var byRegion = Array(repeating: [Int](), count: regions.nodes.count)
        var years: [YearBucket] = []
        let specialIndex = Dictionary(config.specials.enumerated().map { ($1.slug, $0) }, uniquingKeysWith: { a, _ in a })
        var bySpecial = Array(repeating: [Int](), count: config.specials.count)
        for (i, entry) in entries.enumerated() {
            var bits = entryTopics[i]
            while bits != 0 { topicLists[bits.trailingZeroBitCount].append(i); bits &= bits - 1 }
            for s in entry.article.specials { if let k = specialIndex[s] { bySpecial[k].append(i) } }
            for node in lineages[entry.article.region] { byRegion[node].append(i) }
            let c = entry.article.date.china
            if years.last?.year != c.year { years.append(YearBucket(year: c.year, months: [], entries: [])) }
            years[years.count - 1].entries.append(i)
            if years[years.count - 1].months.last?.month != c.month {
                years[years.count - 1].months.append(MonthBucket(year: c.year, month: c.month, entries: []))
            }
            let y = years.count - 1, m = years[y].months.count - 1
            years[y].months[m].entries.append(i)
        }
        self.byTopic = Dictionary(uniqueKeysWithValues: zip(Topic.allCases, topicLists))
        self.topicLists = topicLists
        self.byRegion = byRegion
        self.years = years
        self.bySpecial = bySpecial
    }

    /// Puts a body, loaded for the pages that show it, into entry `i`.
    package func setBody(_ body: RenderedBody, at i: Int) {
        entries[i].setBody(body)
    }

    /// Drops entry `i`'s body once the pages that show it are written (its assets stay).
    package func releaseBody(at i: Int) {
        entries[i].releaseBody()
    }

    /// The next older article.
    package func older(than i: Int) -> Int? { i + 1 < entries.count ? i + 1 : nil }
    /// The next newer article.
    package func newer(than i: Int) -> Int? { i > 0 ? i - 1 : nil }

    /// A bit per topic of entry `i`, in `Topic.allCases` order.
    package func topicBits(of i: Int) -> UInt8 { entryTopics[i] }

    /// 本地最新: the newest articles of entry `i`'s city (its province, when it is tagged with a
    /// province), without `i` itself.
    package func localLatest(to i: Int, limit: Int = localLatestLimit) -> [Int] {
        let lineage = lineages[entryRegion[i]]
        let city = lineage[min(1, lineage.count - 1)]
        return Array(byRegion[city].lazy.filter { $0 != i }.prefix(limit))
    }

    /// The region whose name a page of `i` shows as 本地: its city, or its province.
    package func localRegion(of i: Int) -> Int {
        let lineage = lineages[entryRegion[i]]
        return lineage[min(1, lineage.count - 1)]
    }

    /// Fewer articles than this on a district's page, and its province's news follows.
    package static let sparseDistrict = 6

    /// A district's (a node without children's) siblings that have articles.
    package func neighbours(of region: Int) -> [Int] {
        let node = regions[region]
        guard node.children.isEmpty, let parent = node.parent else { return [] }
        return regions[parent].children.filter { $0 != region && !byRegion[$0].isEmpty }
    }

    /// The newest of the province's other articles, for a district with fewer than `sparseDistrict`.
    package func provinceNews(for region: Int) -> [Int] {
        let node = regions[region], own = byRegion[region]
        guard node.children.isEmpty, node.parent != nil, own.count < Self.sparseDistrict else { return [] }
        let province = lineages[region][0], mine = Set(own)
        return Array(byRegion[province].lazy.filter { !mine.contains($0) }.prefix(Self.sparseDistrict - own.count))
    }

    /// Regions that have articles, in tree order.
    package func regionsWithArticles() -> [Int] { regions.nodes.indices.filter { !byRegion[$0].isEmpty } }

    /// A few articles close to entry `i`: same district first, then the same city or province, then
    /// shared topics; nearer in time first. Candidates come from a window around `i` in each list,
    /// so the cost per article stays constant however large the site grows. (A rebuild plans every
    /// article's page, and so works this out for each.)
    package func related(to i: Int, limit: Int = 4) -> [Int] {
        let window = Self.relatedWindow
        let region = entryRegion[i], topics = entryTopics[i], stride = lineageStride
        // The candidates: a window of each list. Unsorted, and a candidate may come twice: the
        // order below is total, so the best `limit` are the same in any order, once each.
        var pool: [Int] = []
        pool.reserveCapacity(96)
        func gather(_ list: [Int]) {
            let position = list.lowerBound(of: i, by: <)
            pool.append(contentsOf: list[max(0, position - window)..<min(list.count, position + window + 1)])
        }
        for depth in 0..<stride {
            let node = lineageRows[region * stride + depth]
            if node < 0 { break }
            gather(byRegion[Int(node)])
        }
        for (t, list) in topicLists.enumerated() where topics & 1 << UInt8(t) != 0 { gather(list) }
        // The best `limit` by score, then nearness in time, then position: kept in order as the
        // candidates stream past (a full sort of all candidates cost more than everything else here).
        var best: [(index: Int, score: Int, distance: Int)] = []
        best.reserveCapacity(limit + 1)
        func precedes(_ a: (index: Int, score: Int, distance: Int), _ b: (index: Int, score: Int, distance: Int)) -> Bool {
            if a.score != b.score { return a.score > b.score }
            return a.distance != b.distance ? a.distance < b.distance : a.index < b.index
        }
        let mine = region * stride
        // Candidates come in runs from one region (a district's list): the depth it shares with
        // this article's region is worked out once per run.
        var lastRegion = -1, shared = 0
        for candidate in pool where candidate != i && !best.contains(where: { $0.index == candidate }) {
            let otherRegion = entryRegion[candidate]
            if otherRegion != lastRegion {
                let theirs = otherRegion * stride
                shared = 0
                while shared < stride, lineageRows[mine + shared] >= 0, lineageRows[mine + shared] == lineageRows[theirs + shared] { shared += 1 }
                lastRegion = otherRegion
            }
            let topicOverlap = (topics & entryTopics[candidate]).nonzeroBitCount
            let scored = (index: candidate, score: (otherRegion == region ? 2 : 0) + shared * 2 + topicOverlap, distance: abs(candidate - i))
            if best.count == limit, let worst = best.last, !precedes(scored, worst) { continue }
            // Into its place by swaps from the end (an insertion at an index cost a generic
            // replacement of the array's range).
            best.append(scored)
            var at = best.count - 1
            while at > 0 && precedes(best[at], best[at - 1]) { best.swapAt(at, at - 1); at -= 1 }
            if best.count > limit { best.removeLast() }
        }
        return best.map(\.index)
    }

    /// How many places either side of an article, in each of its lists, `related` looks.
    static let relatedWindow = 6
    /// How many articles 本地最新 shows.
    package static let localLatestLimit = 5

    /// A hash of what decides which entries each article's page shows beside its own (`newer`,
    /// `older`, `related`, `localLatest`, `localRegion`): the entries' number and order, each one's
    /// region and topics, and the regions' lineages. Two builds with the same key give every article
    /// the same neighbours, by position: the entries at those positions may differ, and
    /// `pagesShowing` finds the pages that show one that did.
    package var neighbourhoodKey: UInt64 {
        var h = StableHasher()
        h.combine("neighbourhood")
        h.combine(entries.count)
        for i in entries.indices {
            h.combine(entryRegion[i])
            h.combine(Int(entryTopics[i]))
        }
        h.combine(lineageStride)
        for node in lineageRows { h.combine(Int(node)) }
        return h.value
    }

    /// The entries whose article pages show any of `changed` — as itself, the next newer or older
    /// article, a related one or one of 本地最新 — `changed` among them. Worked out the other way
    /// round from those functions, from where each changed entry stands in its own lists: `i` can
    /// have `x` among its related articles only within `relatedWindow` places of it in a list they
    /// share, and among 本地最新 only when `x` is one of the first of `i`'s local region's list.
    /// A superset (a candidate within the window may not have made the cut): what a rebuild must
    /// plan again when the cards of `changed` are all that changed.
    package func pagesShowing(_ changed: some Sequence<Int>) -> Set<Int> {
        var pages = Set<Int>()
        let window = Self.relatedWindow, stride = lineageStride
        func near(_ x: Int, in list: [Int]) {
            let position = list.lowerBound(of: x, by: <)
            guard position < list.count, list[position] == x else { return }
            pages.formUnion(list[max(0, position - window)..<min(list.count, position + window + 1)])
        }
        for x in changed {
            pages.insert(x)
            if let newer = newer(than: x) { pages.insert(newer) }
            if let older = older(than: x) { pages.insert(older) }
            let region = entryRegion[x]
            for depth in 0..<stride {
                let node = Int(lineageRows[region * stride + depth])
                if node < 0 { break }
                near(x, in: byRegion[node])
                // Local regions are a province or a city: the first two places of a lineage.
                guard depth < 2 else { continue }
                let list = byRegion[node]
                // Shown to every article of the region but itself: among the first `limit`, or
                // right after them to the articles among them.
                guard list.prefix(Self.localLatestLimit + 1).contains(x) else { continue }
                for i in list where localRegion(of: i) == node { pages.insert(i) }
            }
            for (t, list) in topicLists.enumerated() where entryTopics[x] & 1 << UInt8(t) != 0 { near(x, in: list) }
        }
        return pages
    }
}
