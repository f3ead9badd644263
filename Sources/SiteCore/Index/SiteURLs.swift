/// Every URL the site publishes, in one place (the package contract: keep them stable).
/// Paths start with the base path (`/` or `/news/`); `absolute` prefixes the origin.
package struct SiteURLs: Sendable {
    package let basePath: String
    package let origin: String

    package init(config: SiteConfig) {
        basePath = config.basePath
        origin = config.origin
    }

    package var home: String { basePath }
    package func path(_ relative: String) -> String { basePath + relative }
    package func absolute(_ path: String) -> String { origin + path }

    package var topics: String { basePath + "topics/" }
    package func topic(_ t: Topic) -> String { basePath + "topics/\(t.rawValue)/" }
    package var regions: String { basePath + "regions/" }
    package func region(_ r: Region) -> String { basePath + "regions/\(r.path)/" }
    package var archive: String { basePath + "archive/" }
    package func year(_ y: Int) -> String { basePath + "archive/\(y)/" }
    package func month(_ y: Int, _ m: Int) -> String { basePath + "archive/\(y)/\(m < 10 ? "0" : "")\(m)/" }
    package var search: String { basePath + "search/" }
    /// Every article, newest first, paged: where the home page's 最新 continues.
    package static let latestDirectory = "latest/"
    package var latest: String { basePath + Self.latestDirectory }
    /// Curated specials (专题).
    package static let specialsDirectory = "specials/"
    package var specials: String { basePath + Self.specialsDirectory }
    package static func specialDirectory(_ slug: String) -> String { specialsDirectory + slug + "/" }
    package func special(_ slug: String) -> String { basePath + Self.specialDirectory(slug) }
    package var feed: String { basePath + "feed.xml" }

    /// The absolute URL a file of the output is served at: a folder's `index.html` at the folder.
    package func url(ofFile file: String) -> String {
        let served = file == "index.html" ? "" : file.hasSuffix("/index.html") ? String(file.dropLast("index.html".count)) : file
        return absolute(path(URLText.percentEncodedPath(served)))
    }
}
