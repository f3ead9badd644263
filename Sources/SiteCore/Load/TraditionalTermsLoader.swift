/// Reads `traditional.yaml`: the 繁體版's own terms, applied before OpenCC's.
///
/// ```yaml
/// keep: [王后雄, 干将路]          # names and terms kept as written
/// replace:                       # converted the site's way
///   社工站: 社工站
/// ```
package enum TraditionalTermsLoader {
    package static let fileName = "traditional.yaml"

    package static func load(text: String, file: String) -> (TraditionalConverter.Overrides, [Diagnostic]) {
        let root: YAMLNode
        switch YAMLDocument.parse(text, file: file) {
        case .success(let node): root = node
        case .failure(let d): return (.init(), [d])
        }
        if root.isNull { return (.init(), []) }
        var fields = FieldReader(file: file, node: root, missingKeyLocation: SourceLocation(file: file), what: "the 繁體版's terms")
        var terms = TraditionalConverter.Overrides()
        for (term, node) in fields.stringList("keep", required: false, example: "[王后雄, 干将路]") ?? [] {
            if term.isEmpty { fields.error(at: node, "an empty term in 'keep'") } else { terms.keep.append(term) }
        }
        if let replace = fields.node("replace") {
            if case .mapping(let pairs) = replace.value {
                for (k, v) in pairs {
                    guard let from = k.scalarText?.trimmingWhitespace(), !from.isEmpty, let to = v.scalarText?.trimmingWhitespace(), !to.isEmpty else {
                        fields.error(at: k, "each entry of 'replace' is a term and its Traditional form, e.g. 社工站: 社工站")
                        continue
                    }
                    terms.replace.append((from, to))
                }
            } else {
                fields.error(at: replace, "'replace' must be a mapping of terms to their Traditional forms, e.g. 社工站: 社工站")
            }
        }
        for key in fields.keys where key != "keep" && key != "replace" {
            fields.report(.error(fields.keyNode(key)!.location(in: file),
                                 "unknown key '\(key)': expected 'keep' and 'replace'\(Suggestions.didYouMean(key, ["keep", "replace"]))"))
        }
        return (terms, fields.diagnostics)
    }
}
