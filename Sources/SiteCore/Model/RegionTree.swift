/// One node of the region tree: a province, city or district (any depth).
package struct Region: Sendable, Hashable {
    package var slug: String
    /// The Chinese name, e.g. 永康市.
    package var name: String
    /// Slug path from the root, e.g. `zhejiang/jinhua/yongkang`.
    package var path: String
    package var depth: Int
    package var parent: Int?
    package var children: [Int]
}

/// The regions editors tag articles with, from `regions.yaml`. Nodes are stored in file
/// order (depth-first), so walking `nodes` lists parents before their children.
package struct RegionTree: Sendable {
    package private(set) var nodes: [Region] = []
    package private(set) var roots: [Int] = []
    private var byPath = PathTable<Int>()

    package init() {}

    /// Adds a node under `parent` (nil for a province). Returns its index, or nil if a sibling has the slug.
    @discardableResult
    package mutating func add(slug: String, name: String, parent: Int?) -> Int? {
        let path = parent.map { nodes[$0].path + "/" + slug } ?? slug
        if byPath[path] != nil { return nil }
        let index = nodes.count
        nodes.append(Region(slug: slug, name: name, path: path, depth: parent.map { nodes[$0].depth + 1 } ?? 0,
                            parent: parent, children: []))
        byPath[path] = index
        if let parent { nodes[parent].children.append(index) } else { roots.append(index) }
        return index
    }

    package func index(ofPath path: String) -> Int? { byPath[path] }

    package subscript(i: Int) -> Region { nodes[i] }

    package var allPaths: [String] { nodes.map(\.path) }

    /// The node and all its ancestors, root first: 浙江省 › 金华市 › 永康市.
    package func lineage(of index: Int) -> [Int] {
        var chain = [index]
        var cursor = nodes[index].parent
        while let p = cursor {
            chain.append(p)
            cursor = nodes[p].parent
        }
        return chain.reversed()
    }

    /// `浙江省金华市永康市` — the full name, for search and titles.
    package func fullName(of index: Int, separator: String = "") -> String {
        lineage(of: index).map { nodes[$0].name }.joined(separator: separator)
    }
}
