import Foundation
import SiteCore
import SiteGenerator
import Testing

/// exiftool and zbarimg from Debian (`.ci/run` installs them): reading back what a build wrote.
let exiftoolBinary: String? = ["/usr/bin/exiftool"].first { FileManager.default.isExecutableFile(atPath: $0) }
let zbarimgBinary: String? = ["/usr/bin/zbarimg"].first { FileManager.default.isExecutableFile(atPath: $0) }

@Suite("Photos and sharing", .serialized)
struct ImageTests {
    /// The fixture photo: 1000 × 750 as stored, EXIF orientation 6 (shown turned 90° clockwise:
    /// 750 × 1000), a red block in its stored top-left corner, GPS position, camera make, model,
    /// serial number and date in its EXIF.
    static let photo = fixturesRoot + "/images/station.jpg"

    func site(body: String = "台风期间，社工在安置点值守。\n\n![社工在安置点为老人登记](station.jpg \"安置点\")\n\n第二段。\n\n![安置点全景](station.jpg)\n") -> TemporaryFolder {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        try? FileManager.default.copyItem(atPath: Self.photo, toPath: folder.path + "/Content/articles/2023/03/station.jpg")
        folder.write("Content/articles/2023/03/xiuzhou.md", article(title: "秀洲区避灾安置点引入社工", date: "2023-03-05", region: "zhejiang/jiaxing/xiuzhou",
                                                                   topics: "[disaster]", body: body))
        return folder
    }

    @Test("a photo comes out upright, resized, as WebP and JPEG, with no metadata; the page shows it with its size")
    func photoFiles() throws {
        let folder = site()
        _ = try build(folder)
        let dir = folder.path + "/Public/articles/2023/03/xiuzhou/"
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(names == ["index.html", "station.240.jpg", "station.240.webp", "station.480.jpg", "station.480.webp", "station.jpg",
                          "station.share.jpg", "station.webp"])
        // Upright: 750 × 1000, the stored top-left red block now at the top right.
        for (name, width, height) in [("station.jpg", 750, 1000), ("station.webp", 750, 1000), ("station.240.webp", 240, 320), ("station.480.jpg", 480, 640),
                                      ("station.480.webp", 480, 640), ("station.share.jpg", 1200, 630)] {
            let info = try #require(ImageLibrary.info(dir + name), "\(name) unreadable")
            #expect(info.width == width && info.height == height, "\(name) is \(info.width)×\(info.height)")
        }
        let topRight = try #require(ImageLibrary.pixel(dir + "station.jpg", x: 700, y: 40))
        let topLeft = try #require(ImageLibrary.pixel(dir + "station.jpg", x: 40, y: 40))
        #expect(topRight[0] > 180 && topRight[1] < 80, "the red block is not top right: \(topRight)")
        #expect(topLeft[0] < 100, "top left is \(topLeft)")
        // No metadata: the camera's strings are nowhere in the bytes.
        for name in names where name != "index.html" {
            let bytes = try #require(FileManager.default.contents(atPath: dir + name))
            for secret in ["SHEGONG-SERIAL-123", "TestPhone", "2023:03:05"] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(name) holds \(secret)")
            }
        }
        if let exiftool = exiftoolBinary {
            for name in names where name != "index.html" {
                let tags = try output(ofRunning: exiftool, ["-s", "-a", "-G1", dir + name])
                for tag in ["GPS", "SerialNumber", "Make", "Model", "DateTimeOriginal", "ThumbnailImage", "XMP", "IPTC"] {
                    #expect(!tags.contains(tag), "\(name) keeps \(tag):\n\(tags)")
                }
                if let orientation = tags.split(separator: "\n").first(where: { $0.contains("Orientation") }) {
                    #expect(orientation.hasSuffix("Horizontal (normal)"), "\(name): \(orientation)")
                }
            }
        }
        // The original is never published: its bytes are in no file.
        let original = try #require(FileManager.default.contents(atPath: Self.photo))
        #expect(FileManager.default.contents(atPath: dir + "station.jpg") != original)

