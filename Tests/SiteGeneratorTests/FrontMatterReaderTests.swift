import Foundation
import SiteCore
import Testing

/// The fast front-matter reader must agree with the YAML parser, node for node and position for
/// position, wherever it answers at all.
@Suite("Fast front-matter reader")
struct FrontMatterReaderTests {
    func same(_ a: YAMLNode, _ b: YAMLNode) -> Bool {
        guard a.line == b.line, a.column == b.column else { return false }
        switch (a.value, b.value) {
        case let (.scalar(x, px), .scalar(y, py)): return x == y && px == py
        case let (.sequence(x), .sequence(y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case let (.mapping(x), .mapping(y)):
            return x.count == y.count && zip(x, y).allSatisfy { same($0.key, $1.key) && same($0.value, $1.value) }
        default: return false
        }
    }

    /// True when the fast reader answered; records an issue when it answered differently.
    @discardableResult
    func agree(_ yaml: String, firstLine: Int = 2, _ comment: Comment? = nil) -> Bool {
        guard let fast = PlainFrontMatter.parse(yaml, firstLine: firstLine) else { return false }
        guard case .success(let full) = YAMLDocument.parseFully(yaml, file: "t.md", firstLine: firstLine) else {
            Issue.record("the fast reader accepted what the YAML parser refuses: \(yaml)")
            return true
        }
        #expect(same(fast, full), "differs from the YAML parser: \(yaml)")
        return true
    }

    @Test("the common shapes are read fast, exactly as the YAML parser reads them")
    func common() {
        #expect(agree("""
        title: 永康市“社工站”建设观摩会
        date: 2022-10-12T09:00:00+08:00
        region: zhejiang/jinhua/yongkang
        topics: [elderly, relief]
        source: "中国社会报: 专稿"
        author: 万强、徐瑶
        summary: 社工为辖区659名老人建立健康档案。
        draft: false
        """))
        #expect(agree("title: 标题\ntopics:\n  - youth\n  - disaster\ndate: 2022-10-12\n"))
        #expect(agree("title: 标题\ntopics:\n- youth\n- disaster\n", firstLine: 7))
        #expect(agree("\n\ntitle: a#b c\nslug: x-y_z\nregion: a/b\n"))
        #expect(agree("title: http://example.org/a?b=c\nsummary: ~\n"))
        #expect(agree("topics: [ youth ,elderly ]\nsummary: \"\"\n"))
        #expect(agree("title: 标题\nextra: [社工, 青少年,为老服务]\n"))  // columns count characters, not bytes
        #expect(agree("extra:\n    - 社工\n    - 青少年\n"))
    }

    @Test("anything unusual is left to the YAML parser")
    func unusual() {
        for yaml in [
            "title: a: b\n", "title: 'single'\n", "title: \"esc\\\"aped\"\n", "# comment\ntitle: x\n", "title: x # note\n",
            "title: >\n  folded\n", "title: |\n  block\n", "title: &a x\nsource: *a\n", "title:\n", "title: x\ntitle: y\n",
            "title: x\n  continued\n", "meta:\n  key: value\n", "title: [a, [b]]\n", "topics: []\n", "title: -x\n",
            "title: \u{2028}x\n", "title: x\u{85}y\n", "\ttitle: x\n", "title: {a: b}\n", "\"title\": x\n", "title: x:\n",
            "topics: [a: b]\n", "title: @x\n", "title: `x`\n", "title: !tag x\n", "title: %x\n", "title: x\u{FEFF}\n",
            "title: x\t\n", "---\n", "...\n", "",
        ] {
            #expect(!agree(yaml), "read fast: \(yaml)")
            // The whole path answers exactly as the YAML parser does.
            switch (YAMLDocument.parse(yaml, file: "t.md", firstLine: 2), YAMLDocument.parseFully(yaml, file: "t.md", firstLine: 2)) {
            case (.success(let a), .success(let b)): #expect(same(a, b), "\(yaml)")
            case (.failure(let a), .failure(let b)): #expect(a == b, "\(yaml)")
            default: Issue.record("the two paths disagree on \(yaml)")
            }
        }
    }

    @Test("on every committed fuzz input, the fast reader agrees with the YAML parser or declines")
    func fuzzInputs() throws {
        let folder = fixturesRoot + "/fuzz-corpus"
        var answered = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
            guard case .success(let text) = SourceText.decode(bytes, file: name),
                  case .success(let split) = FrontMatter.split(text, file: name) else { continue }
            if agree(split.yaml, firstLine: split.yamlFirstLine) { answered += 1 }
        }
        #expect(answered > 50)
    }

    /// `FRONT_MATTER_CORPUS=/path/to/Content swift test --filter FrontMatterReaderTests` checks a whole
    /// corpus (the benchmark's 50,000 articles, say); without it the test does nothing.
    @Test("on a corpus given by FRONT_MATTER_CORPUS, every article agrees",
          .enabled(if: ProcessInfo.processInfo.environment["FRONT_MATTER_CORPUS"] != nil))
    func corpus() throws {
        let root = ProcessInfo.processInfo.environment["FRONT_MATTER_CORPUS"]!
        let files = ContentScanner(root: root).scan().articleFiles
        var answered = 0
        for path in files {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: root + "/" + path)))
            guard case .success(let text) = SourceText.decode(bytes, file: path),
                  case .success(let split) = FrontMatter.split(text, file: path) else { continue }
            if agree(split.yaml, firstLine: split.yamlFirstLine) { answered += 1 }
        }
        print("front matter read fast: \(answered) of \(files.count)")
        #expect(answered > 0)
    }
}
