/// Reads `regions.yaml`: a nested mapping of slug → { name, children }.
package enum RegionLoader {
    package static func load(text: String, file: String) -> (RegionTree, [Diagnostic]) {
        var tree = RegionTree()
        var diagnostics: [Diagnostic] = []
        let root: YAMLNode
        switch YAMLDocument.parse(text, file: file) {
        case .success(let node): root = node
        case .failure(let d): return (tree, [d])
        }
        guard case .mapping(let pairs) = root.value else {
            return (tree, [.error(root.location(in: file),
                                  "expected the region tree as a mapping of slugs, e.g. zhejiang: { name: 浙江省, children: { … } }")])
        }
        if pairs.isEmpty {
            diagnostics.append(.error(root.location(in: file), "the region tree is empty: define at least one province, e.g. zhejiang: { name: 浙江省 }"))
        }
        addChildren(pairs, parent: nil, tree: &tree, file: file, diagnostics: &diagnostics)
        return (tree, diagnostics)
    }

    private static func addChildren(_ pairs: [(key: YAMLNode, value: YAMLNode)], parent: Int?, tree: inout RegionTree,
                                    file: String, diagnostics: inout [Diagnostic]) {
        for (keyNode, valueNode) in pairs {
            guard let slug = keyNode.scalarText else {
                diagnostics.append(.error(keyNode.location(in: file), "expected a region slug as the key, found \(keyNode.kindDescription)"))
                continue
            }
            if let problem = Slug.problem(slug) {
                diagnostics.append(.error(keyNode.location(in: file), Slug.message(problem, name: "region slug", value: slug, example: "")))
                continue
            }
            var fields = FieldReader(file: file, node: valueNode, missingKeyLocation: keyNode.location(in: file),
                                     what: "region '\(slug)'")
            let name = fields.string("name", required: true, example: "浙江省")?.0
            for key in fields.keys where key != "name" && key != "children" {
                fields.report(.error(fields.keyNode(key)!.location(in: file),
                                     "unknown key '\(key)' in region '\(slug)': expected 'name' and optional 'children'\(Suggestions.didYouMean(key, ["name", "children"]))"))
            }
            diagnostics += fields.diagnostics
            guard let name else { continue }
            guard let index = tree.add(slug: slug, name: name, parent: parent) else {
                diagnostics.append(.error(keyNode.location(in: file), "region '\(slug)' is defined twice at this level"))
                continue
            }
            if let children = fields.node("children") {
                guard case .mapping(let childPairs) = children.value else {
                    diagnostics.append(.error(children.location(in: file),
                                              "'children' of region '\(slug)' must be a mapping of slugs, found \(children.kindDescription)"))
                    continue
                }
                addChildren(childPairs, parent: index, tree: &tree, file: file, diagnostics: &diagnostics)
            }
        }
    }
}
