import ArgumentParser
import CPlatform
import Dispatch
import Foundation
import PreviewServer
import SiteCore
import SiteGenerator

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Build, serve the site on this machine, rebuild on every change and reload open pages.",
        discussion: """
        The preview is built into a temporary folder (never Public/) and served at http://HOST:PORT/. \
        Content/ (and Templates/Assets/style.css, when run in the project's folder) is watched; after a change \
        the site is rebuilt and open pages reload by themselves. A build error is printed here and shown over \
        the page, and the last good version keeps being served. Ctrl-C stops the server.
        """
    )

    @OptionGroup var common: ContentOptions

    @Option(help: "The port (0 picks a free one).")
    var port: Int = 8000

    @Option(help: "The address to listen on; keep the default to serve this machine only.")
    var host: String = "127.0.0.1"

    @Flag(help: "Show drafts and articles dated in the future.")
    var drafts = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535 (0 picks a free one), found \(port)") }
    }

    func run() throws {
        let console = Console(quiet: common.quiet, verbose: common.verbose)
        // A folder of its own, made by mkdtemp and readable by this user only: a predictable name in
        // /tmp could be created first, and filled, by another user of the machine.
        var template = Array((NSTemporaryDirectory() + "build-site-serve-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            console.error("cannot make a temporary folder: \(String(cString: strerror(errno)))")
            throw ExitCode(1)
        }
        let previewRoot = String(cString: made)
        let output = previewRoot + "/site"
        let server: PreviewServer
        do { server = try PreviewServer(root: output, host: host, port: port) } catch {
            console.error(error.description)
            throw ExitCode(1)
        }
        let stylesheet = FileManager.default.fileExists(atPath: "Templates/Assets/style.css") ? "Templates/Assets/style.css" : nil
        let base = "http://\(host):\(server.port)/"
        let options = BuildOptions(contentPath: common.content, outputPath: output, includeDrafts: drafts, includeFuture: drafts,
                                   now: .now, baseURLOverride: base, stylesheetFile: stylesheet, progress: nil)
        let preview = Preview(options: options, server: server, console: console)
        preview.rebuild(reason: "initial build")
        server.start()
        console.info("Serving \(base) (Ctrl-C to stop)")
        fflush(nil)

        var watched = [common.content]
        if let stylesheet { watched.append(stylesheet) }
        let watcher = ContentWatcher(paths: watched)
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "watch"))
        timer.schedule(deadline: .now() + 0.3, repeating: 0.3)
        timer.setEventHandler {
            if watcher.changed() { preview.rebuild(reason: "change") }
        }
        timer.resume()

        // Stop cleanly on Ctrl-C or a termination request: a signal handler sets a flag that this
        // thread looks at ten times a second. The signals are unblocked here first: started by a
        // thread that blocks them (a test's dispatch worker did), Ctrl-C stayed pending for ever.
        cplatform_catch_stop_signals()
        while cplatform_stop_requested() == 0 { usleep(100_000) }
        timer.cancel()
        server.stop()
        try? FileManager.default.removeItem(atPath: previewRoot)
        console.info("\nStopped.")
    }
}

/// Rebuilds the preview and tells the pages; one rebuild at a time.
final class Preview: Sendable {
    let options: BuildOptions
    let server: PreviewServer
    let console: Console
    private let queue = DispatchQueue(label: "rebuild")

    init(options: BuildOptions, server: PreviewServer, console: Console) {
        self.options = options
        self.server = server
        self.console = console
    }

    func rebuild(reason: String) {
        queue.sync { rebuildNow(reason: reason) }
    }

    private func rebuildNow(reason: String) {
        var options = self.options
        options.now = .now
        let clock = Monotonic.seconds()
        do throws(BuildFailure) {
            let report = try SiteBuilder.build(options)
            console.report(report.warnings)
            console.info("Built \(plural(report.articles, "article")), \(plural(report.htmlPages, "page")) in \(format2(Monotonic.seconds() - clock)) s (\(reason))")
            server.notifyReload()
        } catch {
            switch error {
            case .content(let diagnostics):
                console.report(diagnostics)
                console.writeError("build-site: \(plural(diagnostics.errors.count, "error")); still serving the last good version")
                server.notifyError(diagnostics.map(\.description).joined(separator: "\n"))
            case .output(let message), .refused(let message):
                for line in message.split(separator: "\n") { console.error(String(line)) }
                server.notifyError(message)
            }
        }
        fflush(nil)
    }
}

/// Notices changes by comparing each file's size and modification time, every few hundred
/// milliseconds: portable, and cheap enough for tens of thousands of files.
final class ContentWatcher: @unchecked Sendable {
    private let paths: [String]
    private var last: [String: String]  // only touched from the watch queue

    init(paths: [String]) {
        self.paths = paths
        last = [:]
        last = signature()
    }

    func changed() -> Bool {
        let now = signature()
        defer { last = now }
        return now != last
    }

    private func signature() -> [String: String] {
        var result: [String: String] = [:]
        for path in paths { record(path, into: &result) }
        return result
    }

    private func record(_ path: String, into result: inout [String: String]) {
        var st = stat()
        guard stat(path, &st) == 0 else { return }
        result[path] = "\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
        guard st.st_mode & S_IFMT == S_IFDIR, let names = try? FileSystem.list(path) else { return }
        for name in names where !name.hasPrefix(".") { record(path + "/" + name, into: &result) }
    }
}
