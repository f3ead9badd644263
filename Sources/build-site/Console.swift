import SiteCore
import SiteGenerator

/// How the command talks to a person: colour and progress on a terminal, plain lines otherwise
/// (CI logs, pipes) or when NO_COLOR is set; GitHub annotations when running in GitHub Actions.
struct Console: Sendable {
    var quiet = false
    var verbose = false
    let colour: Bool
    let githubActions: Bool

    init(quiet: Bool = false, verbose: Bool = false) {
        self.quiet = quiet
        self.verbose = verbose
        let environment = ProcessInfoLite.environment
        colour = isatty(2) == 1 && environment["NO_COLOR"].map(\.isEmpty) ?? true && environment["TERM"] != "dumb"
        githubActions = environment["GITHUB_ACTIONS"] == "true"
    }

    func info(_ line: String) {
        guard !quiet else { return }
        print(line)
    }

    func detail(_ line: String) {
        guard verbose && !quiet else { return }
        print(line)
    }

    /// On a terminal, a progress line that rewrites itself; with --verbose, a line per stage.
    func progressReporter() -> (@Sendable (BuildProgress) -> Void)? {
        let live = colour && !quiet && isatty(1) == 1
        guard live || verbose else { return nil }
        let verbose = self.verbose && !quiet
        return { p in
            switch p.stage {
            case .checked:
                if verbose { print("checked \(p.total) articles in \(format2(p.elapsed)) s") }
            case .writing:
                if live { self.writeError("\u{1B}[2K\rwriting \(p.done)/\(p.total) files…", newline: false) }
            case .done:
                if live { self.writeError("\u{1B}[2K\r", newline: false) }
                if verbose { print("wrote \(p.total) files in \(format2(p.elapsed)) s") }
            }
        }
    }

    func error(_ line: String) {
        writeError((colour ? "\u{1B}[1;31merror:\u{1B}[0m " : "error: ") + TerminalText.escaped(line))
    }

    /// Prints diagnostics (warnings are skipped with --quiet), then GitHub annotations if asked.
    func report(_ diagnostics: [Diagnostic]) {
        for d in diagnostics where !(quiet && d.severity == .warning) {
            writeError(colour ? coloured(d) : d.description)
        }
        if githubActions {
            for d in diagnostics { print(d.githubAnnotation) }
        }
    }

    private func coloured(_ d: Diagnostic) -> String {
        let l = d.location
        let tag = d.severity == .error ? "\u{1B}[1;31merror:\u{1B}[0m" : "\u{1B}[1;33mwarning:\u{1B}[0m"
        return "\u{1B}[1m\(TerminalText.escaped(l.file)):\(l.line):\(l.column):\u{1B}[0m \(tag) \(TerminalText.escaped(d.message))"
    }

    func writeError(_ line: String, newline: Bool = true) {
        var text = newline ? line + "\n" : line
        // File descriptor 2 directly: libc's `stderr` global is shared mutable state to Swift 6.
        text.withUTF8 { buf in
            var offset = 0
            while offset < buf.count {
                let n = write(2, buf.baseAddress! + offset, buf.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }
}

/// The environment without Foundation (one dictionary, read once).
enum ProcessInfoLite {
    static let environment: [String: String] = {
        var result: [String: String] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            let pair = String(cString: entry)
            if let eq = pair.firstIndex(of: "=") {
                result[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
            }
            cursor += 1
        }
        return result
    }()
}

func plural(_ n: Int, _ one: String, _ many: String? = nil) -> String {
    "\(n) \(n == 1 ? one : (many ?? one + "s"))"
}
