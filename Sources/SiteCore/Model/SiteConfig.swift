/// Site settings from `Content/site.yaml`. Every key is optional; the README lists them.
public struct SiteConfig: Sendable, Equatable {
    public var title: String = "社工新闻"
    public var description: String = "社区社工站、社会救助、青少年、为老服务与防灾减灾的地方新闻。"
    /// Absolute, with a trailing slash; may carry a sub-path (`https://example.org/news/`).
    public var baseURL: String = "http://localhost:8000/"
    public var language: String = "zh-CN"
    /// Entries per list page.
    public var pageSize: Int = 20
    /// Entries per Atom feed.
    public var feedSize: Int = 20
    /// Latest articles shown per topic on the home page.
    public var homeTopicCount: Int = 5
    /// Characters in a summary derived from the body.
    public var summaryLength: Int = 120
    /// Raw HTML in Markdown is dropped unless this is on (trusted content only).
    public var allowRawHTML: Bool = false
    /// Stamp pages with the build time. Off by default: builds stay byte-identical.
    public var showBuildTime: Bool = false
    /// A line for the page footer (a copyright or ICP licence number).
    public var footer: String? = nil

    public init() {}

    /// The URL path all site links start with: `/` or `/news/`.
    public var basePath: String {
        guard let schemeEnd = baseURL.firstRange(of: "://") else { return "/" }
        let afterScheme = baseURL[schemeEnd.upperBound...]
        guard let slash = afterScheme.firstIndex(of: "/") else { return "/" }
        return String(afterScheme[slash...])
    }

    /// `https://example.org` — scheme and host, no path.
    public var origin: String {
        let path = basePath
        return String(baseURL.dropLast(path.count))
    }

    public static let knownKeys = ["title", "description", "base_url", "language", "page_size", "feed_size",
                                   "home_topic_count", "summary_length", "allow_raw_html", "show_build_time", "footer"]
}
