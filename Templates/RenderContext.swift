import SiteCore

/// What templates render from: the site model, the edition being rendered and its URLs, and what
/// the render stage prepared for this build (the stylesheet's published name, the feeds' entries
/// rendered once) or keeps as it goes (each list card rendered once, when first shown). The model itself holds no render state; templates read its
/// properties through this value as if it were the site (`site.entries`, `site.urls`).
@dynamicMemberLookup
package struct RenderContext: Sendable {
    package let site: Site
    /// `assets/style.<hash>.css`.
    package let stylesheetPath: String
    package let edition: Edition
    /// The site's URLs in this edition (a page's links stay in the reader's edition).
    package let urls: SiteURLs
    /// Each entry's list card (with an `h2` headline), rendered when a page first shows it.
    let cards: CardMemo
    /// Atom `<entry>` elements by entry index, when rendered ahead (a cache: an entry not there is
    /// rendered where it is shown).
    let feedEntries: FeedEntries
    /// The 繁體版's context, when the site publishes one (nil within it).
    private let traditionalEdition: Box?

    /// Released once the feeds are written (`releaseFeedEntries`): at 100,000 articles the entries
    /// were 11 MiB held through the search index's build, the build's peak.
    final class FeedEntries: Sendable {
        private let entries: Locked<[Int: String]>
        init(_ entries: [Int: String]) { self.entries = Locked(entries) }
        subscript(index: Int) -> String? { entries.withLock { $0[index] } }
        func release() { entries.withLock { $0 = [:] } }
    }

    final class Box: Sendable {
        let context: RenderContext
        init(_ context: RenderContext) { self.context = context }
    }

    /// Strings kept by entry index, filled in from any thread, in a scratch file (on disk in a
    /// build: a card is shown on a handful of pages, and 50,000 of them are 45 MB); a value may be
    /// computed twice when two threads ask at once (both the same), kept once. A card that cannot be
    /// kept or read back is rendered again: the store is a cache, never a source.
    final class CardMemo: @unchecked Sendable {
        private let records: Locked<[Int32]>
        let store: ScratchFile
        init(count: Int, store: ScratchFile) {
            records = Locked(Array(repeating: -1, count: count))
            self.store = store
        }

        func value(_ index: Int, _ make: () -> String) -> String {
            let record = records.withLock { $0[index] }
            if record >= 0, let known = store.readText(Int(record)) { return known }
            let made = make()
            guard record < 0, let kept = store.append([Array(made.utf8)]) else { return made }
            records.withLock { if $0[index] < 0 { $0[index] = Int32(kept.lowerBound) } }
            return made
        }
    }

    /// `cards`: where rendered list cards are kept (a build's is a file in its staging folder).
    package init(site: Site, stylesheetPath: String, cards: ScratchFile = ScratchFile()) {
        self.init(site: site, stylesheetPath: stylesheetPath, edition: .simplified, feedEntries: FeedEntries([:]), traditional: nil, cards: cards)
    }

    private init(site: Site, stylesheetPath: String, edition: Edition, feedEntries: FeedEntries, traditional: Box?, cards store: ScratchFile) {
        self.site = site
        self.stylesheetPath = stylesheetPath
        self.edition = edition
        urls = site.urls.in(edition)
        cards = CardMemo(count: site.entries.count, store: store)
        self.feedEntries = feedEntries
        var traditional = traditional
        if edition == .simplified, traditional == nil, site.config.traditionalEdition {
            traditional = Box(RenderContext(site: site, stylesheetPath: stylesheetPath, edition: .traditional, feedEntries: FeedEntries([:]), traditional: nil,
                                            cards: store))
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

    /// This context with the entries the given feeds show (lists of entry indices) rendered once;
    /// the 繁體版's as well.
    package func renderingAhead(feeds: [[Int]]) -> RenderContext {
        let ahead = { (c: RenderContext) in
            RenderContext(site: c.site, stylesheetPath: c.stylesheetPath, edition: c.edition, feedEntries: FeedEntries(AtomFeed.renderEntries(c, shownIn: feeds)),
                          traditional: nil, cards: c.cards.store)
        }
        let traditional = traditionalEdition.map { Box(ahead($0.context)) }
        return RenderContext(site: site, stylesheetPath: stylesheetPath, edition: edition, feedEntries: FeedEntries(AtomFeed.renderEntries(self, shownIn: feeds)),
                             traditional: traditional, cards: cards.store)
    }

    /// Drops the entries rendered ahead, in both editions (after the feeds are written; a feed
    /// rendered later renders its entries itself).
    package func releaseFeedEntries() {
        feedEntries.release()
        traditionalEdition?.context.feedEntries.release()
    }

    package subscript<T>(dynamicMember property: KeyPath<Site, T>) -> T { site[keyPath: property] }

    package func related(to i: Int) -> [Int] { site.related(to: i) }
    package func newer(than i: Int) -> Int? { site.newer(than: i) }
    package func older(than i: Int) -> Int? { site.older(than: i) }
}
