/// Every URL the site publishes, in one place (the public contract: keep them stable).
/// Paths start with the base path (`/` or `/news/`); `absolute` prefixes the origin.
public struct SiteURLs: Sendable {
    public let basePath: String
    public let origin: String

    public init(config: SiteConfig) {
        basePath = config.basePath
        origin = config.origin
    }

    public var home: String { basePath }
    public func path(_ relative: String) -> String { basePath + relative }
    public func absolute(_ path: String) -> String { origin + path }

    public var topics: String { basePath + "topics/" }
    public func topic(_ t: Topic) -> String { basePath + "topics/\(t.rawValue)/" }
    public var regions: String { basePath + "regions/" }
    public func region(_ r: Region) -> String { basePath + "regions/\(r.path)/" }
    public var archive: String { basePath + "archive/" }
    public func year(_ y: Int) -> String { basePath + "archive/\(y)/" }
    public func month(_ y: Int, _ m: Int) -> String { basePath + "archive/\(y)/\(m < 10 ? "0" : "")\(m)/" }
    public var search: String { basePath + "search/" }
    public var feed: String { basePath + "feed.xml" }
}
