/// One node of the region tree: a province, city or district (any depth).
public struct Region: Sendable, Hashable {
    public var slug: String
    /// The Chinese name, e.g. 永康市.
    public var name: String
    /// Slug path from the root, e.g. `zhejiang/jinhua/yongkang`.
    public var path: String
    public var depth: Int
    public var parent: Int?
    public var children: [Int]
}

/// The regions editors tag articles with, from `regions.yaml`. Nodes are stored in file
/// order (depth-first), so walking `nodes` lists parents before their children.
public struct RegionTree: Sendable {
    public private(set) var nodes: [Region] = []
    public private(set) var roots: [Int] = []
    private var byPath: [String: Int] = [:]

    public init() {}

    /// Adds a node under `parent` (nil for a province). Returns its index, or nil if a sibling has the slug.
    @discardableResult
    public mutating func add(slug: String, name: String, parent: Int?) -> Int? {
        let path = parent.map { nodes[$0].path + "/" + slug } ?? slug
        if byPath[path] != nil { return nil }
        let index = nodes.count
        nodes.append(Region(slug: slug, name: name, path: path, depth: parent.map { nodes[$0].depth + 1 } ?? 0,
                            parent: parent, children: []))
        byPath[path] = index
        if let parent { nodes[parent].children.append(index) } else { roots.append(index) }
        return index
    }

    public func index(ofPath path: String) -> Int? { byPath[path] }

    public subscript(i: Int) -> Region { nodes[i] }

    public var allPaths: [String] { nodes.map(\.path) }

    /// The node and all its ancestors, root first: 浙江省 › 金华市 › 永康市.
    public func lineage(of index: Int) -> [Int] {
        var chain = [index]
        var cursor = nodes[index].parent
        while let p = cursor {
            chain.append(p)
            cursor = nodes[p].parent
        }
        return chain.reversed()
    }

    /// `浙江省金华市永康市` — the full name, for search and titles.
    public func fullName(of index: Int, separator: String = "") -> String {
        lineage(of: index).map { nodes[$0].name }.joined(separator: separator)
    }
}
