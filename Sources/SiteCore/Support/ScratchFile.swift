/// Records of a build kept on disk rather than in memory while it runs (the search index's
/// documents and pieces, see `RenderStage` and `SearchIndex.build`; the list cards, see
/// `RenderContext`): a file created in a folder of
/// the build's own (the staging folder) and unlinked at once, so that it is never seen there, never
/// committed, and gone with the process however it ends. Records are appended from any thread and
/// read back by the numbers `append` gave them, in any order. Without a folder, records are kept in
/// memory (tests, small indexes).
package final class ScratchFile: @unchecked Sendable {
    private let fd: Int32?
    private struct Places {
        var end = 0
        var offsets: [Int] = []
        var lengths: [Int] = []
        var inMemory: [[UInt8]] = []
    }
    private let places = Locked(Places())
    private let path: String
    private let firstFailure = Locked<FileSystem.Failure?>(nil)

    /// The first write or read that failed (a full disk), if any: the build must fail with it.
    package var failure: FileSystem.Failure? { firstFailure.withLock { $0 } }

    private func failed(_ operation: String) {
        let code = errno
        firstFailure.withLock { if $0 == nil { $0 = FileSystem.Failure(path: path, operation: operation, code: code) } }
    }

    /// Records kept in memory.
    package init() {
        fd = nil
        path = "(memory)"
    }

    /// Records kept in an unlinked file in `directory`; messages name it by what it `holds`.
    package init(directory: String, holding holds: String = "search index") throws(FileSystem.Failure) {
        let path = directory + "/.scratch-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 { throw FileSystem.Failure(path: path, operation: "create", code: errno) }
        unlink(path)
        self.fd = fd
        self.path = directory + "/(\(holds) scratch file)"
    }

    deinit { if let fd { close(fd) } }

    /// Appends records one after the other and returns their numbers; nil if the disk refused them.
    package func append(_ records: [[UInt8]]) -> Range<Int>? {
        guard let fd else {
            return places.withLock { p in
                p.inMemory += records
                return (p.inMemory.count - records.count)..<p.inMemory.count
            }
        }
        let total = records.reduce(0) { $0 + $1.count }
        let (start, numbers) = places.withLock { p in
            let start = p.end
            p.end += total
            var at = start
            for r in records {
                p.offsets.append(at)
                p.lengths.append(r.count)
                at += r.count
            }
            return (start, (p.offsets.count - records.count)..<p.offsets.count)
        }
        var at = start, written = true
        for record in records where written {
            written = record.withUnsafeBytes { buffer in
                whole(buffer.count, "write", shortfall: ENOSPC) { pwrite(fd, buffer.baseAddress! + $0, buffer.count - $0, off_t(at + $0)) }
            }
            at += record.count
        }
        return written ? numbers : nil
    }

    /// Record `number`'s bytes; nil if they cannot be read.
    package func read(_ number: Int) -> [UInt8]? {
        guard let fd else { return places.withLock { $0.inMemory[number] } }
        let (offset, length) = places.withLock { ($0.offsets[number], $0.lengths[number]) }
        // Not through `unsafeUninitializedCapacity`: at 0 it would set the count of the shared empty array.
        if length == 0 { return [] }
        var broken = false
        let bytes = [UInt8](unsafeUninitializedCapacity: length) { buffer, count in
            count = fill(buffer, fd: fd, offset: offset) ? length : 0
            broken = count == 0
        }
        return broken ? nil : bytes
    }

    /// Record `number` as text (UTF-8), read straight into the string; nil if it cannot be read.
    package func readText(_ number: Int) -> String? {
        guard let fd else { return String(decoding: places.withLock { $0.inMemory[number] }, as: UTF8.self) }
        let (offset, length) = places.withLock { ($0.offsets[number], $0.lengths[number]) }
        if length == 0 { return "" }
        var broken = false
        let text = String(unsafeUninitializedCapacity: length) { buffer in
            broken = !fill(buffer, fd: fd, offset: offset)
            return broken ? 0 : length
        }
        return broken ? nil : text
    }

    /// Fills `buffer` from the file at `offset`; false (the failure noted) when it cannot.
    private func fill(_ buffer: UnsafeMutableBufferPointer<UInt8>, fd: Int32, offset: Int) -> Bool {
        whole(buffer.count, "read", shortfall: EIO) { pread(fd, buffer.baseAddress! + $0, buffer.count - $0, off_t(offset + $0)) }
    }

    /// Calls `transfer(done)` (a `pread` or `pwrite` from `done` bytes in) until `count` bytes are
    /// through, again after a signal; on an error, or nothing moved (`shortfall` then), notes the
    /// failure and returns false.
    private func whole(_ count: Int, _ operation: String, shortfall: Int32, _ transfer: (Int) -> Int) -> Bool {
        var done = 0
        while done < count {
            let n = transfer(done)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                if n == 0 { errno = shortfall }
                failed(operation)
                return false
            }
            done += n
        }
        return true
    }
}
