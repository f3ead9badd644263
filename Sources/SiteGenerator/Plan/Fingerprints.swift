import SiteCore

/// Stable hashes of what templates read, computed once per build: what a job's `Freshness` is
/// made of.
///
/// The files that show one article's body (its own page, its search fragment chunk and search
/// segment) combine that article's `full` hash by XOR with the rest (`withShares`), so that a
/// rebuild that changes only that body can update their fingerprints from the old ones without the
/// rest of the site (`swappingShare`, used by `BodyEditRebuild`).
struct Fingerprints: Sendable {
    /// Everything every page shows: settings, region names, navigation, footer, stylesheet.
    let site: UInt64
    /// The settings hash alone (options, site.yaml, regions.yaml, assets).
    let settings: UInt64
    /// Per entry: what its list card shows (title, link, date, region, topics, summary, thumbnail).
    let card: [UInt64]
    /// Per entry: card plus what only its own page and feeds show (source, author, updated, body).
    let full: [UInt64]

    init(site: Site, settings: UInt64, stylesheetPath: String) {
        var h = StableHasher()
        h.combine(settings)
        h.combine(stylesheetPath)
        for page in site.pages { h.combine(page.page.slug); h.combine(page.page.title) }
        self.site = h.value
        self.settings = settings
        let entries = site.entries
        let card = parallelMap(entries.count) { Self.card(entries[$0].article, summary: entries[$0].summary, photo: entries[$0].photo) }
        self.card = card
        full = parallelMap(entries.count) { Self.full(card: card[$0], entries[$0].article, bodyHash: entries[$0].bodyHash) }
    }

    static func card(_ a: Article, summary: String, photo: ImageSet?) -> UInt64 {
        var h = StableHasher()
        h.combine(a.title)
        h.combine(a.date.epochSeconds)
        h.combine(a.region)
        for t in a.topics { h.combine(t.rawValue) }
        h.combine(summary)
        h.combine(a.outputDirectory)
        h.combine(photo?.destination ?? "\u{0}")
        h.combine(photo?.info.width ?? 0)
        h.combine(photo?.info.height ?? 0)
        return h.value
    }

    static func full(card: UInt64, _ a: Article, bodyHash: UInt64) -> UInt64 {
        var h = StableHasher()
        h.combine(card)
        h.combine(a.source ?? "\u{0}")
        h.combine(a.author ?? "\u{0}")
        h.combine(a.updated?.epochSeconds ?? -1)
        h.combine(a.editor ?? "\u{0}")
        h.combine(bodyHash)
        return h.value
    }

    /// An entry's share of a file's fingerprint, at `position` among the entries the file shows.
    private static func share(_ full: UInt64, at position: Int) -> UInt64 {
        var h = StableHasher()
        h.combine("entry")
        h.combine(position)
        h.combine(full)
        return h.value
    }

    /// A fingerprint in which the entry at `position` changed from `old` to `new` (its `full` hashes).
    static func swappingShare(_ fingerprint: UInt64, at position: Int, old: UInt64, new: UInt64) -> UInt64 {
        fingerprint ^ share(old, at: position) ^ share(new, at: position)
    }

    /// A search document's hash: what its index entries come from, under these settings.
    static func searchDocument(settings: UInt64, full: UInt64) -> UInt64 {
        var h = StableHasher()
        h.combine(settings)
        h.combine("search-document")
        h.combine(full)
        return h.value
    }

    func of(_ parts: UInt64...) -> UInt64 {
        var h = StableHasher()
        h.combine(site)
        for p in parts { h.combine(p) }
        return h.value
    }

    /// `base` combined with the shares of `entries` (by position).
    func withShares(_ base: UInt64, _ entries: [Int]) -> UInt64 {
        var value = base
        for (k, e) in entries.enumerated() { value ^= Self.share(full[e], at: k) }
        return value
    }

    func cards(_ entries: ArraySlice<Int>) -> UInt64 {
        var h = StableHasher()
        for i in entries { h.combine(card[i]) }
        return h.value
    }

    func fulls(_ entries: ArraySlice<Int>) -> UInt64 {
        var h = StableHasher()
        for i in entries { h.combine(full[i]) }
        return h.value
    }
}
