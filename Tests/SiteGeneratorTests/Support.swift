import Foundation
import SiteCore
import SiteGenerator
import Testing

/// The package's root, found from this file's path (tests run from any working directory).
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

let fixturesRoot = packageRoot + "/Tests/SiteGeneratorTests/Fixtures"

/// A fixed "now" after every fixture date, so no test depends on the clock.
let testNow = PublishDate(epochSeconds: 1_900_000_000)  // 2030-03-17

/// A fresh temporary folder, removed when the value is dropped.
final class TemporaryFolder {
    let path: String

    init() {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/sitegen-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `relative` (folders are created).
    @discardableResult
    func write(_ relative: String, _ text: String) -> String {
        writeBytes(relative, Array(text.utf8))
    }

    @discardableResult
    func writeBytes(_ relative: String, _ bytes: [UInt8]) -> String {
        let full = path + "/" + relative
        let dir = (full as NSString).deletingLastPathComponent
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: full, contents: Data(bytes))
        return full
    }

    func read(_ relative: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path + "/" + relative) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path + "/" + relative) }

    /// Copies a fixture folder in.
    func copyFixture(_ name: String, to relative: String) {
        try! FileManager.default.copyItem(atPath: fixturesRoot + "/" + name, toPath: path + "/" + relative)
    }
}

/// The small region tree most tests use.
let testRegionsYAML = """
zhejiang:
  name: 浙江省
  children:
    jinhua:
      name: 金华市
      children:
        yongkang: { name: 永康市 }
"""

/// A minimal valid content folder: the region tree and one article per entry of `articles`.
func makeContent(in folder: TemporaryFolder, articles: [String: String] = [:], site: String? = nil) {
    folder.write("Content/regions.yaml", testRegionsYAML)
    if let site { folder.write("Content/site.yaml", site) }
    for (path, text) in articles { folder.write("Content/articles/" + path, text) }
}

/// Front matter with every required key, plus `extra` lines.
func article(title: String = "标题", date: String = "2022-10-12", region: String = "zhejiang/jinhua/yongkang",
             topics: String = "[elderly]", extra: String = "", body: String = "正文。") -> String {
    "---\ntitle: \(title)\ndate: \(date)\nregion: \(region)\ntopics: \(topics)\n\(extra)---\n\(body)\n"
}

/// Loads one article's text against the small region tree and returns its diagnostics.
func diagnostics(for text: String, file: String = "a.md") -> [Diagnostic] {
    let (tree, _) = RegionLoader.load(text: testRegionsYAML, file: "regions.yaml")
    return ArticleLoader(regions: tree).load(bytes: Array(text.utf8), sourcePath: "articles/" + file, displayPath: file).1
}

func build(_ folder: TemporaryFolder, drafts: Bool = false, future: Bool = false) throws(BuildFailure) -> BuildReport {
    try SiteBuilder.build(BuildOptions(contentPath: folder.path + "/Content", outputPath: folder.path + "/Public",
                                       includeDrafts: drafts, includeFuture: future, now: testNow))
}

/// Every file below `root`, relative path → bytes.
func snapshot(_ root: String) -> [String: Data] {
    var result: [String: Data] = [:]
    guard let enumerator = FileManager.default.enumerator(atPath: root) else { return result }
    while let rel = enumerator.nextObject() as? String {
        var isDir: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: root + "/" + rel, isDirectory: &isDir)
        if !isDir.boolValue { result[rel] = FileManager.default.contents(atPath: root + "/" + rel) }
    }
    return result
}

/// Runs a program to its end and returns what it printed (its errors dropped).
func output(ofRunning binary: String, _ arguments: [String], showingErrors: Bool = false) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    if !showingErrors { process.standardError = FileHandle.nullDevice }
    try process.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return text
}

/// A portal at national scale, for layout and front-page tests: 31 provinces of 2 cities of 2
/// districts, `articles` articles spread over them (newest first by index), every third with a
/// photo, long headlines among short ones, two specials.
func makePortal(in folder: TemporaryFolder, articles count: Int = 40, featured: Int? = 7) {
    var regions = ""
    for p in 0..<31 {
        regions += "p\(p):\n  name: 第\(p)省\n  children:\n"
        for c in 0..<2 {
            regions += "    c\(c):\n      name: 第\(p)省第\(c)市\n      children:\n"
            for d in 0..<2 { regions += "        d\(d): { name: 第\(c)市第\(d)区 }\n" }
        }
    }
    folder.write("Content/regions.yaml", regions)
    folder.write("Content/site.yaml", "title: 社工新闻\nbase_url: https://example.org/\npage_size: 10\ntraditional_edition: true\norganizer: 社工新闻编辑部\nicp: 浙ICP备00000000号-1\nerrata_email: jiucuo@example.org\n")
    folder.write("Content/pages/about.md", "---\ntitle: 关于本站\n---\n社工新闻报道各地社工站的建设与服务。发现错误，欢迎[告诉我们](mailto:jiucuo@example.org)。\n")
    folder.write("Content/specials.yaml", """
    world-social-work-day:
      title: 3·21 世界社会工作日
      intro: 各地社工站的服务故事。
    """)
    let topics = ["relief", "youth", "elderly", "disaster"]
    let titles = ["永康市乡镇社工站实现全覆盖", "临沂市156个乡镇（街道）社工站实现全覆盖，群众在家门口就能找到社工",
                  "杭州探索“助联体+社工站”救助服务新路径", "云南引入社工力量护航青少年成长"]
    for i in 0..<count {
        let day = 28 - i % 28, month = 12 - i / 28
        let date = "2024-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)T\(10 + i % 8):00:00+08:00"
        let region = "p\(i % 31)/c\(i % 2)/d\((i / 2) % 2)"
        var extra = i % 5 == 0 ? "specials: [world-social-work-day]\n" : ""
        if i == featured { extra += "featured: true\n" }
        let dir = "Content/articles/2024/a\(i)"
        var body = "本报讯（记者 王芳 通讯员 李明）第\(i)篇报道的正文，讲述社工站的服务。\n"
        if i % 3 == 1 {
            try? FileManager.default.createDirectory(atPath: folder.path + "/" + dir, withIntermediateDirectories: true)
            try? FileManager.default.copyItem(atPath: fixturesRoot + "/images/station.jpg", toPath: folder.path + "/" + dir + "/photo.jpg")
            body += "\n![社工在安置点为老人登记](photo.jpg)\n"
        }
        folder.write(dir + "/index.md", article(title: "\(titles[i % titles.count])（\(i)）", date: date, region: region,
                                                  topics: "[\(topics[i % 4]), \(topics[(i + 1) % 4])]", extra: extra + "slug: a\(i)\n", body: body))
    }
}
