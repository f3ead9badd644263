import Foundation
import Testing
@testable import SiteGenerator

/// axe-core (bundled in PyPI's axe-selenium-python) and a keyboard: installed by `.ci/run`.
let axeAvailable: Bool = layoutProbeAvailable
    && (try? output(ofRunning: "/usr/bin/env", ["python3", "-c", "import axe_selenium_python; print('ok')"])) == "ok\n"

/// Accessibility measured in a browser, not assumed: axe on every kind of page, at a phone's and a
/// desktop's width, in the standard layout and in 长辈模式; and a walk with the keyboard alone.
@Suite("Accessibility in a real browser", .serialized,
       .enabled(if: axeAvailable || ProcessInfo.processInfo.environment["CI"] != nil))
struct AccessibilityTests {
    struct Report: Decodable {
        struct Violation: Decodable { var id: String; var impact: String?; var help: String }
        var path: String
        var width: Int
        var elder: Bool
        var axe: String
        var violations: [Violation]
    }

    /// The portal, built once for the suite (the folder lives as long as the process).
    nonisolated(unsafe) static let portal: Result<TemporaryFolder, Error> = Result {
        let folder = TemporaryFolder()
        makePortal(in: folder)
        _ = try build(folder)
        return folder
    }

    @Test("axe: no violation of WCAG 2.0 A/AA, 2.1 AA or axe's best practices on any kind of page, in both editions, at 390 and 1280 px, standard and 长辈模式",
          arguments: [("390", false), ("1280", false), ("390", true), ("1280", true)])
    func axe(width: String, elder: Bool) throws {
        let public_ = try Self.portal.get().path + "/Public"
        // Every kind of page in the Simplified edition, and again in the 繁體版.
        let pages = LayoutTests.pages + ["search/?q=社工站"] + LayoutTests.pages.map { "zh-hant/" + $0 }
        let text = try output(ofRunning: "/usr/bin/env", ["python3", packageRoot + "/scripts/axe-check.py", public_] + pages
                                  + ["--width", width, "--height", width == "390" ? "844" : "900"] + (elder ? ["--elder"] : []), showingErrors: true)
        let reports = try text.split(separator: "\n").map { try JSONDecoder().decode(Report.self, from: Data($0.utf8)) }
        #expect(reports.count == pages.count)
        for r in reports {
            #expect(r.violations.isEmpty, "\(r.path) at \(width) px\(elder ? " in 长辈模式" : ""): \(r.violations.map { "\($0.id) (\($0.impact ?? "")): \($0.help)" })")
        }
    }

    @Test("the keyboard alone goes home → 栏目 → article → search, and always shows where it is")
    func keyboardWalk() throws {
        let public_ = try Self.portal.get().path + "/Public"
        let text = try output(ofRunning: "/usr/bin/env", ["python3", packageRoot + "/scripts/keyboard-walk.py", public_, "为老服务", "社工站"],
                              showingErrors: true)
        struct Walk: Decodable {
            struct Step: Decodable { var step: String; var focused: String?; var presses: Int; var focus_visible: Bool; var reached: String? }
            var steps: [Step]
            var status: String?
        }
        let walk = try JSONDecoder().decode(Walk.self, from: Data(text.utf8))
        #expect(walk.steps.map(\.reached) == ["/topics/elderly/", "/articles/2024/12/a1/", "/search/?q=%E7%A4%BE%E5%B7%A5%E7%AB%99"])
        for step in walk.steps {
            #expect(step.focus_visible, "\(step.step): focus not visible on \(step.focused ?? "-")")
            #expect(step.presses <= 20, "\(step.step): \(step.presses) presses of Tab")
        }
        #expect(walk.status?.hasPrefix("找到 ") == true, "\(walk.status ?? "no status")")
    }
}
