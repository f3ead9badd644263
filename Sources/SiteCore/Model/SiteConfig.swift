/// Site settings from `Content/site.yaml`. Every key is optional; the README lists them.
package struct SiteConfig: Sendable, Equatable {
    package var title: String = "社工新闻"
    package var description: String = "社区社工站、社会救助、青少年、为老服务与防灾减灾的地方新闻。"
    /// Absolute, with a trailing slash; may carry a sub-path (`https://example.org/news/`).
    package var baseURL: String = "http://localhost:8000/"
    package var language: String = "zh-CN"
    /// Entries per list page.
    package var pageSize: Int = 20
    /// Entries per Atom feed.
    package var feedSize: Int = 20
    /// Latest articles shown per topic on the home page.
    package var homeTopicCount: Int = 5
    /// Characters in a summary derived from the body.
    package var summaryLength: Int = 120
    /// Raw HTML in Markdown is dropped unless this is on (trusted content only).
    package var allowRawHTML: Bool = false
    /// Stamp pages with the build time. Off by default: builds stay byte-identical.
    package var showBuildTime: Bool = false
    /// A line for the page footer (a copyright or ICP licence number).
    package var footer: String? = nil

    package init() {}

    /// The URL path all site links start with: `/` or `/news/`.
    package var basePath: String {
        guard let schemeEnd = baseURL.firstRange(of: "://") else { return "/" }
        let afterScheme = baseURL[schemeEnd.upperBound...]
        guard let slash = afterScheme.firstIndex(of: "/") else { return "/" }
        return String(afterScheme[slash...])
    }

    /// `https://example.org` — scheme and host, no path.
    package var origin: String {
        let path = basePath
        return String(baseURL.dropLast(path.count))
    }

    package static let knownKeys = ["title", "description", "base_url", "language", "page_size", "feed_size",
                                   "home_topic_count", "summary_length", "allow_raw_html", "show_build_time", "footer"]
}
