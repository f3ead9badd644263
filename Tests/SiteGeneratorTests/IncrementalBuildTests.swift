import Foundation
import SiteCore
import SiteDevelopment
import SiteGenerator
import Testing

@Suite("Incremental builds", .serialized)
struct IncrementalBuildTests {
    func options(_ folder: TemporaryFolder, output: String, incremental: Bool = true) -> BuildOptions {
        var o = BuildOptions(contentPath: folder.path + "/Content", outputPath: folder.path + "/" + output, now: testNow)
        o.incremental = incremental
        return o
    }

    func modified(_ root: String) -> [String: Date] {
        var result: [String: Date] = [:]
        for path in snapshot(root).keys {
            result[path] = (try? FileManager.default.attributesOfItem(atPath: root + "/" + path))?[.modificationDate] as? Date
        }
        return result
    }

    func edit(_ folder: TemporaryFolder, _ relative: String, _ change: (String) -> String) throws {
        let path = folder.path + "/Content/" + relative
        try change(try String(contentsOfFile: path, encoding: .utf8)).write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test("after every kind of edit, an incremental build equals a full build byte for byte")
    func equivalence() throws {
        let folder = TemporaryFolder()
        try SyntheticCorpus(articles: 150, seed: 3).write(to: folder.path)
        folder.write("Content/articles/linker.md", article(title: "链接文章", date: "2024-05-05", region: "zhejiang",
                                                             body: "见[另一篇](2013/01/target.md)。"))
        folder.write("Content/articles/2013/01/target.md", article(title: "被链接", date: "2013-01-20", region: "zhejiang/jinhua"))
        let first = try SiteBuilder.build(options(folder, output: "Public"))
        #expect(first.written == first.files)

        let corpus = SyntheticCorpus(articles: 150, seed: 3)
        let a = corpus.article(7).path, b = corpus.article(20).path, c = corpus.article(33).path
        let edits: [(String, () throws -> Void)] = [
            ("nothing", {}),
            ("a body", { try edit(folder, a) { $0 + "\n新增一段。\n" } }),
            ("a title", { try edit(folder, b) { $0.replacingOccurrences(of: "title: ", with: "title: 新标题") } }),
            ("a date (new month and URL)", { try edit(folder, c) { $0.replacingOccurrences(of: "date: ", with: "date: 2019-02-03\nold_date: ") } }),
            ("a region", { try edit(folder, a) { $0.replacingOccurrences(of: "region: ", with: "region: fujian\nold_region: ") } }),
            ("topics", { try edit(folder, b) { $0.replacingOccurrences(of: "topics: [", with: "topics: [disaster, ") } }),
            ("a deletion", { try FileManager.default.removeItem(atPath: folder.path + "/Content/" + corpus.article(40).path) }),
            ("an addition", { folder.write("Content/articles/new-one.md", article(title: "新文章", date: "2026-01-01", region: "sichuan/yaan")) }),
            ("a draft", { try edit(folder, corpus.article(41).path) { $0.replacingOccurrences(of: "title: ", with: "draft: true\ntitle: ") } }),
            ("the linked article's slug", { try edit(folder, "articles/2013/01/target.md") { $0.replacingOccurrences(of: "title: ", with: "slug: moved\ntitle: ") } }),
            ("the linked article's month", { try edit(folder, "articles/2013/01/target.md") { $0.replacingOccurrences(of: "date: 2013-01-20", with: "date: 2013-03-20") } }),
            ("an image", {
                folder.write("Content/articles/pic.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
                try edit(folder, "articles/linker.md") { $0 + "\n![图](pic.svg)\n" }
            }),
            ("site settings", { folder.write("Content/site.yaml", "page_size: 7\ntitle: 新站名\n") }),
        ]
        for (name, change) in edits {
            let before = modified(folder.path + "/Public")
            try change()
            let report = try SiteBuilder.build(options(folder, output: "Public"))
            try expectSameAsFullBuild(folder, "editing \(name)")
            // Files the build did not rewrite keep their modification time.
            let after = modified(folder.path + "/Public")
            let touched = after.filter { before[$0.key] != nil && before[$0.key] != $0.value }.count
            #expect(touched <= report.written, "\(name): \(touched) files changed mtime but \(report.written) were written")
            if name == "nothing" { #expect(report.unchanged && touched == 0) }
            // A body edit rewrites its page, its feeds, its search fragment, meta and the index files its keys are in.
            let indexFiles = SearchIndex.bucketCount(documents: 200) + SearchIndex.slotCount(documents: 200)
            if name == "a body" { #expect(report.written < indexFiles + 15, "a body edit rewrote \(report.written) files") }
        }
    }

    @Test("a rebuild repeats an unchanged article's warnings from its cache, at the same file, line and column, as the content folder was given")
    func cachedWarnings() throws {
        let folder = TemporaryFolder()
        makeContent(in: folder, articles: [
            "2022/10/warned.md": article(title: "有警告", date: "2022-10-12", extra: "updated: 2022-10-01\n"),
            "2022/10/other.md": article(title: "另一篇", date: "2022-10-13"),
        ])
        func warnings(_ content: String) throws -> [String] {
            var o = BuildOptions(contentPath: content, outputPath: folder.path + "/Public", now: testNow)
            o.incremental = true
            return try SiteBuilder.build(o).warnings.map(\.description)
        }
        let given = folder.path + "/Content"
        let first = try warnings(given)
        #expect(first.count == 1 && first[0].hasPrefix(given + "/articles/2022/10/warned.md:"), "\(first)")
        try edit(folder, "articles/2022/10/other.md") { $0.replacingOccurrences(of: "另一篇", with: "另一篇改") }
        #expect(try warnings(given) == first)
        // Given with a trailing slash, the path is shown as given.
        try edit(folder, "articles/2022/10/other.md") { $0.replacingOccurrences(of: "另一篇改", with: "另一篇") }
        let slashed = try warnings(given + "/")
        #expect(slashed.count == 1 && slashed[0].hasPrefix(given + "//articles/2022/10/warned.md:"), "\(slashed)")
    }

    @Test("a rebuild works out afresh only the article pages that show a changed card; a change of topics, all of them")
    func planReuse() throws {
        let folder = TemporaryFolder()
        let corpus = SyntheticCorpus(articles: 150, seed: 3)
        try corpus.write(to: folder.path)
        let first = try SiteBuilder.build(options(folder, output: "Public"))
        #expect(first.articlePagesPlanned == first.articles)
        try edit(folder, corpus.article(20).path) { $0.replacingOccurrences(of: "title: ", with: "title: 新标题") }
        let retitled = try SiteBuilder.build(options(folder, output: "Public"))
        let planned = try #require(retitled.articlePagesPlanned)
        // Its own page, the next newer and older, and those that may list it as related or local.
        #expect(planned >= 3 && planned < retitled.articles / 3, "\(planned) of \(retitled.articles) pages planned afresh")
        try expectSameAsFullBuild(folder, "a title edit")
        // Another article's summary, and the same title again: the record the last rebuild left
        // is what the next one compares with.
        try edit(folder, corpus.article(21).path) { $0.replacingOccurrences(of: "summary: ", with: "summary: 改写，") }
        try edit(folder, corpus.article(20).path) { $0.replacingOccurrences(of: "title: 新标题", with: "title: 再改") }
        #expect(try SiteBuilder.build(options(folder, output: "Public")).articlePagesPlanned ?? 0 < retitled.articles / 2)
        try expectSameAsFullBuild(folder, "two cards changed")
        // Topics move articles between lists: every page's neighbours are worked out again.
        try edit(folder, corpus.article(22).path) { text in
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
                guard line.hasPrefix("topics: ") else { return line }
                return line == "topics: [relief]" ? "topics: [youth]" : "topics: [relief]"
            }
            return lines.joined(separator: "\n")
        }
        let moved = try SiteBuilder.build(options(folder, output: "Public"))
        #expect(moved.articlePagesPlanned == moved.articles)
        try expectSameAsFullBuild(folder, "a topic added")
    }

    @Test("a body edit takes the short path when it can, and every result equals a full build byte for byte")
    func bodyEdits() throws {
        let folder = TemporaryFolder()
        try SyntheticCorpus(articles: 120, seed: 4).write(to: folder.path)
        // Feeds of one entry: most articles are in no feed, which the short path needs.
        folder.write("Content/site.yaml", "feed_size: 1\n")
        // No summary in its front matter: one is derived from the beginning of its body.
        let derived = "articles/2012/05/derived-summary.md"
        folder.write("Content/" + derived, article(title: "旧报道", date: "2012-05-06", region: "zhejiang/jinhua",
                                                   body: String(repeating: "社工站开展入户走访。", count: 30)))
        _ = try SiteBuilder.build(options(folder, output: "Public"))
        let corpus = SyntheticCorpus(articles: 120, seed: 4)
        func compareWithFull(_ name: String) throws { try expectSameAsFullBuild(folder, name) }
        var short = 0, general = 0
        for n in 0..<24 {
            let path = corpus.article(n).path
            guard FileManager.default.fileExists(atPath: folder.path + "/Content/" + path) else { continue }
            // A paragraph added at the end: the derived summary (from the beginning) stays.
            try edit(folder, path) { $0 + "\n补充第\(n)段：社工站回访了\(n + 3)户居民。\n" }
            let report = try SiteBuilder.build(options(folder, output: "Public"))
            if report.stages.contains(where: { $0.name == "body edit" }) {
                short += 1
                // Its page, its search fragment, meta and the index files its keys are in; nothing else.
                #expect(report.written >= 4 && report.written < 4 + SearchIndex.bucketCount(documents: 130) + SearchIndex.slotCount(documents: 130))
            } else {
                general += 1
            }
            try compareWithFull("a body edit of \(path)")
        }
        #expect(short > 0, "no body edit took the short path")
        #expect(general > 0, "every body edit took the short path: articles in feeds should not")
        // Then the general path on top of short-path builds: a title edit elsewhere.
        try edit(folder, corpus.article(30).path) { $0.replacingOccurrences(of: "title: ", with: "title: 改题") }
        let titled = try SiteBuilder.build(options(folder, output: "Public"))
        #expect(!titled.stages.contains(where: { $0.name == "body edit" }))
        try compareWithFull("a title edit after short-path builds")
        // A body edit that changes the summary, and one with raw HTML allowed: the general path, same result.
        try edit(folder, derived) { $0.replacingOccurrences(of: "---\n社工站", with: "---\n开头新增一句话。社工站") }
        let summaryEdit = try SiteBuilder.build(options(folder, output: "Public"))
        #expect(!summaryEdit.stages.contains(where: { $0.name == "body edit" }))
        try compareWithFull("a body edit that changes the summary")
        folder.write("Content/site.yaml", "feed_size: 1\nallow_raw_html: true\n")
        _ = try SiteBuilder.build(options(folder, output: "Public"))
        try edit(folder, corpus.article(5).path) { $0 + "\n又一段。\n" }
        let raw = try SiteBuilder.build(options(folder, output: "Public"))
        #expect(!raw.stages.contains(where: { $0.name == "body edit" }))
        try compareWithFull("a body edit with raw HTML allowed")
    }

    @Test("the short path's splices: a page's body, a fragment line")
    func bodyEditSplices() throws {
        // Through the public build: a page whose body holds markup that looks like the page's own.
        let folder = TemporaryFolder()
        try SyntheticCorpus(articles: 30, seed: 6).write(to: folder.path)
        folder.write("Content/site.yaml", "feed_size: 1\n")
        let path = "articles/2011/01/tricky.md"
        folder.write("Content/" + path, article(title: "旧文", date: "2011-01-02", region: "zhejiang/jinhua",
                                                body: "正文里写着 `</div>` 和 <div class=\"article-body\">，都被转义。\n\n" + String(repeating: "社工站服务。", count: 40)))
        _ = try SiteBuilder.build(options(folder, output: "Public"))
        try edit(folder, path) { $0 + "\n末尾新增 `</div>\n`。\n" }
        let report = try SiteBuilder.build(options(folder, output: "Public"))
        #expect(report.stages.contains(where: { $0.name == "body edit" }))
        try expectSameAsFullBuild(folder, "a body edit with markup-like text")
    }

    /// Builds `Full` from scratch and expects `Public` (built incrementally) to hold the same files, byte for byte.
    @Test("held-back drafts come from the cache, not their files; a build that publishes them renders them as a full build does")
    func draftsFromTheCache() throws {
        let folder = TemporaryFolder()
        try SyntheticCorpus(articles: 80, seed: 9).write(to: folder.path)
        folder.write("Content/articles/2024/draft.md", article(title: "草稿", date: "2024-03-03", region: "zhejiang",
                                                              extra: "draft: true\nsummary: 草稿的摘要\n", body: "草稿正文，含**粗体**。"))
        _ = try SiteBuilder.build(options(folder, output: "Public"))
        // The draft's bytes made unreadable as an article, its size and time kept: a rebuild that
        // read the file, rather than take its record, would fail.
        let draft = folder.path + "/Content/articles/2024/draft.md"
        let original = try #require(FileManager.default.contents(atPath: draft))
        var st = stat()
        #expect(stat(draft, &st) == 0)
        func write(_ bytes: Data) throws {
            try bytes.write(to: URL(fileURLWithPath: draft))
            var times = [st.st_atim, st.st_mtim]
            #expect(utimensat(AT_FDCWD, draft, &times, 0) == 0)
        }
        try write(Data(repeating: 0x78, count: original.count))
        try edit(folder, SyntheticCorpus(articles: 80, seed: 9).article(5).path) { $0.replacingOccurrences(of: "title: ", with: "title: 新") }
        let rebuilt = try SiteBuilder.build(options(folder, output: "Public"))
        #expect(rebuilt.heldBackDrafts >= 1 && !rebuilt.unchanged)
        try write(original)
        // Published with --drafts: rendered from its file, as a full build with --drafts renders it.
        var withDrafts = options(folder, output: "Public")
        withDrafts.includeDrafts = true
        _ = try SiteBuilder.build(withDrafts)
        var full = options(folder, output: "Full", incremental: false)
        full.includeDrafts = true
        _ = try SiteBuilder.build(full)
        let incremental = snapshot(folder.path + "/Public"), whole = snapshot(folder.path + "/Full")
        #expect(incremental.keys.sorted() == whole.keys.sorted())
        #expect(full.includeDrafts && whole.keys.contains { $0.hasPrefix("articles/2024/03/") })
        #expect(whole.keys.filter { incremental[$0] != whole[$0] }.sorted().isEmpty)
    }

    @Test("a search file changed by hand is made again, even after a rebuild whose patch of the index passed it by")
    func repairsSearchFilesThePatchPassesBy() throws {
        let folder = TemporaryFolder()
        let corpus = SyntheticCorpus(articles: 150, seed: 5)
        try corpus.write(to: folder.path)
        _ = try SiteBuilder.build(options(folder, output: "Public"))
        let before = snapshot(folder.path + "/Public")
        try edit(folder, corpus.article(10).path) { $0.replacingOccurrences(of: "title: ", with: "title: 新标题") }
        _ = try SiteBuilder.build(options(folder, output: "Full", incremental: false))
        let after = snapshot(folder.path + "/Full")
        // A file of the index that the title edit leaves as it was: the rebuild's patch passes it by.
        let passed = try #require(before.keys.filter { $0.hasPrefix("search/k/") && before[$0] == after[$0] }.sorted().first)
        folder.write("Public/" + passed, "changed by hand")
        let edit = try SiteBuilder.build(options(folder, output: "Public"))
        #expect(edit.written > 0 && !edit.unchanged)
        // The hand's change is not taken for the file: the next build sees it and makes the file again.
        let repair = try SiteBuilder.build(options(folder, output: "Public"))
        #expect(!repair.unchanged)
        #expect(snapshot(folder.path + "/Public")[passed] == after[passed])
        #expect(try SiteBuilder.build(options(folder, output: "Public")).unchanged)
    }

    func expectSameAsFullBuild(_ folder: TemporaryFolder, _ name: String) throws {
        _ = try SiteBuilder.build(options(folder, output: "Full", incremental: false))
        let incremental = snapshot(folder.path + "/Public"), full = snapshot(folder.path + "/Full")
        #expect(incremental.count == full.count, "\(name): \(Set(incremental.keys).symmetricDifference(full.keys).sorted().prefix(5))")
        let different = full.keys.filter { incremental[$0] != full[$0] }.sorted()
        #expect(different.isEmpty, "after \(name), these differ from a full build: \(different.prefix(5))")
        try FileManager.default.removeItem(atPath: folder.path + "/Full")
        try? FileManager.default.removeItem(atPath: folder.path + "/.Full.manifest")
    }
}
