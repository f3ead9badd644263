import SiteCore

/// What templates render from: the site model, the edition being rendered and its URLs, and what
/// the render stage prepared for this build (the stylesheet's published name, every list card and
/// feed entry rendered once). The model itself holds no render state; templates read its
/// properties through this value as if it were the site (`site.entries`, `site.urls`).
@dynamicMemberLookup
package struct RenderContext: Sendable {
    package let site: Site
    /// `assets/style.<hash>.css`.
    package let stylesheetPath: String
    package let edition: Edition
    /// The site's URLs in this edition (a page's links stay in the reader's edition).
    package let urls: SiteURLs
    /// Each entry's list card by heading level (`cards[level]![entry]`), when rendered ahead.
    let cards: [Int: [String]]
    /// Atom `<entry>` elements by entry index, when rendered ahead.
    let feedEntries: [Int: String]
    /// The 繁體版's context, when the site publishes one (nil within it).
    private let traditionalEdition: Box?

    final class Box: Sendable {
        let context: RenderContext
        init(_ context: RenderContext) { self.context = context }
    }

    package init(site: Site, stylesheetPath: String) {
        self.init(site: site, stylesheetPath: stylesheetPath, edition: .simplified, cards: [:], feedEntries: [:], traditional: nil)
    }

    private init(site: Site, stylesheetPath: String, edition: Edition, cards: [Int: [String]], feedEntries: [Int: String], traditional: Box?) {
        self.site = site
        self.stylesheetPath = stylesheetPath
        self.edition = edition
        urls = site.urls.in(edition)
        self.cards = cards
        self.feedEntries = feedEntries
        var traditional = traditional
        if edition == .simplified, traditional == nil, site.config.traditionalEdition {
            traditional = Box(RenderContext(site: site, stylesheetPath: stylesheetPath, edition: .traditional, cards: [:], feedEntries: [:], traditional: nil))
        }
        traditionalEdition = traditional
    }

    /// The same site as the 繁體版 renders it (its pages still to be converted: `TraditionalConverter`).
    package var traditional: RenderContext {
        guard let box = traditionalEdition else { preconditionFailure("the site publishes no 繁體版 (traditional_edition: false)") }
        return box.context
    }

    /// Whether the site publishes the other edition of this one's pages.
    package var hasOtherEdition: Bool { site.config.traditionalEdition }

    /// This context with every entry's card rendered once (list pages then copy them), and the
    /// entries the given feeds show (lists of entry indices); the 繁體版's as well.
    package func renderingAhead(feeds: [[Int]]) -> RenderContext {
        let ahead = { (c: RenderContext) in
            RenderContext(site: c.site, stylesheetPath: c.stylesheetPath, edition: c.edition, cards: Fragments.renderCards(c),
                          feedEntries: AtomFeed.renderEntries(c, shownIn: feeds), traditional: nil)
        }
        let traditional = traditionalEdition.map { Box(ahead($0.context)) }
        return RenderContext(site: site, stylesheetPath: stylesheetPath, edition: edition, cards: Fragments.renderCards(self),
                             feedEntries: AtomFeed.renderEntries(self, shownIn: feeds), traditional: traditional)
    }

    package subscript<T>(dynamicMember property: KeyPath<Site, T>) -> T { site[keyPath: property] }

    package func related(to i: Int) -> [Int] { site.related(to: i) }
    package func newer(than i: Int) -> Int? { site.newer(than: i) }
    package func older(than i: Int) -> Int? { site.older(than: i) }
}
