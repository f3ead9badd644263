import ArgumentParser
import CPlatform
import SiteCore
import SiteGenerator

@main
struct Main {
    static func main() async {
        // Past a file-size limit, write() should fail with an error we report, not kill the process.
        signal(SIGXFSZ, SIG_IGN)
        // A build allocates and frees a few hundred megabytes in passes: keep freed memory in the
        // process instead of handing it back and faulting it in again (a fifth fewer page faults).
        cplatform_keep_freed_memory()
        let command: ParsableCommand
        do {
            command = try BuildSite.parseAsRoot()
        } catch {
            // Help and --version are not errors; everything else at parse time is a usage error: exit 2.
            if BuildSite.exitCode(for: error) == .success {
                print(BuildSite.fullMessage(for: error))
                exit(0)
            }
            Console().writeError(BuildSite.fullMessage(for: error))
            exit(2)
        }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var command = command
                try command.run()
            }
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            // ArgumentParser delivers --help and validation failures from run() as errors too.
            switch BuildSite.exitCode(for: error) {
            case .success:
                print(BuildSite.fullMessage(for: error))
                exit(0)
            case .validationFailure:
                Console().writeError(BuildSite.fullMessage(for: error))
                exit(2)
            default:
                Console().error("\(error)")
                exit(1)
            }
        }
    }
}

// Every command's name is given in its configuration, not left to ArgumentParser to derive from
// the type's name: deriving it goes through `String(describing:)` and reflection at every start.
struct BuildSite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build-site",
        abstract: "Builds the 社工新闻 portal: Markdown articles in Content/ become a static site in Public/.",
        discussion: "Exit status: 0 on success, 1 when the content has errors, 2 on a usage error.",
        subcommands: [Build.self, Check.self, New.self, Serve.self, Import.self],
        defaultSubcommand: Build.self
    )
}

/// Options every command that reads content shares.
struct ContentOptions: ParsableArguments {
    @Option(name: .long, help: "The content folder.")
    var content: String = "Content"

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print more about what is done.")
    var verbose = false

    func validate() throws {
        if content.isEmpty { throw ValidationError("--content needs a folder name, e.g. --content Content") }
    }
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the site (the default command).",
        discussion: """
        Checks all content first; on any error nothing is written and the previous output stays as it was. \
        The first build writes everything into a staging folder and swaps it in; later builds render only \
        what changed (recorded in .Public.manifest beside the output) and replace only those files.
        """
    )

    @OptionGroup var common: ContentOptions

    @Option(name: .long, help: "The output folder.")
    var output: String = "Public"

    @Flag(name: .long, help: "Publish drafts too (for previews; never for the public site).")
    var drafts = false

    @Flag(name: .long, help: "Publish articles dated in the future too.")
    var future = false

    @Flag(name: .long, help: "Render every page, ignoring what the last build recorded.")
    var force = false

    @Option(name: .long, help: ArgumentHelp("Write a JSON line per output file written or removed to this file.", valueName: "file"))
    var changes: String?

    func validate() throws {
        if output.isEmpty { throw ValidationError("--output needs a folder name, e.g. --output Public") }
    }

    func run() throws {
        let console = Console(quiet: common.quiet, verbose: common.verbose)
        let start = Monotonic.seconds()
        var options = BuildOptions(contentPath: common.content, outputPath: output, includeDrafts: drafts, includeFuture: future,
                                   now: .now, baseURLOverride: nil, stylesheetFile: nil, progress: console.progressReporter())
        options.incremental = !force
        let report: BuildReport
        do throws(BuildFailure) {
            report = try SiteBuilder.build(options)
        } catch {
            switch error {
            case .content(let diagnostics):
                console.report(diagnostics)
                let errors = diagnostics.errors.count
                console.writeError("build-site: \(plural(errors, "error")), \(plural(diagnostics.warnings.count, "warning")); nothing was written, \(output)/ is unchanged")
                throw ExitCode(1)
            case .output(let message):
                // One line per file that could not be made (the console escapes control characters).
                for line in message.split(separator: "\n") { console.error(String(line)) }
                console.writeError("build-site: the output could not be written; \(output)/ is unchanged")
                throw ExitCode(1)
            case .refused(let message):
                console.writeError("build-site: " + message)
                throw ExitCode(2)
            }
        }
        console.report(report.warnings)
        if let changes {
            do {
                try FileSystem.writeAtomically(Array(report.changes.map { $0.jsonLine + "\n" }.joined().utf8), to: changes)
            } catch {
                console.error("--changes: \(error)")
                throw ExitCode(1)
            }
        }
        let seconds = Monotonic.seconds() - start
        var line: String
        if report.unchanged {
            line = "Nothing changed: \(plural(report.articles, "article")), \(plural(report.htmlPages, "page")) in \(report.outputPath)/ are up to date (\(format2(seconds)) s)"
        } else {
            line = "Built \(plural(report.articles, "article")), \(plural(report.htmlPages, "page")), "
                + "\(plural(report.files, "file")) (\(report.written) written, \(report.removed) removed) in \(format2(seconds)) s → \(report.outputPath)/"
        }
        var held: [String] = []
        if report.heldBackDrafts > 0 { held.append(plural(report.heldBackDrafts, "draft")) }
        if report.heldBackFuture > 0 { held.append("\(report.heldBackFuture) dated in the future (use --future)") }
        if !held.isEmpty { line += " (held back: \(held.joined(separator: ", ")))" }
        console.info(line)
        // Milliseconds: a rebuild's stages take a few each, all "0.01 s" in seconds.
        console.detail("stages: " + report.stages.map { "\($0.name) \(Int(($0.seconds * 1000).rounded())) ms" }.joined(separator: ", "))
        console.detail("peak memory after each: " + report.stages.map { "\($0.name) \($0.peakMiB) MiB" }.joined(separator: ", "))
        console.detail("kept after each: " + report.stages.map { "\($0.name) \($0.keptMiB) MiB" }.joined(separator: ", "))
        if let planned = report.articlePagesPlanned { console.detail("article pages planned afresh: \(planned) of \(report.articles)") }
        // Done: exit with the report still held, so its memory is not freed piece by piece.
        withExtendedLifetime(report) { Glibc.exit(0) }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check all content and write nothing.",
        discussion: "Reports every problem as path:line:column: error|warning: message, then a count."
    )

    @OptionGroup var common: ContentOptions

    func run() throws {
        let console = Console(quiet: common.quiet, verbose: common.verbose)
        let (diagnostics, files) = SiteBuilder.check(BuildOptions(contentPath: common.content, includeDrafts: true, includeFuture: true))
        console.report(diagnostics)
        let errors = diagnostics.errors.count
        let warnings = diagnostics.warnings.count
        let summary = "Checked \(plural(files, "file")): \(plural(errors, "error")), \(plural(warnings, "warning"))"
        if errors > 0 {
            console.writeError(summary)
            throw ExitCode(1)
        }
        console.info(summary)
    }
}

/// `1.234` with two decimals, without Foundation's String(format:).
func format2(_ x: Double) -> String {
    let hundredths = Int((x * 100).rounded())
    let frac = hundredths % 100
    return "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac)"
}
