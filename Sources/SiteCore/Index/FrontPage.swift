/// What the home page shows, in order of importance, no story twice: the 头条, the 要闻 under
/// it, then each 栏目's newest headlines not already shown.
package struct FrontPage: Sendable, Equatable {
    /// The newest article marked `featured: true`; else the newest with a photo; else the newest.
    package var lead: Int?
    package var top: [Int]
    package var topics: [(topic: Topic, entries: [Int])]

    package static let topCount = 5

    package init(_ site: Site) {
        let entries = site.entries
        // Leads are looked for among the newest: a photo from years ago does not lead today's page.
        let recent = entries.indices.prefix(max(50, site.config.pageSize))
        lead = recent.first { entries[$0].article.featured } ?? recent.first { entries[$0].photo != nil } ?? entries.indices.first
        var shown = Set(lead.map { [$0] } ?? [])
        top = Array(entries.indices.lazy.filter { !shown.contains($0) }.prefix(Self.topCount))
        shown.formUnion(top)
        var topics: [(topic: Topic, entries: [Int])] = []
        if site.config.homeTopicCount > 0 {
            for topic in Topic.allCases {
                let picked = Array(site.byTopic[topic]!.lazy.filter { !shown.contains($0) }.prefix(site.config.homeTopicCount))
                shown.formUnion(picked)
                topics.append((topic, picked))
            }
        }
        self.topics = topics
    }

    /// Every entry the page shows, in page order.
    package var shown: [Int] { (lead.map { [$0] } ?? []) + top + topics.flatMap(\.entries) }

    package static func == (a: FrontPage, b: FrontPage) -> Bool {
        a.lead == b.lead && a.top == b.top && a.topics.map(\.topic) == b.topics.map(\.topic) && a.topics.map(\.entries) == b.topics.map(\.entries)
    }
}
