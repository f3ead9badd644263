import SiteCore

/// What templates render from: the site model, and what the render stage prepared for this build
/// (the stylesheet's published name, every list card and feed entry rendered once). The model
/// itself holds no render state; templates read its properties through this value as if it were
/// the site (`site.entries`, `site.urls`).
@dynamicMemberLookup
package struct RenderContext: Sendable {
    package let site: Site
    /// `assets/style.<hash>.css`.
    package let stylesheetPath: String
    /// Each entry's list card by heading level (`cards[level]![entry]`), when rendered ahead.
    let cards: [Int: [String]]
    /// Atom `<entry>` elements by entry index, when rendered ahead.
    let feedEntries: [Int: String]

    package init(site: Site, stylesheetPath: String) {
        self.site = site
        self.stylesheetPath = stylesheetPath
        cards = [:]
        feedEntries = [:]
    }

    private init(site: Site, stylesheetPath: String, cards: [Int: [String]], feedEntries: [Int: String]) {
        self.site = site
        self.stylesheetPath = stylesheetPath
        self.cards = cards
        self.feedEntries = feedEntries
    }

    /// This context with every entry's card rendered once (list pages then copy them), and the
    /// entries the given feeds show (lists of entry indices).
    package func renderingAhead(feeds: [[Int]]) -> RenderContext {
        RenderContext(site: site, stylesheetPath: stylesheetPath, cards: Fragments.renderCards(self),
                      feedEntries: AtomFeed.renderEntries(self, shownIn: feeds))
    }

    package subscript<T>(dynamicMember property: KeyPath<Site, T>) -> T { site[keyPath: property] }

    package func related(to i: Int) -> [Int] { site.related(to: i) }
    package func newer(than i: Int) -> Int? { site.newer(than: i) }
    package func older(than i: Int) -> Int? { site.older(than: i) }
}
