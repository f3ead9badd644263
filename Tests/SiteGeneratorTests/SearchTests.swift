import Foundation
import PreviewServer
import SiteCore
import SiteGenerator
import Testing

@Suite("Search: normalisation, tokens, index files")
struct SearchIndexTests {
    func tokens(_ text: String) -> (Set<String>, Set<String>) {
        var t = Set<String>(), c = Set<String>()
        SearchText.tokens(text, into: &t, characters: &c)
        return (t, c)
    }

    @Test("Traditional characters, full-width and upper-case letters normalise")
    func normalisation() {
        func n(_ s: String) -> String { String(String.UnicodeScalarView(s.unicodeScalars.map { Unicode.Scalar(SearchText.normalize($0.value))! })) }
        #expect(n("鄉鎮社會工作") == "乡镇社会工作")
        #expect(n("廣州ＳＯＣＩＡＬ２０２３") == "广州social2023")
        #expect(n("Social Work") == "social work")
        #expect(n("永康市") == "永康市")
    }

    @Test("Chinese becomes overlapping bigrams and characters; Latin and digits become words")
    func tokenisation() {
        let (t, c) = tokens("社工站2023年 Social-Work，臨沂")
        #expect(t == ["社工", "工站", "2023", "social", "work", "临沂"])
        #expect(c == ["社", "工", "站", "年", "临", "沂"])
        let (single, singleChars) = tokens("社")
        #expect(single.isEmpty && singleChars == ["社"])
    }

    @Test("bucket numbers are FNV-1a of the UTF-8, as search.js computes them")
    func buckets() {
        // Expected values from an independent FNV-1a implementation.
        #expect(SearchText.bucket(of: "社工", buckets: 256) == 191)
        #expect(SearchText.bucket(of: "社工", buckets: 128) == 63)
        #expect(SearchText.bucket(of: "永康", buckets: 128) == 23)
        #expect(SearchText.bucket(of: "social", buckets: 128) == 82)
        #expect(SearchText.bucket(of: "2023", buckets: 128) == 76)
        #expect(SearchText.bucket(of: "乡", buckets: 16) == 13)
    }

    @Test("a segment's postings: local numbers as base-36 deltas, title hits marked")
    func postings() throws {
        var docs = (0..<40).map { _ in SearchIndex.Document(title: "其他", texts: ["无关"]) }
        docs[0] = SearchIndex.Document(title: "永康社工", texts: [], bodyTexts: ["社工站"])
        docs[1] = SearchIndex.Document(title: "秀洲", texts: ["永康"])
        docs[38] = SearchIndex.Document(title: "標題", texts: [], bodyTexts: ["鄉鎮社工站"])
        let segment = SearchIndex.buildSegment(docs)
        func lookup(_ token: String) throws -> String? {
            let file = segment.tokens[SearchText.bucket(of: token, buckets: SearchIndex.tokenBuckets)]
            let json = try JSONSerialization.jsonObject(with: Data(file.utf8)) as? [String: String]
            return json?[token]
        }
        // Deltas start from -1 (search.js decodes from -1 too): the first number is the document's plus one.
        #expect(try lookup("永康") == "1!,1")      // documents 0 (title) and 1
        #expect(try lookup("社工") == "1!,12")     // 0 (title) and 38: 38 - 0 = "12" in base 36
        #expect(try lookup("乡镇") == "13")        // 38, indexed in Simplified
        #expect(try lookup("标题") == "13!")
        let characters = segment.characters[SearchText.bucket(of: "秀", buckets: SearchIndex.characterBuckets)]
        #expect(characters.contains("\"秀\":\"2!\""))
        // Body text gives bigrams but no single characters.
        let station = segment.characters[SearchText.bucket(of: "站", buckets: SearchIndex.characterBuckets)]
        #expect(!station.contains("\"站\""))
        #expect(segment.tokens.count == SearchIndex.tokenBuckets)
        #expect(segment.tokens.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
    }

