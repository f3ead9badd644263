import Foundation
import SiteCore
import SiteDevelopment
@testable import SiteGenerator
import Testing

@Suite("The output folder never takes what is not the build's")
struct OutputSafetyTests {
    /// A project folder with the basic content, a git folder and a README, as an editor has it.
    func project() -> TemporaryFolder {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        folder.write(".git/HEAD", "ref: refs/heads/main\n")
        folder.write("README.md", "项目说明\n")
        folder.write("docs/notes.txt", "编辑的笔记\n")
        return folder
    }

    @Test("an output that is, holds or sits inside the content folder is refused with exit 2, and nothing is touched",
          arguments: ["Content", "Content/", "Content/articles", "Content/articles/2022", ".", "..", "", "/"])
    func refusedPlacements(_ output: String) throws {
        let folder = project()
        let before = snapshot(folder.path)
        let arguments = output.isEmpty ? ["--output", folder.path] : ["--output", output]
        let result = try runBuildSite(arguments, in: folder.path)
        #expect(result.status == 2, "\(output): \(result.stderr)")
        #expect(result.stderr.contains("refusing to build into"), "\(output): \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
        #expect(snapshot(folder.path) == before, "\(output) changed the project")
    }

    @Test("a link to the content folder is seen through")
    func symlinkToContent() throws {
        let folder = project()
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/Alias", withDestinationPath: folder.path + "/Content")
        let before = snapshot(folder.path + "/Content")
        let result = try runBuildSite(["--output", "Alias"], in: folder.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("it is the content folder"))
        #expect(snapshot(folder.path + "/Content") == before)
    }

    @Test("an existing folder holding files no build wrote is refused, naming the file and what to do")
    func foreignFolder() throws {
        let folder = project()
        let before = snapshot(folder.path)
        let result = try runBuildSite(["--output", "docs"], in: folder.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("docs/notes.txt"))
        #expect(result.stderr.contains("Content/static/") && result.stderr.contains("new or empty folder"))
        #expect(snapshot(folder.path) == before)
        #expect(!folder.exists(".docs.staging") && !folder.exists(".docs.manifest"))
    }

    @Test("a file added by hand to the output survives: a full build refuses, an incremental one leaves it alone")
    func handAddedFile() throws {
        let folder = project()
        #expect(try runBuildSite(["--quiet"], in: folder.path).status == 0)
        folder.write("Public/CNAME", "news.example.org\n")
        folder.write("Content/articles/2023/03/linyi.md", article(title: "改过的标题", date: "2023-03-21", region: "shandong/linyi"))
        #expect(try runBuildSite(["--quiet"], in: folder.path).status == 0)
        #expect(folder.read("Public/CNAME") == "news.example.org\n")
        let forced = try runBuildSite(["--force"], in: folder.path)
        #expect(forced.status == 2)
        #expect(forced.stderr.contains("Public/CNAME"))
        #expect(folder.read("Public/CNAME") == "news.example.org\n")
    }

    @Test("an empty folder, or one holding only .gitkeep, is built into; .gitkeep is kept across full builds")
    func gitkeep() throws {
        let folder = project()
        folder.write("Public/.gitkeep", "")
        #expect(try runBuildSite(["--quiet"], in: folder.path).status == 0)
        #expect(folder.exists("Public/index.html") && folder.exists("Public/.gitkeep"))
        #expect(try runBuildSite(["--quiet", "--force"], in: folder.path).status == 0)
        #expect(folder.exists("Public/.gitkeep"))
        try FileManager.default.createDirectory(atPath: folder.path + "/Empty", withIntermediateDirectories: true)
        #expect(try runBuildSite(["--quiet", "--output", "Empty"], in: folder.path).status == 0)
        #expect(folder.exists("Empty/index.html"))
    }

    @Test("a damaged manifest means a full build with a warning, over a folder the build wrote")
    func damagedManifestRebuildsEverything() throws {
        let folder = TemporaryFolder()
        try SyntheticCorpus(articles: 60, seed: 2).write(to: folder.path)
        #expect(try runBuildSite(["--quiet"], in: folder.path).status == 0)
        let manifest = folder.path + "/.Public.manifest"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: manifest))
        try bytes.prefix(3000).write(to: URL(fileURLWithPath: manifest))
        let path = SyntheticCorpus(articles: 60, seed: 2).article(5).path
        let file = folder.path + "/Content/" + path
        try (try String(contentsOfFile: file, encoding: .utf8)).replacingOccurrences(of: "title: ", with: "title: 新")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let result = try runBuildSite([], in: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains(".Public.manifest:1:1: warning: the record of the last build is damaged"))
        #expect(result.stdout.contains("Built"))
        let next = try runBuildSite([], in: folder.path)
        #expect(next.stdout.contains("Nothing changed"))
    }

    @Test("a manifest cut or changed at any byte never crashes a build; the result equals a full build")
    func manifestDamageAnywhere() throws {
        let folder = TemporaryFolder()
        try SyntheticCorpus(articles: 12, seed: 4).write(to: folder.path)
        let options = BuildOptions(contentPath: folder.path + "/Content", outputPath: folder.path + "/Public", now: testNow)
        _ = try SiteBuilder.build(options)
        let manifest = folder.path + "/.Public.manifest"
        let original = try Data(contentsOf: URL(fileURLWithPath: manifest))
        var reference = options
        reference.outputPath = folder.path + "/Reference"
        _ = try SiteBuilder.build(reference)
        let expected = snapshot(folder.path + "/Reference")
        for cut in stride(from: 0, to: original.count, by: max(1, original.count / 40)) {
            var damaged = original.prefix(cut)
            if cut % 2 == 1 && cut > 0 { damaged = original; damaged[cut] ^= 0x5A }
            try damaged.write(to: URL(fileURLWithPath: manifest))
            let report = try SiteBuilder.build(options)
            #expect(!report.unchanged, "damage at \(cut) went unnoticed")
            #expect(snapshot(folder.path + "/Public") == expected)
        }
    }
}

