import ArgumentParser
import SiteCore
import SiteGenerator

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a new article file with valid front matter, dated now in China time.",
        discussion: """
        The file goes to Content/articles/YYYY/MM/<slug>.md. Without --slug it is named after the region and the day \
        (yongkang-20261123.md). Prints the path it wrote.
        """
    )

    @Option(help: "The headline.")
    var title: String

    @Option(help: "A region path from regions.yaml, e.g. zhejiang/jinhua/yongkang.")
    var region: String

    @Option(help: "One or more of relief, youth, elderly, disaster, separated by commas.")
    var topics: String

    @Option(help: "The URL name (a-z, 0-9, '-').")
    var slug: String?

    @Option(help: "The outlet that first published the report.")
    var source: String?

    @Option(help: "The author.")
    var author: String?

    @Flag(help: "Mark the article as a draft (shown by `serve --drafts`, never published by `build`).")
    var draft = false

    @Option(name: .long, help: "The content folder.")
    var content: String = "Content"

    func run() throws {
        let request = ArticleScaffold.Request(title: title, region: region, topics: [topics], slug: slug, source: source,
                                              author: author, draft: draft, now: .now)
        do {
            let path = try ArticleScaffold.create(request, contentPath: content)
            print(path)
        } catch {
            Console().error(error.description)
            throw ExitCode(1)
        }
    }
}
