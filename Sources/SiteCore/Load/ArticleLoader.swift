/// Turns one Markdown file into an `Article`, checking every rule of the content contract
/// and reporting every violation with its position.
package struct ArticleLoader: Sendable {
    package let regions: RegionTree
    /// False when regions.yaml itself has errors: articles' regions are then not judged against
    /// it (one broken tree would otherwise add an error to every article).
    package var checksRegions = true
    /// The specials `specials.yaml` defines, by slug: an article's `specials:` must name them.
    package var specials: [Special] = []

    package static let knownKeys = ["title", "date", "region", "topics", "source", "author", "summary", "slug", "draft", "updated",
                                    "editor", "featured", "specials"]

    /// Larger files are refused: no news article comes near it, and it bounds a build's time and memory.
    package static let maxFileBytes = 16 * 1024 * 1024

    package init(regions: RegionTree) { self.regions = regions }

    package static func tooLarge(_ size: Int, file: String) -> Diagnostic {
        .error(SourceLocation(file: file), "file is \(size / 1024 / 1024) MiB: articles are limited to \(maxFileBytes / 1024 / 1024) MiB; split it or move large data to an attached file")
    }

    /// `sourcePath` is relative to the content folder; `displayPath` is what messages show.
    package func load(bytes: [UInt8], sourcePath: String, displayPath: String) -> (Article?, [Diagnostic]) {
        let file = displayPath
        if bytes.count > Self.maxFileBytes { return (nil, [Self.tooLarge(bytes.count, file: file)]) }
        let document: FrontMatterDocument
        switch FrontMatterDocument.read(bytes, file: file) {
        case .success(let d): document = d
        case .failure(let d): return (nil, [d])
        }
        let split = document.split, root = document.yaml
        let top = SourceLocation(file: file, line: 1, column: 1)
        var fields = FieldReader(file: file, node: root, missingKeyLocation: top, what: "front matter")

        let title = fields.string("title", required: true, example: "永康市乡镇社工站实现全覆盖")?.0
        let date = readDate("date", required: true, &fields)
        let updated = readDate("updated", required: false, &fields)
        let region = readRegion(&fields)
        let topics = readTopics(&fields)
        let source = fields.string("source", required: false, example: "中国社会报")?.0
        let author = fields.string("author", required: false, example: "刘婷婷")?.0
        let summary = fields.string("summary", required: false, example: "一两句话的摘要")?.0
        let draft = fields.bool("draft") ?? false
        let editor = fields.string("editor", required: false, example: "王芳")?.0.trimmingWhitespace()
        let featured = fields.bool("featured") ?? false
        let specials = readSpecials(&fields)
        let slug = readSlug(&fields, sourcePath: sourcePath, top: top)

        var extra: [String: FrontMatterValue] = [:]
        for (key, value) in fields.mapping {
            guard let name = key.scalarText, !Self.knownKeys.contains(name) else { continue }
            extra[name] = FrontMatterValue(value)
        }
        if let updated, let date, updated < date {
            fields.report(.warning(fields.node("updated")!.location(in: file), "'updated' (\(updated.isoDay)) is before 'date' (\(date.isoDay))"))
        }
        let diagnostics = fields.diagnostics
        guard !diagnostics.hasErrors, let title, let date, let region, let topics, let slug else {
            return (nil, diagnostics)
        }
        let article = Article(title: title, date: date, updated: updated, region: region, topics: topics,
                              source: source, author: author, summary: summary, slug: slug, draft: draft,
                              editor: editor.flatMap { $0.isEmpty ? nil : $0 }, featured: featured, specials: specials, extra: extra,
                              body: String(split.body), bodyFirstLine: split.bodyFirstLine,
                              sourcePath: sourcePath, displayPath: displayPath)
        return (article, diagnostics)
    }

    private func readDate(_ key: String, required: Bool, _ fields: inout FieldReader) -> PublishDate? {
        guard let (text, node) = fields.string(key, required: required, example: "2022-10-12T09:42:00+08:00") else { return nil }
        switch PublishDate.parse(text) {
        case .success(let d): return d
        case .failure(.format):
            fields.error(at: node, "'\(key)' must be an ISO 8601 date such as 2022-10-12 or 2022-10-12T09:42:00+08:00, found '\(text)'")
        case .failure(.impossible(let why)):
            fields.error(at: node, "'\(key)' is not a real date: \(why) ('\(text)')")
        }
        return nil
    }

    private func readRegion(_ fields: inout FieldReader) -> Int? {
        guard let (path, node) = fields.string("region", required: true, example: "zhejiang/jinhua/yongkang") else { return nil }
        let cleaned = path.split(separator: "/").joined(separator: "/")
        if let index = regions.index(ofPath: cleaned) { return index }
        guard checksRegions else { return nil }
        // Name the deepest known prefix, so the editor knows whether the province or the district is wrong.
        let parts = cleaned.split(separator: "/").map(String.init)
        var known = ""
        for i in stride(from: parts.count - 1, through: 1, by: -1) {
            let prefix = parts[0..<i].joined(separator: "/")
            if regions.index(ofPath: prefix) != nil { known = prefix; break }
        }
        var message = "unknown region '\(path)': expected a slug path defined in regions.yaml, such as zhejiang/jinhua/yongkang"
        if !known.isEmpty { message += "; '\(known)' exists but has no '\(parts[known.split(separator: "/").count])' beneath it" }
        message += Suggestions.didYouMean(cleaned, regions.allPaths)
        fields.error(at: node, message)
        return nil
    }

    private func readTopics(_ fields: inout FieldReader) -> [Topic]? {
        guard let items = fields.stringList("topics", required: true, example: "[elderly, youth]") else { return nil }
        var topics: [Topic] = []
        var ok = true
        for (name, node) in items {
            if let topic = Topic(rawValue: name) {
                if !topics.contains(topic) { topics.append(topic) }
            } else if let topic = Topic.allCases.first(where: { $0.chineseName == name }) {
                fields.error(at: node, "topic '\(name)' must be written as its slug '\(topic.rawValue)'")
                ok = false
            } else {
                fields.error(at: node, "unknown topic '\(name)': expected one of \(Topic.slugList)\(Suggestions.didYouMean(name, Topic.allCases.map(\.rawValue)))")
                ok = false
            }
        }
        return ok && !topics.isEmpty ? topics : nil
    }

    private func readSpecials(_ fields: inout FieldReader) -> [String] {
        guard let items = fields.stringList("specials", required: false, example: "[world-social-work-day]") else { return [] }
        var slugs: [String] = []
        let known = specials.map(\.slug)
        for (slug, node) in items where !slugs.contains(slug) {
            if known.contains(slug) {
                slugs.append(slug)
            } else if known.isEmpty {
                fields.error(at: node, "unknown special '\(slug)': specials are defined in specials.yaml, which has none")
            } else {
                fields.error(at: node, "unknown special '\(slug)': expected one of \(known.joined(separator: ", ")) (defined in specials.yaml)\(Suggestions.didYouMean(slug, known))")
            }
        }
        return slugs
    }

    private func readSlug(_ fields: inout FieldReader, sourcePath: String, top: SourceLocation) -> String? {
        if let keyNode = fields.keyNode("slug"), fields.node("slug")?.scalarText?.trimmingWhitespace().isEmpty ?? true {
            fields.error(at: keyNode, "'slug' is empty: give one (lowercase letters a-z, digits and '-', e.g. slug: yongkang-stations) or remove the key")
            return nil
        }
        if let (slug, node) = fields.string("slug", required: false, example: "yongkang-stations") {
            if let problem = Slug.problem(slug) {
                fields.error(at: node, Slug.message(problem, name: "slug", value: slug, example: "slug: "))
                return nil
            }
            return slug
        }
        let name = Self.defaultSlug(forSourcePath: sourcePath)
        if let problem = Slug.problem(name) {
            let why = problem == .tooLong(bytes: name.utf8.count) ? "is too long for a URL" : "cannot be a URL (only lowercase letters a-z, digits and '-')"
            let shown = TerminalText.escaped(name.count > 40 ? String(name.prefix(40)) + "…" : name)
            fields.report(.error(top, "the file name '\(shown)' \(why): add a 'slug:' key, e.g. slug: yongkang-stations"))
            return nil
        }
        return name
    }

    /// The file name without `.md`; for `…/yongkang-stations/index.md`, the folder's name.
    package static func defaultSlug(forSourcePath path: String) -> String {
        let parts = path.split(separator: "/")
        let file = parts.last.map(String.init) ?? path
        let base = file.hasSuffix(".md") ? String(file.dropLast(3)) : file
        if base == "index", parts.count >= 2 { return String(parts[parts.count - 2]) }
        return base
    }
}
