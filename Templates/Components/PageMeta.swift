import SiteCore

/// Which section of the main navigation a page belongs to.
public enum NavSection: Sendable, Equatable {
    case home
    case topic(Topic)
    case regions
    case archive
    case none
}

/// What the layout needs to know about a page besides its content.
public struct PageMeta: Sendable {
    /// The page's own title; the layout adds the site title.
    public var title: String
    public var description: String
    /// Site path of the page, e.g. `/articles/2022/10/slug/`.
    public var path: String
    public var section: NavSection = .none
    public var isArticle = false
    public var published: PublishDate?
    public var modified: PublishDate?
    public var feedPath: String?
    public var feedTitle: String?
    public var previousPath: String?
    public var nextPath: String?
    /// 404 and other pages search engines should not index.
    public var noIndex = false

    public init(title: String, description: String, path: String, section: NavSection = .none) {
        self.title = title
        self.description = description
        self.path = path
        self.section = section
    }
}
