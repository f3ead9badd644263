import SiteCore
import Synchronization
import Templates

/// What the search index is made of, from the site model.
enum SearchFiles {
    /// Search numbers documents oldest first: entry `i` (newest first) is document `n - 1 - i`.
    static func entryIndex(ofDocument id: Int, in site: Site) -> Int { site.entries.count - 1 - id }

    static func document(_ site: Site, _ i: Int) -> SearchIndex.Document {
        let entry = site.entries[i]
        let a = entry.article
        var texts = [entry.summary, site.regions.lineage(of: a.region).map { site.regions[$0].name }.joined(separator: " "),
                     a.topics.map(\.chineseName).joined(separator: " "), a.date.chineseDate]
        if let source = a.source { texts.append(source) }
        if let author = a.author { texts.append(author) }
        return SearchIndex.Document(title: a.title, texts: texts, bodyTexts: [entry.body.headingText, entry.body.plainText])
    }

    /// One document's result card data: title, link, date, region, topics, summary, text excerpt.
    static func fragment(_ site: Site, _ i: Int) -> String {
        let entry = site.entries[i]
        let a = entry.article
        let excerpt = String(Summary.flatten(entry.body.plainText, upTo: SearchIndex.excerptLength).0)
        let fields = [a.title, site.urls.path(entry.directory), a.date.chineseDate, site.regions.fullName(of: a.region, separator: " "),
                      a.topics.map(\.chineseName).joined(separator: "、"), entry.summary, excerpt]
        return "[" + fields.map(JSONText.quoted).joined(separator: ",") + "]"
    }

    static func fragmentChunk(_ site: Site, _ chunk: Int) -> String {
        let n = site.entries.count
        let ids = (chunk * SearchIndex.fragmentSize)..<min(n, (chunk + 1) * SearchIndex.fragmentSize)
        return "[" + ids.map { fragment(site, entryIndex(ofDocument: $0, in: site)) }.joined(separator: ",\n") + "]\n"
    }

    /// Counts, bucket sizes, the filters' values, and per document a province code and a topic mask.
    static func meta(_ site: Site) -> String {
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
        let provinces = roots.map { "[\(JSONText.quoted(site.regions[$0].slug)),\(JSONText.quoted(site.regions[$0].name))]" }
        let topics = Topic.allCases.map { "[\(JSONText.quoted($0.rawValue)),\(JSONText.quoted($0.chineseName))]" }
        return """
        {"v":1,"n":\(n),"seg":\(SearchIndex.segmentSize),"b":\(SearchIndex.tokenBuckets),"u":\(SearchIndex.characterBuckets),\
        "chunk":\(SearchIndex.fragmentSize),"provinces":[\(provinces.joined(separator: ","))],"topics":[\(topics.joined(separator: ","))],\
        "docs":\(JSONText.quoted(docs))}

        """
    }
}

/// Each search segment built once per build, by whichever job needs it first.
final class SearchSegmentCache: Sendable {
    private final class Slot: Sendable {
        let value = Locked<SearchIndex.Segment?>(nil)
    }

    private let slots: [Slot]

    init(count: Int) { slots = (0..<count).map { _ in Slot() } }

    /// Builds the given segments on all cores, so that render jobs only read them.
    func prepare(_ segments: [Int], _ site: Site) {
        let built = parallelMap(segments.count) { Self.build(segments[$0], site) }
        for (n, s) in segments.enumerated() { slots[s].value.withLock { $0 = built[n] } }
    }

    func segment(_ s: Int, _ site: Site) -> SearchIndex.Segment {
        slots[s].value.withLock { cached in
            if let cached { return cached }
            let segment = Self.build(s, site)
            cached = segment
            return segment
        }
    }

    private static func build(_ s: Int, _ site: Site) -> SearchIndex.Segment {
        let n = site.entries.count
        let ids = (s * SearchIndex.segmentSize)..<min(n, (s + 1) * SearchIndex.segmentSize)
        return SearchIndex.buildSegment(ids.map { SearchFiles.document(site, SearchFiles.entryIndex(ofDocument: $0, in: site)) })
    }
}
