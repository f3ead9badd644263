import SiteCore
import Templates

/// One file of the output: where it goes, what goes into the sitemap, how to make it, and when a
/// rebuild may skip it.
struct OutputJob: Sendable {
    enum Content: Sendable {
        case render(@Sendable (RenderContext) -> String)
        /// Entry `i`'s article page, and its search fragment: cases of their own, not closures
        /// (each closure was an allocation kept for the build: 200,000 at 100,000 articles).
        case articlePage(Int)
        case searchFragment(Int)
        /// Text made from the plan's other jobs (a sitemap lists the pages): given them when it
        /// runs, rather than holding what it needs of them from plan to render.
        case fromJobs(@Sendable (RenderContext, [OutputJob]) -> String)
        /// A binary file of the search index's; nil when a patch of the index leaves the last
        /// build's file as it is.
        case bytes(@Sendable (RenderContext) -> [UInt8]?)
        case copy(source: String)
        /// A file made from a photo (`ImageWork`): a failure to decode or encode fails the build.
        case image(@Sendable () throws -> [UInt8])
        /// `SHA256SUMS`: made after every other file (see `ChecksumList`).
        case checksums

        /// Whether its text is made from the context alone (`text`).
        var isText: Bool {
            switch self {
            case .render, .articlePage: true
            case .searchFragment, .fromJobs, .bytes, .copy, .image, .checksums: false
            }
        }

        /// Whether it is made through libvips (`ImageLibrary`).
        var isImage: Bool {
            if case .image = self { true } else { false }
        }

        /// The text of a job whose text is made from the context alone; nil for the other kinds.
        func text(_ context: RenderContext) -> String? {
            switch self {
            case .render(let render): render(context)
            case .articlePage(let i): ArticlePage.render(context, i).rendered
            case .searchFragment, .fromJobs, .bytes, .copy, .image, .checksums: nil
            }
        }
    }

    // Declared in this order so the one-byte fields fill the content's padding: 88 bytes a job,
    // not 104 (256,000 jobs at 100,000 articles, kept for the whole build).
    var path: OutputPath
    var content: Content
    /// A page, listed in the sitemap (its URL is its folder's: `sitemapPath`).
    var inSitemap: Bool
    /// A file of the search index (made from every document: the render stage loads their bodies).
    var searchIndex = false
    var lastModified: PublishDate?
    var freshness: Freshness
    /// Entries whose body HTML the job shows (an article page, a feed).
    var bodies: ShownEntries = []

    init(path: OutputPath, inSitemap: Bool, lastModified: PublishDate?, content: Content, freshness: Freshness,
         bodies: ShownEntries = [], searchIndex: Bool = false) {
        self.path = path
        self.content = content
        self.inSitemap = inSitemap
        self.searchIndex = searchIndex
        self.lastModified = lastModified
        self.freshness = freshness
        self.bodies = bodies
    }

    /// The page's site path for the sitemap (`urls` the simplified edition's: a 繁體版 page's
    /// folder starts with its prefix), nil for files that are not pages. Worked out when the
    /// sitemap is made rather than kept: one string fewer per page for the whole build.
    func sitemapPath(_ urls: SiteURLs) -> String? {
        inSitemap ? urls.page(String(path.value.dropLast(OutputPath.indexFile.count))) : nil
    }

    /// A feed (`feed.xml`): the render stage renders the entries feeds show ahead of the pages.
    var isFeed: Bool { path.isFeed }

    /// On a rebuild, a result equal to the file already there is not written again (its record
    /// takes the new freshness): a file's inputs can change without its bytes changing (most of the
    /// search index's buckets after an edit, the
    /// pages that sum up the site), and a file written again is a file uploaded again.
    var keepsIdenticalBytes: Bool {
        switch content {
        case .render, .articlePage, .searchFragment, .fromJobs, .bytes, .image: return true
        case .copy, .checksums: return false
        }
    }
}

/// When a rebuild must make a file again.
enum Freshness: Sendable, Equatable {
    /// When this stable hash of everything the file is made from changes (or the file is no longer
    /// the one the last build wrote).
    case inputs(UInt64)
    /// On every build: pages that sum up the whole site (home, index pages, the sitemap index).
    /// Kept as they were when their bytes come out the same.
    case everyBuild
}

/// The entries a job shows the bodies of: one held in the value (an article page, a search
/// fragment: most jobs), more in an array (a feed). As an array each, 100,000 jobs of one entry
/// were 100,000 allocations kept for the whole build.
struct ShownEntries: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable {
    /// The one entry; -1 when there are none or several.
    private let one: Int32
    private let several: [Int]

    init(_ entries: [Int]) {
        if entries.count == 1, let only = entries.first, only < Int(Int32.max) {
            (one, several) = (Int32(only), [])
        } else {
            (one, several) = (-1, entries)
        }
    }

    init(arrayLiteral entries: Int...) { self.init(entries) }

    var startIndex: Int { 0 }
    var endIndex: Int { one >= 0 ? 1 : several.count }
    subscript(position: Int) -> Int { one >= 0 ? Int(one) : several[position] }
}
