import ArgumentParser
import SiteCore
import SiteDevelopment
import SiteGenerator

/// `swift run -c release site-bench --articles 10000`: builds a synthetic corpus with the
/// `build-site` binary next to this one and reports full, no-op and one-edit rebuild times (a body
/// edit, and a title edit, which changes list pages), their median, 95th percentile and range,
/// pages per second and peak memory; side by side with a peer (`--peer`), at more sizes
/// (`--scale`), and in instructions (`--instructions`).
/// A benchmark, not a test: nothing asserts on time.
@main
struct SiteBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site-bench",
        abstract: "Measure build-site on a synthetic corpus: full build, no-op rebuild, one-edit rebuild.",
        discussion: """
        Runs alternate in order (peer,) full (--force, into an empty folder), no-op, a body edit, a title edit; the table gives the \
        median, 95th percentile and range over --runs. Use a release build (swift run -c release site-bench). Give --corpus DIR \
        to measure a corpus made elsewhere (for instance the shared gen_corpus.py corpus that Hugo builds), and \
        --peer to time another generator side by side on the same machine at the same moment.
        """
    )

    @Option(help: "Articles in the generated corpus.")
    var articles = 10_000

    @Option(help: "Repetitions of each measurement.")
    var runs = 3

    @Option(help: "An existing folder with Content/ to build (a copy of it, which the edits change) instead of generating one.")
    var corpus: String?

    @Option(help: "Where the corpus (or a copy of the one given) and outputs go (default: a new folder under /tmp).")
    var work: String?

    @Option(help: "Seed of the generated corpus.")
    var seed: UInt64 = 1

    @Option(help: """
        A peer to time side by side: a command run before each full build, given the corpus folder as its \
        last argument, that prints "wall X s" and "peak RSS N MiB" (the shared bench's peer_hugo.sh does). \
        The tables then give our figures as ratios of the peer's.
        """)
    var peer: String?

    @Option(help: """
        Seconds to wait before each full build (ours and the peer's); with it, every measured build also \
        starts after what the last one left dirty is written back (sync, not timed). On a disk, a rebuild \
        timed while the full build's files are still being written out measures that writeback; on an \
        ext4 without a journal, creating files right after deleting thousands is much slower.
        """)
    var pause: UInt32 = 0

    @Option(parsing: .upToNextOption, help: """
        More corpus folders (each with Content/) to build once each after the runs, ours and the peer's side \
        by side: full build time and peak memory, and our peak as a multiple of the first corpus's (memory \
        that should not grow with the archive).
        """)
    var scale: [String] = []

    @Flag(help: """
        Also count the instructions of one full build, no-op, body edit and title edit under valgrind's \
        callgrind (repeatable to within 0.1 %, unlike wall time). Slow: use a small corpus (--articles 1000).
        """)
    var instructions = false

    func run() throws {
        let binary = siblingBinary("build-site")
        guard FileSystem.exists(binary) else {
            throw ValidationError("no build-site binary at \(binary): run `swift build -c release --product build-site` first")
        }
        let workDir = work ?? "/tmp/site-bench-\(getpid())"
        if let corpus {
            do { try BenchCorpus.check(corpus: corpus, work: workDir) } catch { throw ValidationError(error.description) }
        }
        try FileSystem.createDirectories(workDir)
        let root: String
        if let corpus {
            // The runs edit articles (a sentence added, a title changed): they edit a copy, never
            // the folder given; the peer builds the same copy. A new folder of this run's own, so
            // that nothing already in the work folder is replaced.
            root = workDir + "/corpus-\(getpid())"
            print("copying \(corpus)/Content to \(root)/Content …")
            try BenchCorpus.copy(corpus, to: root)
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
                settle(wait: true)
                let p = try measurePeer(peer, corpus: root)
                peers.append(p)
                print("run \(run): peer \(fmt(p.seconds)) s, \(p.peakMiB) MiB")
            }
            let (f, n, e, t) = try sequence(binary, content: content, output: output, edited: edited, retitled: retitled, run: run)
            pages = f.pages
            full.append(f)
            noop.append(n)
            edit.append(e)
            title.append(t)
            print("run \(run): full \(fmt(f.seconds)) s, no-op \(fmt(n.seconds)) s, body edit \(fmt(e.seconds)) s, title edit \(fmt(t.seconds)) s")
        }
        var counts: [Int]? = nil
        if instructions {
            print("counting instructions under callgrind …")
            let (f, n, e, t) = try sequence(binary, content: content, output: output, edited: edited, retitled: retitled, run: runs + 1,
                                            counting: true)
            counts = [f, n, e, t].map { $0.instructions ?? 0 }
        }
        let fullMedian = median(full.map(\.seconds))
        // The peer (Hugo) has no incremental build from its command line: every edit is a full build again.
        let peerMedian = peers.isEmpty ? nil : median(peers.map(\.seconds))
        print("")
        print("| measure | median | p95 | range | peak RSS | vs our full build |" + (peerMedian == nil ? "" : " peer (every edit a full build) | vs peer |")
              + (counts == nil ? "" : " instructions |"))
        print("|---|---|---|---|---|---|" + (peerMedian == nil ? "" : "---|---|") + (counts == nil ? "" : "---|"))
        for (k, (name, samples)) in [("full build", full), ("no-op rebuild", noop), ("one-edit rebuild (a body)", edit),
                                     ("one-edit rebuild (a title: the general path)", title)].enumerated() {
            let s = samples.map(\.seconds)
            var line = "| \(name) | \(fmt(median(s))) s | \(fmt(percentile95(s))) s | \(fmt(s.min()!))–\(fmt(s.max()!)) s | "
                + "\(samples.map(\.peakMiB).max()!) MiB | \(fmt(median(s) / fullMedian)) |"
            if let peerMedian { line += " \(fmt(peerMedian)) s | \(fmt(median(s) / peerMedian)) |" }
            if let counts { line += " \(grouped(counts[k])) |" }
            print(line)
        }
        // Each edit over the full build of its own run: the runs share a moment of the machine, so
        // these ratios scatter less than the medians' quotient, and show how often a goal is met.
        print("")
        print("Run by run, over the same run's full build:")
        for (name, samples) in [("no-op", noop), ("body edit", edit), ("title edit", title)] {
            print("- \(name): " + zip(samples, full).map { fmt($0.seconds / $1.seconds) }.joined(separator: ", "))
        }
        if let peerMedian {
            let peerMiB = median(peers.map { Double($0.peakMiB) })
            let ourMiB = median(full.map { Double($0.peakMiB) })
            let p = peers.map(\.seconds)
            print("")
            print("| vs peer | peer median | peer p95 | ours median | ratio |")
            print("|---|---|---|---|---|")
            print("| full build wall time | \(fmt(peerMedian)) s | \(fmt(percentile95(p))) s | \(fmt(fullMedian)) s | \(fmt(fullMedian / peerMedian)) |")
            print("| full build peak RSS | \(Int(peerMiB)) MiB | — | \(Int(ourMiB)) MiB | \(fmt(ourMiB / peerMiB)) |")
        }
        print("")
        print("\(articleFiles.count) article files, \(pages) HTML pages; full build \(Int(Double(pages) / fullMedian)) pages/s")
        if !scale.isEmpty { try measureScale(binary, first: (articleFiles.count, full), workDir: workDir) }
        print("corpus and output in \(workDir) (remove it when done)")
    }

    /// Before a measured build: with `--pause`, what is dirty written back (`wait`: and the pause).
    func settle(wait: Bool) {
        guard pause > 0 else { return }
        sync()
        if wait { sleep(pause) }
    }

    /// One full build into an empty folder, a no-op rebuild, a body edit and a title edit.
    func sequence(_ binary: String, content: String, output: String, edited: String, retitled: String, run: Int,
                  counting: Bool = false) throws -> (Sample, Sample, Sample, Sample) {
        let out = String(output[..<output.lastIndex(of: "/")!])
        try FileSystem.removeTree(out)
        settle(wait: true)
        let f = try measure(binary, ["--force", "--content", content, "--output", output], counting: counting)
        settle(wait: false)
        let n = try measure(binary, ["--content", content, "--output", output], counting: counting)
        // One edit: a sentence added to the body of an article in the middle of the corpus.
        let path = content + "/" + edited
        var bytes = try FileSystem.readBytes(path)
        bytes += Array("\n基准测试第\(run)次修改。\n".utf8)
        try FileSystem.write(bytes, to: path)
        settle(wait: false)
        let e = try measure(binary, ["--content", content, "--output", output], counting: counting)
        // A title changed: the card shows on list pages, so the general incremental path runs.
        let titlePath = content + "/" + retitled
        let text = String(decoding: try FileSystem.readBytes(titlePath), as: UTF8.self)
        let changedText = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("title: ") ? "title: 改\($0.dropFirst(7))" : String($0) }.joined(separator: "\n")
        try FileSystem.write(Array(changedText.utf8), to: titlePath)
        settle(wait: false)
        let t = try measure(binary, ["--content", content, "--output", output], counting: counting)
        // Removed now, not just before the next full build: deleting is not part of any build.
        try FileSystem.removeTree(out)
        return (f, n, e, t)
    }

    /// `--scale`: each further corpus built once, with the peer side by side; peak memory as a
    /// multiple of the first corpus's.
    func measureScale(_ binary: String, first: (articles: Int, full: [Sample]), workDir: String) throws {
        let firstPeak = median(first.full.map { Double($0.peakMiB) })
        var lines = ["| articles | our full build | our peak RSS | × the \(first.articles) articles' peak |"
                     + (peer == nil ? "" : " peer full build | peer peak RSS | time vs peer | memory vs peer |"),
                     "|---|---|---|---|" + (peer == nil ? "" : "---|---|---|---|")]
        lines.append("| \(first.articles) | \(fmt(median(first.full.map(\.seconds)))) s | \(Int(firstPeak)) MiB | 1.000 |"
                     + (peer == nil ? "" : " (above) | | | |"))
        for root in scale {
            let content = root + "/Content", output = workDir + "/scale-out/Public"
            let count = ContentScanner(root: content).scan().articleFiles.count
            var p: Sample? = nil
            if let peer {
                settle(wait: true)
                p = try measurePeer(peer, corpus: root)
            }
            try FileSystem.removeTree(workDir + "/scale-out")
            settle(wait: true)
            let ours = try measure(binary, ["--force", "--content", content, "--output", output])
            try FileSystem.removeTree(workDir + "/scale-out")
            print("scale \(count): full \(fmt(ours.seconds)) s, \(ours.peakMiB) MiB" + (p.map { "; peer \(fmt($0.seconds)) s, \($0.peakMiB) MiB" } ?? ""))
            var line = "| \(count) | \(fmt(ours.seconds)) s | \(ours.peakMiB) MiB | \(fmt(Double(ours.peakMiB) / firstPeak)) |"
            if let p {
                line += " \(fmt(p.seconds)) s | \(p.peakMiB) MiB | \(fmt(ours.seconds / p.seconds)) | \(fmt(Double(ours.peakMiB) / Double(max(1, p.peakMiB)))) |"
            }
            lines.append(line)
        }
        print("")
        for line in lines { print(line) }
        print("")
    }

    struct Sample {
        var seconds: Double
        var peakMiB: Int
        var pages: Int
        var instructions: Int? = nil
    }

    /// Runs build-site once; wall time and the child's peak resident memory. Counting, under
    /// callgrind, on a copy of the binary without debug information (valgrind 3.19 cannot read
    /// what Swift 6 writes); the instructions from callgrind's totals.
    func measure(_ binary: String, _ arguments: [String], counting: Bool = false) throws -> Sample {
        var command = [binary] + arguments + ["--quiet"]
        let countFile = (work ?? "/tmp") + "/callgrind-\(getpid()).out"
        if counting {
            let stripped = (work ?? "/tmp") + "/build-site-stripped"
            if !FileSystem.exists(stripped) {
                try FileSystem.write(try FileSystem.readBytes(binary), to: stripped)
                chmod(stripped, 0o755)
                guard try spawn(["/usr/bin/strip", "-g", stripped]) == 0 else { throw BenchFailure("strip -g failed") }
            }
            command = ["/usr/bin/valgrind", "--tool=callgrind", "-q", "--callgrind-out-file=" + countFile, stripped] + Array(command.dropFirst())
        }
        var usage = rusage()
        let start = now()
        let status = try spawn(command, usage: &usage)
        let seconds = now() - start
        guard status == 0 else { throw BenchFailure("build-site failed (status \(status)) with \(arguments)") }
        var sample = Sample(seconds: seconds, peakMiB: Int(usage.ru_maxrss) / 1024, pages: arguments.first == "--force" ? countPages(arguments) : 0)
        if counting {
            let text = String(decoding: (try? FileSystem.readBytes(countFile)) ?? [], as: UTF8.self)
            try? FileSystem.unlink(countFile)
            sample.instructions = (number(after: "\ntotals: ", in: text) ?? number(after: "\nsummary: ", in: text)).map { Int($0) }
        }
        return sample
    }

    /// Runs a program (an absolute path and its arguments) and waits; its exit status.
    func spawn(_ command: [String]) throws -> Int32 {
        var usage = rusage()
        return try spawn(command, usage: &usage)
    }

    func spawn(_ command: [String], usage: inout rusage) throws -> Int32 {
        var pid: pid_t = 0
        let argv = command.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        guard posix_spawn(&pid, command[0], nil, nil, argv, environ) == 0 else { throw BenchFailure("cannot run \(command[0])") }
        var status: Int32 = 0
        wait4(pid, &status, 0, &usage)
        return status
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
        guard posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) == 0 else { throw BenchFailure("cannot run the peer") }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let text = String(decoding: (try? FileSystem.readBytes(log)) ?? [], as: UTF8.self)
        try? FileSystem.unlink(log)
        guard status == 0, let wall = number(after: "wall ", in: text) else {
            throw BenchFailure("the peer failed or printed no 'wall X s':\n\(text)")
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

    /// The 95th percentile, nearest rank (with fewer than 20 runs: the slowest).
    func percentile95(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s[max(0, Int((0.95 * Double(s.count)).rounded(.up)) - 1)]
    }

    /// 1,234,567.
    func grouped(_ n: Int) -> String {
        var digits = Array(String(n)), out: [Character] = []
        while digits.count > 3 { out = [","] + digits.suffix(3) + out; digits.removeLast(3) }
        return String(digits + out)
    }

    func fmt(_ x: Double) -> String {
        let v = Int((x * 1000).rounded())
        let frac = v % 1000
        return "\(v / 1000).\(frac < 10 ? "00" : frac < 100 ? "0" : "")\(frac)"
    }
}

/// A measurement that could not be taken (a build or the peer failed): said as it is, without the
/// usage text a wrong argument gets.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
