import Foundation
import Testing
@testable import Importer
@testable import SiteCore

@Suite("繁體版: the converter")
struct TraditionalConverterTests {
    static let converter = Result { try TraditionalConverter() }

    @Test("converts as OpenCC's s2tw does, phrases first: 发/干/后/里/面 told apart, Taiwan's glyphs")
    func likeOpenCC() throws {
        let ours = try Self.converter.get()
        let opencc = try OpenCCConverter(configuration: "s2tw.json")
        let texts = [
            "永康市乡镇社工站实现全覆盖，社工头发花白的老人说：“有你们在，心里踏实。”",
            "皇后在后台发表讲话；干部们把衣服晒干了，面条和面粉都准备好了。",
            "台风过后，社工在避灾安置点为困难群众发放物资，并开展心理疏导。",
            "里面有一份《关于加强乡镇（街道）社会工作服务站建设的意见》，2023年3月21日发布。",
            "Latin words, 123 digits and <b>markup</b> pass through: 只有汉字会转换。",
        ]
        for text in texts { #expect(ours.convert(text) == opencc.simplified(text), "\(text)") }
        // And every article the portal ships with, whole.
        let articles = try FileManager.default.subpathsOfDirectory(atPath: packageRoot + "/Content/articles").filter { $0.hasSuffix(".md") }
        #expect(articles.count >= 8)
        for path in articles {
            let text = try String(contentsOfFile: packageRoot + "/Content/articles/" + path, encoding: .utf8)
            #expect(ours.convert(text) == opencc.simplified(text), "\(path)")
        }
        #expect(ours.convert("头发 发展 干净 干部 后面 皇后 为 众 线 里面") == "頭髮 發展 乾淨 幹部 後面 皇后 為 眾 線 裡面")
    }

    @Test("markup and Latin text pass through untouched; a kept span stays as written")
    func passThrough() throws {
        let c = try Self.converter.get()
        let html = "<a href=\"/articles/2022/10/x/\" title=\"社会\">社会救助</a> <span data-keep>王后雄社会</span> 社会"
        #expect(c.convert(html) == "<a href=\"/articles/2022/10/x/\" title=\"社會\">社會救助</a> <span data-keep>王后雄社会</span> 社會")
    }

    @Test("the site's terms: kept as written, or converted its own way, before OpenCC's")
    func overrides() throws {
        let c = try TraditionalConverter(overrides: .init(keep: ["干将路"], replace: [("社工站", "社工站點")]))
        #expect(c.convert("干将路的社工站") == "干将路的社工站點")
        #expect(try Self.converter.get().convert("干将路的社工站") != c.convert("干将路的社工站"))
    }
}
