import Foundation
import SiteCore
import SiteDevelopment
import SiteGenerator
import Testing

@Suite("Atomic publishing under failure", .serialized)
struct AtomicPublishingTests {
    /// A site big enough that a build takes a noticeable moment.
    func largeSite() throws -> TemporaryFolder {
        let folder = TemporaryFolder()
        try SyntheticCorpus(articles: 1500).write(to: folder.path)
        return folder
    }

    @Test("kill -9 in the middle of a build leaves the previous output exactly as it was")
    func killedBuild() throws {
        let folder = try largeSite()
        let first = try runBuildSite(["--quiet"], in: folder.path)
        #expect(first.status == 0)
        let before = snapshot(folder.path + "/Public")
        #expect(before.count > 1500)
        // Change the content, start a build, and kill it once it is writing its staging folder.
        folder.write("Content/articles/2020/01/extra.md", article(date: "2020-01-05", region: "zhejiang"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: buildSiteBinary)
        process.arguments = ["--quiet"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        try process.run()
        let staging = folder.path + "/.Public.staging/articles"
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && !FileManager.default.fileExists(atPath: staging) && Date() < deadline { usleep(1000) }
        let killedWhileWriting = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(killedWhileWriting, "the build finished before it could be killed")
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(snapshot(folder.path + "/Public") == before)
        // The next build removes the leftover staging folder and publishes the change.
        let next = try runBuildSite(["--quiet"], in: folder.path)
        #expect(next.status == 0)
        #expect(!folder.exists(".Public.staging"))
        #expect(folder.exists("Public/articles/2020/01/extra/index.html"))
    }

    /// Under ThreadSanitizer the sanitizer's own runtime faults once a file-size limit is set, before
    /// the build runs; the test is meaningful only in plain and AddressSanitizer builds.
    static let threadSanitizer = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__tsan_init") != nil

    @Test("running out of space mid-build (a file-size limit) fails clearly and keeps the old output",
          .disabled(if: threadSanitizer, "the ThreadSanitizer runtime cannot run under a file-size limit"))
    func outOfSpace() throws {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        #expect(try runBuildSite(["--quiet"], in: folder.path).status == 0)
        let before = snapshot(folder.path + "/Public")
        folder.write("Content/articles/2023/03/long.md", article(region: "zhejiang", body: String(repeating: "社工站服务群众。", count: 3000)))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // 32 KiB per file at most: the new article's page cannot be written.
        process.arguments = ["-c", "ulimit -f 32 && exec \"$0\" --quiet", buildSiteBinary]
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        let err = Pipe()
        process.standardError = err
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(stderr.contains("File too large"))
        #expect(stderr.contains("the output could not be written; Public/ is unchanged"))
        #expect(snapshot(folder.path + "/Public") == before)
        #expect(!folder.exists(".Public.staging"))
    }

    @Test("builds are byte-identical across time zones, locales and runs")
    func reproducibleAcrossEnvironments() throws {
        let folder = TemporaryFolder()
        try SyntheticCorpus(articles: 300).write(to: folder.path)
        #expect(try runBuildSite(["--quiet", "--output", "a"], in: folder.path, environment: ["TZ": "UTC", "LC_ALL": "C"]).status == 0)
        #expect(try runBuildSite(["--quiet", "--output", "b"], in: folder.path,
                                 environment: ["TZ": "Pacific/Auckland", "LC_ALL": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"]).status == 0)
        let a = snapshot(folder.path + "/a"), b = snapshot(folder.path + "/b")
        #expect(a.count > 300)
        #expect(a == b)
    }

    @Test("the synthetic corpus is deterministic and valid")
    func corpus() throws {
        let corpus = SyntheticCorpus(articles: 50, seed: 7)
        #expect(corpus.article(13).text == SyntheticCorpus(articles: 10_000, seed: 7).article(13).text)
        #expect(corpus.article(13).text != SyntheticCorpus(articles: 50, seed: 8).article(13).text)
        let folder = TemporaryFolder()
        try corpus.write(to: folder.path)
        let checked = ContentChecker.check(BuildOptions(contentPath: folder.path + "/Content", includeDrafts: true, now: testNow))
        #expect(checked.diagnostics.isEmpty)
        #expect(checked.content.articles.count == 50)
    }
}

#if canImport(Glibc)
import Glibc
#endif
