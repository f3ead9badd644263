import SiteCore

/// What a rebuild takes from the last build's plan instead of working it out again: the freshness
/// of each article page that shows none of the articles that changed. Working out each page's
/// neighbours (its related articles above all) was the largest part of planning a rebuild, done
/// for 10,000 pages when a title edit changes a few dozen.
///
/// An article page's freshness is made of the site's fingerprint, the cards of the entries at its
/// neighbours' positions (`Site.neighbourhoodKey` decides those positions) and its own entry's
/// `full` hash. With the same key as the last build, a page showing no changed entry has the
/// freshness the last build recorded for it. The entries that changed are those whose search
/// document hash (made of their `full` hash, which holds their card) differs from the last
/// build's at the same document number.
struct PlanReuse: Sendable {
    /// The entries whose pages are planned afresh.
    let replanned: Set<Int>
    private let previous: BuildManifest

    /// What a build records, for the next one to compare with its own.
    static func key(_ site: Site, _ fingerprints: Fingerprints) -> UInt64 {
        var h = StableHasher()
        h.combine(fingerprints.site)
        h.combine(site.neighbourhoodKey)
        return h.value
    }

    /// Nil when nothing can be taken: no last build, another key, or another number of documents.
    init?(site: Site, key: UInt64, documentHashes: [UInt64], previous: BuildManifest?) {
        guard let previous, previous.planKey == key, let old = previous.searchDocuments[0], old.count == documentHashes.count else { return nil }
        // An array, not a lazy sequence: `pagesShowing` is generic, and called from this module
        // with a lazy filter it walked the 10,000 documents through the runtime's protocol calls.
        let changed = old.indices.filter { old[$0] != documentHashes[$0] }.map { SearchFiles.entryIndex(ofDocument: $0, in: site) }
        replanned = site.pagesShowing(changed)
        self.previous = previous
    }

    /// The freshness the last build recorded for entry `i`'s page at `path`; nil when the page is
    /// planned afresh.
    func freshness(ofPage i: Int, at path: OutputPath) -> UInt64? {
        guard !replanned.contains(i), case .inputs(let fingerprint)? = previous.outputs[path.value]?.freshness else { return nil }
        return fingerprint
    }
}
