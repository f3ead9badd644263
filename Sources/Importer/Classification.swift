import Foundation
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

    /// Where a report belongs, with the evidence and what an editor must check.
    package struct Placement {
        package var region: Int
        package var evidence: Evidence
        package var warnings: [String]
    }

    /// The national node of the tree, if it has one (`quanguo`, `national`, or named 全国).
    static func nationalNode(_ tree: RegionTree) -> Int? {
        tree.roots.first { ["quanguo", "national", "china"].contains(tree[$0].slug) || tree[$0].name == "全国" }
    }

    /// The most specific region the text supports: the province with the most mentions beneath it,
    /// then down to a child while that child is named (in full once, or twice in short) and more
    /// than any sibling. A name written in full (永康市) counts twice a short one (永康); a title's
    /// mentions count three times. News of the whole country (民政部, 全国) with no province goes to
    /// the national node when the tree has one. A tie is a warning, never a silent pick; so is a
    /// text that names no place of the tree, with the places it does name.
    package static func region(title: String, text: String, tree: RegionTree) -> Placement {
        var own = [Int](repeating: 0, count: tree.nodes.count)
        var full = [Int](repeating: 0, count: tree.nodes.count)
        var found: [String] = []
        let national = nationalNode(tree)
        for (i, node) in tree.nodes.enumerated() where i != national {
            let all = names(of: node)
            var short = all.min { $0.count < $1.count }!
            // 濮阳县 under 濮阳市: 濮阳 is the city's word; the county is only its full name.
            var up = node.parent
            while let p = up { if names(of: tree[p]).contains(short) { short = node.name }; up = tree[p].parent }
            let shortCount = count(short, in: text) + 3 * count(short, in: title)
            let fullCount = node.name == short ? shortCount : count(node.name, in: text) + 3 * count(node.name, in: title)
            own[i] = shortCount + fullCount
            full[i] = fullCount
            if shortCount > 0 { found.append("\(short) ×\(shortCount)") }
        }
        var subtree = own
        for i in tree.nodes.indices.reversed() { if let p = tree[i].parent { subtree[p] += subtree[i] } }
        let provinces = tree.roots.filter { $0 != national }.sorted { subtree[$0] > subtree[$1] }
        let countryWide = count("全国", in: text) + count("民政部", in: text) * 2 + 3 * (count("全国", in: title) + count("民政部", in: title))
        guard let top = provinces.first, subtree[top] > 0, !(countryWide >= 4 && subtree[top] <= 2) else {
            let fallback = national ?? tree.roots[0]
            if countryWide >= 2, let national {
                return Placement(region: national, evidence: Evidence(choice: tree[national].path, terms: ["全国/民政部 ×\(countryWide)"] + found), warnings: [])
            }
            let places = placeNames(in: title + "\n" + text)
            let named = places.isEmpty ? "" : " (the text names \(places.prefix(6).joined(separator: "、")); add the right one to regions.yaml)"
            return Placement(region: fallback, evidence: Evidence(choice: tree[fallback].path, terms: found),
                             warnings: ["no region of regions.yaml is named\(named): set to \(tree[fallback].name); correct the region"])
        }
        var warnings: [String] = []
        // A second province close behind, or any in a round-up of several places (多地, 各地).
        let roundUp = count("多地", in: title + text) + count("各地", in: title + text) > 0
        if provinces.count > 1, subtree[provinces[1]] >= 2, roundUp || 4 * subtree[provinces[1]] >= subtree[top], subtree[provinces[1]] < subtree[top] {
            warnings.append("the text also names \(tree[provinces[1]].name) (\(subtree[provinces[1]]) against \(subtree[top])): check the region")
        }
        if provinces.count > 1, subtree[provinces[1]] == subtree[top] {
            let fallback = national ?? top
            return Placement(region: fallback, evidence: Evidence(choice: tree[fallback].path, terms: found),
                             warnings: ["region is a tie between \(tree[top].name) and \(tree[provinces[1]].name): set to \(tree[fallback].name); choose one"])
        }
        var choice = top
        let known = Set(tree.nodes.map(\.name))
        let written = placeNames(in: title + "\n" + text)
        while true {
            let children = tree[choice].children.sorted { subtree[$0] > subtree[$1] }
            guard let child = children.first, subtree[child] > 0 else { break }
            let clear = children.count == 1 || subtree[children[1]] < subtree[child]
            // Named for sure (in full, twice, or through a child named in full), or the only place
            // of the text below the current choice (竹山 the one place a 竹山 report names).
            let named = full[child] > 0 || subtree[child] >= 2 || tree[child].children.contains { full[$0] > 0 }
                || subtree[child] == subtree[choice] - own[choice]
            guard clear, named else {
                if !clear { warnings.append("region below \(tree[choice].name) is a tie between \(tree[child].name) and \(tree[children[1]].name): kept \(tree[choice].name)") }
                break
            }
            // A sibling regions.yaml lacks (北仑区 beside 鄞州区) counts against the child as a known
            // one would: a text naming two districts once each is about the city.
            if let rival = unknownSibling(of: tree[child].name, written: written, known: known, text: title + "\n" + text),
               subtree[child] <= 2 * rival.1 {
                warnings.append("region below \(tree[choice].name) is a tie between \(tree[child].name) and \(rival.0) (not in regions.yaml): kept \(tree[choice].name)")
                break
            }
            choice = child
        }
        return Placement(region: choice, evidence: Evidence(choice: tree[choice].path, terms: found), warnings: warnings)
    }

    /// The most written place name of the same kind as `name` (区 for a 区, 县 for a 县) that no node of the
    /// tree has, with its count.
    static func unknownSibling(of name: String, written: [String], known: Set<String>, text: String) -> (String, Int)? {
        // 区 and 县 only: a 市 beside a city may be a county-level city inside it (霸州市 in 廊坊市).
        guard let kind = name.last, kind == "区" || kind == "县" else { return nil }
        // Only the common shape (two characters and the kind: 北仑区, 佛山市), and not a word that
        // merely ends like one (集市, 超市).
        let words: Set<String> = ["集市", "超市", "城市", "夜市", "门市", "股市", "上市", "街区", "片区", "校区", "新区", "城区", "市区", "郊区", "山区", "灾区", "库区"]
        return written.filter { place in
            place.count == 3 && place.last == kind && !known.contains(place) && !known.contains(where: { place.hasSuffix($0) })
                && !words.contains(String(place.suffix(2))) && !place.contains(where: { "府副长和及等与在省".contains($0) })
        }
            .map { ($0, count($0, in: text)) }
            .max { $0.1 < $1.1 }
    }

    /// Place names as a text writes them (某某省/市/区/县/镇/乡/街道), for an editor to add to
    /// regions.yaml: whole names, never fragments. A name is the longest run of two to four
    /// characters before the place word that starts at a boundary (punctuation, the text's start,
    /// another place's end: 济南市|历城区, or a word that cannot end a name: 在|郭店街道), or,
    /// failing that, a run the text also writes after a different character. Nothing else is offered.
    package static func placeNames(in fullText: String) -> [String] {
        // The names are suggestions (the first few are shown); read in the text's first 20,000
        // characters, so that the search for a name elsewhere in the text stays bounded.
        let text = String(fullText.prefix(20_000))
        let chars = Array(text)
        let placeWords: [[Character]] = ["自治区", "自治州", "街道", "省", "市", "区", "县", "镇", "乡"].map(Array.init)
        let notNames: Set<String> = ["城市", "都市", "集市", "超市", "夜市", "门市", "家乡", "城乡", "下乡", "老乡", "故乡", "社区", "小区", "主城区",
                                     "老城区", "中心城区", "辖区", "园区", "景区", "市区", "地区", "山区", "片区", "街区", "校区", "新区", "郊区", "灾区", "库区"]
        let boundaryAfter = Set("在于到赴对向从和与及是为将把被让给由经近来往等各全本该此")
        // Words that open a clause, not a name (，接着镇公共服务办…).
        let leadWords = ["接着", "随后", "然后", "同时", "通过", "其中", "以及", "还有", "今年", "去年", "目前", "已经", "各个", "所在", "当地", "本地", "所有", "全部", "我们"]
        let placeEnds = Set("省市区县镇乡道")
        func isHan(_ c: Character) -> Bool { c.unicodeScalars.first.map { $0.properties.isIdeographic } ?? false }
        func bounded(_ start: Int) -> Bool {
            start == 0 || !isHan(chars[start - 1]) || boundaryAfter.contains(chars[start - 1]) || placeEnds.contains(chars[start - 1])
        }
        // Generic words made of place words: 乡镇 (townships), 镇街 and 镇街道 (towns and
        // subdistricts; not a town's 街头, 街上…), 全市/各县… (the whole city, each county). Their
        // characters are neither a place word nor part of a name.
        var generic = [Bool](repeating: false, count: chars.count)
        for k in chars.indices.dropLast() {
            let (a, b) = (chars[k], chars[k + 1])
            let streetOfTown = k + 2 < chars.count && "头巷上面边坊".contains(chars[k + 2])
            let pair = (a == "乡" && b == "镇") || (a == "镇" && b == "街" && !streetOfTown)
                || ("全各".contains(a) && "省市区县镇乡".contains(b))
            if pair { (generic[k], generic[k + 1]) = (true, true) }
        }
        // Two names run together (四川省|乡城县: a whole name of two or more characters inside;
        // 新市镇 keeps its 市); an official's title (区政府副区长) is caught by its 副.
        func gluesTwoNames(_ name: String, placeWord: Int) -> Bool {
            Array(name).dropLast(placeWord).enumerated().contains { k, ch in k >= 2 && "省市县".contains(ch) }
        }
        // A count or a quantifier (2个县区, 三个县区, 每个街道), not a name; 个旧市 is one.
        let counters = Set("一二三四五六七八九十百千两几多每这那整")
        func isCount(at start: Int, length: Int) -> Bool {
            (start..<(start + length)).contains { p in
                chars[p] == "个" && p > 0 && (chars[p - 1].isNumber || counters.contains(chars[p - 1]))
            }
        }
        var seen: [String] = []
        var writtenElsewhere: [String: Bool] = [:]
        var i = 0
        while i < chars.count {
            guard !generic[i], let word = placeWords.first(where: { w in i + w.count <= chars.count && Array(chars[i..<i + w.count]) == w }) else {
                i += 1
                continue
            }
            defer { i += word.count }
            var run = 0
            while run < 4, i - run - 1 >= 0, isHan(chars[i - run - 1]), !generic[i - run - 1],
                  !(run > 0 && placeEnds.contains(chars[i - run - 1]) && run >= 2) { run += 1 }
            guard run >= 2 else { continue }
            let candidates = (2...run).reversed().map { length in (start: i - length, name: String(chars[(i - length)..<(i + word.count)])) }
                .filter { c in
                    !boundaryAfter.contains(c.name.first!) && !leadWords.contains(where: { c.name.hasPrefix($0) })
                        && !gluesTwoNames(c.name, placeWord: word.count) && !c.name.contains("副") && !isCount(at: c.start, length: c.name.count)
                }
            let pick = candidates.first { bounded($0.start) }
                ?? candidates.first { c in
                    // Written elsewhere after another character: 金山屯镇 in 对金山屯镇 and 步金山屯镇
                    // (once per name: a text may repeat a name many times).
                    if let known = writtenElsewhere[c.name] { return known }
                    let others = text.components(separatedBy: c.name).dropLast().compactMap(\.last)
                    let found = Set(others).count >= 2 || others.contains { !isHan($0) }
                    writtenElsewhere[c.name] = found
                    return found
                }
            guard let name = pick?.name, !notNames.contains(where: { name.hasSuffix($0) }), !seen.contains(name) else { continue }
            seen.append(name)
        }
        return seen
    }

    /// Each topic's terms with their weights: 3 for a term that names the topic outright, 2 for one
    /// that is usually about it, 1 for one that only leans to it.
    static let topicTerms: [Topic: [(String, Int)]] = [
        .relief: [("社会救助", 3), ("临时救助", 3), ("低保", 3), ("特困", 3), ("兜底", 3), ("困难群众", 3), ("困难家庭", 3), ("助联体", 3),
                  ("救助", 2), ("困难群体", 2), ("民政服务对象", 2), ("帮扶", 2), ("困境家庭", 2), ("慰问", 1), ("残疾", 1), ("民政", 1),
                  ("社工站建设", 2), ("社会工作服务站", 1), ("社工站", 1), ("社会工作站", 1)],
        .youth: [("青少年", 3), ("留守儿童", 3), ("未成年人", 3), ("困境儿童", 3), ("暑托班", 3), ("儿童", 2), ("托管", 2), ("未保", 3),
                 ("小朋友", 2), ("学生", 1), ("孩子", 1), ("学校", 1), ("驻校", 3), ("课业辅导", 2), ("孤儿", 2), ("事实无人抚养", 3),
                 ("小候鸟", 3), ("夏令营", 2), ("作业辅导", 2), ("亲子", 1)],
        .elderly: [("养老", 3), ("为老", 3), ("重阳", 3), ("敬老", 3), ("老年人", 3), ("老人", 2), ("长者", 2), ("高龄", 2), ("空巢", 2),
                   ("失能", 3), ("独居", 1), ("老年", 2), ("一老一小", 1), ("失独", 3), ("日间照料", 3)],
        .disaster: [("防汛", 3), ("汛期", 3), ("暴雨", 3), ("强降雨", 3), ("台风", 3), ("洪水", 3), ("洪涝", 3), ("受灾", 3), ("灾情", 3),
                    ("安置点", 3), ("防灾减灾", 3), ("救灾", 3), ("避灾", 3), ("抢险", 3), ("地震", 3), ("灾害", 2), ("应急", 1), ("转移", 1)],
    ]

    /// Topics the text is clearly about: weighted term counts (title ×3); the strongest if it scores
    /// at least 3, others scoring at least 4 and a third of it. Nothing clear: no topic (the caller
    /// warns).
    package static func topics(title: String, text: String) -> [(Topic, Evidence)] {
        var scored: [(Topic, Int, [String])] = []
        for topic in Topic.allCases {
            var score = 0
            var weighed: [(String, Int)] = []
            var counted = text + "\n" + title + title + title
            // Longer terms first, each occurrence counted once (留守儿童 is not also 儿童).
            for (term, weight) in topicTerms[topic]!.sorted(by: { $0.0.count > $1.0.count }) {
                let n = count(term, in: counted)
                guard n > 0 else { continue }
                score += n * weight
                weighed.append(("\(term) ×\(n)", n * weight))
                counted = counted.replacingOccurrences(of: term, with: "〇")
            }
            // The evidence an editor reads: the terms that weigh most first.
            let terms = weighed.enumerated().sorted { ($0.element.1, -$0.offset) > ($1.element.1, -$1.offset) }.map(\.element.0)
            scored.append((topic, score, terms))
        }
        let best = scored.map(\.1).max() ?? 0
        guard best >= 3 else { return [] }
        return scored.filter { $0.1 == best || ($0.1 >= 4 && Double($0.1) >= Double(best) / 3) }
            .sorted { $0.1 > $1.1 }
            .map { ($0.0, Evidence(choice: $0.0.rawValue, terms: $0.2)) }
    }
}
