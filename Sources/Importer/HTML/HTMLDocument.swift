import CLibXML2
import Foundation

/// A saved web page as libxml2's HTML parser reads it (the tolerant parser: unclosed tags, stray
/// `</div>`s and old table layouts are what government and county sites serve), flattened into
/// plain values: its elements in document order and the text blocks they hold. Nothing of the C
/// tree outlives `init`.
struct HTMLDocument {
    struct Element {
        var name: String
        var attributes: [String: String]
        var parent: Int?
        /// One past the last element of this element's subtree: its descendants are `index + 1 ..< end`.
        var end: Int
        /// `class` and `id`, lowercased: what page-layout guesses read.
        var classAndID: String { ((attributes["class"] ?? "") + " " + (attributes["id"] ?? "")).lowercased() }
    }

    enum BlockKind: Equatable {
        case text
        case heading(Int)
        case image(alt: String, src: String)
        case caption
    }

    /// A run of text (or an image) between two block boundaries, in the innermost block element.
    struct Block {
        var element: Int
        var kind: BlockKind
        var text: String
        /// How much of `text` is link text: a high share marks navigation and lists of links.
        var linkCharacters: Int
    }

    private(set) var elements: [Element] = []
    private(set) var blocks: [Block] = []
    /// `<title>`, and `<meta>` by `name`, `property` or `itemprop` (lowercased), first value each.
    private(set) var title: String?
    private(set) var meta: [String: String] = [:]
    /// `<time datetime>` values in order.
    private(set) var times: [String] = []
    /// `<link rel=canonical>` or `<base href>`: what relative image paths resolve against.
    private(set) var baseURL: String?

    /// Pages larger than this are refused (a saved article page is well under 2 MB).
    static let maximumBytes = 16 << 20

    static let skipped: Set<String> = ["script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
                                       "button", "select", "textarea", "input", "option", "map", "audio", "video"]
    static let blockElements: Set<String> = ["p", "div", "section", "article", "main", "aside", "header", "footer", "nav", "h1", "h2",
                                             "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "tbody", "thead",
                                             "tfoot", "tr", "td", "th", "blockquote", "pre", "figure", "figcaption", "center", "form",
                                             "hr", "address", "details", "summary", "body", "html", "caption", "fieldset"]

