import Foundation
import SiteCore
import SiteDevelopment
@testable import SiteGenerator
import Testing

/// The path from a build to a published site: the list of changes, the checksum list, a fresh
/// checkout, a site under a sub-path, the workflow, and a real sync tool against a real server.
@Suite("Publishing", .serialized)
struct PublishingTests {
    func options(_ folder: TemporaryFolder, output: String = "Public") -> BuildOptions {
        BuildOptions(contentPath: folder.path + "/Content", outputPath: folder.path + "/" + output, now: testNow)
    }

    func site(_ articles: Int = 30) throws -> TemporaryFolder {
        let folder = TemporaryFolder()
        try SyntheticCorpus(articles: articles, seed: 9).write(to: folder.path)
        folder.write("Content/site.yaml", "base_url: https://news.example.org/\n")
        return folder
    }

    func appendParagraph(_ folder: TemporaryFolder, _ relative: String) throws {
        let path = folder.path + "/Content/" + relative
        try (try String(contentsOfFile: path, encoding: .utf8) + "\n补充一段正文：社工站回访了三户居民。\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test("--changes lists exactly the files a build wrote or removed, with their URLs")
    func changesFile() throws {
        let folder = try site()
        #expect(try runBuildSite(["--quiet"], in: folder.path).status == 0)
        let before = snapshot(folder.path + "/Public")
        let path = SyntheticCorpus(articles: 30, seed: 9).article(6).path
        try appendParagraph(folder, path)
        let result = try runBuildSite(["--quiet", "--changes", "changes.jsonl"], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let after = snapshot(folder.path + "/Public")
        let lines = folder.read("changes.jsonl")!.split(separator: "\n").map(String.init)
        let listed = lines.compactMap { line -> (String, String, String)? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String],
                  let op = object["op"], let path = object["path"], let url = object["url"] else { return nil }
            return (op, path, url)
        }
        #expect(listed.count == lines.count, "every line is a JSON object with op, path and url")
        let changed = Set(after.keys.filter { before[$0] != after[$0] })
        #expect(Set(listed.map(\.1)) == changed, "listed, not changed: \(Set(listed.map(\.1)).subtracting(changed).sorted()); changed, not listed: \(changed.subtracting(listed.map(\.1)).sorted())")
        #expect(listed.allSatisfy { $0.0 == "written" })
        #expect(changed.contains(ChecksumList.path))
        #expect(changed.count < 30, "a body edit writes a handful of files: \(changed.sorted())")
        let page = listed.first { $0.1.hasPrefix("articles/") && $0.1.hasSuffix("/index.html") }
        #expect(page.map { $0.2 == "https://news.example.org/" + $0.1.dropLast("index.html".count) } == true)
        // A deletion is listed as removals.
        try FileManager.default.removeItem(atPath: folder.path + "/Content/" + path)
        #expect(try runBuildSite(["--quiet", "--changes", "changes.jsonl"], in: folder.path).status == 0)
        let removed = folder.read("changes.jsonl")!.split(separator: "\n").filter { $0.contains("\"op\":\"removed\"") }
        #expect(!removed.isEmpty && removed.allSatisfy { !$0.contains("\"path\":\"SHA256SUMS\"") })
        // Nothing changed: an empty list.
        #expect(try runBuildSite(["--quiet", "--changes", "changes.jsonl"], in: folder.path).status == 0)
        #expect(folder.read("changes.jsonl") == "")
    }

    @Test("SHA256SUMS lists every published file with its digest, after full and incremental builds and on the body-edit path")
    func checksums() throws {
        let folder = try site()
        _ = try SiteBuilder.build(options(folder))
        func verify() throws {
            let sums = ChecksumList.parse(Array(folder.read("Public/SHA256SUMS")!.utf8))
            let files = snapshot(folder.path + "/Public")
            #expect(Set(sums.keys) == Set(files.keys).subtracting([ChecksumList.path]))
            for (path, digest) in sums { #expect(ContentDigest.sha256(Array(files[path]!)) == digest, "\(path)") }
        }
        try verify()
        try appendParagraph(folder, SyntheticCorpus(articles: 30, seed: 9).article(3).path)
        _ = try SiteBuilder.build(options(folder))
        try verify()
        folder.write("Content/articles/2030/01/new.md", article(title: "新文章", date: "2029-01-02", region: "zhejiang"))
        _ = try SiteBuilder.build(options(folder))
        try verify()
        // The list deleted by hand: made again, every file this build did not write read and hashed.
        try FileManager.default.removeItem(atPath: folder.path + "/Public/SHA256SUMS")
        let report = try SiteBuilder.build(options(folder))
        #expect(report.written == 1)
        try verify()
    }

    @Test("SHA256SUMS updated: a listed file's digest is replaced in its line, an unlisted one inserted in path order")
    func checksumsUpdated() throws {
        func digest(_ text: String) -> SHA256Digest { ContentDigest.sha256(Array(text.utf8)) }
        func line(_ text: String, _ path: String) -> String { "\(digest(text))  \(path)\n" }
        let list = Array((line("a", "a/index.html") + line("b", "b.css") + line("c", "c/页.html")).utf8)
        let replaced = ChecksumList.updating(list, with: ["b.css": digest("B"), "c/页.html": digest("C")])
        #expect(String(decoding: replaced, as: UTF8.self) == line("a", "a/index.html") + line("B", "b.css") + line("C", "c/页.html"))
        let inserted = ChecksumList.updating(list, with: ["b.css": digest("B"), "b/new.html": digest("n")])
        #expect(String(decoding: inserted, as: UTF8.self)
                == line("a", "a/index.html") + line("B", "b.css") + line("n", "b/new.html") + line("c", "c/页.html"))
    }

    @Test("a fresh checkout (every content file with a new modification time) rebuilds nothing")
    func freshCheckout() throws {
        let folder = try site()
        #expect(try runBuildSite(["--quiet"], in: folder.path).status == 0)
        let before = snapshot(folder.path + "/Public")
        // What git does to a checkout: same bytes, new times.
        let later = Date().addingTimeInterval(3600)
        let enumerator = FileManager.default.enumerator(atPath: folder.path + "/Content")!
        while let relative = enumerator.nextObject() as? String {
            try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: folder.path + "/Content/" + relative)
        }
        let result = try runBuildSite(["--changes", "changes.jsonl"], in: folder.path)
        #expect(result.stdout.hasPrefix("Nothing changed"), "\(result.stdout)")
        #expect(folder.read("changes.jsonl") == "")
        #expect(snapshot(folder.path + "/Public") == before)
    }

    @Test("a site under a sub-path: every link, feed, sitemap entry, asset and the 404 page start with it")
    func subPath() throws {
        let folder = try site(12)
        folder.write("Content/site.yaml", "base_url: https://example.org/news/\n")
        folder.write("Content/pages/about.md", "---\ntitle: 关于\n---\n见[首页](/news/)。\n")
        _ = try SiteBuilder.build(options(folder))
        let files = snapshot(folder.path + "/Public")
        let attribute = try NSRegularExpression(pattern: "(?:href|src|action|data-root)=\"([^\"]*)\"")
        var checked = 0
        for (path, data) in files where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            for match in attribute.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                let url = String(html[Range(match.range(at: 1), in: html)!])
                // The site's own links are root-relative (articles' bodies may link anywhere).
                guard url.hasPrefix("/") else { continue }
                checked += 1
                #expect(url.hasPrefix("/news/"), "\(path): [\(url)]")
            }
            for match in try NSRegularExpression(pattern: "rel=\"canonical\" href=\"([^\"]*)\"|property=\"og:url\" content=\"([^\"]*)\"")
                .matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                for group in 1...2 where match.range(at: group).location != NSNotFound {
                    #expect(String(html[Range(match.range(at: group), in: html)!]).hasPrefix("https://example.org/news/"), "\(path)")
                }
            }
        }
        #expect(checked > 500)
        let feeds = files.filter { $0.key.hasSuffix(".xml") }
        for (path, data) in feeds {
            let xml = String(decoding: data, as: UTF8.self)
            for match in try NSRegularExpression(pattern: "(?:href=\"|<loc>|<id>)(https?://[^\"<]*)").matches(in: xml, range: NSRange(xml.startIndex..., in: xml)) {
                let url = String(xml[Range(match.range(at: 1), in: xml)!])
                #expect(url.hasPrefix("https://example.org/news/"), "\(path): \(url)")
            }
        }
        #expect(String(decoding: files["robots.txt"]!, as: UTF8.self).contains("Sitemap: https://example.org/news/sitemap.xml"))
        #expect(String(decoding: files["404.html"]!, as: UTF8.self).contains("href=\"/news/\""))
    }

    /// A tool from `.ci/run`; elsewhere the test is skipped when it is missing, unless CI is set.
    static func tool(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = dir + "/" + name
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    @Test("the GitHub workflow validates against the published workflow schema",
          .enabled(if: tool("check-jsonschema") != nil || ProcessInfo.processInfo.environment["CI"] != nil))
    func workflowSchema() throws {
        let result = try run(Self.tool("check-jsonschema") ?? "check-jsonschema",
                             ["--builtin-schema", "vendor.github-workflows", packageRoot + "/.github/workflows/publish.yml"])
        #expect(result.status == 0, "\(result.output)")
    }

    @discardableResult
    func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Paths rclone says it copied, from its `-v` log.
    func copied(_ log: String) -> Set<String> {
        Set(log.split(separator: "\n").compactMap { line -> String? in
            guard let info = line.range(of: "INFO  : "), let end = line.range(of: ": Copied") else { return nil }
            return String(line[info.upperBound..<end.lowerBound])
        })
    }

    @Test("rclone sync --checksum to a server on loopback transfers only what a build changed, also after a fresh checkout",
          .enabled(if: tool("rclone") != nil || ProcessInfo.processInfo.environment["CI"] != nil))
    func syncToServer() throws {
        let rclone = Self.tool("rclone") ?? "rclone"
        let folder = try site()
        let served = folder.path + "/server"
        try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
        // An SFTP server on loopback (rclone's own: it answers hash requests, as object stores do).
        let port = Int.random(in: 20_000..<40_000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: rclone)
        server.arguments = ["serve", "sftp", served, "--addr", "127.0.0.1:\(port)", "--user", "u", "--pass", "p",
                            "--config", folder.path + "/empty.conf"]
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        let obscured = try run(rclone, ["obscure", "p"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let remote = ":sftp,host=127.0.0.1,port=\(port),user=u,pass=\(obscured):"
        func sync(_ from: String) throws -> Set<String> {
            var last = ""
            for _ in 0..<20 {  // the server may still be starting
                let result = try run(rclone, ["sync", "--checksum", "-v", "--stats", "0", from, remote, "--config", folder.path + "/empty.conf"])
                if result.status == 0 { return copied(result.output) }
                last = result.output
                usleep(250_000)
            }
            Issue.record("rclone sync failed: \(last)")
            return []
        }
        #expect(try runBuildSite(["--quiet"], in: folder.path).status == 0)
        let first = try sync(folder.path + "/Public")
        #expect(first.count == snapshot(folder.path + "/Public").count)
        // One edit: only its files go up.
        try appendParagraph(folder, SyntheticCorpus(articles: 30, seed: 9).article(11).path)
        #expect(try runBuildSite(["--quiet", "--changes", "changes.jsonl"], in: folder.path).status == 0)
        let written = Set(folder.read("changes.jsonl")!.split(separator: "\n").compactMap { line -> String? in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String] else { return nil }
            return object["path"]
        })
        let second = try sync(folder.path + "/Public")
        #expect(second == written, "transferred, not built: \(second.subtracting(written).sorted()); built, not transferred: \(written.subtracting(second).sorted())")
        #expect(second.count < 30)
        // A fresh checkout without the cached output: a full build, every file new on disk, and
        // nothing to transfer, since every digest is the same.
        let fresh = TemporaryFolder()
        try FileManager.default.copyItem(atPath: folder.path + "/Content", toPath: fresh.path + "/Content")
        #expect(try runBuildSite(["--quiet"], in: fresh.path).status == 0)
        #expect(try sync(fresh.path + "/Public").isEmpty)
    }
}
