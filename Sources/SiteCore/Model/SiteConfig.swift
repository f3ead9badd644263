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
    /// Who runs the site, as every Chinese public site shows it in its footer (each optional,
    /// each validated by `SiteConfigLoader`).
    package var identity = SiteIdentity()
    /// The curated specials, from `specials.yaml` (not a site.yaml key).
    package var specials: [Special] = []
    /// Publish the 繁體版 under `zh-hant/` as well.
    package var traditionalEdition: Bool = false
    /// The 繁體版's own terms, from `traditional.yaml` (not a site.yaml key).
    package var traditionalTerms = TraditionalConverter.Overrides()

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
                                   "home_topic_count", "summary_length", "allow_raw_html", "show_build_time", "footer", "traditional_edition"]
        + SiteIdentity.keys
}

/// 主办单位, contact, ICP 备案号, 公安备案, 网站标识码, copyright and 转载 notices, and the 纠错 address.
package struct SiteIdentity: Sendable, Equatable {
    package var organizer: String?
    package var phone: String?
    package var email: String?
    package var address: String?
    /// `浙ICP备12345678号-1`, linked to the MIIT registry.
    package var icp: String?
    /// `浙公网安备 33078402000123号` and its 14-digit code, linked to the MPS registry.
    package var police: PoliceRecord?
    /// 网站标识码: ten letters or digits.
    package var siteCode: String?
    package var copyright: String?
    package var reprint: String?
    /// Where readers report an error (a `mailto:` link on every page).
    package var errata: String?

    package init() {}

    package static let keys = ["organizer", "contact_phone", "contact_email", "contact_address", "icp", "police_beian",
                               "site_code", "copyright", "reprint_notice", "errata_email"]
    package static let icpRegistry = "https://beian.miit.gov.cn/"
    package static func policeRegistry(_ code: String) -> String { "https://beian.mps.gov.cn/#/query/webSearch?code=\(code)" }

    package var isEmpty: Bool { self == SiteIdentity() }

    package struct PoliceRecord: Sendable, Equatable {
        package var text: String
        package var code: String
    }
}
