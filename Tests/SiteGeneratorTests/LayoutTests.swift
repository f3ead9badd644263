import Foundation
import Testing
@testable import SiteGenerator

/// chromedriver and Python's selenium, if installed (`.ci/run` installs both).
let layoutProbeAvailable: Bool = FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
    && (try? output(ofRunning: "/usr/bin/env", ["python3", "-c", "import selenium; print('ok')"])) == "ok\n"

/// The layout a reader sees, measured in headless Chromium (`scripts/layout-probe.py`) on a portal of
/// 31 provinces: phone (390 × 844, and 320 px), phone with a 24 px default font, desktop (1280 px).
@Suite("Layout on a phone and a desktop", .serialized,
       .enabled(if: layoutProbeAvailable || ProcessInfo.processInfo.environment["CI"] != nil))
struct LayoutTests {
    struct Measure: Decodable {
        var path: String
        var header_height: Int?
        var header_one_row: Bool?
        var headlines_visible: Int
        var lead_visible: Bool
        var duplicates: [String]
        var small_targets: [String]
        var broken_names: [String]
        var overflow_x: Bool
        var page_height: Int
        var low_contrast: [String]
        var text_px: Double
        var line_height: Double
    }

    static let pages = ["", "latest/", "latest/page/2/", "topics/", "topics/youth/", "specials/", "specials/world-social-work-day/",
                        "regions/", "regions/p0/", "regions/p0/c0/d0/", "articles/2024/12/a1/", "articles/2024/12/a2/",
                        "search/", "archive/", "archive/2024/", "archive/2024/12/", "about/", "404.html"]

    /// Builds the portal once and measures every kind of page at each size.
    static let measures: Result<[String: [Measure]], Error> = Result {
        let folder = TemporaryFolder()
        makePortal(in: folder)
        _ = try build(folder)
        var all: [String: [Measure]] = [:]
        for (name, args) in [("phone", ["--width", "390", "--height", "844"]), ("phone-24px", ["--width", "390", "--height", "844", "--font-size", "24"]),
                             ("narrow", ["--width", "320", "--height", "640"]), ("desktop", ["--width", "1280", "--height", "900"]),
                             ("phone-elder", ["--width", "390", "--height", "844", "--elder"]), ("desktop-elder", ["--width", "1280", "--height", "900", "--elder"])] {
            let text = try output(ofRunning: "/usr/bin/env", ["python3", packageRoot + "/scripts/layout-probe.py", folder.path + "/Public"] + pages + args,
                                     showingErrors: true)
            all[name] = try text.split(separator: "\n").map { try JSONDecoder().decode(Measure.self, from: Data($0.utf8)) }
        }
        return all
    }

    func measured(_ size: String) throws -> [Measure] {
        let all = try Self.measures.get()
        let list = try #require(all[size])
        #expect(list.count == Self.pages.count)
        return list
    }

    @Test("the header is one row at every size, also with a 24 px default font; on a phone no taller than 56 px")
    func header() throws {
        for size in ["phone", "phone-24px", "narrow", "desktop"] {
            for m in try measured(size) { #expect(m.header_one_row == true, "\(size) \(m.path)") }
        }
        for m in try measured("phone") { #expect((m.header_height ?? 999) <= 56, "\(m.path): \(m.header_height ?? -1) px") }
    }

    @Test("the home page: the 头条 and at least six headlines on a phone's first screen; no story twice")
    func firstScreen() throws {
        let home = try #require(try measured("phone").first { $0.path == "" })
        #expect(home.lead_visible)
        #expect(home.headlines_visible - 1 >= 6, "\(home.headlines_visible - 1) headlines besides the 头条")
        #expect(home.duplicates.isEmpty, "\(home.duplicates)")
    }

    @Test("every link and button is at least 44 px tall, on a phone and a desktop (prose links excepted)")
    func targets() throws {
        for size in ["phone", "narrow", "desktop"] {
            for m in try measured(size) { #expect(m.small_targets.isEmpty, "\(size) \(m.path): \(m.small_targets)") }
        }
    }

    @Test("no place or 栏目 name breaks inside, no page scrolls sideways, at 320 px and with a 24 px font")
    func wrapping() throws {
        for size in ["phone", "phone-24px", "narrow", "desktop"] {
            for m in try measured(size) {
                #expect(m.broken_names.isEmpty, "\(size) \(m.path): \(m.broken_names)")
                #expect(!m.overflow_x, "\(size) \(m.path) scrolls sideways")
            }
        }
    }

    @Test("text contrast is 4.5:1 or more everywhere (AA), and 7:1 or more in 长辈模式 (AAA)")
    func contrast() throws {
        for size in ["phone", "desktop", "phone-elder", "desktop-elder"] {
            for m in try measured(size) { #expect(m.low_contrast.isEmpty, "\(size) \(m.path): \(m.low_contrast)") }
        }
    }

    @Test("长辈模式: body text 18 px or more (150% of the default), line height 1.8 or more, 44 px targets, one column, one-row header")
    func elderMode() throws {
        for size in ["phone-elder", "desktop-elder"] {
            for m in try measured(size) {
                #expect(m.text_px >= 18, "\(size) \(m.path): text \(m.text_px) px")
                #expect(m.line_height >= 1.8, "\(size) \(m.path): line height \(m.line_height)")
                #expect(m.small_targets.isEmpty, "\(size) \(m.path): \(m.small_targets)")
                #expect(m.broken_names.isEmpty && !m.overflow_x && m.header_one_row == true, "\(size) \(m.path)")
            }
            let article = try #require(try measured(size).first { $0.path == "articles/2024/12/a1/" })
            #expect(article.text_px >= 24, "an article's text at 150%: \(article.text_px) px")
        }
    }

    @Test("31 provinces: the regions index stays within two phone screens")
    func regions() throws {
        let index = try #require(try measured("phone").first { $0.path == "regions/" })
        #expect(index.page_height <= 2 * 844, "\(index.page_height) px")
    }
}
