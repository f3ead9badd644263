import Foundation
import SiteCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server for `build-site serve`: it serves one folder on a loopback address and
/// holds server-sent-event connections open to tell pages to reload. It is a preview tool, not a
/// production server: GET and HEAD only, one request per connection, and nothing outside the
/// served folder can be named (no `..`, no symbolic links out).
///
/// Pages are served with a live-reload script added to the response; the files on disk are never
/// changed, so nothing of it reaches a published build.
public final class PreviewServer: Sendable {
    public let host: String
    /// The bound port (the one asked for, or the one the system chose for port 0).
    public let port: Int
    private let root: Locked<String>
    private let listener: Int32
    private let streams = Locked<[Int32]>([])
    /// The last state sent to pages: nil when the site is fine, else the build's error text.
    private let lastError = Locked<String?>(nil)
    private let running = Atomic<Bool>(true)
    /// Add the live-reload script to pages (off: pages exactly as built, for tests and plain previews).
    private let liveReload: Bool

    public static let eventsPath = "/__livereload"
    public static let scriptPath = "/__livereload.js"

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(root: String, host: String = "127.0.0.1", port: Int = 8000, liveReload: Bool = true) throws(Failure) {
        self.root = Locked(root)
        self.liveReload = liveReload
        self.host = host
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

    /// Accepts connections on a background thread until `stop()`.
    public func start() {
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    public func stop() {
        running.store(false, ordering: .sequentiallyConsistent)
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        let open = streams.withLock { s -> [Int32] in defer { s = [] }; return s }
        for fd in open { close(fd) }
    }

    /// Serve another folder from now on (the preview builds into a new one each time).
    public func setRoot(_ path: String) { root.withLock { $0 = path } }

    /// Tells every open page to reload.
    public func notifyReload() {
        lastError.withLock { $0 = nil }
        broadcast("event: reload\ndata: ok\n\n")
    }

    /// Shows the build's errors over every open page; the last good site keeps being served.
    public func notifyError(_ text: String) {
        lastError.withLock { $0 = text }
        broadcast(Self.errorEvent(text))
    }

    static func errorEvent(_ text: String) -> String {
        "event: build-error\n" + text.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)\n" }.joined() + "\n"
    }

    private func broadcast(_ event: String) {
        let bytes = Array(event.utf8)
        streams.withLock { fds in
            fds = fds.filter { fd in
                if writeAll(fd, bytes) { return true }
                close(fd)
                return false
            }
        }
    }

    private func acceptLoop() {
        while running.load(ordering: .sequentiallyConsistent) {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            let thread = Thread { [self] in handle(client) }
            thread.start()
        }
    }

    private func handle(_ fd: Int32) {
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = readRequest(fd) else {
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
    }

    private func readRequest(_ fd: Int32) -> Request? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while data.count < 16384 {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { return nil }
            data += buffer[0..<n]
            if contains(data, [13, 10, 13, 10]) { break }  // end of the headers
        }
        guard let lineEnd = data.firstIndex(of: 13) else { return nil }
        let parts = String(decoding: data[..<lineEnd], as: UTF8.self).split(separator: " ")
        guard parts.count == 3 else { return nil }
        var target = String(parts[1])
        if let q = target.firstIndex(where: { $0 == "?" || $0 == "#" }) { target = String(target[..<q]) }
        return Request(method: String(parts[0]), path: target)
    }

    private func contains(_ data: [UInt8], _ needle: [UInt8]) -> Bool {
        guard data.count >= needle.count else { return false }
        for i in 0...(data.count - needle.count) where Array(data[i..<(i + needle.count)]) == needle { return true }
        return false
    }

    private func openEventStream(_ fd: Int32) {
        var head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\nretry: 1000\n\n"
        if let error = lastError.withLock({ $0 }) { head += Self.errorEvent(error) }
        guard writeAll(fd, Array(head.utf8)) else {
            close(fd)
            return
        }
        streams.withLock { $0.append(fd) }
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
                return redirect(to: request.path + "/")
            }
            file += "/index.html"
        }
        guard let resolved = realPath(file), let realRoot = realPath(root),
              resolved == realRoot || resolved.hasPrefix(realRoot + "/"), var body = readFile(resolved) else {
            let notFound = readFile(root + "/404.html").map { injectScript($0) } ?? Array("not found\n".utf8)
            return response(404, "text/html; charset=utf-8", notFound, head: head)
        }
        let type = Self.contentType(for: resolved)
        if type.hasPrefix("text/html") && liveReload { body = injectScript(body) }
        return response(200, type, body, head: head)
    }

    /// The request path as a path below the served folder, or nil if it tries to leave it.
    public static func safeRelativePath(_ path: String) -> String? {
        guard path.hasPrefix("/") else { return nil }
        guard let decoded = percentDecode(String(path.dropFirst())) else { return nil }
        var parts: [Substring] = []
        for part in decoded.split(separator: "/") {
            if part == "." { continue }
            if part == ".." || part.contains("\0") || part.contains("\\") { return nil }
            parts.append(part)
        }
        return parts.joined(separator: "/")
    }

    static func percentDecode(_ s: String) -> String? {
        var bytes: [UInt8] = []
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            if b == 0x25 {
                guard it.count >= 2, let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) else { return nil }
                bytes.append(v)
                it = it.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(validating: bytes, as: UTF8.self)
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
        let reason = [200: "OK", 301: "Moved Permanently", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"][status] ?? "OK"
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

    private func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
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
