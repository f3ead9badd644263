import SiteCore

/// The compare stage: which jobs run. All of them on a full build; on a rebuild, those whose
/// freshness changed, that are made on every build, or whose file is not the one the last build
/// wrote (changed or deleted by hand).
struct WorkList: Sendable {
    /// Whether a previous build's record is being built upon (else the output is replaced whole).
    let incremental: Bool
    /// Per job: taken as it is from the last build.
    let keep: [Bool]
    /// Indices of the jobs to run.
    let toRun: [Int]
    /// The jobs' files are the last build's, no more and no fewer (none new, none to remove).
    let samePaths: Bool
    /// Per job, the last build's record of its file (empty on a full build): looked up once, here,
    /// and read again by the record stage (a second lookup of 30,000 paths cost a title edit 2 %).
    let recorded: [BuildManifest.OutputRecord?]

    static func compare(_ jobs: [OutputJob], previous: BuildManifest?, output: OutputFolder) -> WorkList {
        guard let previous else {
            return WorkList(incremental: false, keep: Array(repeating: false, count: jobs.count), toRun: Array(jobs.indices), samePaths: false,
                            recorded: [])
        }
        // Each file stat'ed relative to the deepest folder it shares with the file before it, held
        // open (`Stamper`), not by its whole path walked from the root: chunks of jobs in order, on
        // all cores.
        let folder = FileSystem.Directory(output.root)
        let looked: [(record: BuildManifest.OutputRecord?, keep: Bool)] = parallelMap(jobs.count, chunk: 256, each: { folder?.stamper() }) { stamper, i in
            let job = jobs[i]
            guard let record = previous.outputs[job.path.value] else { return (nil, false) }
            guard job.freshness != .everyBuild, record.freshness == job.freshness, let stamper else { return (record, false) }
            return (record, stamper.stamp(job.path.value) == record.stamp)
        }
        // Closures, not key paths: a tuple's key path is projected by the runtime, element by element.
        let recorded = looked.map { $0.record }
        // Paths are unique on both sides: as many, all recorded, means the same.
        let samePaths = previous.outputs.count == jobs.count && recorded.allSatisfy { $0 != nil }
        let keep = looked.map { $0.keep }
        return WorkList(incremental: true, keep: keep, toRun: jobs.indices.filter { !keep[$0] }, samePaths: samePaths, recorded: recorded)
    }
}
