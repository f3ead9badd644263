import SiteCore
import SiteDevelopment

#if FUZZING
/// Built with -sanitize=fuzzer -DFUZZING (see the README). SwiftPM links an executable's `main` to
/// `<module>_main`, so that symbol hands control to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

@_cdecl("fuzz_article_loader_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        let outcome = FuzzHarness.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        precondition(outcome.problems.isEmpty, outcome.problems.joined(separator: "; "))
        return 0
    }
}
#else

/// Without libFuzzer: replays the files given as arguments through the harness.
@main
struct ReplayCorpus {
    static func main() {
        var count = 0
        for path in CommandLine.arguments.dropFirst() {
            guard let file = fopen(path, "rb") else { continue }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = fread(&buffer, 1, buffer.count, file)
                if n <= 0 { break }
                bytes += buffer[0..<n]
            }
            fclose(file)
            let problems = FuzzHarness.run(bytes).problems
            if !problems.isEmpty { print("\(path): \(problems.joined(separator: "; "))") }
            count += 1
        }
        print("replayed \(count) inputs")
    }
}
#endif
