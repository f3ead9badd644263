import SiteCore

/// Which section of the main navigation a page belongs to.
package enum NavSection: Sendable, Equatable {
    case home
    case topic(Topic)
    case regions
    case archive
    case specials
    case none
}

package struct ShareImage: Sendable {
    package var url: String
    package var width: Int
    package var height: Int
    package var alt: String
}

/// What the layout needs to know about a page besides its content.
package struct PageMeta: Sendable {
    /// The page's own title; the layout adds the site title.
    package var title: String
    package var description: String
    /// Site path of the page, e.g. `/articles/2022/10/slug/`.
    package var path: String
    package var section: NavSection = .none
    /// Where the page stands below 首页, each step a name and its path, the page itself last;
    /// shown at the top of the page and given as `BreadcrumbList` data. Empty on the home page.
    package var trail: [(name: String, path: String)] = []
    /// False on an article: the visible trail ends at its region (the headline follows at once);
    /// the data still ends at the article.
    package var trailShowsPage = true
    package var isArticle = false
    package var published: PublishDate?
    package var modified: PublishDate?
    package var feedPath: String?
    package var feedTitle: String?
    package var previousPath: String?
    package var nextPath: String?
    /// 404 and other pages search engines should not index.
    package var noIndex = false
    /// Paths the page's script fetches first: preloaded with the page, not after the script.
    package var preloads: [String] = []
    /// The image a share of the page shows (WeChat, Weibo, search engines): absolute URL, size, alt.
    package var shareImage: ShareImage?
    /// JSON-LD objects, as JSON text safe inside a `<script>` element (`StructuredData`).
    package var structuredData: [String] = []

    package init(title: String, description: String, path: String, section: NavSection = .none) {
        self.title = title
        self.description = description
        self.path = path
        self.section = section
    }
}
