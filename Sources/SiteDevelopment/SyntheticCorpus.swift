import SiteCore
import SiteGenerator

/// Writes a synthetic, deterministic corpus in the content format, for benchmarks and tests that
/// need volume: article *i* depends only on (seed, *i*). Its shape follows the portal's material:
/// a three-level region tree, dates from 2012 on with more in recent years, one to three topics,
/// Chinese bodies with headings, emphasis, links, quotes and lists, the odd draft.
package struct SyntheticCorpus {
    package var articles: Int
    package var seed: UInt64

    package init(articles: Int, seed: UInt64 = 1) {
        self.articles = articles
        self.seed = seed
    }

    static let regions: [(String, String, [(String, String, [(String, String)])])] = [
        ("zhejiang", "浙江省", [("hangzhou", "杭州市", [("xihu", "西湖区"), ("shangcheng", "上城区")]),
                              ("jinhua", "金华市", [("yongkang", "永康市"), ("yiwu", "义乌市")]),
                              ("jiaxing", "嘉兴市", [("xiuzhou", "秀洲区"), ("nanhu", "南湖区")])]),
        ("guangdong", "广东省", [("guangzhou", "广州市", [("yuexiu", "越秀区"), ("haizhu", "海珠区")]),
                               ("shenzhen", "深圳市", [("futian", "福田区")])]),
        ("shandong", "山东省", [("linyi", "临沂市", [("lanshan", "兰山区"), ("yinan", "沂南县")]),
                              ("jinan", "济南市", [("lixia", "历下区")])]),
        ("sichuan", "四川省", [("chengdu", "成都市", [("wuhou", "武侯区"), ("jinjiang", "锦江区")]),
                             ("yaan", "雅安市", [("lushan", "芦山县")])]),
        ("fujian", "福建省", [("fuzhou", "福州市", [("gulou", "鼓楼区")]), ("quanzhou", "泉州市", [("jinjiang", "晋江市")])]),
    ]

    static let sentences = [
        "社工站把困难群众和“一老一小”作为重点服务对象，提供生活照料、精神慰藉和救助保护。",
        "站点运营采取政府购买服务的方式，由专业社会工作机构承接，每个站点配备专职社工。",
        "社工们走村入户建立服务档案，梳理出群众的需求清单，再据此设计服务项目。",
        "台风来临前，社工协助转移低洼地带的群众，并在避灾安置点全天候值守。",
        "驻校社工为留守儿童开设周末课堂，提供课业辅导、心理支持和安全教育。",
        "老年食堂每天为高龄老人供应午餐，社工还组织志愿者上门送餐、陪老人聊天。",
        "救助顾问定期入户，帮助困难家庭弄清能享受哪些政策，让群众少跑腿。",
        "督导老师每月到站点开展案例研讨，一线社工的专业能力不断提升。",
        "社区、社会组织、社会工作者、社区志愿者和慈善资源形成了“五社联动”的合力。",
        "灾情过后，社工逐户回访受灾家庭，评估生活需求，协助申请救助资金。",
    ]

    /// SplitMix64: small, fast, and the same on every platform.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: Range<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func chance(_ percent: Int) -> Bool { int(0..<100) < percent }
    }

    package static var regionsYAML: String {
        var out = "# Synthetic region tree (build-site's corpus generator).\n"
        for (p, pname, cities) in regions {
            out += "\(p):\n  name: \(pname)\n  children:\n"
            for (c, cname, districts) in cities {
                out += "    \(c):\n      name: \(cname)\n      children:\n"
                for (d, dname) in districts { out += "        \(d): { name: \(dname) }\n" }
            }
        }
        return out
    }

    /// Relative path and text of article `i`.
    package func article(_ i: Int) -> (path: String, text: String) {
        var rng = Random(state: seed &* 1_000_003 &+ UInt64(i))
        let (p, pname, cities) = Self.regions[rng.int(0..<Self.regions.count)]
        let (c, cname, districts) = cities[rng.int(0..<cities.count)]
        let (d, dname) = districts[rng.int(0..<districts.count)]
        let level = rng.int(0..<10)
        let region = level < 7 ? "\(p)/\(c)/\(d)" : level < 9 ? "\(p)/\(c)" : p
        let place = level < 7 ? dname : level < 9 ? cname : pname
        // More articles in recent years: the square root of a uniform draw leans towards the end.
        let span = 15 * 365
        let day = Int((Double(rng.int(0..<1_000_000)) / 1_000_000).squareRoot() * Double(span))
        let date = PublishDate(epochSeconds: Int64(PublishDate.daysFromCivil(2012, 1, 1) + day) * 86400 + Int64(rng.int(0..<86400)) - 8 * 3600)
        let c8 = date.china
        var topics = Topic.allCases.map(\.rawValue).filter { _ in rng.chance(35) }
        if topics.isEmpty { topics = [Topic.allCases[rng.int(0..<4)].rawValue] }
        let slug = "\(d)-report-\(i)"
        var text = "---\ntitle: \(place)社工站服务报道第\(i)篇\ndate: \(date.iso8601)\nregion: \(region)\ntopics: [\(topics.joined(separator: ", "))]\n"
        if rng.chance(70) { text += "source: \(pname.dropLast())日报\n" }
        if rng.chance(60) { text += "author: 记者\(i % 97)号\n" }
        if rng.chance(40) { text += "summary: \(place)推进社工站建设，服务群众\(rng.int(100..<9999))人次。\n" }
        if rng.chance(2) { text += "draft: true\n" }
        text += "---\n"
        let paragraphs = rng.int(3..<14)
        for n in 0..<paragraphs {
            if n > 0 && n % 4 == 0 { text += "## 第\(n / 4)部分\n\n" }
            var paragraph = ""
            for _ in 0..<rng.int(2..<6) { paragraph += Self.sentences[rng.int(0..<Self.sentences.count)] }
            if rng.chance(20) { paragraph = "**\(place)**" + paragraph }
            if rng.chance(10) { paragraph += "详见[民政部门网站](https://example.org/\(c8.year)/\(i) \"说明\")。" }
            text += paragraph + "\n\n"
        }
        if rng.chance(70) { text += "> “社工站就开在家门口，有事找社工。”一位居民说。\n\n" }
        if rng.chance(35) { text += "- 建站点：全覆盖\n- 配人员：每站\(rng.int(2..<9))名社工\n- 重督导：每月一次\n" }
        let month = c8.month < 10 ? "0\(c8.month)" : "\(c8.month)"
        return ("articles/\(c8.year)/\(month)/\(slug).md", text)
    }

    /// Writes `Content/regions.yaml` and every article under `root/Content`.
    package func write(to root: String) throws(FileSystem.Failure) {
        let content = root + "/Content"
        try FileSystem.createDirectories(content + "/articles")
        try FileSystem.write(Array(Self.regionsYAML.utf8), to: content + "/regions.yaml")
        for i in 0..<articles {
            let (path, text) = article(i)
            let full = content + "/" + path
            try FileSystem.createDirectories(String(full[..<full.lastIndex(of: "/")!]))
            try FileSystem.write(Array(text.utf8), to: full)
        }
    }
}
