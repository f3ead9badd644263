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