@Suite("Commits that fail or are killed at any step")
struct CommitFaultTests {
    struct Scenario {
        var name: String
        var force = false
        var change: (TemporaryFolder) throws -> Void
    }

    static var corpus: SyntheticCorpus { SyntheticCorpus(articles: 12, seed: 6) }

    static func editFile(_ folder: TemporaryFolder, _ relative: String, _ change: (String) -> String) throws {
        let path = folder.path + "/Content/" + relative
        try change(try String(contentsOfFile: path, encoding: .utf8)).write(toFile: path, atomically: true, encoding: .utf8)
    }

    static var scenarios: [Scenario] { [
        Scenario(name: "a title edit") { try editFile($0, corpus.article(4).path) { $0.replacingOccurrences(of: "title: ", with: "title: 改") } },
        Scenario(name: "a body edit") { try editFile($0, corpus.article(9).path) { $0 + "\n又一段正文。\n" } },
        Scenario(name: "an addition and a deletion") {
            $0.write("Content/articles/2031/02/fresh.md", article(title: "新的", date: "2029-02-02", region: "zhejiang"))
            try FileManager.default.removeItem(atPath: $0.path + "/Content/" + corpus.article(11).path)
        },
        Scenario(name: "a full build", force: true) { try editFile($0, corpus.article(2).path) { $0.replacingOccurrences(of: "title: ", with: "title: 全") } },
    ] }

    func options(_ folder: TemporaryFolder, _ output: String = "Public", force: Bool = false, fault: CommitFault? = nil) -> BuildOptions {
        var o = BuildOptions(contentPath: folder.path + "/Content", outputPath: folder.path + "/" + output, now: testNow)
        o.incremental = !force
        o.commitFault = fault
        return o
    }

    /// Bytes and modification times of every file, and the manifest's bytes.
    func state(_ folder: TemporaryFolder) -> [String: String] {
        var result: [String: String] = [:]
        for (path, data) in snapshot(folder.path + "/Public") {
            let date = (try? FileManager.default.attributesOfItem(atPath: folder.path + "/Public/" + path))?[.modificationDate] as? Date
            result[path] = "\(data.hashValue) \(date?.timeIntervalSince1970 ?? 0)"
        }
        result["(manifest)"] = folder.read(".Public.manifest")
        return result
    }

    func leftovers(_ folder: TemporaryFolder) -> [String] {
        [".Public.journal", ".Public.manifest.next", ".Public.backup", ".Public.staging"].filter { folder.exists($0) }
    }

    /// A copy of `template`, modification times included (stamps decide what a rebuild skips).
    func copy(_ template: TemporaryFolder) throws -> TemporaryFolder {
        let folder = TemporaryFolder()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/cp")
        process.arguments = ["-a", template.path + "/.", folder.path]
        try process.run()
        process.waitUntilExit()
        return folder
    }

    /// One build whose commit fails (or is killed) at `step`: false if the commit has fewer steps.
    func failAt(_ step: Int, _ kind: CommitFault.Kind, _ scenario: Scenario, template: TemporaryFolder, expected: [String: Data]) throws -> Bool {
        let folder = try copy(template)
        let before = state(folder)
        try scenario.change(folder)
        do {
            _ = try SiteBuilder.build(options(folder, force: scenario.force, fault: CommitFault(step: step, kind: kind)))
            return false
        } catch {
            #expect(error.description.contains("commit step \(step)"), "\(scenario.name), step \(step): \(error)")
        }
        if kind == .error {
            #expect(state(folder) == before, "\(scenario.name): failing at step \(step) changed the site")
            #expect(leftovers(folder).isEmpty, "\(scenario.name), step \(step): \(leftovers(folder))")
        }
        let next = try SiteBuilder.build(options(folder))
        // (A kill after the commit point leaves the new site in place, with only leftovers to tidy.)
        #expect(!next.unchanged || kind == .kill, "\(scenario.name), step \(step): the next build saw nothing to do")
        #expect(snapshot(folder.path + "/Public") == expected, "\(scenario.name): after a \(kind) at step \(step)")
        #expect(leftovers(folder).isEmpty, "\(scenario.name), step \(step): \(leftovers(folder))")
        #expect(try SiteBuilder.build(options(folder)).unchanged, "\(scenario.name), step \(step)")
        return true
    }

