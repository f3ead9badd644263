import Foundation
import SiteCore
import SiteGenerator
import Testing

@Suite("Scale without surprises")
struct ScaleTests {
    @Test("an article over 16 MiB is refused with a clear error, before it is read")
    func hugeFile() throws {
        let folder = TemporaryFolder()
        makeContent(in: folder)
        let path = folder.path + "/Content/articles/huge.md"
        try FileManager.default.createDirectory(atPath: folder.path + "/Content/articles", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 17 * 1024 * 1024)  // sparse: nothing to read, and none is read
        try handle.close()
        do {
            _ = try build(folder)
            Issue.record("the build succeeded")
        } catch .content(let diagnostics) {
            #expect(diagnostics.errors.map(\.message) == ["file is 17 MiB: articles are limited to 16 MiB; split it or move large data to an attached file"])
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("10,000 nested quotes and list levels build; deeply nested YAML is a positioned error")
    func deepNesting() throws {
        let folder = TemporaryFolder()
        makeContent(in: folder, articles: [
            "quotes.md": article(title: "引用", body: String(repeating: "> ", count: 10_000) + "深处"),
            "lists.md": article(title: "列表", date: "2022-10-13", body: (0..<10_000).map { String(repeating: " ", count: min($0, 40)) + "- 项" }.joined(separator: "\n")),
            "emphasis.md": article(title: "强调", date: "2022-10-14", body: String(repeating: "*a ", count: 10_000) + "社\n工" + String(repeating: " b*", count: 10_000)),
        ])
        let report = try build(folder)
        #expect(report.articles == 3)
        #expect(folder.read("Public/articles/2022/10/quotes/index.html")?.contains("深处") == true)
        folder.write("Content/articles/yaml.md", "---\ntitle: x\ndate: 2022-10-12\nregion: zhejiang\ntopics: [relief]\nx: " +
                     String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n---\n")
        do {
            _ = try build(folder)
            Issue.record("the build succeeded")
        } catch .content(let diagnostics) {
            #expect(diagnostics.errors.count == 1)
            #expect(diagnostics.errors[0].location.line == 6)
            #expect(diagnostics.errors[0].message.hasPrefix("invalid YAML"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("bodies held a segment at a time: across three segments every article page, fragment and feed shows its own body")
    func bodiesBySegment() throws {
        let folder = TemporaryFolder()
        var articles: [String: String] = [:]
        let count = 2 * 512 + 300
        for i in 0..<count {
            let day = 1 + i % 28, month = 1 + (i / 28) % 12
            articles["a\(i).md"] = article(title: "文章\(i)", date: "20\(10 + i / 336)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)",
                                           body: "正文编号Q\(i)Q。社工站开展服务。\n\n## 小标题\n\n第二段编号R\(i)R。")
        }
        makeContent(in: folder, articles: articles)
        let report = try build(folder)
        #expect(report.articles == count)
        let public_ = folder.path + "/Public"
        var pages = 0
        for path in try FileManager.default.subpathsOfDirectory(atPath: public_ + "/articles") where path.hasSuffix("index.html") {
            let html = try String(contentsOfFile: public_ + "/articles/" + path, encoding: .utf8)
            guard let title = html.firstMatch(of: /<h1[^>]*>文章(\d+)<\/h1>/)?.1 else { continue }
            pages += 1
            #expect(html.contains("正文编号Q\(title)Q") && html.contains("第二段编号R\(title)R"), "\(path)")
        }
        #expect(pages == count)
        let fragments = try FileManager.default.contentsOfDirectory(atPath: public_ + "/search/d")
        #expect(fragments.count == count)
        for name in fragments {
            let text = try String(contentsOfFile: public_ + "/search/d/" + name, encoding: .utf8)
            let n = try #require(text.firstMatch(of: /"文章(\d+)"/)?.1)
            #expect(text.contains("正文编号Q\(n)Q"))
        }
        let feed = try String(contentsOfFile: public_ + "/feed.xml", encoding: .utf8)
        #expect(feed.contains("正文编号Q\(count - 1)Q"))  // the newest
    }

    @Test("the manifest's checksum over its pieces equals the checksum of the pieces joined")
    func checksumOfPieces() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let pieces = (0..<Int.random(in: 1...5, using: &generator)).map { _ in
                (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            }
            var joined = WideChecksum(), inPieces = WideChecksum()
            joined.add(Array(pieces.joined())[...])
            for piece in pieces { inPieces.add(piece[...]) }
            #expect(joined.finish() == inPieces.finish())
        }
    }

    @Test("a scratch file on disk gives back each record as written, as bytes and as text, in any order and from any thread")
    func scratchRecords() throws {
        let folder = TemporaryFolder()
        let scratch = try ScratchFile(directory: folder.path, holding: "list cards")
        let texts = (0..<300).map { n in n % 7 == 0 ? "" : String(repeating: "社工站\(n)·", count: n % 40) }
        let records = try #require(scratch.append(texts.map { Array($0.utf8) }))
        let back = parallelMap(texts.count) { n in scratch.readText(records.lowerBound + texts.count - 1 - n) }
        #expect(back == texts.reversed())
        #expect(scratch.read(records.lowerBound + 5) == Array(texts[5].utf8))
        #expect(scratch.failure == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("a SHA-256 digest is 32 bytes in the value, written and read as 64 hex digits")
    func digests() {
        let abc = ContentDigest.sha256(Array("abc".utf8))
        #expect(abc.description == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Digest(hex: Array(abc.description.uppercased().utf8)[...]) == abc)
        #expect(SHA256Digest(hex: Array(String(abc.description.dropLast()).utf8)[...]) == nil)
        #expect(SHA256Digest(hex: Array((String(abc.description.dropLast()) + "g").utf8)[...]) == nil)
        #expect(ContentDigest.sha256([UInt8]()).description == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(MemoryLayout<SHA256Digest>.size == 32)
    }

    @Test("2,000 articles in one month paginate and stay ordered")
    func oneBusyMonth() throws {
        let folder = TemporaryFolder()
        var articles: [String: String] = [:]
        for i in 0..<2000 {
            let day = 1 + i % 28
            articles["2023/05/a\(i).md"] = article(title: "文章\(i)", date: "2023-05-\(day < 10 ? "0" : "")\(day)", body: "第\(i)篇。")
        }
        makeContent(in: folder, articles: articles, site: "page_size: 20\n")
        let report = try build(folder)
        #expect(report.articles == 2000)
        #expect(folder.exists("Public/archive/2023/05/page/100/index.html"))
        #expect(!folder.exists("Public/archive/2023/05/page/101/index.html"))
        let last = try #require(folder.read("Public/archive/2023/05/page/100/index.html"))
        #expect(last.contains(">2023-05-01</time>"))
        #expect(!last.contains("rel=\"next\""))
    }
}
