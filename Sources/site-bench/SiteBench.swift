import ArgumentParser
import SiteCore
import SiteDevelopment
import SiteGenerator

/// `swift run -c release site-bench --articles 10000`: builds a synthetic corpus with the
/// `build-site` binary next to this one and reports full, no-op and one-edit rebuild times (a body
/// edit, and a title edit, which changes list pages), pages per second and peak memory.
/// A benchmark, not a test: nothing asserts on time.
@main
struct SiteBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site-bench",
        abstract: "Measure build-site on a synthetic corpus: full build, no-op rebuild, one-edit rebuild.",
        discussion: """
        Runs alternate in order (peer,) full (--force, into an empty folder), no-op, a body edit, a title edit; the table gives the \
        median and the range over --runs. Use a release build (swift run -c release site-bench). Give --corpus DIR \
        to measure a corpus made elsewhere (for instance the shared gen_corpus.py corpus that Hugo builds), and \
        --peer to time another generator side by side on the same machine at the same moment.
        """
    )

    @Option(help: "Articles in the generated corpus.")
    var articles = 10_000

    @Option(help: "Repetitions of each measurement.")
    var runs = 3

    @Option(help: "An existing folder with Content/ to build instead of generating one.")
    var corpus: String?

    @Option(help: "Where the corpus and outputs go (default: a new folder under /tmp).")
    var work: String?

    @Option(help: "Seed of the generated corpus.")
    var seed: UInt64 = 1

    @Option(help: """
        A peer to time side by side: a command run before each full build, given the corpus folder as its         last argument, that prints "wall X s" and "peak RSS N MiB" (the shared bench's peer_hugo.sh does).         The table then gives our figures as ratios of the peer's.
        """)
    var peer: String?

    @Option(help: """
        Seconds to wait before each full build (ours and the peer's). On ext4, creating files right after \
        deleting thousands is much slower; both generators then start from the same state.
        """)
    var pause: UInt32 = 0

    func run() throws {
        let binary = siblingBinary("build-site")
        guard FileSystem.exists(binary) else {
            throw ValidationError("no build-site binary at \(binary): run `swift build -c release --product build-site` first")
        }
        let workDir = work ?? "/tmp/site-bench-\(getpid())"
        try FileSystem.createDirectories(workDir)
        let root: String
        if let corpus {
            root = corpus
        } else {
            root = workDir + "/corpus"
            if !FileSystem.exists(root + "/Content/regions.yaml") {
                print("generating \(articles) articles in \(root)/Content …")
                try SyntheticCorpus(articles: articles, seed: seed).write(to: root)
            }
        }
        let content = root + "/Content"
        let output = workDir + "/out/Public"
        let articleFiles = ContentScanner(root: content).scan().articleFiles
        guard let edited = articleFiles.dropFirst(articleFiles.count / 2).first,
              let retitled = articleFiles.dropFirst(articleFiles.count / 3).first else { throw ValidationError("no articles in \(content)") }

        var full: [Sample] = [], noop: [Sample] = [], edit: [Sample] = [], title: [Sample] = [], peers: [Sample] = []
        var pages = 0
        for run in 1...runs {
            if let peer {
                sleep(pause)
                let p = try measurePeer(peer, corpus: root)
                peers.append(p)
                print("run \(run): peer \(fmt(p.seconds)) s, \(p.peakMiB) MiB")
            }
            try FileSystem.removeTree(workDir + "/out")
            sleep(pause)
            let f = try measure(binary, ["--force", "--content", content, "--output", output])
            pages = f.pages
            full.append(f)
            noop.append(try measure(binary, ["--content", content, "--output", output]))
            // One edit: a sentence added to the body of an article in the middle of the corpus.
            let path = content + "/" + edited
            var bytes = try FileSystem.readBytes(path)
            bytes += Array("\n基准测试第\(run)次修改。\n".utf8)
            try FileSystem.write(bytes, to: path)
            edit.append(try measure(binary, ["--content", content, "--output", output]))
            // A title changed: the card shows on list pages, so the general incremental path runs.
            let titlePath = content + "/" + retitled
            let text = String(decoding: try FileSystem.readBytes(titlePath), as: UTF8.self)
            let changedText = text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix("title: ") ? "title: 改\($0.dropFirst(7))" : String($0) }.joined(separator: "\n")
            try FileSystem.write(Array(changedText.utf8), to: titlePath)
            title.append(try measure(binary, ["--content", content, "--output", output]))
            // Removed now, not just before the next full build: deleting is not part of any build.
            try FileSystem.removeTree(workDir + "/out")
            print("run \(run): full \(fmt(f.seconds)) s, no-op \(fmt(noop.last!.seconds)) s, body edit \(fmt(edit.last!.seconds)) s, "
                  + "title edit \(fmt(title.last!.seconds)) s")
        }
        let fullMedian = median(full.map(\.seconds))
        print("")
        print("| measure | median | range | peak RSS | vs full |")
        print("|---|---|---|---|---|")
        for (name, samples) in [("full build", full), ("no-op rebuild", noop), ("one-edit rebuild (a body)", edit),
                                ("one-edit rebuild (a title)", title)] {
            let s = samples.map(\.seconds)
            print("| \(name) | \(fmt(median(s))) s | \(fmt(s.min()!))–\(fmt(s.max()!)) s | \(samples.map(\.peakMiB).max()!) MiB | \(fmt(median(s) / fullMedian)) |")
        }
        if !peers.isEmpty {
            let peerSeconds = median(peers.map(\.seconds))
            let peerMiB = median(peers.map { Double($0.peakMiB) })
            print("")
            print("| vs peer | peer median | ours median | ratio |")
            print("|---|---|---|---|")
            print("| full build wall time | \(fmt(peerSeconds)) s | \(fmt(fullMedian)) s | \(fmt(fullMedian / peerSeconds)) |")
            let ourMiB = median(full.map { Double($0.peakMiB) })
            print("| full build peak RSS | \(Int(peerMiB)) MiB | \(Int(ourMiB)) MiB | \(fmt(ourMiB / peerMiB)) |")
        }
        print("")
        print("\(articleFiles.count) article files, \(pages) HTML pages; full build \(Int(Double(pages) / fullMedian)) pages/s")
        print("corpus and output in \(workDir) (remove it when done)")
    }

    struct Sample {
        var seconds: Double
        var peakMiB: Int
        var pages: Int
    }

    /// Runs build-site once; wall time and the child's peak resident memory.
    func measure(_ binary: String, _ arguments: [String]) throws -> Sample {
        var pid: pid_t = 0
        let argv = ([binary] + arguments + ["--quiet"]).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let start = now()
        guard posix_spawn(&pid, binary, nil, nil, argv, environ) == 0 else { throw ValidationError("cannot run \(binary)") }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let seconds = now() - start
        guard status == 0 else { throw ValidationError("build-site failed (status \(status)) with \(arguments)") }
        return Sample(seconds: seconds, peakMiB: Int(usage.ru_maxrss) / 1024, pages: arguments.first == "--force" ? countPages(arguments) : 0)
    }

    /// Runs the peer command through the shell with the corpus folder appended; reads its wall time
    /// and peak memory from what it prints.
    func measurePeer(_ command: String, corpus: String) throws -> Sample {
        let log = (work ?? "/tmp") + "/peer-\(getpid()).log"
        func quoted(_ s: String) -> String { "'" + s.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'" }
        let line = command + " " + quoted(corpus) + " > " + quoted(log) + " 2>&1"
        var pid: pid_t = 0
        let shell: [String] = ["/bin/sh", "-c", line]
        let argv = shell.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        guard posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) == 0 else { throw ValidationError("cannot run the peer") }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let text = String(decoding: (try? FileSystem.readBytes(log)) ?? [], as: UTF8.self)
        try? FileSystem.unlink(log)
        guard status == 0, let wall = number(after: "wall ", in: text) else {
            throw ValidationError("the peer failed or printed no 'wall X s':\n\(text)")
        }
        return Sample(seconds: wall, peakMiB: Int(number(after: "peak RSS ", in: text) ?? 0), pages: 0)
    }

    /// The number that follows `label` in `text`.
    func number(after label: String, in text: String) -> Double? {
        let t = Array(text.utf8), l = Array(label.utf8)
        guard t.count >= l.count else { return nil }
        for start in 0...(t.count - l.count) where t[start..<(start + l.count)].elementsEqual(l) {
            let digits = t[(start + l.count)...].prefix { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }
            return Double(String(decoding: digits, as: UTF8.self))
        }
        return nil
    }

    func countPages(_ arguments: [String]) -> Int {
        guard let i = arguments.firstIndex(of: "--output") else { return 0 }
        var count = 0
        func walk(_ dir: String) {
            for name in (try? FileSystem.list(dir)) ?? [] {
                let path = dir + "/" + name
                if FileSystem.kind(path) == .directory { walk(path) } else if name.hasSuffix(".html") { count += 1 }
            }
        }
        walk(arguments[i + 1])
        return count
    }

    func siblingBinary(_ name: String) -> String {
        let exe = FileSystem.realPath("/proc/self/exe") ?? CommandLine.arguments[0]
        return String(exe[..<(exe.lastIndex(of: "/") ?? exe.startIndex)]) + "/" + name
    }

    func now() -> Double { Monotonic.seconds() }

    func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    func fmt(_ x: Double) -> String {
        let v = Int((x * 1000).rounded())
        let frac = v % 1000
        return "\(v / 1000).\(frac < 10 ? "00" : frac < 100 ? "0" : "")\(frac)"
    }
}