    /// Parses `bytes`; `utf8`: the bytes are UTF-8 (else libxml2 reads the page's `<meta charset>`:
    /// GBK and GB2312 pages are common). Nil when the parser makes nothing of them.
    init?(bytes: [UInt8], utf8: Bool) {
        guard !bytes.isEmpty, bytes.count <= Self.maximumBytes else { return nil }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), nil, utf8 ? "UTF-8" : nil, options)
            }
        }
        guard let doc = parsed else { return nil }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc) else { return nil }
        var walker = Walker()
        walker.visit(root, parent: nil, depth: 0)
        walker.flush()
        elements = walker.elements
        blocks = walker.blocks
        title = walker.title
        meta = walker.meta
        times = walker.times
        baseURL = walker.baseURL
    }

    /// Whether `element` lies inside `ancestor`'s subtree (or is it).
    func contains(_ ancestor: Int, _ element: Int) -> Bool { element >= ancestor && element < elements[ancestor].end }

    /// Everything libxml2 hands over, collected in one pass.
    private struct Walker {
        var elements: [Element] = []
        var blocks: [Block] = []
        var title: String?
        var meta: [String: String] = [:]
        var times: [String] = []
        var baseURL: String?
        var pending = ""
        var pendingLinks = 0
        var blockOwner = 0
        var headingLevel: Int?
        var inCaption = false
        var linkDepth = 0

        mutating func flush() {
            let text = pending.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{3000}\u{00A0}")))
            if !text.isEmpty {
                let kind: BlockKind = headingLevel.map { .heading($0) } ?? (inCaption ? .caption : .text)
                blocks.append(Block(element: blockOwner, kind: kind, text: text, linkCharacters: min(pendingLinks, text.count)))
            }
            pending = ""
            pendingLinks = 0
        }

        mutating func visit(_ node: xmlNodePtr, parent: Int?, depth: Int) {
            // libxml2 stops nesting at 256 levels; this guards the Swift recursion all the same.
            guard depth < 400 else { return }
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                guard let content = node.pointee.content else { return }
                let text = Self.collapse(String(cString: content))
                pending += text
                if linkDepth > 0 { pendingLinks += text.count }
            case XML_ELEMENT_NODE:
                element(node, parent: parent, depth: depth)
            default:
                return
            }
        }

        private mutating func element(_ node: xmlNodePtr, parent: Int?, depth: Int) {
            let name = String(cString: node.pointee.name).lowercased()
            let attributes = Self.attributes(of: node)
            switch name {
            case "head":
                children(of: node, parent: parent, depth: depth)
                return
            case "title":
                if title == nil { title = Self.text(of: node) }
                return
            case "meta":
                if let key = attributes["name"] ?? attributes["property"] ?? attributes["itemprop"], let value = attributes["content"],
                   meta[key.lowercased()] == nil {
                    meta[key.lowercased()] = value.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                return
            case "link":
                if attributes["rel"]?.lowercased() == "canonical", let href = attributes["href"] { baseURL = baseURL ?? href }
                return
            case "base":
                if let href = attributes["href"] { baseURL = href }
                return
            case "br":
                flush()
                return
            case "img":
                let src = attributes["data-src"] ?? attributes["data-original"] ?? attributes["src"] ?? ""
                guard !src.isEmpty, !src.hasPrefix("data:") else { return }
                flush()
                blocks.append(Block(element: parent ?? 0, kind: .image(alt: attributes["alt"] ?? attributes["title"] ?? "", src: src),
                                    text: "", linkCharacters: linkDepth > 0 ? 1 : 0))
                return
            case "time":
                if let value = attributes["datetime"] { times.append(value) }
            default:
                if HTMLDocument.skipped.contains(name) { return }
            }
            let index = elements.count
            elements.append(Element(name: name, attributes: attributes, parent: parent, end: index + 1))
            let isBlock = HTMLDocument.blockElements.contains(name)
            let saved = (blockOwner, headingLevel, inCaption)
            if isBlock {
                flush()
                blockOwner = index
                if name.count == 2, name.first == "h", let level = Int(String(name.last!)) { headingLevel = level }
                if name == "figcaption" { inCaption = true }
            }
            if name == "a" { linkDepth += 1 }
            children(of: node, parent: index, depth: depth)
            if name == "a" { linkDepth -= 1 }
            if isBlock {
                flush()
                (blockOwner, headingLevel, inCaption) = saved
            }
            elements[index].end = elements.count
        }

        private mutating func children(of node: xmlNodePtr, parent: Int?, depth: Int) {
            var child = node.pointee.children
            while let c = child {
                visit(c, parent: parent, depth: depth + 1)
                child = c.pointee.next
            }
        }

        static func attributes(of node: xmlNodePtr) -> [String: String] {
            var result: [String: String] = [:]
            var attribute = node.pointee.properties
            while let a = attribute {
                let key = String(cString: a.pointee.name).lowercased()
                var value = ""
                var child = a.pointee.children
                while let c = child {
                    if let content = c.pointee.content { value += String(cString: content) }
                    child = c.pointee.next
                }
                if result[key] == nil { result[key] = value }
                attribute = a.pointee.next
            }
            return result
        }

        static func text(of node: xmlNodePtr) -> String {
            guard let content = xmlNodeGetContent(node) else { return "" }
            defer { shegong_xml_free(content) }
            return collapse(String(cString: content)).trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// HTML whitespace: a run becomes one space, or nothing where a source line break falls
        /// between two Chinese characters (a CMS wraps long lines of text without spaces).
        static func collapse(_ s: String) -> String {
            var out = ""
            var run = ""
            for c in s {
                if c == " " || c == "\n" || c == "\t" || c == "\r" {
                    run.append(c)
                    continue
                }
                if !run.isEmpty {
                    let joined = run.contains("\n") && (out.last.map { !$0.isASCII } ?? true) && !c.isASCII
                    if !joined { out.append(" ") }
                    run = ""
                }
                out.append(c)
            }
            if !run.isEmpty { out.append(" ") }
            return out
        }
    }
}
