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
func output(ofRunning binary: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return text
}
