/// The editions a site publishes from one content folder: the Simplified one at the site's root,
/// and the Traditional one (繁體版) under `zh-hant/`.
package enum Edition: Sendable, CaseIterable {
    case simplified, traditional

    /// Where its pages live, below the base path.
    package var prefix: String { self == .simplified ? "" : "zh-hant/" }
    /// Its pages' `lang` (the Simplified edition's is the site's `language`).
    package func language(_ config: SiteConfig) -> String { self == .simplified ? config.language : "zh-Hant" }
    /// The label of a link to it.
    package var switchLabel: String { self == .simplified ? "简" : "繁" }
    /// The other edition.
    package var other: Edition { self == .simplified ? .traditional : .simplified }
}

/// Every URL the site publishes, in one place (the package contract: keep them stable).
/// Paths start with the base path (`/` or `/news/`); `absolute` prefixes the origin. A page's path
/// is in this value's edition (`page`, and every named page below); a file's (`path`: assets,
/// photos, the search index) is the same in every edition.
package struct SiteURLs: Sendable {
    package let basePath: String
    package let origin: String
    package let edition: Edition
    /// `basePath` and the edition's prefix.
    private let pages: String

    package init(config: SiteConfig, edition: Edition = .simplified) {
        self.init(basePath: config.basePath, origin: config.origin, edition: edition)
    }

    private init(basePath: String, origin: String, edition: Edition) {
        self.basePath = basePath
        self.origin = origin
        self.edition = edition
        pages = basePath + edition.prefix
    }

    /// These URLs in another edition.
    package func `in`(_ edition: Edition) -> SiteURLs { SiteURLs(basePath: basePath, origin: origin, edition: edition) }

    package var home: String { pages }
    /// A file of the output (the same in every edition).
    package func path(_ relative: String) -> String { basePath + relative }
    /// A page, by its folder (`articles/2022/10/slug/`) or file name, in this edition.
    package func page(_ directory: String) -> String { pages + directory }
    package func absolute(_ path: String) -> String { origin + path }
    /// A page's path in this edition as the same page's path in `other`.
    package func samePage(_ path: String, in other: Edition) -> String {
        guard path.hasPrefix(pages) else { return path }
        return basePath + other.prefix + path.dropFirst(pages.count)
    }

    package var topics: String { pages + "topics/" }
    package func topic(_ t: Topic) -> String { pages + "topics/\(t.rawValue)/" }
    package var regions: String { pages + "regions/" }
    package func region(_ r: Region) -> String { pages + "regions/\(r.path)/" }
    package var archive: String { pages + "archive/" }
    package func year(_ y: Int) -> String { pages + "archive/\(y)/" }
    package func month(_ y: Int, _ m: Int) -> String { pages + "archive/\(y)/\(m < 10 ? "0" : "")\(m)/" }
    package var search: String { pages + "search/" }
    /// Every article, newest first, paged: where the home page's 最新 continues.
    package static let latestDirectory = "latest/"
    package var latest: String { pages + Self.latestDirectory }
    /// Curated specials (专题).
    package static let specialsDirectory = "specials/"
    package var specials: String { pages + Self.specialsDirectory }
    package static func specialDirectory(_ slug: String) -> String { specialsDirectory + slug + "/" }
    package func special(_ slug: String) -> String { pages + Self.specialDirectory(slug) }
    package var feed: String { pages + "feed.xml" }

    /// The absolute URL a file of the output is served at: a folder's `index.html` at the folder.
    package func url(ofFile file: String) -> String {
        let served = file == "index.html" ? "" : file.hasSuffix("/index.html") ? String(file.dropLast("index.html".count)) : file
        return absolute(path(URLText.percentEncodedPath(served)))
    }
}
