import Foundation
import PreviewServer
import SiteCore
import SiteGenerator
import Testing

@Suite("build-site new")
struct NewCommandTests {
    let now = try! PublishDate.parse("2026-11-23T09:30:00+08:00").get()

    @Test("writes a file under articles/YYYY/MM whose front matter loads back unchanged")
    func roundTrip() throws {
        let folder = TemporaryFolder()
        makeContent(in: folder)
        let request = ArticleScaffold.Request(title: "永康市: \"社工站\" #1", region: "zhejiang/jinhua/yongkang", topics: ["elderly,youth", "elderly"],
                                              source: "中国社会报", author: "刘婷婷", now: now)
        let path = try ArticleScaffold.create(request, contentPath: folder.path + "/Content")
        #expect(path == folder.path + "/Content/articles/2026/11/yongkang-20261123.md")
        let (tree, _) = RegionLoader.load(text: try String(contentsOfFile: folder.path + "/Content/regions.yaml", encoding: .utf8), file: "r")
        let (loaded, diagnostics) = ArticleLoader(regions: tree).load(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))),
                                                                     sourcePath: "articles/2026/11/yongkang-20261123.md", displayPath: path)
        #expect(diagnostics.isEmpty)
        let article = try #require(loaded)
        #expect(article.title == "永康市: \"社工站\" #1")
        #expect(article.date == now)
        #expect(article.topics == [.elderly, .youth])
        #expect(article.source == "中国社会报")
        #expect(article.author == "刘婷婷")
        #expect(article.draft == false)
        // A second article on the same day gets its own file.
        let second = try ArticleScaffold.create(request, contentPath: folder.path + "/Content")
        #expect(second.hasSuffix("/yongkang-20261123-2.md"))
        // And the site builds with both.
        #expect(try build(folder).articles == 2)
    }

    @Test("refuses unknown regions and topics with the valid ones and the nearest match")
    func refusals() throws {
        let folder = TemporaryFolder()
        makeContent(in: folder)
        func failure(_ request: ArticleScaffold.Request) -> String? {
            do {
                _ = try ArticleScaffold.create(request, contentPath: folder.path + "/Content")
                return nil
            } catch {
                return error.description
            }
        }
        #expect(failure(.init(title: "标题", region: "zhejiang/jinhua/yongkan", topics: ["elderly"], now: now)) ==
            "unknown region 'zhejiang/jinhua/yongkan': did you mean 'zhejiang/jinhua/yongkang'? valid regions are:\n  zhejiang\n  zhejiang/jinhua\n  zhejiang/jinhua/yongkang")
        #expect(failure(.init(title: "标题", region: "zhejiang", topics: ["eldery"], now: now)) ==
            "unknown topic 'eldery': did you mean 'elderly'? valid topics are relief, youth, elderly, disaster")
        #expect(failure(.init(title: "标题", region: "zhejiang", topics: ["elderly"], slug: "Bad Slug", now: now)) ==
            "--slug 'Bad Slug' must use only lowercase letters a-z, digits and '-', e.g. bad-slug")
        #expect(failure(.init(title: "  ", region: "zhejiang", topics: ["elderly"], now: now))?.hasPrefix("--title is empty") == true)
        _ = try ArticleScaffold.create(.init(title: "标题", region: "zhejiang", topics: ["relief"], slug: "taken", now: now), contentPath: folder.path + "/Content")
        #expect(failure(.init(title: "标题", region: "zhejiang", topics: ["relief"], slug: "taken", now: now)) ==
            "\(folder.path)/Content/articles/2026/11/taken.md already exists: choose another --slug")
    }

    @Test("the command prints the path it wrote; a refusal exits 1")
    func commandLine() throws {
        let folder = TemporaryFolder()
        makeContent(in: folder)
        let ok = try runBuildSite(["new", "--title", "新文章", "--region", "zhejiang/jinhua", "--topics", "relief", "--slug", "fresh"], in: folder.path)
        #expect(ok.status == 0)
        #expect(ok.stdout.hasPrefix("Content/articles/"))
        #expect(ok.stdout.hasSuffix("/fresh.md\n"))
        let bad = try runBuildSite(["new", "--title", "新文章", "--region", "mars", "--topics", "relief"], in: folder.path, environment: ["NO_COLOR": "1"])
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("error: unknown region 'mars'"))
    }
}

/// Minimal HTTP over a loopback socket, so the test sees exactly what a browser would get.
enum LoopbackHTTP {
    static func connect(_ port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let ok = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard ok == 0 else { close(fd); return nil }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    static func send(_ fd: Int32, path: String) {
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// Status code and body of GET `path`.
    static func get(_ port: Int, _ path: String) -> (Int, String) {
        guard let fd = connect(port) else { return (0, "") }
        defer { close(fd) }
        send(fd, path: path)
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            data += buffer[0..<n]
        }
        let text = String(decoding: data, as: UTF8.self)
        let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
        let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        return (status, body)
    }

    /// Reads from an open event stream until `marker` appears or `seconds` pass.
    static func waitFor(_ marker: String, on fd: Int32, seconds: Double, seen: inout String) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        var pollTimeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &pollTimeout, socklen_t(MemoryLayout<timeval>.size))
        while Date() < deadline {
            if seen.contains(marker) { return true }
            let n = read(fd, &buffer, buffer.count)
            if n > 0 { seen += String(decoding: buffer[0..<n], as: UTF8.self) }
        }
        return seen.contains(marker)
    }
}

