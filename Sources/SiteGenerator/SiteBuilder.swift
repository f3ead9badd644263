import SiteCore
import Synchronization

/// The whole pipeline: load → check → index → render → write, then the output folder is swapped in.
public enum SiteBuilder {
    public static func build(_ options: BuildOptions) throws(BuildFailure) -> BuildReport {
        let checked = ContentChecker.check(options)
        if checked.diagnostics.hasErrors { throw .content(checked.diagnostics) }
        let site = SiteIndexer.index(checked, buildTime: options.now)
        let jobs = PagePlan.jobs(for: site, contentRoot: options.contentPath, inventory: checked.content.inventory)

        let writer: PageWriter
        do { writer = try PageWriter(output: options.outputPath) } catch { throw .output(error.description) }
        let failures = Mutex<[String]>([])
        parallelForEach(jobs.count, chunk: 8) { i in
            let job = jobs[i]
            do {
                switch job.content {
                case .render(let render): try writer.write(job.path, render(site))
                case .copy(let source): try writer.copy(from: source, to: job.path)
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        let problems = failures.withLock { $0 }
        if !problems.isEmpty {
            writer.abandon()
            throw .output(problems.sorted().joined(separator: "\n"))
        }
        do { try writer.commit() } catch {
            writer.abandon()
            throw .output(error.description)
        }
        return BuildReport(articles: site.entries.count, htmlPages: jobs.filter { $0.path.value.hasSuffix(".html") }.count,
                           files: writer.writtenCount, heldBackDrafts: checked.content.heldBackDrafts,
                           heldBackFuture: checked.content.heldBackFuture, warnings: checked.diagnostics.warnings,
                           outputPath: options.outputPath)
    }
}
