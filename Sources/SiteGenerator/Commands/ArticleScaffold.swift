import SiteCore

/// `build-site new`: a new article file with valid front matter, dated now in China time.
package enum ArticleScaffold {
    package struct Request: Sendable {
        package var title: String
        package var region: String
        package var topics: [String]
        package var slug: String?
        package var source: String?
        package var author: String?
        package var draft: Bool
        package var now: PublishDate

        package init(title: String, region: String, topics: [String], slug: String? = nil, source: String? = nil,
                    author: String? = nil, draft: Bool = false, now: PublishDate) {
            self.title = title
            self.region = region
            self.topics = topics
            self.slug = slug
            self.source = source
            self.author = author
            self.draft = draft
            self.now = now
        }
    }

    package enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case invalid(String)
        case exists(String)

        package var description: String {
            switch self {
            case .invalid(let message): return message
            case .exists(let path): return "\(path) already exists: choose another --slug"
            }
        }
    }

    /// Checks the request against the content folder's regions and writes the file.
    /// Returns the path written (content folder as given + relative path).
    package static func create(_ request: Request, contentPath: String) throws(Failure) -> String {
        let regionsFile = contentPath + "/regions.yaml"
        guard let bytes = try? FileSystem.readBytes(regionsFile), case .success(let regionsText) = SourceText.decode(bytes, file: regionsFile) else {
            throw .invalid("cannot read \(regionsFile): run this in the site's folder or pass --content")
        }
        let (tree, regionProblems) = RegionLoader.load(text: regionsText, file: regionsFile)
        if regionProblems.hasErrors { throw .invalid(regionProblems.errors.map(\.description).joined(separator: "\n")) }

        let title = request.title.trimmingWhitespace()
        guard !title.isEmpty else { throw .invalid("--title is empty: give the article's headline, e.g. --title \"永康市乡镇社工站实现全覆盖\"") }
        let regionPath = request.region.split(separator: "/").joined(separator: "/")
        guard let region = tree.index(ofPath: regionPath) else {
            let near = Suggestions.nearest(to: regionPath, in: tree.allPaths).map { "did you mean '\($0)'? " } ?? ""
            throw .invalid("unknown region '\(request.region)': \(near)valid regions are:\n" + tree.allPaths.map { "  \($0)" }.joined(separator: "\n"))
        }
        var topics: [Topic] = []
        for name in request.topics.flatMap({ $0.split(separator: ",") }).map({ String($0).trimmingWhitespace() }) where !name.isEmpty {
            guard let topic = Topic(rawValue: name) else {
                let near = Suggestions.nearest(to: name, in: Topic.allCases.map(\.rawValue)).map { "did you mean '\($0)'? " } ?? ""
                throw .invalid("unknown topic '\(name)': \(near)valid topics are \(Topic.slugList)")
            }
            if !topics.contains(topic) { topics.append(topic) }
        }
        guard !topics.isEmpty else { throw .invalid("--topics is empty: give one or more of \(Topic.slugList)") }

        let c = request.now.china
        let month = c.month < 10 ? "0\(c.month)" : "\(c.month)"
        let directory = "articles/\(c.year)/\(month)"
        // A Chinese headline cannot be a URL: without --slug the file is named after the place and the day.
        let stem = request.slug ?? "\(tree[region].slug)-\(c.year)\(month)\(c.day < 10 ? "0" : "")\(c.day)"
        if let given = request.slug {
            if let problem = Slug.problem(given) { throw .invalid(Slug.message(problem, name: "--slug", value: given, example: "")) }
            if FileSystem.exists(contentPath + "/" + directory + "/" + given + ".md") { throw .exists(contentPath + "/" + directory + "/" + given + ".md") }
        }

        var text = "---\n"
        text += "title: \(YAMLText.quoted(title))\n"
        text += "date: \(request.now.iso8601)\n"
        text += "region: \(regionPath)\n"
        text += "topics: [\(topics.map(\.rawValue).joined(separator: ", "))]\n"
        if let source = request.source?.trimmingWhitespace(), !source.isEmpty { text += "source: \(YAMLText.quoted(source))\n" }
        if let author = request.author?.trimmingWhitespace(), !author.isEmpty { text += "author: \(YAMLText.quoted(author))\n" }
        if request.draft { text += "draft: true\n" }
        text += "---\n在这里写正文。段落之间空一行。\n\n## 小标题\n\n图片放在本文件旁边，用 `![说明](照片.jpg)` 这样的写法引用。\n"

        let folder = contentPath + "/" + directory
        let wanted: String = folder + "/" + stem + ".md"
        let path: String
        do {
            path = try FileSystem.createNew(Array(text.utf8), directory: folder, stem: stem, ext: ".md")
        } catch {
            throw .invalid("cannot write \(error)")
        }
        // With --slug, exactly that name: a file that appeared since the check above is not replaced by another.
        if request.slug != nil && path != wanted {
            try? FileSystem.unlink(path)
            throw .exists(wanted)
        }
        return path
    }
}