@Suite("build-site serve", .serialized)
struct ServeTests {
    /// Starts `build-site serve --port 0` in `folder` and returns it with what it printed up to
    /// its "Serving http://127.0.0.1:PORT/" line (or 30 seconds).
    func startServe(in folder: TemporaryFolder) throws -> (Process, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: buildSiteBinary)
        process.arguments = ["serve", "--port", "0"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        var output = ""
        let deadline = Date().addingTimeInterval(30)
        while !output.contains("Serving ") && Date() < deadline {
            output += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        }
        return (process, output)
    }

    @Test("Ctrl-C stops serve even when it was started with the signal blocked (as from a dispatch worker)")
    func stopsWithBlockedSignals() throws {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        // The child inherits the blocked signals of the thread that starts it.
        var blocked = sigset_t(), previous = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGINT)
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        let started = Result { try startServe(in: folder) }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        let (process, output) = try started.get()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        #expect(output.contains("Serving "))
        kill(process.processIdentifier, SIGINT)
        let stopBy = Date().addingTimeInterval(10)
        while process.isRunning && Date() < stopBy { usleep(50_000) }
        #expect(!process.isRunning, "serve ignored Ctrl-C")
        if !process.isRunning { #expect(process.terminationStatus == 0) }
    }

    @Test("serves the site, rebuilds on a change, sends reload and error events, stops on Ctrl-C")
    func endToEnd() throws {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        let (process, output) = try startServe(in: folder)
        defer { if process.isRunning { process.terminate() } }

        // "Serving http://127.0.0.1:PORT/ (Ctrl-C to stop)"
        let portText = try #require(output.split(separator: ":").dropFirst(2).first?.prefix(while: { $0.isNumber }))
        let port = try #require(Int(portText))

        let (status, page) = LoopbackHTTP.get(port, "/articles/2022/10/yongkang-stations/")
        #expect(status == 200)
        #expect(page.contains("<h1>永康市社工站全覆盖</h1>"))
        #expect(page.contains("<script src=\"/__livereload.js\"></script>\n</body>"))
        #expect(page.contains("href=\"http://127.0.0.1:\(port)/articles/2022/10/yongkang-stations/\""), "canonical URL points at the preview")
        #expect(LoopbackHTTP.get(port, "/__livereload.js").1.contains("EventSource"))
        #expect(LoopbackHTTP.get(port, "/nope/").0 == 404)
        #expect(LoopbackHTTP.get(port, "/%2e%2e/%2e%2e/etc/passwd").0 == 400)
        #expect(!folder.exists("Public"), "serve never writes the published folder")

        // Open the event stream, change an article, see the reload and the new page.
        let events = try #require(LoopbackHTTP.connect(port))
        defer { close(events) }
        LoopbackHTTP.send(events, path: "/__livereload")
        var seen = ""
        #expect(LoopbackHTTP.waitFor("retry:", on: events, seconds: 5, seen: &seen))
        let file = folder.path + "/Content/articles/2022/10/yongkang-stations.md"
        let original = try String(contentsOfFile: file, encoding: .utf8)
        try original.replacingOccurrences(of: "title: 永康市社工站全覆盖", with: "title: 永康市社工站全覆盖（更新）")
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(LoopbackHTTP.waitFor("event: reload", on: events, seconds: 15, seen: &seen))
        #expect(LoopbackHTTP.get(port, "/articles/2022/10/yongkang-stations/").1.contains("<h1>永康市社工站全覆盖（更新）</h1>"))

        // A broken change: an error event, and the last good page is still served.
        try original.replacingOccurrences(of: "date: 2022-10-12T09:42:00+08:00", with: "date: 2022-10-32")
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(LoopbackHTTP.waitFor("event: build-error", on: events, seconds: 15, seen: &seen))
        #expect(seen.contains("data: Content/articles/2022/10/yongkang-stations.md:3:7: error: 'date' is not a real date"))
        #expect(LoopbackHTTP.get(port, "/articles/2022/10/yongkang-stations/").1.contains("<h1>永康市社工站全覆盖（更新）</h1>"))

        // Ctrl-C stops it cleanly.
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test("the server never serves a file outside its folder")
    func containment() throws {
        #expect(PreviewServer.safeRelativePath("/a/b/") == "a/b")
        #expect(PreviewServer.safeRelativePath("/a/./b") == "a/b")
        for bad in ["/../x", "/a/../../x", "/%2e%2e/x", "/a%00b", "x", "/a\\..\\b"] {
            #expect(PreviewServer.safeRelativePath(bad) == nil, "accepted \(bad)")
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
