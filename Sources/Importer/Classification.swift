import SiteCore

/// A choice with the evidence for it, printed so an editor can judge.
package struct Evidence: Sendable {
    package var choice: String
    /// Matched terms with their counts, e.g. "秀洲 ×12".
    package var terms: [String]
}

package enum Classification {
    /// The names a region goes by in running text: 永康市 and 永康, 浙江省 and 浙江.
    static func names(of region: Region) -> [String] {
        var names = [region.name]
        for suffix in ["特别行政区", "自治区", "自治州", "省", "市", "区", "县", "州", "盟", "旗"] where region.name.hasSuffix(suffix) {
            let short = String(region.name.dropLast(suffix.count))
            if short.count >= 2 { names.append(short) }
            break
        }
        return names
    }

    static func count(_ needle: String, in haystack: String) -> Int {
        guard !needle.isEmpty else { return 0 }
        return haystack.components(separatedBy: needle).count - 1
    }

    /// The most specific region that the text supports well: from the province with the most
    /// mentions beneath it, down to a child only while that child holds more than half of its
    /// parent's mentions (two at the least). Title mentions count three times.
    package static func region(title: String, text: String, tree: RegionTree) -> (Int, Evidence)? {
        var own = [Int](repeating: 0, count: tree.nodes.count)
        var found: [String] = []
        for (i, node) in tree.nodes.enumerated() {
            // The shortest name counts every mention (杭州 is inside 杭州市).
            let short = names(of: node).min { $0.count < $1.count }!
            let n = count(short, in: text) + 3 * count(short, in: title)
            own[i] = n
            if n > 0 { found.append("\(short) ×\(n)") }
        }
        var subtree = own
        for i in tree.nodes.indices.reversed() { if let p = tree[i].parent { subtree[p] += subtree[i] } }
        guard let province = tree.roots.max(by: { subtree[$0] < subtree[$1] }), subtree[province] > 0 else { return nil }
        var choice = province
        while let child = tree[choice].children.max(by: { subtree[$0] < subtree[$1] }),
              subtree[child] >= 2, Double(subtree[child]) > 0.5 * Double(subtree[choice]) {
            choice = child
        }
        return (choice, Evidence(choice: tree[choice].path, terms: found))
    }

    static let topicTerms: [Topic: [String]] = [
        .relief: ["社会救助", "救助", "低保", "特困", "助联体", "困难群众", "困难家庭", "兜底", "帮扶", "困境家庭", "残疾", "戒毒", "婚姻"],
        .youth: ["青少年", "儿童", "未成年人", "未保", "学校", "学生", "留守", "校园", "驻校", "孩子", "一老一小", "小志愿者"],
        .elderly: ["老年", "老人", "养老", "为老", "一老一小", "高龄", "独居", "空巢", "失能", "长者", "失独"],
        .disaster: ["台风", "防汛", "避灾", "灾害", "洪水", "洪涝", "应急", "安置点", "防灾减灾", "转移群众"],
    ]

    /// Topics whose terms the text uses often enough: the strongest always, others with at least
    /// a third of its score (two matches at the least).
    package static func topics(title: String, text: String) -> [(Topic, Evidence)] {
        var scored: [(Topic, Int, [String])] = []
        for topic in Topic.allCases {
            var score = 0
            var terms: [String] = []
            for term in topicTerms[topic]! {
                let n = count(term, in: text) + 3 * count(term, in: title)
                if n > 0 { score += n; terms.append("\(term) ×\(n)") }
            }
            scored.append((topic, score, terms))
        }
        let best = scored.map(\.1).max() ?? 0
        guard best > 0 else { return [] }
        return scored.filter { $0.1 == best || ($0.1 >= 2 && Double($0.1) >= Double(best) / 3) }
            .sorted { $0.1 > $1.1 }
            .map { ($0.0, Evidence(choice: $0.0.rawValue, terms: $0.2)) }
    }
}