        let page = try #require(folder.read("Public/articles/2023/03/xiuzhou/index.html"))
        #expect(page.contains("<picture><source type=\"image/webp\" srcset=\"/news/articles/2023/03/xiuzhou/station.240.webp 240w, /news/articles/2023/03/xiuzhou/station.480.webp 480w, /news/articles/2023/03/xiuzhou/station.webp 750w\""))
        #expect(page.contains("width=\"750\" height=\"1000\" alt=\"社工在安置点为老人登记\" title=\"安置点\" decoding=\"async\">"))
        #expect(page.contains("alt=\"安置点全景\" loading=\"lazy\" decoding=\"async\">"))
        // Every <img> of every page has its width and height.
        for (path, data) in snapshot(folder.path + "/Public") where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            for img in html.components(separatedBy: "<img ").dropFirst() {
                let tag = img.prefix(while: { $0 != ">" })
                #expect(tag.contains(" width=\"") && tag.contains(" height=\""), "\(path): <img \(tag)>")
            }
        }
    }

    @Test("photo files and the share image are the same bytes in two builds; a title edit or a fresh checkout encodes no photo")
    func determinismAndCaching() throws {
        let folder = site()
        _ = try build(folder)
        let first = snapshot(folder.path + "/Public").filter { $0.key.contains("station.") }
        #expect(first.count == 7)
        try FileManager.default.moveItem(atPath: folder.path + "/Public", toPath: folder.path + "/Old")
        try FileManager.default.removeItem(atPath: folder.path + "/.Public.manifest")
        _ = try build(folder)
        let second = snapshot(folder.path + "/Public").filter { $0.key.contains("station.") }
        #expect(first == second)

        let before = ImageLibrary.photosEncoded(under: folder.path)
        #expect(before == 2)  // once in each of the two full builds
        let text = try #require(folder.read("Content/articles/2023/03/xiuzhou.md"))
        folder.write("Content/articles/2023/03/xiuzhou.md", text.replacingOccurrences(of: "title: 秀洲区避灾安置点引入社工", with: "title: 秀洲区安置点引入社工"))
        let edited = try build(folder)
        #expect(edited.changes.contains { $0.path.hasSuffix("xiuzhou/index.html") })
        #expect(!edited.changes.contains { $0.path.contains("station.") })
        // A fresh checkout: every file's time changes, its bytes do not.
        let later = Date().addingTimeInterval(120)
        for file in ["articles/2023/03/station.jpg", "articles/2023/03/xiuzhou.md"] {
            try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: folder.path + "/Content/" + file)
        }
        _ = try build(folder)
        #expect(ImageLibrary.photosEncoded(under: folder.path) == before, "a photo was encoded again")
    }

    @Test("check: an image without alt text is an error at its position; a small photo and an unreadable one are warnings")
    func checks() throws {
        let folder = site(body: "正文。\n\n![](station.jpg)\n")
        #expect(throws: BuildFailure.self) { try build(folder) }
        let (diagnostics, _) = SiteBuilder.check(BuildOptions(contentPath: folder.path + "/Content", outputPath: folder.path + "/Public", now: testNow))
        let error = try #require(diagnostics.first { $0.severity == .error })
        #expect(error.description.contains("xiuzhou.md:9:1: error: image 'station.jpg' has no alt text"))

        try FileManager.default.copyItem(atPath: fixturesRoot + "/images/small.png", toPath: folder.path + "/Content/articles/2023/03/small.png")
        folder.write("Content/articles/2023/03/broken.jpg", "not a photo")
        folder.write("Content/articles/2023/03/xiuzhou.md", article(title: "秀洲", date: "2023-03-05", region: "zhejiang/jiaxing/xiuzhou",
                                                                   body: "![小图](small.png)\n\n![坏图](broken.jpg)\n"))
        let report = try build(folder)
        let warnings = report.warnings.map(\.description)
        #expect(warnings.contains { $0.contains("image 'small.png' is only 300 px wide") })
        #expect(warnings.contains { $0.contains("image 'broken.jpg' cannot be read as a JPEG, PNG or WebP image") })
        // A PNG keeps a PNG fallback (and its transparency, if any); it is never enlarged.
        #expect(FileManager.default.fileExists(atPath: folder.path + "/Public/articles/2023/03/xiuzhou/small.webp"))
        #expect(ImageLibrary.info(folder.path + "/Public/articles/2023/03/xiuzhou/small.png")?.width == 300)
    }

    @Test("structured data: NewsArticle with Google's required fields, breadcrumbs, the site's search; share tags")
    func structuredData() throws {
        let folder = site()
        _ = try build(folder)
        func jsonLD(_ path: String) throws -> [[String: Any]] {
            let html = try #require(folder.read("Public/" + path))
            return try html.components(separatedBy: "<script type=\"application/ld+json\">").dropFirst().map { part in
                let json = try #require(part.components(separatedBy: "</script>").first)
                return try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            }
        }
        let article = try jsonLD("articles/2023/03/xiuzhou/index.html")
        let news = try #require(article.first { $0["@type"] as? String == "NewsArticle" })
        #expect(news["headline"] as? String == "秀洲区避灾安置点引入社工")
        #expect(news["datePublished"] as? String == "2023-03-05T00:00:00+08:00")
        #expect(news["dateModified"] as? String != nil)
        #expect(news["image"] as? [String] == ["https://example.org/news/articles/2023/03/xiuzhou/station.share.jpg"])
        let author = try #require((news["author"] as? [[String: Any]])?.first)
        #expect(author["name"] as? String != nil && author["@type"] as? String != nil)
        #expect((news["publisher"] as? [String: Any])?["name"] as? String == "测试站")
        #expect(news["articleSection"] as? [String] == ["防灾减灾"])
        let place = try #require(news["contentLocation"] as? [String: Any])
        #expect(place["name"] as? String == "秀洲区")
        #expect(((place["containedInPlace"] as? [String: Any])?["containedInPlace"] as? [String: Any])?["name"] as? String == "浙江省")
        let crumbs = try #require(article.first { $0["@type"] as? String == "BreadcrumbList" })
        #expect((crumbs["itemListElement"] as? [[String: Any]])?.map { $0["name"] as? String } == ["首页", "地区", "浙江省", "嘉兴市", "秀洲区", "秀洲区避灾安置点引入社工"])
        #expect(try jsonLD("regions/zhejiang/jiaxing/index.html").first?["@type"] as? String == "BreadcrumbList")
        let website = try #require(try jsonLD("index.html").first)
        #expect(((website["potentialAction"] as? [String: Any])?["target"] as? [String: Any])?["urlTemplate"] as? String
                == "https://example.org/news/search/?q={search_term_string}")

        let page = try #require(folder.read("Public/articles/2023/03/xiuzhou/index.html"))
        #expect(page.contains("<meta property=\"og:image\" content=\"https://example.org/news/articles/2023/03/xiuzhou/station.share.jpg\">"))
        #expect(page.contains("<meta property=\"og:image:width\" content=\"1200\">\n<meta property=\"og:image:height\" content=\"630\">"))
        #expect(page.contains("<meta property=\"og:image:alt\" content=\"社工在安置点为老人登记\">"))
        #expect(page.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"))
        // A page without a photo shares the site's card: 1200 × 630, the same bytes in every build.
        let home = try #require(folder.read("Public/index.html"))
        #expect(home.contains("<meta property=\"og:image\" content=\"https://example.org/news/assets/share.jpg\">"))
        let card = folder.path + "/Public/assets/share.jpg"
        let info = try #require(ImageLibrary.info(card))
        #expect(info.width == 1200 && info.height == 630)
        let red = try #require(ImageLibrary.pixel(card, x: 10, y: 10))
        #expect(red[0] > 150 && red[1] < 60, "the card's ground is \(red)")
        let bytes = try #require(FileManager.default.contents(atPath: card))
        try FileManager.default.removeItem(atPath: folder.path + "/Public")
        try FileManager.default.removeItem(atPath: folder.path + "/.Public.manifest")
        _ = try build(folder)
        #expect(FileManager.default.contents(atPath: card) == bytes)
    }

    @Test("微信扫一扫: the page's QR code decodes to its URL", .enabled(if: zbarimgBinary != nil || ProcessInfo.processInfo.environment["CI"] != nil))
    func qrCode() throws {
        let folder = site()
        _ = try build(folder)
        let page = try #require(folder.read("Public/articles/2023/03/xiuzhou/index.html"))
        let svg = try #require(page.components(separatedBy: "<div class=\"share-code\"").dropFirst().first?.components(separatedBy: "</svg>").first)
        // A line per run of dark modules, reached by relative moves: a third of the bytes of a
        // rectangle per run.
        #expect(svg.utf8.count < 3_000, "the code's SVG is \(svg.utf8.count) bytes")
        // Drawn by librsvg (through libvips), as a reader's browser draws it, and read at each
        // module's centre; then written 8 pixels a module for zbarimg.
        let viewBox = try #require(svg.components(separatedBy: "viewBox=\"0 0 ").dropFirst().first?.split(separator: " ").first.flatMap { Int($0) })
        let drawing = folder.path + "/qr.svg"
        let element = try #require(svg.range(of: "<svg").map { svg[$0.lowerBound...] + "</svg>" })
        try Data(element.utf8).write(to: URL(fileURLWithPath: drawing))
        let pixelsPerModule = 132.0 / Double(viewBox)
        var dark = Set<Int>()
        for y in 0..<viewBox {
            for x in 0..<viewBox {
                let at = { (m: Int) in Int((Double(m) + 0.5) * pixelsPerModule) }
                let bands = try #require(ImageLibrary.pixel(drawing, x: at(x), y: at(y)))
                if bands[0] < 128 { dark.insert(y * viewBox + x) }
            }
        }
        #expect(dark.count > viewBox * viewBox / 4, "\(dark.count) dark modules of \(viewBox * viewBox)")
        let scale = 8, side = viewBox * scale
        var pgm = Data("P5 \(side) \(side) 255\n".utf8)
        for y in 0..<side { for x in 0..<side { pgm.append(dark.contains((y / scale) * viewBox + x / scale) ? 0 : 255) } }
        let file = folder.path + "/qr.pgm"
        try pgm.write(to: URL(fileURLWithPath: file))
        let decoded = try output(ofRunning: try #require(zbarimgBinary), ["-q", "--raw", file])
        #expect(decoded.trimmingCharacters(in: .whitespacesAndNewlines) == "https://example.org/news/articles/2023/03/xiuzhou/")
    }
}
