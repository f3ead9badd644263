import SiteCore
import Synchronization
import Templates

/// Where the search index's files go and which documents each holds: the one owner of their
/// paths and ranges (`search.js` reads the same layout from `meta.json`'s counts). Documents are
/// numbered oldest first, so a new article joins the last segment and chunk.
enum SearchFileLayout {
    enum BucketKind: String, CaseIterable, Sendable {
        /// Words and bigrams (`i`), and single characters (`u`).
        case tokens = "i", characters = "u"

        var count: Int { self == .tokens ? SearchIndex.tokenBuckets : SearchIndex.characterBuckets }
    }

    static let page = "search/"
    static let meta = "search/meta.json"
    static let t2s = "search/t2s.txt"

    static func bucket(_ kind: BucketKind, segment s: Int, _ b: Int) -> String { "search/\(kind.rawValue)/\(s)/\(b).json" }

    static func fragmentChunk(_ chunk: Int) -> String { "search/f/\(chunk).json" }

    /// The segment holding document `d`, and its position there.
    static func segment(ofDocument d: Int) -> (segment: Int, position: Int) {
        let (q, r) = d.quotientAndRemainder(dividingBy: SearchIndex.segmentSize)
        return (q, r)
    }

    /// The fragment chunk holding document `d`, and its line there.
    static func chunk(ofDocument d: Int) -> (chunk: Int, line: Int) {
        let (q, r) = d.quotientAndRemainder(dividingBy: SearchIndex.fragmentSize)
        return (q, r)
    }

    static func documents(inSegment s: Int, of n: Int) -> Range<Int> { (s * SearchIndex.segmentSize)..<min(n, (s + 1) * SearchIndex.segmentSize) }

    static func documents(inChunk c: Int, of n: Int) -> Range<Int> { (c * SearchIndex.fragmentSize)..<min(n, (c + 1) * SearchIndex.fragmentSize) }

    static func chunkCount(documents n: Int) -> Int { (n + SearchIndex.fragmentSize - 1) / SearchIndex.fragmentSize }
}

/// A fragment chunk's text: one JSON array of result cards, one card a line (JSON strings escape
/// line breaks) — the first after `[`, each but the last followed by `,`, the last by `]`.
enum FragmentChunk {
    static func text(_ fragments: [String]) -> String { "[" + fragments.joined(separator: ",\n") + "]\n" }

    /// The chunk with card `k` replaced, or nil if it is not a chunk of this shape.
    static func replacing(_ k: Int, with fragment: String, in chunk: [UInt8]) -> [UInt8]? {
        var lines = chunk.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        guard lines.count >= 2, lines.last!.isEmpty else { return nil }
        lines.removeLast()
        guard k < lines.count else { return nil }
        let last = k == lines.count - 1
        var line: [UInt8] = k == 0 ? [0x5B] : []
        line += Array(fragment.utf8)
        line.append(last ? 0x5D : 0x2C)
        lines[k] = line
        return Array(lines.joined(separator: [0x0A])) + [0x0A]
    }
}

/// What the search index is made of, from the site model.
enum SearchFiles {
    /// Search numbers documents oldest first: entry `i` (newest first) is document `n - 1 - i`.
    static func entryIndex(ofDocument id: Int, in site: Site) -> Int { site.entries.count - 1 - id }

    /// Entry indices of a segment's documents, in document order.
    static func entries(ofSegment s: Int, in site: Site) -> [Int] {
        SearchFileLayout.documents(inSegment: s, of: site.entries.count).map { entryIndex(ofDocument: $0, in: site) }
    }

    /// Entry indices of a fragment chunk's documents, in document order.
    static func entries(ofChunk c: Int, in site: Site) -> [Int] {
        SearchFileLayout.documents(inChunk: c, of: site.entries.count).map { entryIndex(ofDocument: $0, in: site) }
    }

    static func document(_ site: Site, _ i: Int) -> SearchIndex.Document {
        let entry = site.entries[i]
        return document(entry.article, summary: entry.summary, body: entry.body, regions: site.regions)
    }

    /// What the index reads of one article (also without a site model, for `BodyEditRebuild`).
    static func document(_ a: Article, summary: String, body: RenderedBody, regions: RegionTree) -> SearchIndex.Document {
        var texts = [summary, regions.lineage(of: a.region).map { regions[$0].name }.joined(separator: " "),
                     a.topics.map(\.chineseName).joined(separator: " "), a.date.chineseDate]
        if let source = a.source { texts.append(source) }
        if let author = a.author { texts.append(author) }
        return SearchIndex.Document(title: a.title, texts: texts, bodyTexts: [body.headingText, body.plainText])
    }

    /// One document's result card data: title, link, date, region, topics, summary, text excerpt.
    static func fragment(_ site: Site, _ i: Int) -> String {
        let entry = site.entries[i]
        return fragment(entry.article, summary: entry.summary, plainText: entry.body.plainText, urls: site.urls, regions: site.regions)
    }

    static func fragment(_ a: Article, summary: String, plainText: String, urls: SiteURLs, regions: RegionTree) -> String {
        let excerpt = String(Summary.flatten(plainText, upTo: SearchIndex.excerptLength).0)
        let fields = [a.title, urls.path(a.outputDirectory), a.date.chineseDate, regions.fullName(of: a.region, separator: " "),
                      a.topics.map(\.chineseName).joined(separator: "、"), summary, excerpt]
        return "[" + fields.map(JSONText.quoted).joined(separator: ",") + "]"
    }

