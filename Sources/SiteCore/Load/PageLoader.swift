/// Reads a stand-alone page (`pages/about.md`): `title` required, `slug` and `description` optional.
package enum PageLoader {
    /// First path segments the generator itself publishes; a page may not take them.
    package static let reservedSlugs: Set<String> = ["articles", "topics", "regions", "archive", "search", "page", "assets",
                                                    "feed", "sitemap", "robots", "404", "index"]

    package static func load(bytes: [UInt8], sourcePath: String, displayPath: String) -> (StandalonePage?, [Diagnostic]) {
        let file = displayPath
        let document: FrontMatterDocument
        switch FrontMatterDocument.read(bytes, file: file) {
        case .success(let d): document = d
        case .failure(let d): return (nil, [d])
        }
        let split = document.split, root = document.yaml
        let top = SourceLocation(file: file)
        var fields = FieldReader(file: file, node: root, missingKeyLocation: top, what: "front matter")
        let title = fields.string("title", required: true, example: "关于我们")?.0
        let description = fields.string("description", required: false, example: "…")?.0
        var slug = ArticleLoader.defaultSlug(forSourcePath: sourcePath)
        var slugLocation = top
        if let (given, node) = fields.string("slug", required: false, example: "about") {
            slug = given
            slugLocation = node.location(in: file)
        }
        if !Slug.isValid(slug) {
            fields.report(.error(slugLocation, "page slug '\(slug)' must use only lowercase letters a-z, digits and '-': add or fix a 'slug:' key"))
        } else if reservedSlugs.contains(slug) {
            fields.report(.error(slugLocation, "page slug '\(slug)' is taken by the site's own pages (/\(slug)/): choose another 'slug:'"))
        }
        guard !fields.diagnostics.hasErrors, let title else { return (nil, fields.diagnostics) }
        return (StandalonePage(title: title, slug: slug, description: description, body: String(split.body),
                               bodyFirstLine: split.bodyFirstLine, sourcePath: sourcePath, displayPath: displayPath),
                fields.diagnostics)
    }
}
