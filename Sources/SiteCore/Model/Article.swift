/// A value from front matter that the generator does not know, kept for custom templates.
public indirect enum FrontMatterValue: Sendable, Hashable {
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
public struct Article: Sendable {
    public var title: String
    public var date: PublishDate
    public var updated: PublishDate?
    /// Index into the site's `RegionTree`.
    public var region: Int
    /// In the order the editor gave, without repeats.
    public var topics: [Topic]
    public var source: String?
    public var author: String?
    /// The summary from front matter, if any (otherwise one is derived from the body).
    public var summary: String?
    public var slug: String
    public var draft: Bool
    /// Keys the generator does not know, kept as written.
    public var extra: [String: FrontMatterValue]

    /// CommonMark.
    public var body: String
    /// The file line where the body starts, so body problems point at the right line.
    public var bodyFirstLine: Int
    /// Path relative to the content folder: `articles/2022/10/yongkang-stations.md`.
    public var sourcePath: String
    /// The path editors see in messages: the content folder as given plus `sourcePath`.
    public var displayPath: String

    public init(title: String, date: PublishDate, updated: PublishDate?, region: Int, topics: [Topic], source: String?,
                author: String?, summary: String?, slug: String, draft: Bool, extra: [String: FrontMatterValue], body: String,
                bodyFirstLine: Int, sourcePath: String, displayPath: String) {
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
        self.extra = extra
        self.body = body
        self.bodyFirstLine = bodyFirstLine
        self.sourcePath = sourcePath
        self.displayPath = displayPath
    }

    /// `articles/2022/10/yongkang-stations/` — relative to the site root, from the date in China time.
    public var outputDirectory: String {
        let c = date.china
        return "articles/\(c.year)/\(c.month < 10 ? "0" : "")\(c.month)/\(slug)/"
    }

    /// The folder of the source file, relative to the content folder (`articles/2022/10`).
    public var sourceDirectory: String {
        guard let slash = sourcePath.lastIndex(of: "/") else { return "" }
        return String(sourcePath[..<slash])
    }
}

/// A stand-alone page from `Content/pages/` (about, contact): a title and a body.
public struct StandalonePage: Sendable {
    public var title: String
    public var slug: String
    public var description: String?
    public var body: String
    public var bodyFirstLine: Int
    public var sourcePath: String
    public var displayPath: String
    public var outputDirectory: String { "\(slug)/" }
}
