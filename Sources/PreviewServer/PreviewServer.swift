import Foundation
import SiteCore
import Synchronization

/// A small HTTP/1.1 server for `build-site serve`: it serves one folder on a loopback address and
/// holds server-sent-event connections open to tell pages to reload. It is a preview tool, not a
/// production server: GET and HEAD only, one request per connection, and nothing outside the
/// served folder can be named (no `..`, no symbolic links out).
///
/// What a hostile page or local user could try, and what stops it:
/// - another site in the browser reading the preview by DNS rebinding: only requests whose `Host`
///   names a loopback address (or the `--host` given) are answered;
/// - slow clients holding threads: a request must arrive whole within `requestSeconds`, writes time
///   out, and at most `maxConnections` requests and `maxStreams` reload streams are open at once;
/// - a reload stream that stops reading: its socket does not block, and a full one is dropped, so
///   a rebuild never waits for a browser;
/// - running out of file descriptors: `accept` failing is waited out, never the end of the server.
///
/// Pages are served with a live-reload script added to the response; the files on disk are never
/// changed, so nothing of it reaches a published build.
package final class PreviewServer: Sendable {
    package let host: String
    /// The bound port (the one asked for, or the one the system chose for port 0).
    package let port: Int
    private let root: Locked<String>
    private let listener: Int32
    private let streams = Locked<[Int32]>([])
    /// Requests being handled (reload streams not counted).
    private let active = Atomic<Int>(0)
    /// `Host` values answered besides loopback names (the `--host` address).
    private let allowedHosts: Set<String>

    package static let maxConnections = 64
    package static let maxStreams = 64
    static let requestSeconds = 5
    /// The last state sent to pages: nil when the site is fine, else the build's error text.
    private let lastError = Locked<String?>(nil)
    private let running = Atomic<Bool>(true)
    /// Add the live-reload script to pages (off: pages exactly as built, for tests and plain previews).
    private let liveReload: Bool

    package static let eventsPath = "/__livereload"
    package static let scriptPath = "/__livereload.js"

    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    package init(root: String, host: String = "127.0.0.1", port: Int = 8000, liveReload: Bool = true) throws(Failure) {
        self.root = Locked(root)
        self.liveReload = liveReload
        self.host = host
        allowedHosts = ["127.0.0.1", "localhost", "[::1]", host]
        signal(SIGPIPE, SIG_IGN)  // a closed browser tab must not end the server
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "cannot open a socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(fd)
            throw Failure(description: "--host '\(host)' is not an IPv4 address (use 127.0.0.1 for this machine only)")
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw Failure(description: "cannot listen on \(host):\(port): \(message) (is another server using the port? try --port)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: actual.sin_port))
        self.listener = fd
    }

    /// Whether a request's `Host` header names this server as a page on this machine would:
    /// a loopback name or the `--host` address, with this port or none.
    func acceptsHost(_ value: String?) -> Bool {
        guard let value = value?.lowercased(), !value.isEmpty else { return false }
        var name = Substring(value)
        if let colon = value.lastIndex(of: ":"), !value.hasSuffix("]") {
            guard value[value.index(after: colon)...] == Substring(String(port)) else { return false }
            name = value[..<colon]
        }
        return allowedHosts.contains(String(name))
    }

    /// Accepts connections on a background thread until `stop()`; another thread closes the
    /// reload streams of pages that have gone, every few seconds.
    package func start() {
        Thread { [self] in acceptLoop() }.start()
        Thread { [self] in
            while running.load(ordering: .sequentiallyConsistent) {
                sleep(2)
                reapClosedStreams()
            }
        }.start()
    }

    package func stop() {
        running.store(false, ordering: .sequentiallyConsistent)
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        let open = streams.withLock { s -> [Int32] in defer { s = [] }; return s }
        for fd in open { close(fd) }
    }

    /// Tells every open page to reload.
    package func notifyReload() {
        lastError.withLock { $0 = nil }
        broadcast("event: reload\ndata: ok\n\n")
    }

    /// Shows the build's errors over every open page; the last good site keeps being served.
    package func notifyError(_ text: String) {
        lastError.withLock { $0 = text }
        broadcast(Self.errorEvent(text))
    }

    static func errorEvent(_ text: String) -> String {
        "event: build-error\n" + text.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)\n" }.joined() + "\n"
    }

    /// Writes to every reload stream without waiting: the streams do not block, and one whose
    /// buffer is full (a page that stopped reading) is dropped; the page reconnects if it lives.
    private func broadcast(_ event: String) {
        let bytes = Array(event.utf8)
        let open = streams.withLock { $0 }
        let failed = open.filter { !writeAll($0, bytes) }
        guard !failed.isEmpty else { return }
        streams.withLock { fds in fds.removeAll { failed.contains($0) } }
        for fd in failed { close(fd) }
    }

    private func acceptLoop() {
        while running.load(ordering: .sequentiallyConsistent) {
            let client = accept(listener, nil, nil)
            if client < 0 {
                guard running.load(ordering: .sequentiallyConsistent) else { return }
                // Out of descriptors or memory, or a connection reset before it was taken: free the
                // descriptors of pages that have gone, wait a moment and go on (the listener keeps
                // the queue); never stop serving.
                if errno == EMFILE || errno == ENFILE { reapClosedStreams() }
                if errno != EINTR && errno != ECONNABORTED { usleep(20_000) }
                continue
            }
            guard active.wrappingAdd(1, ordering: .relaxed).newValue <= Self.maxConnections else {
                active.wrappingSubtract(1, ordering: .relaxed)
                close(client)
                continue
            }
            let thread = Thread { [self] in
                handle(client)
                active.wrappingSubtract(1, ordering: .relaxed)
            }
            thread.start()
        }
    }

    private func handle(_ fd: Int32) {
        var timeout = timeval(tv_sec: Self.requestSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = readRequest(fd) else {
            close(fd)
            return
        }
        guard acceptsHost(request.host) else {
            _ = writeAll(fd, response(403, "text/plain; charset=utf-8", Array("this preview answers only to 127.0.0.1 and localhost\n".utf8), head: false))
            close(fd)
            return
        }
        if request.path == Self.eventsPath {
            openEventStream(fd)
            return  // the stream stays open; `broadcast` and `stop` close it
        }
        let response = respond(to: request)
        _ = writeAll(fd, response)
        close(fd)
    }

    struct Request {
        var method: String
        var path: String
        var host: String? = nil
    }

    /// The request line and the Host header, read within `requestSeconds` in all (a client sending
    /// a byte at a time is cut off), 16 KiB at most.
    private func readRequest(_ fd: Int32) -> Request? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Monotonic.milliseconds() + Int64(Self.requestSeconds) * 1000
        while data.count < 16384 {
            let left = deadline - Monotonic.milliseconds()
            guard left > 0 else { return nil }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(left))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return nil }
            let n = read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            data += buffer[0..<n]
            if ByteSearch.find([13, 10, 13, 10], in: data) != nil { break }  // end of the headers
        }
        return Self.parseRequest(data)
    }

    static func parseRequest(_ data: [UInt8]) -> Request? {
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        guard let first = lines.first else { return nil }
        let parts = first.split(separator: " ")
        guard parts.count == 3 else { return nil }
        var target = String(parts[1])
        if let q = target.firstIndex(where: { $0 == "?" || $0 == "#" }) { target = String(target[..<q]) }
        var request = Request(method: String(parts[0]), path: target)
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == "host" else { continue }
            request.host = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            break
        }
        return request
    }



    /// Closes the reload streams whose pages have gone (the peer closed its end): a stream is only
    /// written to on a rebuild, so without this a closed tab would hold its descriptor until then.
    private func reapClosedStreams() {
        let open = streams.withLock { $0 }
        guard !open.isEmpty else { return }
        var polled = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        guard poll(&polled, nfds_t(polled.count), 0) > 0 else { return }
        var scratch = [UInt8](repeating: 0, count: 512)
        let gone = polled.filter { p in
            if p.revents & (Int16(POLLHUP) | Int16(POLLERR)) != 0 { return true }
            // Readable: a page never sends on this stream, so it is the end of the connection.
            return p.revents & Int16(POLLIN) != 0 && read(p.fd, &scratch, scratch.count) <= 0
        }.map(\.fd)
        guard !gone.isEmpty else { return }
        streams.withLock { fds in fds.removeAll { gone.contains($0) } }
        for fd in gone { close(fd) }
    }

    private func openEventStream(_ fd: Int32) {
        var head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\nretry: 1000\n\n"
        if let error = lastError.withLock({ $0 }) { head += Self.errorEvent(error) }
        // From now on a write never waits: a page that stops reading is dropped, not waited for.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        if streams.withLock({ $0.count }) >= Self.maxStreams { reapClosedStreams() }
        let admitted = streams.withLock { fds -> Bool in
            guard fds.count < Self.maxStreams else { return false }
            fds.append(fd)
            return true
        }
        guard admitted, writeAll(fd, Array(head.utf8)) else {
            if admitted { streams.withLock { $0.removeAll { $0 == fd } } }
            close(fd)
            return
        }
    }

    func respond(to request: Request) -> [UInt8] {
        guard request.method == "GET" || request.method == "HEAD" else {
            return response(405, "text/plain; charset=utf-8", Array("only GET and HEAD\n".utf8), head: false)
        }
        let head = request.method == "HEAD"
        if request.path == Self.scriptPath {
            return response(200, "text/javascript; charset=utf-8", Array(LiveReloadScript.source.utf8), head: head)
        }
        guard let relative = Self.safeRelativePath(request.path) else {
            return response(400, "text/plain; charset=utf-8", Array("bad path\n".utf8), head: head)
        }
        let root = self.root.withLock { $0 }
        var file = root + "/" + relative
        if isDirectory(file) {
            if !request.path.hasSuffix("/") {
                // Built from the checked path: `//articles` must not send the browser to the host "articles".
                return redirect(to: "/" + relative.split(separator: "/").map { Self.percentEncode(String($0)) }.joined(separator: "/") + "/")
            }
            file += "/index.html"
        }
        errno = 0
        guard let resolved = FileSystem.realPath(file), let realRoot = FileSystem.realPath(root),
              resolved == realRoot || resolved.hasPrefix(realRoot + "/"), var body = readFile(resolved) else {
            // Out of descriptors is not "not found": the browser is asked to come back.
            if errno == EMFILE || errno == ENFILE {
                return response(503, "text/plain; charset=utf-8", Array("busy, try again\n".utf8), head: head)
            }
            let notFound = readFile(root + "/404.html").map { injectScript($0) } ?? Array("not found\n".utf8)
            return response(404, "text/html; charset=utf-8", notFound, head: head)
        }
        let type = Self.contentType(for: resolved)
        if type.hasPrefix("text/html") && liveReload { body = injectScript(body) }
        return response(200, type, body, head: head)
    }

    /// The request path as a path below the served folder, or nil if it tries to leave it.
    package static func safeRelativePath(_ path: String) -> String? {
        guard path.hasPrefix("/") else { return nil }
        guard let decoded = URLText.percentDecoded(String(path.dropFirst())) else { return nil }
        var parts: [Substring] = []
        for part in decoded.split(separator: "/") {
            if part == "." { continue }
            if part == ".." || part.contains("\0") || part.contains("\\") { return nil }
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }

    static func percentEncode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E: out.unicodeScalars.append(Unicode.Scalar(b))
            default: out += "%" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true)
            }
        }
        return out
    }


    private func injectScript(_ html: [UInt8]) -> [UInt8] {
        let tag = Array("<script src=\"\(Self.scriptPath)\"></script>\n".utf8)
        let marker = Array("</body>".utf8)
        var i = html.count - marker.count
        while i >= 0 {
            if html[i] == 0x3C, Array(html[i..<(i + marker.count)]) == marker {
                return Array(html[..<i]) + tag + Array(html[i...])
            }
            i -= 1
        }
        return html + tag
    }

    private func response(_ status: Int, _ type: String, _ body: [UInt8], head: Bool) -> [UInt8] {
        let reason = [200: "OK", 301: "Moved Permanently", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
                      503: "Service Unavailable"][status] ?? "OK"
        let header = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(type)\r\nContent-Length: \(body.count)\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n"
        return Array(header.utf8) + (head ? [] : body)
    }

    private func redirect(to location: String) -> [UInt8] {
        Array("HTTP/1.1 301 Moved Permanently\r\nLocation: \(location)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
    }

    static func contentType(for path: String) -> String {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "xml": return "application/xml; charset=utf-8"
        case "txt": return "text/plain; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "pdf": return "application/pdf"
        default: return "application/octet-stream"
        }
    }

    private func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && st.st_mode & S_IFMT == S_IFDIR
    }


    private func readFile(_ path: String) -> [UInt8]? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }
}

/// The script the preview adds to every page it serves: reload on a new build, show build errors
/// in an overlay (as text, never as markup), hide it when the site builds again.
enum LiveReloadScript {
    static let source = """
    (function () {
      var overlay = null;
      function show(text) {
        if (!overlay) {
          overlay = document.createElement('pre');
          overlay.setAttribute('role', 'alert');
          overlay.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;margin:0;padding:1em;' +
            'background:#2b0b0b;color:#ffd9d6;font:14px/1.5 monospace;white-space:pre-wrap;z-index:2147483647;border-top:4px solid #e5534b';
          document.body.appendChild(overlay);
        }
        overlay.textContent = 'build-site: the last change did not build; this is the last good version.\\n\\n' + text;
      }
      var events = new EventSource('\(PreviewServer.eventsPath)');
      events.addEventListener('reload', function () { location.reload(); });
      events.addEventListener('build-error', function (e) { show(e.data); });
    })();
    """
}
