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
    /// Each document's province and topics, for the filters (fetched only when one is set).
    static let filters = "search/filters.txt"

    static func bucket(_ b: Int) -> String { .joining("search/k/", number: b, ".bin") }
    static func slot(_ s: Int) -> String { .joining("search/t/", number: s, ".bin") }
    /// What a result shows of document `d`, and the texts it was indexed from.
    static func fragment(_ d: Int) -> String { .joining("search/d/", number: d, ".json") }
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
                             texts: [a.topics.map(\.chineseName).joined(separator: " "), a.date.chineseDate, a.source ?? "", a.author ?? "",
                                     a.summary ?? ""],
                             body: [body.headingText, body.plainText])
    }

    static func fragment(_ site: Site, _ i: Int) -> [UInt8] {
        let entry = site.entries[i]
        return fragment(entry.article, body: entry.body, urls: site.urls, regions: site.regions)
    }

    /// One document's result card and texts: title, link, date, region, topics, source, author,
    /// headings, text, and the summary its front matter gives — everything it was indexed from
    /// (`document(fromFragment:)` reads it back). A derived summary is the text's beginning: not again.
    /// Bytes, written as they are: made into a string, the text of every article was checked again.
    static func fragment(_ a: Article, body: RenderedBody, urls: SiteURLs, regions: RegionTree) -> [UInt8] {
        let fields = [a.title, urls.path(a.outputDirectory), a.date.chineseDate, regions.fullName(of: a.region, separator: " "),
                      a.topics.map(\.chineseName).joined(separator: " "), a.source ?? "", a.author ?? "", body.headingText, body.plainText,
                      a.summary ?? ""]
        var out: [UInt8] = [0x5B]
        out.reserveCapacity(fields.reduce(16) { $0 + $1.utf8.count + 3 })
        for (n, field) in fields.enumerated() {
            if n > 0 { out.append(0x2C) }
            JSONText.append(quoted: field, to: &out)
        }
        out += [0x5D, 0x0A]
        return out
    }

    /// `meta.json`: the layout's counts, the common grams, the big keys' slots, each document's
    /// length (in units of 32, one character of `lengthDigits` each) and all of them summed, the
    /// provinces and topics the filters offer, which characters have a Simplified form.
    static func meta(_ site: Site, _ index: IndexFiles) -> String {
        let digits = Array(lengthDigits.utf8)
        return meta(site, lengths: String(decoding: index.lengths.map { digits[min(63, $0 / 32)] }, as: UTF8.self), units: index.lengths.reduce(0, +),
                    common: index.common, big: index.bigKeys, buckets: index.bucketCount, slots: index.slotCount)
    }

    static func meta(_ site: Site, lengths: String, units: Int, common: [String], big: [(key: String, slot: Int)], buckets: Int, slots: Int) -> String {
        MetaFile(documents: site.entries.count, buckets: buckets, slots: slots, common: common, big: big, lengths: lengths, units: units,
                 provinces: site.regions.roots.map { (site.regions[$0].slug, site.regions[$0].name) },
                 topics: Topic.allCases.map { ($0.rawValue, $0.chineseName) }).text
    }

    /// `filters.txt`: per document, two characters: its province (`A` + the province's number) and
    /// its topics (a hexadecimal mask). Only a query with a filter set needs it.
    static func documentCodes(_ site: Site) -> String {
        // Each region node's province (its root's place among the roots), worked out once per node.
        let nodes = site.regions.nodes
        var provinceOf = [Int](repeating: 0, count: nodes.count)
        for (p, root) in site.regions.roots.enumerated() { provinceOf[root] = p }
        for (n, node) in nodes.enumerated() where node.parent != nil { provinceOf[n] = provinceOf[node.parent!] }  // parents come first
        var docs: [UInt8] = []
        docs.reserveCapacity(site.entries.count * 2)
        for id in 0..<site.entries.count {
            let e = entryIndex(ofDocument: id, in: site)
            docs.append(UInt8(65 + min(provinceOf[site.entries[e].article.region], 60)))
            Digits.append(UInt64(site.topicBits(of: e)), base: 16, to: &docs)  // (String(_:radix:), generic here, was 440 instructions a document)
        }
        return String(decoding: docs, as: UTF8.self)
    }

    /// The texts a document was indexed from, read back from its fragment (`fragment` writes them).
    static func document(fromFragment bytes: [UInt8]) -> SearchIndex.Document? {
        guard let fields = JSONValue.parse(bytes)?.array?.compactMap(\.string), fields.count == 10 else { return nil }
        return SearchIndex.Document(title: fields[0], places: fields[3], texts: [fields[4], fields[2], fields[5], fields[6], fields[9]],
                                    body: [fields[7], fields[8]])
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

/// `search/meta.json`: what the query side needs before it fetches a key — the layout's counts,
/// the common grams, the big keys' slots, each document's length (in units of 32, a character of
/// `SearchFiles.lengthDigits` each) and their sum, each document's province code and topic mask,
/// and the filters' values. Written and read back here, for a patch.
struct MetaFile: Sendable {
    var documents: Int
    var buckets: Int
    var slots: Int
    var common: [String]
    var big: [(key: String, slot: Int)]
    var lengths: String
    var units: Int
    var provinces: [(String, String)]
    var topics: [(String, String)]

    var text: String {
        let bigKeys = big.map { "\(JSONText.quoted($0.key)):\($0.slot)" }
        func pairs(_ list: [(String, String)]) -> String { list.map { "[\(JSONText.quoted($0.0)),\(JSONText.quoted($0.1))]" }.joined(separator: ",") }
        return """
        {"v":2,"n":\(documents),"b":\(buckets),"s":\(slots),"maxn":\(SearchIndex.maximumGram),\
        "common":[\(common.map(JSONText.quoted).joined(separator: ","))],"big":{\(bigKeys.joined(separator: ","))},\
        "len":\(JSONText.quoted(lengths)),"units":\(units),"avg":\(documents == 0 ? 0 : units / documents),\
        "provinces":[\(pairs(provinces))],"topics":[\(pairs(topics))],\
        "trad":"\(SearchText.traditionalBitmap)"}

        """
    }

    static func read(_ bytes: [UInt8]) -> MetaFile? {
        guard let meta = JSONValue.parse(bytes), meta["v"]?.number == 2, let n = meta["n"]?.number, let b = meta["b"]?.number,
              let s = meta["s"]?.number, let common = meta["common"]?.array?.compactMap(\.string), let big = meta["big"]?.object,
              let lengths = meta["len"]?.string, let units = meta["units"]?.number, lengths.count == Int(n) else { return nil }
        func pairs(_ key: String) -> [(String, String)]? {
            meta[key]?.array?.map { pair -> (String, String)? in
                guard let a = pair.array, a.count == 2, let x = a[0].string, let y = a[1].string else { return nil }
                return (x, y)
            }.compactMap { $0 }
        }
        var bigKeys: [(key: String, slot: Int)] = []
        for (key, value) in big { guard let slot = value.number else { return nil }; bigKeys.append((key, Int(slot))) }
        bigKeys.sort { ByteSearch.precedes($0.key, $1.key) }  // byte order, without an array per comparison
        guard let provinces = pairs("provinces"), let topics = pairs("topics") else { return nil }
        return MetaFile(documents: Int(n), buckets: Int(b), slots: Int(s), common: common, big: bigKeys, lengths: lengths, units: Int(units),
                        provinces: provinces, topics: topics)
    }

    var layout: SearchIndex.Layout {
        SearchIndex.Layout(documents: documents, common: common, big: Dictionary(uniqueKeysWithValues: big.map { ($0.key, $0.slot) }))
    }

    /// This file after a patch: the changed documents' lengths (`old`: theirs before) and count.
    func patched(_ files: SearchIndex.PatchedFiles, old: [Int: Int], documents n: Int) -> MetaFile {
        var meta = self
        // As bytes (the digits are ASCII): as characters, the 10,000 of them were split into
        // graphemes and joined again through generic code.
        let digits = Array(SearchFiles.lengthDigits.utf8)
        var lengths = Array(meta.lengths.utf8)
        while lengths.count < n { lengths.append(digits[0]) }
        for (d, length) in files.lengths {
            lengths[d] = digits[min(63, length / 32)]
            meta.units += length - (old[d] ?? 0)
        }
        meta.lengths = String(decoding: lengths, as: UTF8.self)
        meta.documents = n
        meta.buckets = SearchIndex.bucketCount(documents: n)
        meta.slots = SearchIndex.slotCount(documents: n)
        return meta
    }
}

/// How this build makes the search index: afresh from every document, or patched from the last
/// build's files for the few that changed.
enum SearchIndexPlan: Sendable {
    case build
    case patch(SearchIndex.PatchedFiles, previous: MetaFile, oldLengths: [Int: Int])
}

/// The search index, made once per build by whichever job asks first (the others wait for it).
final class SearchIndexCache: Sendable {
    private let value = Locked<IndexFiles?>(nil)
    private let plan = Locked<SearchIndexPlan>(.build)

    init() {}

    func use(_ plan: SearchIndexPlan) { self.plan.withLock { $0 = plan } }

    var patched: SearchIndex.PatchedFiles? {
        if case .patch(let files, _, _) = plan.withLock({ $0 }) { return files }
        return nil
    }

    /// Builds the index afresh from `count` documents' units fetched by number (`RenderStage` reads them
    /// from its scratch file).
    func build(count: Int, words: SearchUnits.WordTable, weights: [UInt32], scratch: ScratchFile,
               units: @Sendable (Int) -> SearchIndex.DocumentUnits) {
        let built = SearchIndex.build(count: count, words: words, weights: weights, scratch: scratch, units: units)
        value.withLock { $0 = built }
    }

    /// False when the index's scratch file failed it (a full disk): the build must fail.
    var intact: Bool { value.withLock { $0?.intact ?? true } }

    /// The index `build` made (the render stage builds it before the jobs that write its files).
    func index(_ site: Site) -> IndexFiles {
        guard let built = value.withLock({ $0 }) else { preconditionFailure("the search index is read before it is built") }
        return built
    }

    /// Bucket `b`'s bytes; nil when a patch leaves the last build's file as it is.
    func bucket(_ b: Int, _ site: Site) -> [UInt8]? {
        if let patched { return patched.buckets[b] }
        return index(site).bucket(b)
    }

    func slot(_ s: Int, _ site: Site) -> [UInt8]? {
        if let patched { return patched.slots[s] }
        return index(site).slot(s)
    }

    func meta(_ site: Site) -> String {
        guard case .patch(let files, let previous, let oldLengths) = plan.withLock({ $0 }) else { return SearchFiles.meta(site, index(site)) }
        // Province codes and topic masks from the site: a patch may follow a change of region.
        return previous.patched(files, old: oldLengths, documents: site.entries.count).text
    }
}

extension SearchIndexPlan {
    /// Past this many changed documents, building the index afresh is as quick.
    static let patchLimit = 64

    /// A patch when the last build recorded its documents' hashes, few documents changed or were
    /// added after the last (none removed or moved: numbers would shift), and every file the patch
    /// reads is still the one it wrote; else a build. `loadBodies` loads the given entries' bodies.
    static func decide(_ site: Site, hashes: [UInt64], previous: BuildManifest?, outputRoot: String,
                       loadBodies: ([Int]) -> Void) -> SearchIndexPlan {
        guard let previous, let old = previous.searchDocuments[0], hashes.count >= old.count else { return .build }
        let changed = old.indices.filter { old[$0] != hashes[$0] } + Array(old.count..<hashes.count)
        guard !changed.isEmpty, changed.count <= patchLimit else { return .build }
        func read(_ path: String) -> [UInt8]? {
            guard let record = previous.outputs[path], FileSystem.stamp(outputRoot + "/" + path) == record.stamp else { return nil }
            return try? FileSystem.readBytes(outputRoot + "/" + path)
        }
        guard let meta = read(SearchFileLayout.meta).flatMap(MetaFile.read), meta.documents == old.count else { return .build }
        var changes: [SearchIndex.Change] = []
        var oldLengths: [Int: Int] = [:]
        let entries = changed.map { SearchFiles.entryIndex(ofDocument: $0, in: site) }
        loadBodies(entries)
        var words = SearchUnits.WordTable(), units: [UInt32] = []
        for (d, entry) in zip(changed, entries) {
            var before: SearchIndex.Document?
            if d < old.count {
                guard let document = read(SearchFileLayout.fragment(d)).flatMap(SearchFiles.document(fromFragment:)) else { return .build }
                _ = document.units(words: &words, into: &units)
                oldLengths[d] = units.count
                before = document
            }
            changes.append(SearchIndex.Change(number: d, old: before, new: SearchFiles.document(site, entry)))
        }
        let patched = SearchIndex.patch(changes, layout: meta.layout, documents: hashes.count) { file in
            switch file {
            case .bucket(let b): return read(SearchFileLayout.bucket(b))
            case .slot(let s): return read(SearchFileLayout.slot(s))
            }
        }
        guard let patched else { return .build }
        return .patch(patched, previous: meta, oldLengths: oldLengths)
    }
}
