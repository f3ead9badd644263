import CCmark

/// The one file that touches cmark's C API (as swift-markdown's `CommonMarkConverter` does): a
/// parsed document that frees itself, its nodes as values, HTML out. The rendering policy — what
/// the portal does with the nodes — is `MarkdownRenderer`'s.
final class CMarkDocument {
    private let root: OpaquePointer
    private let options: Int32

    /// Nil if cmark cannot parse (it only fails on allocation). `rawHTML` keeps raw HTML in the
    /// output (cmark's unsafe mode); without it, cmark leaves raw HTML out.
    init?(parsing markdown: String, rawHTML: Bool) {
        options = CMARK_OPT_DEFAULT | (rawHTML ? CMARK_OPT_UNSAFE : 0)
        let options = self.options
        let parsed: OpaquePointer? = markdown.utf8.withContiguousStorageIfAvailable { buf in
            buf.withMemoryRebound(to: CChar.self) { cmark_parse_document($0.baseAddress, $0.count, options) }
        } ?? {
            var copy = markdown
            return copy.withUTF8 { buf in
                buf.withMemoryRebound(to: CChar.self) { cmark_parse_document($0.baseAddress, $0.count, options) }
            }
        }()
        guard let parsed else { return nil }
        root = parsed
    }

    deinit { cmark_node_free(root) }

    /// Every node in document order, once entering and (for containers) once leaving.
    func walk(_ visit: (CMarkNode, _ entering: Bool) -> Void) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            visit(CMarkNode(node), event == CMARK_EVENT_ENTER)
        }
    }

    func html() -> String? { withHTML { String(decoding: $0, as: UTF8.self) } }

    /// The HTML's bytes, handed to `body` as cmark wrote them: for what needs them without a string.
    func withHTML<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard let cString = cmark_render_html(root, options) else { return nil }
        defer { free(cString) }
        return cString.withMemoryRebound(to: UInt8.self, capacity: 1) { body(UnsafeBufferPointer(start: $0, count: strlen(cString))) }
    }
}

/// A node of a `CMarkDocument`, valid while the document lives and the node is in it.
struct CMarkNode {
    fileprivate let pointer: OpaquePointer

    fileprivate init(_ pointer: OpaquePointer) { self.pointer = pointer }

    enum Kind {
        case text, code, softBreak, lineBreak, heading, paragraph, link, image, rawHTML, other
    }

    var kind: Kind {
        switch cmark_node_get_type(pointer) {
        case CMARK_NODE_TEXT: return .text
        case CMARK_NODE_CODE: return .code
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_HEADING: return .heading
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_LINK: return .link
        case CMARK_NODE_IMAGE: return .image
        case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE: return .rawHTML
        default: return .other
        }
    }

    /// A text or code node's text as UTF-8 bytes, read in place (valid until the node changes).
    var literal: UnsafeBufferPointer<UInt8>? {
        guard let p = cmark_node_get_literal(pointer) else { return nil }
        return UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p))
    }

    var url: String? { cmark_node_get_url(pointer).map { String(cString: $0) } }

    func setURL(_ url: String) { cmark_node_set_url(pointer, url) }

    var previous: CMarkNode? { cmark_node_previous(pointer).map(CMarkNode.init) }
    var next: CMarkNode? { cmark_node_next(pointer).map(CMarkNode.init) }
    var firstChild: CMarkNode? { cmark_node_first_child(pointer).map(CMarkNode.init) }
    var lastChild: CMarkNode? { cmark_node_last_child(pointer).map(CMarkNode.init) }

    /// Line (from 1) and column in bytes (from 1), as cmark counts them.
    var start: (line: Int, byteColumn: Int) { (Int(cmark_node_get_start_line(pointer)), Int(cmark_node_get_start_column(pointer))) }

    /// Takes the node out of its document and frees it (after the walk that found it).
    func remove() {
        cmark_node_unlink(pointer)
        cmark_node_free(pointer)
    }
}
