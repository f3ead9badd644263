import Foundation
import SiteDevelopment
import Testing

@Suite("Fuzz corpus regressions")
struct FuzzCorpusTests {
    /// Every input the fuzzer found interesting (and every crash it ever found, once fixed) stays in
    /// Fixtures/fuzz-corpus and runs through the same harness on every test run.
    @Test("every committed fuzz input goes through the loader and renderer: no crash, every problem positioned, every path safe")
    func replay() throws {
        let folder = fixturesRoot + "/fuzz-corpus"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names.count >= 6)
        for name in names {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
            let outcome = FuzzHarness.run(bytes)
            #expect(outcome.problems.isEmpty, "\(name): \(outcome.problems)")
        }
    }
}
