/// Reads `site.yaml`. A missing file means the defaults; an unknown key is a warning
/// (a typo such as `page_sise` should not pass silently, nor stop a publication).
package enum SiteConfigLoader {
    package static func load(text: String, file: String) -> (SiteConfig, [Diagnostic]) {
        var config = SiteConfig()
        let root: YAMLNode
        switch YAMLDocument.parse(text, file: file) {
        case .success(let node): root = node
        case .failure(let d): return (config, [d])
        }
        var fields = FieldReader(file: file, node: root, missingKeyLocation: SourceLocation(file: file), what: "site settings")
        if let (title, _) = fields.string("title", required: false, example: "社工新闻") { config.title = title }
        if let (description, _) = fields.string("description", required: false, example: "…") { config.description = description }
        if let (language, node) = fields.string("language", required: false, example: "zh-CN") {
            if isLanguageTag(language) {
                config.language = language
            } else {
                fields.error(at: node, "'language' must be a language tag such as zh-CN, zh-Hans or zh-HK, found '\(language)'")
            }
        }
        if let (footer, _) = fields.string("footer", required: false, example: "浙ICP备00000000号") { config.footer = footer }
        if let (url, node) = fields.string("base_url", required: false, example: "https://example.org/news/") {
            if let normalized = normalizeBaseURL(url) {
                config.baseURL = normalized
            } else {
                fields.error(at: node, "'base_url' must be an absolute http(s) URL such as https://example.org/ or https://example.org/news/, found '\(url)' (no user name, query, fragment, quotes, spaces or '..')")
            }
        }
        if let n = fields.integer("page_size", in: 1...1000) { config.pageSize = n }
        if let n = fields.integer("feed_size", in: 1...1000) { config.feedSize = n }
        if let n = fields.integer("home_topic_count", in: 0...100) { config.homeTopicCount = n }
        if let n = fields.integer("summary_length", in: 20...2000) { config.summaryLength = n }
        if let b = fields.bool("allow_raw_html") { config.allowRawHTML = b }
        if let b = fields.bool("show_build_time") { config.showBuildTime = b }
        if let b = fields.bool("traditional_edition") { config.traditionalEdition = b }
        readIdentity(&fields, into: &config.identity)
        for key in fields.keys where !SiteConfig.knownKeys.contains(key) {
            fields.report(.warning(fields.keyNode(key)!.location(in: file),
                                   "unknown setting '\(key)' is ignored\(Suggestions.didYouMean(key, SiteConfig.knownKeys))"))
        }
        return (config, fields.diagnostics)
    }

    /// The site identity's keys, each checked against the form the registries give.
    static func readIdentity(_ fields: inout FieldReader, into identity: inout SiteIdentity) {
        func text(_ key: String, _ example: String, valid: (String) -> Bool = { _ in true }, rule: String = "") -> String? {
            guard let (value, node) = fields.string(key, required: false, example: example) else { return nil }
            let trimmed = value.trimmingWhitespace()
            guard !trimmed.isEmpty, valid(trimmed) else {
                fields.error(at: node, "'\(key)' \(rule.isEmpty ? "must not be empty" : rule), found '\(value)'")
                return nil
            }
            return trimmed
        }
        let email = /[^@\s<>"'()]+@[^@\s<>"'()]+\.[A-Za-z]{2,}/
        identity.organizer = text("organizer", "某某市社会工作协会")
        identity.phone = text("contact_phone", "0579-87120000", valid: { $0.wholeMatch(of: /[0-9+\-() ]{5,30}/) != nil },
                              rule: "must be a telephone number (digits, spaces, + - and parentheses) such as 0579-87120000")
        identity.email = text("contact_email", "news@example.org", valid: { $0.wholeMatch(of: email) != nil },
                              rule: "must be an e-mail address such as news@example.org")
        identity.address = text("contact_address", "浙江省永康市…")
        identity.icp = text("icp", "浙ICP备12345678号-1", valid: { $0.wholeMatch(of: /\p{Han}ICP备\d{5,12}号(-\d{1,3})?/) != nil },
                            rule: "must be an ICP 备案号 as the MIIT registry gives it, such as 浙ICP备12345678号-1")
        if let police = text("police_beian", "浙公网安备 33078402000123号", valid: { $0.wholeMatch(of: /\p{Han}公网安备\s?\d{14}号/) != nil },
                              rule: "must be a 公安备案号 such as 浙公网安备 33078402000123号 (14 digits)") {
            identity.police = SiteIdentity.PoliceRecord(text: police, code: String(police.filter { $0.isASCII && $0.isNumber }))
        }
        identity.siteCode = text("site_code", "3307840001", valid: { $0.wholeMatch(of: /[0-9A-Z]{10}/) != nil },
                                 rule: "must be a 网站标识码 of ten digits or capital letters")
        identity.copyright = text("copyright", "© 2026 社工新闻")
        identity.reprint = text("reprint_notice", "转载请注明来源")
        identity.errata = text("errata_email", "jiucuo@example.org", valid: { $0.wholeMatch(of: email) != nil },
                               rule: "must be an e-mail address for 纠错, such as jiucuo@example.org")
    }

    /// Adds the trailing slash; refuses anything but `http(s)://host[:port][/path/]`: a host of
    /// letters, digits, dots and hyphens (an internationalised name in its xn-- form), a port from
    /// 1 to 65535, path segments of URL-safe characters and none of them `.` or `..`; no user name or
    /// password, query or fragment. The URL goes into every page's links, feeds and sitemap, in HTML
    /// attributes and XML, so nothing that needs escaping there is let in.
    static func normalizeBaseURL(_ url: String) -> String? {
        let scheme: String
        if url.hasPrefix("https://") { scheme = "https://" } else if url.hasPrefix("http://") { scheme = "http://" } else { return nil }
        let rest = url.dropFirst(scheme.count)
        let authority = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(authority.count)
        let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let host = parts.first, !host.isEmpty, host.count <= 253 else { return nil }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.allSatisfy({ label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
        }) else { return nil }
        if parts.count == 2 {
            guard let port = Int(parts[1]), (1...65535).contains(port), parts[1].allSatisfy(\.isASCII) else { return nil }
        }
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%!$&()*+,;=:@/".unicodeScalars)
        guard path.unicodeScalars.allSatisfy({ safe.contains($0) }) else { return nil }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard !segments.contains(where: { $0 == "." || $0 == ".." }), !path.contains("//") else { return nil }
        return url.hasSuffix("/") ? url : url + "/"
    }

    /// A BCP 47 tag's shape: a 2–3 letter language, then subtags of 2–8 letters or digits.
    static func isLanguageTag(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = parts.first, (2...3).contains(language.count),
              language.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic }) else { return false }
        return parts.dropFirst().allSatisfy { part in
            (1...8).contains(part.count) && part.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
        }
    }
}
