import SiteCore

/// The files a build staged, by job number: each one's stamp and digest. An array of a slot per
/// job, made once: as a dictionary filled while 140,000 files were written, it was rehashed up to
/// twice its size.
struct StagedFiles: Sendable, Sequence {
    /// `absent` where the job staged nothing: 48 bytes a slot, where an optional took 56 (256,000
    /// jobs at 100,000 articles).
    private var files: [PageWriter.Staged]
    /// Files staged.
    private(set) var count = 0

    private static let absent = PageWriter.Staged(stamp: .init(size: -1, modifiedNanoseconds: -1), sha256: ContentDigest.sha256([]))

    init(jobs: Int) { files = Array(repeating: Self.absent, count: jobs) }

    subscript(job: Int) -> PageWriter.Staged? {
        get { files[job].stamp.size < 0 ? nil : files[job] }
        set {
            count += (newValue != nil ? 1 : 0) - (self[job] != nil ? 1 : 0)
            files[job] = newValue ?? Self.absent
        }
    }

    /// Each staged file with its job's number, in job order.
    func makeIterator() -> some IteratorProtocol<(job: Int, file: PageWriter.Staged)> {
        files.lazy.enumerated().compactMap { n, file in file.stamp.size < 0 ? nil : (job: n, file: file) }.makeIterator()
    }
}
