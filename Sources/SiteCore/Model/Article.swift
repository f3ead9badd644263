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
/// A class, not a struct: pages, cards, feeds and the index read an article thousands of times per
/// build, and copying a value with a dozen strings costs a retain per field each time.
public final class Article: Sendable {
    public let title: String
    public let date: PublishDate
    public let updated: PublishDate?
    /// Index into the site's `RegionTree`.
    public let region: Int
    /// In the order the editor gave, without repeats.
    public let topics: [Topic]
    public let source: String?
    public let author: String?
    /// The summary from front matter, if any (otherwise one is derived from the body).
    public let summary: String?
    public let slug: String
    public let draft: Bool
    /// Keys the generator does not know, kept as written.
    public let extra: [String: FrontMatterValue]

    /// CommonMark. Dropped once rendered (a late render reads the file again): only the build's
    /// single-threaded steps change it, between the parallel ones.
    public nonisolated(unsafe) private(set) var body: String
    /// The file line where the body starts, so body problems point at the right line.
    public let bodyFirstLine: Int
    /// Path relative to the content folder: `articles/2022/10/yongkang-stations.md`.
    public let sourcePath: String
    /// The path editors see in messages: the content folder as given plus `sourcePath`.
    public let displayPath: String

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
        let c = date.china
        outputDirectory = "articles/\(c.year)/\(c.month < 10 ? "0" : "")\(c.month)/\(slug)/"
    }

    /// `articles/2022/10/yongkang-stations/` — relative to the site root, from the date in China time.
    public let outputDirectory: String

    /// Frees the Markdown source, which is about as large as the HTML rendered from it.
    public func dropBody() { body = "" }

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
