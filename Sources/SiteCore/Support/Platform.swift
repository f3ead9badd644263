#if canImport(Glibc)
@_exported import Glibc
#endif
import CPlatform

// The one place the C library comes in: every module that imports SiteCore sees it from here.
// Linux only (glibc): publishing relies on renameat2's RENAME_EXCHANGE and file stamps on
// `st_mtim` (see the README, "Platforms").

/// The process's peak resident memory so far, in MiB (`--verbose` prints it after each stage).
package func peakMemoryMiB() -> Int {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Int(usage.ru_maxrss) / 1024
}

/// The process's resident memory now, in MiB (from /proc; 0 where there is none).
package func residentMemoryMiB() -> Int {
    // /proc files say they have no size: read until the end instead of by `stat`.
    let fd = open("/proc/self/statm", O_RDONLY)
    guard fd >= 0 else { return 0 }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 256)
    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    guard n > 0 else { return 0 }
    let fields = String(decoding: buffer[..<n], as: UTF8.self).split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return (pages * Int(sysconf(Int32(_SC_PAGESIZE)))) >> 20
}

/// Gives the heap's free pages back to the system when at least `atLeastMiB` are free in it
/// (see `cplatform_release_freed_memory`). A small rebuild frees a few MiB a stage: giving them
/// back and faulting them in again cost a title edit 3–8 % of its time.
package func releaseFreedMemory(atLeastMiB: Int = 32) { cplatform_release_freed_memory(atLeastMiB << 20) }

/// The monotonic clock: stage timings, request deadlines, benchmarks.
package enum Monotonic {
    package static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    package static func milliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
