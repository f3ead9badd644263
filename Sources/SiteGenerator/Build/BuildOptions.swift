import SiteCore

public struct BuildOptions: Sendable {
    public var contentPath: String
    public var outputPath: String
    public var includeDrafts: Bool
    public var includeFuture: Bool
    /// "Now" for holding back future-dated articles; injected so tests are independent of the clock.
    public var now: PublishDate
    /// Replaces site.yaml's base_url (the preview server serves at http://127.0.0.1:PORT/).
    public var baseURLOverride: String?
    /// A stylesheet file to publish instead of the bundled one (the preview watches the source).
    public var stylesheetFile: String?
    /// Called as the build goes: stage name, work done, work total. From any thread.
    public var progress: (@Sendable (BuildProgress) -> Void)?
    /// Use the previous build's manifest to render only what changed (`--force` turns it off).
    public var incremental = true
    /// Tests only: make the commit fail at one of its steps.
    package var commitFault: CommitFault?

    public init(contentPath: String = "Content", outputPath: String = "Public", includeDrafts: Bool = false,
                includeFuture: Bool = false, now: PublishDate = .now) {
        self.contentPath = contentPath
        self.outputPath = outputPath
        self.includeDrafts = includeDrafts
        self.includeFuture = includeFuture
        self.now = now
    }

    public init(contentPath: String, outputPath: String, includeDrafts: Bool, includeFuture: Bool, now: PublishDate,
                baseURLOverride: String?, stylesheetFile: String?, progress: (@Sendable (BuildProgress) -> Void)?) {
        self.init(contentPath: contentPath, outputPath: outputPath, includeDrafts: includeDrafts, includeFuture: includeFuture, now: now)
        self.baseURLOverride = baseURLOverride
        self.stylesheetFile = stylesheetFile
        self.progress = progress
    }

    var policy: PublishPolicy { PublishPolicy(includeDrafts: includeDrafts, includeFuture: includeFuture, now: now) }
}

extension PublishDate {
    /// The current time, from the system clock.
    public static var now: PublishDate {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return PublishDate(epochSeconds: Int64(ts.tv_sec))
    }
}


/// Where a build is, for progress lines.
public struct BuildProgress: Sendable {
    public enum Stage: String, Sendable {
        case checked
        case writing = "writing"
        case done = "done"
    }

    public var stage: Stage
    public var done: Int
    public var total: Int
    /// Seconds since the build started.
    public var elapsed: Double
}

/// What a successful build did.
public struct BuildReport: Sendable {
    public var articles: Int
    /// HTML pages written (articles included).
    public var htmlPages: Int
    /// All files written (pages, feeds, assets).
    public var files: Int
    public var heldBackDrafts: Int
    public var heldBackFuture: Int
    /// Warnings found on the way (errors stop the build instead).
    public var warnings: [Diagnostic]
    public var outputPath: String
    /// Files written or replaced by this build, and files removed.
    public var written: Int
    public var removed: Int
    /// Nothing had changed since the last build: nothing was read beyond file stamps, nothing written.
    public var unchanged: Bool
    /// Every output file this build wrote or removed, by path (`build --changes`): listed when
    /// asked, from the paths the build kept (made on every build, at 100,000 articles the list,
    /// a URL per file, took the process 15 MiB over its last stage's peak, for an option rarely given).
    public var changes: [OutputChange] { changed.map { OutputChange.list(written: $0.written, removed: $0.removed, urls: $0.urls) } ?? [] }
    var changed: (written: [String], removed: [String], urls: SiteURLs)?
    /// Seconds spent in each stage, in order, the peak memory at its end, and the memory still
    /// resident then, what it freed given back: what the build keeps (printed by `--verbose`).
    public var stages: [(name: String, seconds: Double, peakMiB: Int, keptMiB: Int)] = []
    /// How many article pages had their neighbours worked out afresh by the plan (nil when the
    /// build stopped before planning): on a rebuild that changed a few cards, those showing them;
    /// every other page took the freshness the last build recorded (`PlanReuse`).
    public var articlePagesPlanned: Int?
    /// The build's site model, jobs and manifest, handed back rather than freed on return: a
    /// command-line caller that exits straight away skips freeing a few hundred thousand small
    /// objects (7% of a one-edit rebuild). Any other caller frees them when it drops the report.
    public var retained: (any Sendable)?
}

public enum BuildFailure: Error, CustomStringConvertible {
    /// The content has errors; every one of them is here.
    case content([Diagnostic])
    /// The output could not be written.
    case output(String)
    /// The build was refused before anything was touched: the output folder is one a build must
    /// not replace (the content folder, or a folder holding files that are not the build's).
    case refused(String)

    public var description: String {
        switch self {
        case .content(let diagnostics): return diagnostics.map(\.description).joined(separator: "\n")
        case .output(let message), .refused(let message): return message
        }
    }
}

/// One file a build changed in its output, for sync tools, CDN refreshes and search-engine pushes.
public struct OutputChange: Sendable, Equatable {
    public enum Operation: String, Sendable { case written, removed }
    public var operation: Operation
    /// Relative to the output folder: `articles/2022/10/slug/index.html`.
    public var path: String
    /// Where the file is served: `https://example.org/articles/2022/10/slug/`.
    public var url: String

    public init(operation: Operation, path: String, url: String) {
        self.operation = operation
        self.path = path
        self.url = url
    }

    /// `{"op":"written","path":"…","url":"…"}`
    public var jsonLine: String {
        "{\"op\":\"\(operation.rawValue)\",\"path\":\(JSONText.quoted(path)),\"url\":\(JSONText.quoted(url))}"
    }

    /// The changes of a build: `written` and `removed` paths, sorted by path, with their URLs.
    static func list(written: [String], removed: [String], urls: SiteURLs) -> [OutputChange] {
        (written.map { OutputChange(operation: .written, path: $0, url: urls.url(ofFile: $0)) }
            + removed.map { OutputChange(operation: .removed, path: $0, url: urls.url(ofFile: $0)) })
            .sorted { ByteSearch.precedes($0.path, $1.path) }
    }
}
