/// Reads `site.yaml`. A missing file means the defaults; an unknown key is a warning
/// (a typo such as `page_sise` should not pass silently, nor stop a publication).
public enum SiteConfigLoader {
    public static func load(text: String, file: String) -> (SiteConfig, [Diagnostic]) {
        var config = SiteConfig()
        let root: YAMLNode
        switch YAMLDocument.parse(text, file: file) {
        case .success(let node): root = node
        case .failure(let d): return (config, [d])
        }
        var fields = FieldReader(file: file, node: root, missingKeyLocation: SourceLocation(file: file), what: "site settings")
        if let (title, _) = fields.string("title", required: false, example: "社工新闻") { config.title = title }
        if let (description, _) = fields.string("description", required: false, example: "…") { config.description = description }
        if let (language, _) = fields.string("language", required: false, example: "zh-CN") { config.language = language }
        if let (footer, _) = fields.string("footer", required: false, example: "浙ICP备00000000号") { config.footer = footer }
        if let (url, node) = fields.string("base_url", required: false, example: "https://example.org/news/") {
            if let normalized = normalizeBaseURL(url) {
                config.baseURL = normalized
            } else {
                fields.error(at: node, "'base_url' must be an absolute http(s) URL such as https://example.org/ or https://example.org/news/, found '\(url)'")
            }
        }
        if let n = fields.integer("page_size", in: 1...1000) { config.pageSize = n }
        if let n = fields.integer("feed_size", in: 1...1000) { config.feedSize = n }
        if let n = fields.integer("home_topic_count", in: 0...100) { config.homeTopicCount = n }
        if let n = fields.integer("summary_length", in: 20...2000) { config.summaryLength = n }
        if let b = fields.bool("allow_raw_html") { config.allowRawHTML = b }
        if let b = fields.bool("show_build_time") { config.showBuildTime = b }
        for key in fields.keys where !SiteConfig.knownKeys.contains(key) {
            fields.report(.warning(fields.keyNode(key)!.location(in: file),
                                   "unknown setting '\(key)' is ignored\(Suggestions.didYouMean(key, SiteConfig.knownKeys))"))
        }
        return (config, fields.diagnostics)
    }

    /// Adds the trailing slash; refuses anything but an absolute http(s) URL without query or fragment.
    static func normalizeBaseURL(_ url: String) -> String? {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else { return nil }
        guard !url.contains("?"), !url.contains("#"), !url.contains(" "), !url.contains("\"") else { return nil }
        let afterScheme = url.drop(while: { $0 != ":" }).dropFirst(3)
        guard let host = afterScheme.split(separator: "/", omittingEmptySubsequences: false).first, !host.isEmpty else { return nil }
        return url.hasSuffix("/") ? url : url + "/"
    }
}
