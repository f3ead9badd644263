/// A curated special (专题): 3·21 世界社会工作日, 5·12 防灾减灾日, 敬老月. Defined in
/// `Content/specials.yaml`; an article joins one with `specials: [slug]` in its front matter.
/// The four standing topics are 栏目, not specials.
package struct Special: Sendable, Equatable {
    package var slug: String
    package var title: String
    /// The introduction at the head of its page.
    package var intro: String

    package init(slug: String, title: String, intro: String) {
        self.slug = slug
        self.title = title
        self.intro = intro
    }
}

/// Reads `specials.yaml`: a mapping of slug → { title, intro }, in the order the page lists them.
package enum SpecialsLoader {
    package static let fileName = "specials.yaml"

    package static func load(text: String, file: String) -> ([Special], [Diagnostic]) {
        let root: YAMLNode
        switch YAMLDocument.parse(text, file: file) {
        case .success(let node): root = node
        case .failure(let d): return ([], [d])
        }
        if root.isNull { return ([], []) }
        guard case .mapping(let pairs) = root.value else {
            return ([], [.error(root.location(in: file),
                                "expected specials as a mapping of slugs, e.g. world-social-work-day: { title: 3·21 世界社会工作日, intro: … }")])
        }
        var specials: [Special] = [], diagnostics: [Diagnostic] = []
        for (keyNode, valueNode) in pairs {
            guard let slug = keyNode.scalarText else {
                diagnostics.append(.error(keyNode.location(in: file), "expected a special's slug as the key, found \(keyNode.kindDescription)"))
                continue
            }
            if let problem = Slug.problem(slug) {
                diagnostics.append(.error(keyNode.location(in: file), Slug.message(problem, name: "special slug", value: slug, example: "")))
                continue
            }
            if specials.contains(where: { $0.slug == slug }) {
                diagnostics.append(.error(keyNode.location(in: file), "special '\(slug)' is defined twice"))
                continue
            }
            var fields = FieldReader(file: file, node: valueNode, missingKeyLocation: keyNode.location(in: file), what: "special '\(slug)'")
            let title = fields.string("title", required: true, example: "3·21 世界社会工作日")?.0.trimmingWhitespace()
            let intro = fields.string("intro", required: true, example: "每年三月第三个星期二是世界社会工作日……")?.0.trimmingWhitespace()
            for key in fields.keys where key != "title" && key != "intro" {
                fields.report(.error(fields.keyNode(key)!.location(in: file),
                                     "unknown key '\(key)' in special '\(slug)': expected 'title' and 'intro'\(Suggestions.didYouMean(key, ["title", "intro"]))"))
            }
            diagnostics += fields.diagnostics
            if let title, let intro { specials.append(Special(slug: slug, title: title, intro: intro)) }
        }
        return (specials, diagnostics)
    }
}
