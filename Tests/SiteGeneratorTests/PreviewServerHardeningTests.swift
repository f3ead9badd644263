import Foundation
@testable import PreviewServer
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The preview server under the attacks issue #12 found: a rebinding page, slow and stalled
/// clients, too many connections, running out of descriptors, and a redirect to another host.
@Suite("build-site serve under attack", .serialized)
struct PreviewServerHardeningTests {
    func site() -> TemporaryFolder {
        let folder = TemporaryFolder()
        folder.write("site/index.html", "<html><body>首页</body></html>")
        folder.write("site/articles/index.html", "<html><body>文章</body></html>")
        return folder
    }

    /// Sends raw request bytes and returns the whole response.
    func exchange(_ port: Int, _ request: String) -> String {
        guard let fd = LoopbackHTTP.connect(port) else { return "" }
        defer { close(fd) }
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            data += buffer[0..<n]
        }
        return String(decoding: data, as: UTF8.self)
    }

    @Test("only requests that name this machine are answered (no DNS rebinding)")
    func hostHeader() throws {
        let folder = site()
        let server = try PreviewServer(root: folder.path + "/site", port: 0, liveReload: false)
        server.start()
        defer { server.stop() }
        let p = server.port
        #expect(exchange(p, "GET / HTTP/1.1\r\nHost: 127.0.0.1:\(p)\r\n\r\n").hasPrefix("HTTP/1.1 200"))
        #expect(exchange(p, "GET / HTTP/1.1\r\nHost: localhost:\(p)\r\n\r\n").hasPrefix("HTTP/1.1 200"))
        #expect(exchange(p, "GET / HTTP/1.1\r\nHost: evil.example:\(p)\r\n\r\n").hasPrefix("HTTP/1.1 403"))
        #expect(exchange(p, "GET / HTTP/1.1\r\nHost: localhost:1\r\n\r\n").hasPrefix("HTTP/1.1 403"))
        #expect(exchange(p, "GET / HTTP/1.0\r\n\r\n").hasPrefix("HTTP/1.1 403"))
        #expect(exchange(p, "GET /__livereload HTTP/1.1\r\nHost: attacker.test\r\n\r\n").hasPrefix("HTTP/1.1 403"))
    }

    @Test("a folder without its slash redirects to a path on this host, never to another")
    func redirects() throws {
        let folder = site()
        let server = try PreviewServer(root: folder.path + "/site", port: 0, liveReload: false)
        server.start()
        defer { server.stop() }
        for path in ["//articles", "/articles", "/./articles"] {
            let response = exchange(server.port, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(response.contains("\r\nLocation: /articles/\r\n"), "\(path): \(response)")
        }
    }

    @Test("slow clients are cut off, too many at once are turned away, and the server still answers")
    func slowAndMany() throws {
        let folder = site()
        let server = try PreviewServer(root: folder.path + "/site", port: 0, liveReload: false)
        server.start()
        defer { server.stop() }
        // Twice as many idle connections as the server takes, each sending one byte and no more.
        var idle: [Int32] = []
        for _ in 0..<(2 * PreviewServer.maxConnections) {
            if let fd = LoopbackHTTP.connect(server.port) {
                _ = write(fd, "G", 1)
                idle.append(fd)
            }
        }
        defer { for fd in idle { close(fd) } }
        // Within the request time limit every one of them is closed by the server.
        var buffer = [UInt8](repeating: 0, count: 16)
        var closedByServer = 0
        for fd in idle {
            var timeout = timeval(tv_sec: Int(PreviewServer.requestSeconds) + 3, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            if read(fd, &buffer, buffer.count) <= 0 { closedByServer += 1 }
        }
        #expect(closedByServer == idle.count)
        #expect(LoopbackHTTP.get(server.port, "/").0 == 200)
    }

    @Test("a reload stream that stops reading never holds up a rebuild's notice")
    func stalledStream() throws {
        let folder = site()
        let server = try PreviewServer(root: folder.path + "/site", port: 0, liveReload: false)
        server.start()
        defer { server.stop() }
        guard let stalled = LoopbackHTTP.connect(server.port) else { Issue.record("no connection"); return }
        defer { close(stalled) }
        LoopbackHTTP.send(stalled, path: PreviewServer.eventsPath)
        usleep(200_000)
        // Far more than a socket buffer holds, to a client that never reads.
        let done = DispatchSemaphore(value: 0)
        Thread {
            let text = String(repeating: "第1行出错了\n", count: 20_000)
            for _ in 0..<50 { server.notifyError(text) }
            done.signal()
        }.start()
        #expect(done.wait(timeout: .now() + 20) == .success, "notices waited for a client that does not read")
        #expect(LoopbackHTTP.get(server.port, "/").0 == 200)
    }

    @Test("running out of file descriptors is waited out, not the end of the server")
    func outOfDescriptors() throws {
        let folder = site()
        folder.write("Content/regions.yaml", testRegionsYAML)
        folder.write("Content/articles/a.md", article())
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -n 48 && exec \"$0\" serve --port 0", buildSiteBinary]
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { kill(process.processIdentifier, SIGINT); process.waitUntilExit() }
        var seen = ""
        let deadline = Date().addingTimeInterval(30)
        while !seen.contains("Serving"), Date() < deadline {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
        }
        guard let range = seen.range(of: "http://127.0.0.1:"), let port = Int(seen[range.upperBound...].prefix { $0.isNumber }) else {
            Issue.record("no port in \(seen)")
            return
        }
        // More reload streams than the process has descriptors for.
        var streams: [Int32] = []
        for _ in 0..<80 {
            guard let fd = LoopbackHTTP.connect(port) else { break }
            LoopbackHTTP.send(fd, path: PreviewServer.eventsPath)
            streams.append(fd)
        }
        usleep(300_000)
        for fd in streams { close(fd) }
        // While the server still holds closed streams' descriptors it answers 503 (never 404); once
        // it has let them go, the page. Under a loaded machine that takes a moment: asked for 10 s.
        var status = 0
        let until = Date().addingTimeInterval(10)
        repeat {
            usleep(200_000)
            status = LoopbackHTTP.get(port, "/").0
            #expect(status == 200 || status == 503, "answered \(status)")
        } while status != 200 && Date() < until
        #expect(status == 200)
        #expect(process.isRunning)
    }
}
