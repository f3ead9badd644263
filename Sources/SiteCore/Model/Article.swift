/// A value from front matter that the generator does not know, kept for custom templates.
package indirect enum FrontMatterValue: Sendable, Hashable {
    case text(String)
    case list([FrontMatterValue])
    case map([String: FrontMatterValue])

    init(_ node: YAMLNode) {
        switch node.value {
        case .scalar(let s, _): self = .text(s)
        case .sequence(let items): self = .list(items.map(FrontMatterValue.init))
        case .mapping(let pairs):
            var map: [String: FrontMatterValue] = [:]
            for (k, v) in pairs { map[k.scalarText ?? ""] = FrontMatterValue(v) }
            self = .map(map)
        }
    }
}

/// One article as the editor wrote it, validated.
/// A class, not a struct: pages, cards, feeds and the index read an article thousands of times per
/// build, and copying a value with a dozen strings costs a retain per field each time.
package final class Article: Sendable {
    package let title: String
    package let date: PublishDate
    package let updated: PublishDate?
    /// Index into the site's `RegionTree`.
    package let region: Int
    /// In the order the editor gave, without repeats.
    package let topics: [Topic]
    package let source: String?
    package let author: String?
    /// The summary from front matter, if any (otherwise one is derived from the body).
    package let summary: String?
    package let slug: String
    package let draft: Bool
    /// 责任编辑, shown under the body.
    package let editor: String?
    /// Asked for as the home page's 头条 (the newest featured article leads).
    package let featured: Bool
    /// The curated specials (专题) it belongs to, by slug, as `specials.yaml` defines them.
    package let specials: [String]
    /// Keys the generator does not know, kept as written.
    package let extra: [String: FrontMatterValue]

    /// CommonMark, as `ArticleLoader` read it. A build's loader drops it at once (`dropBody`, on
    /// the thread that loaded the article, before any other sees it): a render reads the file again.
    package nonisolated(unsafe) private(set) var body: String
    /// The file line where the body starts, so body problems point at the right line.
    package let bodyFirstLine: Int
    /// Path relative to the content folder: `articles/2022/10/yongkang-stations.md`.
    package let sourcePath: String
    /// The path editors see in messages: the content folder as given plus `sourcePath`.
    package var displayPath: String { shownWhole ?? shownFolder + sourcePath }
    /// The content folder as given, with its slash (`Content/`: short enough to need no memory of
    /// its own, where the whole path was a string per article); or the path shown, when it does not
    /// end in `sourcePath`.
    private let shownFolder: String
    private let shownWhole: String?

    /// `displayPath` is the path shown in messages; when it ends in `sourcePath` (as it does when
    /// the loader joins the content folder and the path), only the folder part is kept.
    package convenience init(title: String, date: PublishDate, updated: PublishDate?, region: Int, topics: [Topic], source: String?,
                             author: String?, summary: String?, slug: String, draft: Bool, editor: String? = nil, featured: Bool = false,
                             specials: [String] = [], extra: [String: FrontMatterValue], body: String,
                             bodyFirstLine: Int, sourcePath: String, displayPath: String) {
        // Compared and cut as bytes: `displayPath` is then exactly the two joined.
        let n = sourcePath.utf8.count, endsInSource = ByteSearch.hasSuffix(displayPath, sourcePath)
        self.init(title: title, date: date, updated: updated, region: region, topics: topics, source: source, author: author, summary: summary,
                  slug: slug, draft: draft, editor: editor, featured: featured, specials: specials, extra: extra, body: body,
                  bodyFirstLine: bodyFirstLine, sourcePath: sourcePath,
                  shown: endsInSource ? (String(decoding: displayPath.utf8.dropLast(n), as: UTF8.self), nil) : ("", displayPath))
    }

    /// An article whose path is shown as `contentFolder` (with its slash: `Content/`) and then
    /// `sourcePath`: nothing joined or compared (a rebuild makes 10,000 articles from its cache).
    package convenience init(title: String, date: PublishDate, updated: PublishDate?, region: Int, topics: [Topic], source: String?,
                             author: String?, summary: String?, slug: String, draft: Bool, editor: String?, featured: Bool,
                             specials: [String], extra: [String: FrontMatterValue], body: String,
                             bodyFirstLine: Int, sourcePath: String, contentFolder: String) {
        self.init(title: title, date: date, updated: updated, region: region, topics: topics, source: source, author: author, summary: summary,
                  slug: slug, draft: draft, editor: editor, featured: featured, specials: specials, extra: extra, body: body,
                  bodyFirstLine: bodyFirstLine, sourcePath: sourcePath, shown: (contentFolder, nil))
    }

    private init(title: String, date: PublishDate, updated: PublishDate?, region: Int, topics: [Topic], source: String?,
                 author: String?, summary: String?, slug: String, draft: Bool, editor: String?, featured: Bool,
                 specials: [String], extra: [String: FrontMatterValue], body: String,
                 bodyFirstLine: Int, sourcePath: String, shown: (folder: String, whole: String?)) {
        self.title = title
        self.date = date
        self.updated = updated
        self.region = region
        self.topics = topics
        self.source = source
        self.author = author
        self.summary = summary
        self.slug = slug
        self.draft = draft
        self.editor = editor
        self.featured = featured
        self.specials = specials
        self.extra = extra
        self.body = body
        self.bodyFirstLine = bodyFirstLine
        self.sourcePath = sourcePath
        (shownFolder, shownWhole) = shown
    }

    /// `articles/2022/10/yongkang-stations/` — relative to the site root, from the date in China time.
    /// Made when asked, not kept: a string per article for the whole build (8 MiB at 100,000
    /// articles), and a list card or a feed entry, which show it, is rendered once.
    package var outputDirectory: String {
        let c = date.china
        guard (1000...9999).contains(c.year) else { return "articles/\(c.year)/\(c.month < 10 ? "0" : "")\(c.month)/\(slug)/" }
        // Written as bytes: interpolated, the two numbers cost more than the rest of planning an
        // article's page (a rebuild plans every article's).
        var slug = slug
        return slug.withUTF8 { slug in
            String(unsafeUninitializedCapacity: 18 + slug.count) { out in
                var n = 0
                func put(_ byte: UInt8) { out[n] = byte; n += 1 }
                for byte in "articles/".utf8 { put(byte) }
                put(UInt8(0x30 + c.year / 1000))
                put(UInt8(0x30 + c.year / 100 % 10))
                put(UInt8(0x30 + c.year / 10 % 10))
                put(UInt8(0x30 + c.year % 10))
                put(0x2F)
                put(UInt8(0x30 + c.month / 10))
                put(UInt8(0x30 + c.month % 10))
                put(0x2F)
                for byte in slug { put(byte) }
                put(0x2F)
                return n
            }
        }
    }

    /// What `outputDirectory` is made of (the year and month in China time, and the slug), into a
    /// hash, without making the path (every rebuild hashes every article's).
    package func combineOutputDirectory(into h: inout StableHasher) {
        let c = date.china
        h.combine(c.year)
        h.combine(c.month)
        h.combine(slug)
    }

    /// Frees the Markdown source, which is about as large as the HTML rendered from it.
    package func dropBody() { body = "" }

    /// The folder of the source file, relative to the content folder (`articles/2022/10`).
    package var sourceDirectory: String {
        guard let slash = sourcePath.lastIndex(of: "/") else { return "" }
        return String(sourcePath[..<slash])
    }
}

/// A stand-alone page from `Content/pages/` (about, contact): a title and a body.
package struct StandalonePage: Sendable {
    package var title: String
    package var slug: String
    package var description: String?
    package var body: String
    package var bodyFirstLine: Int
    package var sourcePath: String
    package var displayPath: String
    package var outputDirectory: String { "\(slug)/" }
}