    /// The protocol itself is tried at every step in `OutputCommitTests`; here, through whole builds,
    /// the first steps, a sample after them, and the last ones (the commit point and tidying up).
    @Test("a build whose commit fails or is killed leaves the previous site as it was, and the next build sees the truth",
          arguments: [CommitFault.Kind.error, .kill])
    func builds(_ kind: CommitFault.Kind) throws {
        let template = TemporaryFolder()
        try Self.corpus.write(to: template.path)
        _ = try SiteBuilder.build(options(template))
        for scenario in Self.scenarios {
            let model = try copy(template)
            try scenario.change(model)
            _ = try SiteBuilder.build(options(model, "Reference", force: true))
            let expected = snapshot(model.path + "/Reference")
            var tried = Set<Int>()
            var step = 0
            while try failAt(step, kind, scenario, template: template, expected: expected) {
                tried.insert(step)
                step += step < 6 ? 1 : step < 60 ? 7 : 25
            }
            // The commit has `end` steps: found between the last step that failed and the first that did not.
            var (low, end) = (tried.max() ?? -1, step)
            while end - low > 1 {
                let middle = (low + end) / 2
                if try failAt(middle, kind, scenario, template: template, expected: expected) { low = middle; tried.insert(middle) } else { end = middle }
            }
            for last in max(0, end - 6)..<end where !tried.contains(last) {
                #expect(try failAt(last, kind, scenario, template: template, expected: expected), "\(scenario.name): step \(last)")
            }
            #expect(end >= 4, "\(scenario.name): a commit of \(end) steps")
        }
    }

    @Test("a file in the way of a new folder fails the commit, which undoes itself; removing it lets the next build through")
    func fileInTheWay() throws {
        let folder = TemporaryFolder()
        try Self.corpus.write(to: folder.path)
        _ = try SiteBuilder.build(options(folder))
        let before = state(folder)
        folder.write("Content/articles/2031/02/fresh.md", article(title: "新的", date: "2029-02-02", region: "zhejiang"))
        // Where the new article's month folder must go.
        folder.write("Public/articles/2029", "not a folder")
        let withObstacle = state(folder)
        #expect(throws: BuildFailure.self) { try SiteBuilder.build(options(folder)) }
        #expect(state(folder) == withObstacle)
        #expect(leftovers(folder).isEmpty)
        try FileManager.default.removeItem(atPath: folder.path + "/Public/articles/2029")
        #expect(state(folder) == before)
        let report = try SiteBuilder.build(options(folder))
        #expect(!report.unchanged)
        #expect(folder.exists("Public/articles/2029/02/fresh/index.html"))
    }
}

@Suite("The benchmark edits a copy of a corpus it is given, never the corpus")
struct BenchCorpusTests {
    @Test("the copy holds every file of Content/; the corpus is left as it was; a work folder inside Content/ or a copy already there is refused")
    func copyLeavesTheCorpus() throws {
        let corpus = TemporaryFolder(), work = TemporaryFolder()
        corpus.write("Content/regions.yaml", "zhejiang: 浙江省\n")
        corpus.write("Content/articles/2026/11/a.md", "---\ntitle: 甲\n---\n正文。\n")
        corpus.write("notes.txt", "not content")
        try BenchCorpus.copy(corpus.path, to: work.path + "/copy")
        #expect(work.read("copy/Content/articles/2026/11/a.md") == "---\ntitle: 甲\n---\n正文。\n")
        #expect(work.read("copy/Content/regions.yaml") == "zhejiang: 浙江省\n")
        #expect(!work.exists("copy/notes.txt"))
        // The copy is what a bench edits.
        work.write("copy/Content/articles/2026/11/a.md", "---\ntitle: 改甲\n---\n正文。\n")
        #expect(corpus.read("Content/articles/2026/11/a.md") == "---\ntitle: 甲\n---\n正文。\n")

        #expect(throws: BenchCorpus.Refusal.exists(work.path + "/copy")) { try BenchCorpus.copy(corpus.path, to: work.path + "/copy") }
        let inside = corpus.path + "/Content/../Content/bench/work"
        #expect(throws: BenchCorpus.Refusal.workInsideContent(work: inside, content: corpus.path + "/Content")) {
            try BenchCorpus.check(corpus: corpus.path, work: inside)
        }
        #expect(!corpus.exists("Content/bench"))
        #expect(throws: BenchCorpus.Refusal.noContent(work.path + "/nothing")) { try BenchCorpus.check(corpus: work.path + "/nothing", work: work.path) }
    }
}
