import SiteCore

/// The files a build staged, by job number: each one's stamp and digest. An array of a slot per
/// job, made once: as a dictionary filled while 140,000 files were written, it was rehashed up to
/// twice its size.
struct StagedFiles: Sendable, Sequence {
    private var files: [PageWriter.Staged?]
    /// Files staged.
    private(set) var count = 0

    init(jobs: Int) { files = Array(repeating: nil, count: jobs) }

    subscript(job: Int) -> PageWriter.Staged? {
        get { files[job] }
        set {
            count += (newValue != nil ? 1 : 0) - (files[job] != nil ? 1 : 0)
            files[job] = newValue
        }
    }

    /// Each staged file with its job's number, in job order.
    func makeIterator() -> some IteratorProtocol<(job: Int, file: PageWriter.Staged)> {
        files.lazy.enumerated().compactMap { n, file in file.map { (job: n, file: $0) } }.makeIterator()
    }
}
