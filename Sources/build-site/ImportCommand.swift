import ArgumentParser
import Importer
import SiteCore
import SiteGenerator

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn raw scraped news pages (text or HTML) into clean draft articles.",
        discussion: """
        For each file: drops navigation, breadcrumbs, link farms, related-story lists, widgets, counters and \
        footers; removes pinyin glued into Traditional text and repairs doubled punctuation; converts to \
        Simplified Chinese (OpenCC t2s); splits digests into one article per report; finds title, date, \
        source and author; infers region and topics (with the evidence); writes articles under \
        Content/articles/YYYY/MM/ as drafts (draft: true) unless --publish. Never overwrites a file. \
        What cannot be determined gets the best value available and a warning. Exit status 0 when every \
        input yielded articles, 1 when one yielded none (the others are still imported).
        """
    )

    @Argument(help: "Page dumps to import.")
    var files: [String]

    @Option(name: .long, help: "The content folder (its regions.yaml is used to classify).")
    var content: String = "Content"

    @Flag(name: .long, help: "Print what would be written; write nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Write the articles as published (no draft: true).")
    var publish = false

    @Option(name: .long, help: "Give every article this region (a path of regions.yaml, e.g. zhejiang/ningbo) instead of inferring it.")
    var region: String?

    func run() throws {
        let console = Console()
        let regionsFile = content + "/regions.yaml"
        guard let bytes = try? FileSystem.readBytes(regionsFile), case .success(let text) = SourceText.decode(bytes, file: regionsFile) else {
            console.error("cannot read \(regionsFile): import classifies regions against it (run in the site's folder or pass --content)")
            throw ExitCode(1)
        }
        let (tree, problems) = RegionLoader.load(text: text, file: regionsFile)
        if problems.hasErrors {
            console.report(problems)
            throw ExitCode(1)
        }
        var given: Int?
        if let region {
            guard let index = tree.index(ofPath: region) else {
                let near = tree.allPaths.filter { $0.hasSuffix("/" + region) || $0.hasPrefix(region) }.prefix(5)
                console.error("--region \(region): no such region in \(regionsFile)\(near.isEmpty ? "" : " (did you mean \(near.joined(separator: ", "))?)")")
                throw ExitCode(1)
            }
            given = index
        }
        let converter: OpenCCConverter
        do { converter = try OpenCCConverter() } catch {
            console.error("\(error)")
            throw ExitCode(1)
        }
        let importer = ArticleImporter(regions: tree, converter: converter,
                                       options: ImportOptions(contentPath: content, dryRun: dryRun, publish: publish, now: .now, region: given))
        var taken = Set<String>()
        var failed = 0
        for file in files {
            let name = String(file.split(separator: "/").last ?? Substring(file))
            // A saved page is well under the HTML reader's limit; a larger file is not read at all.
            if let size = FileSystem.size(file), size > ArticleImporter.maximumInputBytes {
                console.error("\(file): \(size >> 20) MB is not a saved news page (the limit is \(ArticleImporter.maximumInputBytes >> 20) MB); nothing imported")
                failed += 1
                continue
            }
            let raw: [UInt8]
            do { raw = try FileSystem.readBytes(file) } catch {
                // Why, in the system's words (no such file, permission denied…): a mistyped path shows as one.
                console.error("\(file): cannot read the file: \(String(cString: strerror(error.code)))")
                failed += 1
                continue
            }
            let result = importer.importPage(raw, name: name, taken: &taken)
            print("\(file): \(plural(result.articles.count, "article"))")
            if let failure = result.failure {
                console.error("\(file): \(failure)")
                failed += 1
            }
            for article in result.articles {
                var written = article.path
                if !dryRun {
                    do {
                        written = try FileSystem.createNew(Array(article.markdown.utf8), directory: article.directory, stem: article.stem, ext: ".md")
                    } catch {
                        console.error("\(article.path): \(error)")
                        failed += 1
                        continue
                    }
                }
                print("  \(dryRun ? "would write" : "wrote") \(written)\(publish ? "" : " (draft)")")
                for field in article.fields { print("    \(field.name): \(field.value)  [\(field.how)]") }
                for warning in article.warnings { print("    warning: \(warning)") }
                if dryRun {
                    print(article.markdown.split(separator: "\n", omittingEmptySubsequences: false).map { "    | " + $0 }.joined(separator: "\n"))
                }
            }
            let removed = result.removed.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.rawValue)" }
            if !removed.isEmpty { print("  removed lines: \(removed.joined(separator: ", "))") }
        }
        if failed > 0 { throw ExitCode(1) }
    }
}