    static func fragmentChunk(_ site: Site, _ chunk: Int) -> String {
        FragmentChunk.text(entries(ofChunk: chunk, in: site).map { fragment(site, $0) })
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

/// How a search segment is made in this build.
enum SegmentUpdate: Sendable {
    /// From all its documents.
    case build
    /// From the last build's files: `removed` documents taken out, `added` ones put in (segment-local numbers).
    case patch(tokens: [[UInt8]], characters: [[UInt8]], removed: Set<Int>, added: [Int])

    /// Past this many changed documents, building the segment afresh is as quick.
    static let patchLimit = 64

    /// Patches when the last build recorded the segment's documents, few of them changed, and its
    /// files are still the ones it wrote (same size and modification time).
    static func decide(segment s: Int, hashes: [UInt64], previous: BuildManifest?, outputRoot: String) -> SegmentUpdate {
        guard let previous, let old = previous.searchDocuments[s] else { return .build }
        var changed: [Int] = []
        for p in 0..<min(old.count, hashes.count) where old[p] != hashes[p] { changed.append(p) }
        changed += Array(min(old.count, hashes.count)..<hashes.count)
        let gone = Array(hashes.count..<max(hashes.count, old.count))
        guard changed.count + gone.count <= patchLimit else { return .build }
        func read(_ kind: SearchFileLayout.BucketKind) -> [[UInt8]]? {
            var files: [[UInt8]] = []
            for b in 0..<kind.count {
                let path = SearchFileLayout.bucket(kind, segment: s, b)
                guard let record = previous.outputs[path], FileSystem.stamp(outputRoot + "/" + path) == record.stamp,
                      let bytes = try? FileSystem.readBytes(outputRoot + "/" + path) else { return nil }
                files.append(bytes)
            }
            return files
        }
        guard let tokens = read(.tokens), let characters = read(.characters) else { return .build }
        return .patch(tokens: tokens, characters: characters, removed: Set(changed + gone), added: changed)
    }

    /// Entries whose bodies the update reads.
    func bodies(segment s: Int, in site: Site) -> [Int] {
        switch self {
        case .build: return SearchFiles.entries(ofSegment: s, in: site)
        case .patch(_, _, _, let added):
            let first = SearchFileLayout.documents(inSegment: s, of: site.entries.count).lowerBound
            return added.map { SearchFiles.entryIndex(ofDocument: first + $0, in: site) }
        }
    }
}

extension SearchFiles {
    /// Per segment, a hash per document of everything its index entries come from.
    static func documentHashes(_ site: Site, _ fp: Fingerprints) -> [[UInt64]] {
        (0..<SearchIndex.segmentCount(documents: site.entries.count)).map { s in
            entries(ofSegment: s, in: site).map { Fingerprints.searchDocument(settings: fp.settings, full: fp.full[$0]) }
        }
    }
}

/// Each search segment built once per build, by whichever job asks first (the others wait for it).
final class SearchSegmentCache: Sendable {
    private final class Slot: Sendable {
        let value = Locked<SearchIndex.Segment?>(nil)
        let update = Locked<SegmentUpdate>(.build)
    }

    private let slots: [Slot]
    /// The last build's bucket files of the segments being patched, by path.
    private let previous = Locked<[String: [UInt8]]>([:])

    init(count: Int) { slots = (0..<count).map { _ in Slot() } }

    /// How each segment written this build is to be made (a segment not listed is built afresh).
    func plan(_ updates: [(Int, SegmentUpdate)]) {
        for (s, update) in updates {
            slots[s].update.withLock { $0 = update }
            if case .patch(let tokens, let characters, _, _) = update {
                previous.withLock { files in
                    for (b, bytes) in tokens.enumerated() { files[SearchFileLayout.bucket(.tokens, segment: s, b)] = bytes }
                    for (b, bytes) in characters.enumerated() { files[SearchFileLayout.bucket(.characters, segment: s, b)] = bytes }
                }
            }
        }
    }

    /// A bucket file as the last build wrote it, when its segment is being patched from it.
    func previousBytes(_ path: String) -> [UInt8]? { previous.withLock { $0[path] } }

    func segment(_ s: Int, _ site: Site) -> SearchIndex.Segment {
        slots[s].value.withLock { cached in
            if let cached { return cached }
            let segment = Self.make(s, slots[s].update.withLock { $0 }, site)
            cached = segment
            return segment
        }
    }

    private static func make(_ s: Int, _ update: SegmentUpdate, _ site: Site) -> SearchIndex.Segment {
        if case .patch(let tokens, let characters, let removed, let added) = update,
           let patched = SearchIndex.patchSegment(previous: (tokens, characters), removed: removed, added: added.map {
               ($0, SearchFiles.document(site, SearchFiles.entryIndex(ofDocument: SearchFileLayout.documents(inSegment: s, of: site.entries.count).lowerBound + $0, in: site)))
           }) {
            return patched
        }
        return SearchIndex.buildSegment(SearchFiles.entries(ofSegment: s, in: site).map { SearchFiles.document(site, $0) })
    }
}

extension SearchIndex.Segment {
    func bucket(_ kind: SearchFileLayout.BucketKind, _ b: Int) -> String { (kind == .tokens ? tokens : characters)[b] }
}
