/// `〖…〗` in an article's text: a span the 繁體版 keeps as written (a name such as 王后雄, whose 后
/// must not become 後). The brackets show in neither edition: the body's HTML marks the span
/// `<span data-keep>`, which `TraditionalConverter` copies unconverted, and its plain text (summaries,
/// search) loses them.
package enum KeptSpans {
    static let open = "〖", close = "〗"
    static let markup = "<span data-keep>"

    /// Each `〖…〗` within one run of text (no tag between the brackets) as a marked span; an
    /// unpaired bracket stays as it is.
    package static func mark(_ html: String) -> String { replacing(html, markup, "</span>") }

    /// The text without the brackets of its kept spans.
    package static func strip(_ text: String) -> String { replacing(text, "", "") }

    private static func replacing(_ html: String, _ opening: String, _ closing: String) -> String {
        guard ByteSearch.contains(open, in: html) else { return html }  // bytes: String.contains is slow
        var out = "", rest = Substring(html)
        while let start = rest.range(of: open) {
            guard let end = rest[start.upperBound...].range(of: close), !rest[start.upperBound..<end.lowerBound].contains("<") else {
                out += rest[..<start.upperBound]
                rest = rest[start.upperBound...]
                continue
            }
            out += rest[..<start.lowerBound] + opening + rest[start.upperBound..<end.lowerBound] + closing
            rest = rest[end.upperBound...]
        }
        return out + rest
    }
}