    @Test("patching a segment gives the bytes of building it afresh")
    func patch() throws {
        func doc(_ n: Int) -> SearchIndex.Document {
            let places = ["永康", "秀洲", "芦山", "鄉鎮", "社工站"]
            return SearchIndex.Document(title: "\(places[n % 5])第\(n)号", texts: ["摘要 \(n) 社区"], bodyTexts: ["正文\(places[(n + 2) % 5])服务 word\(n % 7)"])
        }
        let before = (0..<300).map(doc)
        let old = SearchIndex.buildSegment(before)
        let files = (old.tokens.map { Array($0.utf8) }, old.characters.map { Array($0.utf8) })
        // Document 7 edited (new words, words it no longer has), 299 removed, 300–301 added.
        var after = Array(before.prefix(299))
        after[7] = SearchIndex.Document(title: "全新标题", texts: ["新词"], bodyTexts: ["unique99 独有"])
        after += [doc(1000), doc(1001)]
        let patched = try #require(SearchIndex.patchSegment(previous: files, removed: [7, 299, 300, 301],
                                                            added: [7, 299, 300].map { ($0, after[$0]) }))
        let fresh = SearchIndex.buildSegment(after)
        #expect(patched.tokens == fresh.tokens)
        #expect(patched.characters == fresh.characters)
        #expect(patched.tokens.joined().contains("unique99"))
        // word0 was in documents 0, 7, 14…; document 7 no longer has it: 0, then 14 ("e" in base 36).
        #expect(patched.tokens.joined().contains("\"word0\":\"1,e,"))
        // Nothing changed: the same bytes back.
        let same = try #require(SearchIndex.patchSegment(previous: files, removed: [], added: []))
        #expect(same.tokens == old.tokens && same.characters == old.characters)
        // A damaged file is refused, so the caller builds the segment afresh.
        var damaged = files
        damaged.0[3] = Array("{\"社工\":\"1,,2\"}".utf8)
        #expect(SearchIndex.patchSegment(previous: damaged, removed: [1], added: []) == nil)
        damaged.0[3] = Array("{\"社工\":\"1\"".utf8)
        #expect(SearchIndex.patchSegment(previous: damaged, removed: [1], added: []) == nil)
    }

    @Test("JSON text is safe inside HTML and scripts")
    func json() {
        #expect(JSONText.quoted("社工") == "\"社工\"")
        #expect(JSONText.quoted("</script><b>\"x\"&\u{2028}") == "\"\\u003c/script\\u003e\\u003cb\\u003e\\\"x\\\"\\u0026\\u2028\"")
        #expect(JSONText.quoted("a\\b\n\u{1}") == "\"a\\\\b\\n\\u0001\"")
    }
}

/// Chromium from Debian's packages, if installed (`.ci/run` installs it).
let chromiumBinary: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

@Suite("Search in a real browser", .serialized,
       .enabled(if: chromiumBinary != nil || ProcessInfo.processInfo.environment["CI"] != nil))
struct SearchBrowserTests {
    struct Page {
        var status: String
        var titles: [String]
        var marks: [String]
        var dom: String
    }

    /// Loads the search page headless and returns the DOM once the script has run.
    func search(_ query: String, port: Int, extra: String = "") throws -> Page {
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(chromiumBinary))
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000", "--dump-dom",
                             "http://127.0.0.1:\(port)/news/search/?q=\(encoded)\(extra)"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let dom = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        func all(_ pattern: String) -> [String] {
            let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
            return regex.matches(in: dom, range: NSRange(dom.startIndex..., in: dom)).map { String(dom[Range($0.range(at: 1), in: dom)!]) }
        }
        return Page(status: all(#"id="search-status"[^>]*>(.*?)</p>"#).first ?? "", titles: all(#"class="entry-title"><a href="[^"]*">(.*?)</a>"#),
                    marks: all(#"<mark>(.*?)</mark>"#), dom: dom)
    }

    @Test("queries return the right articles, ranked, highlighted and escaped")
    func queries() throws {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        folder.write("Content/articles/2023/04/linyi-elderly.md", article(title: "临沂社工上门探访独居老人", date: "2023-04-02",
                                                                          region: "shandong/linyi", topics: "[elderly]",
                                                                          body: "社工每周探访独居老人，也关心留守儿童。"))
        folder.write("Content/articles/2023/05/yongkang-elderly.md", article(title: "永康市老年食堂开业", date: "2023-05-02",
                                                                             region: "zhejiang/jinhua/yongkang", topics: "[elderly]",
                                                                             body: "老年食堂每天为高龄老人供应午餐。"))
        _ = try build(folder)
        let server = try PreviewServer(root: folder.path + "/Public", port: 0, liveReload: false)
        server.start()
        defer { server.stop() }
        // The fixture's base URL has the sub-path /news/; the preview serves the folder at the root,
        // so requests under /news/ are mapped by a symbolic link.
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/Public/news", withDestinationPath: folder.path + "/Public")

        let city = try search("永康", port: server.port)
        #expect(city.status == "找到 2 篇与“永康”相关的文章。")
        #expect(city.titles == ["永康市老年食堂开业", "永康市社工站全覆盖"])  // both in the title: newest first
        #expect(city.marks.contains("永康"))

        let topic = try search("防灾减灾", port: server.port)
        #expect(topic.titles == ["秀洲区避灾安置点引入社工"])

        let phrase = try search("九十七名社工", port: server.port)
        #expect(phrase.titles == ["秀洲区避灾安置点引入社工"])

        let twoTerms = try search("临沂 独居老人", port: server.port)
        #expect(twoTerms.titles.first == "临沂社工上门探访独居老人")  // the only one with both terms
        #expect(twoTerms.titles.count == 2)

        let traditional = try search("臨沂", port: server.port)
        #expect(Set(traditional.titles) == ["临沂社工上门探访独居老人", "临沂社工站"])

        let filtered = try search("社工", port: server.port, extra: "&province=shandong&topic=relief")
        #expect(filtered.titles == ["临沂社工站"])

        let none = try search("火星基地", port: server.port)
        #expect(none.titles.isEmpty)
        #expect(none.status == "没有找到与“火星基地”相关的文章。")

        let hostile = try search("<img src=x onerror=alert(1)>", port: server.port)
        #expect(hostile.status == "没有找到与“&lt;img src=x onerror=alert(1)&gt;”相关的文章。")
        #expect(!hostile.dom.contains("<img src=\"x\""))
        #expect(!hostile.dom.contains("onerror=\"alert"))
    }
}
