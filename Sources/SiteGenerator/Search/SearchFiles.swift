import SiteCore
import Synchronization
import Templates

/// Where the search index's files go: the one owner of their paths (`search.js` reads the same
/// layout from `meta.json`'s counts). Documents are numbered oldest first, so a new article takes
/// the next number and no other moves; the set of paths depends only on how many there are.
enum SearchFileLayout {
    static let page = "search/"
    static let meta = "search/meta.json"
    static let t2s = "search/t2s.txt"

    static func bucket(_ b: Int) -> String { "search/k/\(b).bin" }
    static func slot(_ s: Int) -> String { "search/t/\(s).bin" }
    /// What a result shows of document `d`, and the texts it was indexed from.
    static func fragment(_ d: Int) -> String { "search/d/\(d).json" }
}

/// What the search index is made of, from the site model.
enum SearchFiles {
    /// Search numbers documents oldest first: entry `i` (newest first) is document `n - 1 - i`.
    static func entryIndex(ofDocument id: Int, in site: Site) -> Int { site.entries.count - 1 - id }

    /// Entry indices in document order.
    static func entriesInDocumentOrder(_ site: Site) -> [Int] { Array(site.entries.indices.reversed()) }

    static func document(_ site: Site, _ i: Int) -> SearchIndex.Document {
        let entry = site.entries[i]
        return document(entry.article, body: entry.body, regions: site.regions)
    }

    /// What the index reads of one article (also without a site model, for `BodyEditRebuild`).
    static func document(_ a: Article, body: RenderedBody, regions: RegionTree) -> SearchIndex.Document {
        SearchIndex.Document(title: a.title, places: regions.fullName(of: a.region, separator: " "),
                             texts: [a.topics.map(\.chineseName).joined(separator: " "), a.date.chineseDate, a.source ?? "", a.author ?? ""],
                             body: [body.headingText, body.plainText])
    }

    static func fragment(_ site: Site, _ i: Int) -> String {
        let entry = site.entries[i]
        return fragment(entry.article, body: entry.body, urls: site.urls, regions: site.regions)
    }

    /// One document's result card and texts: title, link, date, region, topics, source, author,
    /// headings, text — everything it was indexed from (`document(fromFragment:)` reads it back).
    static func fragment(_ a: Article, body: RenderedBody, urls: SiteURLs, regions: RegionTree) -> String {
        let fields = [a.title, urls.path(a.outputDirectory), a.date.chineseDate, regions.fullName(of: a.region, separator: " "),
                      a.topics.map(\.chineseName).joined(separator: " "), a.source ?? "", a.author ?? "", body.headingText, body.plainText]
        return "[" + fields.map(JSONText.quoted).joined(separator: ",") + "]\n"
    }

    /// `meta.json`: the layout's counts, the common grams, the big keys' slots, each document's
    /// length (in units of 32, one character of `lengthDigits` each), province code and topic mask.
    static func meta(_ site: Site, _ index: SearchIndex.Files) -> String {
        let n = site.entries.count
        let roots = site.regions.roots
        var rootOf: [Int: Int] = [:]
        for (p, root) in roots.enumerated() { rootOf[root] = p }
        var docs = ""
        docs.reserveCapacity(n * 2)
        for id in 0..<n {
            let a = site.entries[entryIndex(ofDocument: id, in: site)].article
            let province = rootOf[site.regions.lineage(of: a.region)[0]] ?? 0
            var mask = 0
            for t in a.topics { mask |= 1 << Topic.allCases.firstIndex(of: t)! }
            docs.unicodeScalars.append(Unicode.Scalar(UInt8(65 + min(province, 60))))
            docs += String(mask, radix: 16)
        }
        let digits = Array(lengthDigits)
        let lengths = String(index.lengths.map { digits[min(63, $0 / 32)] })
        let average = index.lengths.isEmpty ? 0 : index.lengths.reduce(0, +) / index.lengths.count
        let provinces = roots.map { "[\(JSONText.quoted(site.regions[$0].slug)),\(JSONText.quoted(site.regions[$0].name))]" }
        let topics = Topic.allCases.map { "[\(JSONText.quoted($0.rawValue)),\(JSONText.quoted($0.chineseName))]" }
        let big = index.bigKeys.map { "\(JSONText.quoted($0.key)):\($0.slot)" }
        return """
        {"v":2,"n":\(n),"b":\(index.buckets.count),"s":\(index.slots.count),"maxn":\(SearchIndex.maximumGram),\
        "common":[\(index.common.map(JSONText.quoted).joined(separator: ","))],"big":{\(big.joined(separator: ","))},\
        "len":\(JSONText.quoted(lengths)),"avg":\(average),\
        "provinces":[\(provinces.joined(separator: ","))],"topics":[\(topics.joined(separator: ","))],"docs":\(JSONText.quoted(docs))}

        """
    }

    /// Document lengths in `meta.json`: one character per 32 units.
    static let lengthDigits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
}

extension SearchFiles {
    /// Each document's search hash, in document order (the manifest keeps them: a rebuild learns
    /// from them which documents the index must change for).
    static func documentHashes(_ site: Site, _ fp: Fingerprints) -> [UInt64] {
        entriesInDocumentOrder(site).map { Fingerprints.searchDocument(settings: fp.settings, full: fp.full[$0]) }
    }
}

/// The search index, built once per build by whichever job asks first (the others wait for it).
final class SearchIndexCache: Sendable {
    private let value = Locked<SearchIndex.Files?>(nil)

    init() {}

    func index(_ site: Site) -> SearchIndex.Files {
        value.withLock { cached in
            if let cached { return cached }
            let built = SearchIndex.build(SearchFiles.entriesInDocumentOrder(site).map { SearchFiles.document(site, $0) })
            cached = built
            return built
        }
    }
}
