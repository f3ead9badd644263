import SiteCore
import Synchronization
import Templates

/// The whole pipeline: load → check → index → render → write, then the output folder is swapped in.
public enum SiteBuilder {
    public static func build(_ options: BuildOptions) throws(BuildFailure) -> BuildReport {
        let clock = Stopwatch()
        let checked = ContentChecker.check(options)
        if checked.diagnostics.hasErrors { throw .content(checked.diagnostics) }
        var stylesheet = Assets.stylesheet
        if let file = options.stylesheetFile {
            do { stylesheet = String(decoding: try FileSystem.readBytes(file), as: UTF8.self) } catch { throw .output("stylesheet: \(error)") }
        }
        var site = SiteIndexer.index(checked, buildTime: options.now)
        site.stylesheetPath = Assets.path(forStylesheet: stylesheet)
        site.entryCards = Fragments.precomputeCards(site)
        let jobs = PagePlan.jobs(for: site, contentRoot: options.contentPath, inventory: checked.content.inventory, stylesheet: stylesheet)
        let progress = options.progress
        progress?(BuildProgress(stage: .loaded, done: checked.content.articles.count, total: checked.content.articles.count, elapsed: clock.seconds))

        let writer: PageWriter
        do { writer = try PageWriter(output: options.outputPath) } catch { throw .output(error.description) }
        let failures = Mutex<[String]>([])
        let finished = Atomic<Int>(0)
        let finishSite = site
        parallelForEach(jobs.count, chunk: 8) { i in
            let site = finishSite
            let job = jobs[i]
            defer {
                let n = finished.wrappingAdd(1, ordering: .relaxed).newValue
                if n % 256 == 0 { progress?(BuildProgress(stage: .writing, done: n, total: jobs.count, elapsed: clock.seconds)) }
            }
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
        progress?(BuildProgress(stage: .done, done: jobs.count, total: jobs.count, elapsed: clock.seconds))
        return BuildReport(articles: site.entries.count, htmlPages: jobs.filter { $0.path.value.hasSuffix(".html") }.count,
                           files: writer.writtenCount, heldBackDrafts: checked.content.heldBackDrafts,
                           heldBackFuture: checked.content.heldBackFuture, warnings: checked.diagnostics.warnings,
                           outputPath: options.outputPath)
    }
}

/// Elapsed wall time, from the monotonic clock.
struct Stopwatch: Sendable {
    let start = Stopwatch.now()

    var seconds: Double { Stopwatch.now() - start }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

#if canImport(Glibc)
import Glibc
#endif
