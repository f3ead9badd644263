import SiteCore
import Templates

/// One file of the output: where it goes, what goes into the sitemap, how to make it, and when a
/// rebuild may skip it.
struct OutputJob: Sendable {
    enum Content: Sendable {
        case render(@Sendable (RenderContext) -> String)
        case copy(source: String)
        /// `SHA256SUMS`: made after every other file (see `ChecksumList`).
        case checksums
    }

    var path: OutputPath
    /// The page's site path for the sitemap, nil for files that are not pages.
    var sitemapPath: String?
    var lastModified: PublishDate?
    var content: Content
    var freshness: Freshness
    /// Entries whose body HTML the job shows (an article page, a feed).
    var bodies: [Int] = []
    /// The search segment a bucket file belongs to (the segment's update decides which bodies it reads).
    var searchSegment: Int?

    /// On a rebuild, a result equal to the file already there is not written again (its record
    /// takes the new freshness): a file's inputs can change without its bytes changing (most of a
    /// search segment's buckets after an edit, a fragment chunk whose excerpt did not change, the
    /// pages that sum up the site), and a file written again is a file uploaded again.
    var keepsIdenticalBytes: Bool {
        if case .render = content { return true }
        return false
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
