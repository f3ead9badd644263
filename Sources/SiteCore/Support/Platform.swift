#if canImport(Glibc)
@_exported import Glibc
#endif

// The one place the C library comes in: every module that imports SiteCore sees it from here.
// Linux only (glibc): publishing relies on renameat2's RENAME_EXCHANGE and file stamps on
// `st_mtim` (see the README, "Platforms").

/// The process's peak resident memory so far, in MiB (`--verbose` prints it after each stage).
package func peakMemoryMiB() -> Int {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Int(usage.ru_maxrss) / 1024
}

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
