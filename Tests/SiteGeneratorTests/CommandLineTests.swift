import Foundation
import SiteCore
import Testing

/// Runs the real `build-site` executable, built beside the test bundle by `swift test`.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

let buildSiteBinary: String = {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("build-site").path
    if FileManager.default.isExecutableFile(atPath: beside) { return beside }
    return packageRoot + "/.build/debug/build-site"
}()

func runBuildSite(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: buildSiteBinary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var env = ProcessInfo.processInfo.environment
    env["GITHUB_ACTIONS"] = nil
    for (k, v) in environment { env[k] = v }
    process.environment = env
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Both streams drained at once: a child that fills one pipe while the test waits on the other
    // (a sanitizer's report on stderr) would otherwise never finish.
    let errors = Locked(Data())
    let drained = DispatchSemaphore(value: 0)
    Thread {
        let data = err.fileHandleForReading.readDataToEndOfFile()
        errors.withLock { $0 = data }
        drained.signal()
    }.start()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    drained.wait()
    let stderr = errors.withLock { $0 }
    process.waitUntilExit()
    return CommandResult(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                         stderr: String(decoding: stderr, as: UTF8.self))
}

@Suite("The build-site command line")
struct CommandLineTests {
    @Test("the binary exists (swift test builds it)")
    func binaryExists() {
        #expect(FileManager.default.isExecutableFile(atPath: buildSiteBinary), "no executable at \(buildSiteBinary)")
    }

    @Test("build-site alone builds Content into Public and prints a one-line summary; exit 0")
    func defaultBuild() throws {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        let result = try runBuildSite([], in: folder.path)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Built 3 articles, "))
        #expect(result.stdout.contains(" → Public/ (held back: 1 draft)"))
        #expect(folder.exists("Public/index.html"))
        let explicit = try runBuildSite(["build", "--content", "Content", "--output", "out/site", "--drafts", "--quiet"], in: folder.path)
        #expect(explicit.status == 0)
        #expect(explicit.stdout.isEmpty)
        #expect(folder.exists("out/site/articles/2023/03/draft-piece/index.html"))
    }

    @Test("--verbose names every stage with its time, the peak memory after it and the memory it keeps")
    func verboseStages() throws {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        let result = try runBuildSite(["--verbose"], in: folder.path)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        let stages = try #require(lines.first { $0.hasPrefix("stages: ") })
        let peaks = try #require(lines.first { $0.hasPrefix("peak memory after each: ") })
        let kept = try #require(lines.first { $0.hasPrefix("kept after each: ") })
        for name in ["scan", "manifest", "load", "plan", "compare", "bodies", "articles", "index", "pages", "record", "commit"] {
            #expect(stages.firstMatch(of: try Regex("[ ,]\(name) \\d+ ms")) != nil, "\(name)")
            let peak = try #require(peaks.firstMatch(of: try Regex("[ ,]\(name) (\\d+) MiB")), "\(name)")
            let resident = try #require(kept.firstMatch(of: try Regex("[ ,]\(name) (\\d+) MiB")), "\(name)")
            let (p, k) = (Int(peak.output[1].substring ?? "") ?? 0, Int(resident.output[1].substring ?? "") ?? 0)
            #expect(p > 0 && k > 0 && k <= p, "\(name): kept \(k) MiB, peak \(p) MiB")
        }
    }

    @Test("content errors: positioned messages on stderr, a count, exit 1, nothing written")
    func contentErrors() throws {
        let folder = TemporaryFolder()
        makeContent(in: folder, articles: ["a.md": article(topics: "[food]"), "b.md": article(date: "2022-02-30")])
        let result = try runBuildSite(["build"], in: folder.path, environment: ["NO_COLOR": "1"])
        #expect(result.status == 1)
        #expect(result.stderr.components(separatedBy: "\n").filter { !$0.isEmpty } == [
            "Content/articles/a.md:5:10: error: unknown topic 'food': expected one of relief, youth, elderly, disaster",
            "Content/articles/b.md:3:7: error: 'date' is not a real date: 2022-02 has 28 days, not 30 ('2022-02-30')",
            "build-site: 2 errors, 0 warnings; nothing was written, Public/ is unchanged",
        ])
        #expect(!folder.exists("Public"))
    }

    @Test("usage errors exit 2; help exits 0")
    func usage() throws {
        let folder = TemporaryFolder()
        let bad = try runBuildSite(["build", "--no-such-flag"], in: folder.path)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--no-such-flag"))
        let help = try runBuildSite(["--help"], in: folder.path)
        #expect(help.status == 0)
        #expect(help.stdout.contains("build-site"))
    }

    @Test("check writes nothing, counts problems, and annotates for GitHub Actions")
    func check() throws {
        let folder = TemporaryFolder()
        makeContent(in: folder, articles: ["a.md": article(region: "zhejiang/jinhua/yongkan")])
        let result = try runBuildSite(["check"], in: folder.path, environment: ["GITHUB_ACTIONS": "true"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Content/articles/a.md:4:9: error: unknown region 'zhejiang/jinhua/yongkan'"))
        #expect(result.stderr.hasSuffix("Checked 1 file: 1 error, 0 warnings\n"))
        #expect(result.stdout.hasPrefix("::error file=Content/articles/a.md,line=4,col=9::unknown region 'zhejiang/jinhua/yongkan'"))
        #expect(!folder.exists("Public"))
        makeContent(in: folder, articles: ["a.md": article()])
        let ok = try runBuildSite(["check"], in: folder.path)
        #expect(ok.status == 0)
        #expect(ok.stdout == "Checked 1 file: 0 errors, 0 warnings\n")
    }
}
