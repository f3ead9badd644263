/// Summaries derived from an article's body when front matter gives none.
/// Chinese has no spaces between words, so length is counted in characters, and the cut falls
/// at the end of a sentence (。！？) near the limit rather than in the middle of a phrase.
package enum Summary {
    package static func derive(fromPlainText text: String, limit: Int) -> String {
        // Only the beginning matters: flatten enough text for the limit and a look past it.
        let (flattened, truncated) = flatten(text, upTo: limit + 48)
        let flat = withoutDateline(flattened)
        // Counted in characters. When every character is one scalar (no combining marks, emoji
        // sequences or flags — Chinese news text), scalars are the characters and much cheaper.
        if flat.unicodeScalars.allSatisfy({ !joinsPrevious($0) }) {
            return cut(Array(flat.unicodeScalars), truncated: truncated, limit: limit, whole: flat) { String(String.UnicodeScalarView($0)) }
        }
        return cut(Array(flat), truncated: truncated, limit: limit, whole: flat) { String($0) }
    }

    /// The text without a news dateline at its start — `本报讯（记者 王敏 通讯员 李强）`,
    /// `新华社北京3月5日电（记者…）`, `永康讯（通讯员…）`, `（记者…）` — which would otherwise spend a
    /// list's one line of summary. Only these shapes: a sentence that merely starts with 记者 stays.
    package static func withoutDateline(_ text: String) -> String {
        // Every dateline holds one of these characters near the start (讯, 电, 记者, 通讯员, 特约,
        // 摄影); most texts have none there and need no pattern at all.
        guard text.unicodeScalars.prefix(160).contains(where: { "讯电者员约影".unicodeScalars.contains($0) }) else { return text }
        let credit = Datelines.credit
        var rest = Substring(text)
        func dropSpaces() { rest = rest.drop(while: { $0.isWhitespace || $0 == "　" || $0 == "：" || $0 == ":" || $0 == "，" }) }
        dropSpaces()
        var stripped = false
        if let m = rest.prefixMatch(of: Datelines.agency) {
            rest = rest[m.range.upperBound...]
            stripped = true
        } else if let m = rest.prefixMatch(of: Datelines.local) {
            // `永康讯` only as a dateline: followed by a credit or a space, not `加强通讯（…`.
            let after = rest[m.range.upperBound...]
            if after.prefixMatch(of: credit) != nil || after.first == "　" || after.first == " " {
                rest = after
                stripped = true
            }
        }
        dropSpaces()
        if let m = rest.prefixMatch(of: credit) {
            rest = rest[m.range.upperBound...]
            stripped = true
        }
        guard stripped else { return text }
        dropSpaces()
        return rest.isEmpty ? text : String(rest)
    }

    /// The patterns, compiled once: a regex literal is parsed again each time it is evaluated,
    /// which cost more than the rest of the summary. Matching does not change a `Regex`.
    private enum Datelines {
        nonisolated(unsafe) static let credit = /[（(][^）)]{0,60}?(?:记者|通讯员|特约|摄影)[^）)]{0,60}?[）)]/
        nonisolated(unsafe) static let agency = /本报讯|(?:新华社|中新社|中新网|人民网|央视网)[^，。（(]{0,20}?电/
        nonisolated(unsafe) static let local = /[^，。（(\s]{2,10}讯/
    }

    /// A scalar that may extend the character before it (so characters and scalars differ).
    private static func joinsPrevious(_ s: Unicode.Scalar) -> Bool {
        // Most text: ASCII, CJK punctuation, CJK ideographs, full-width forms. None joins.
        if s.value < 0x0300 && s.value != 0x0D { return false }
        if (0x3000...0x303F).contains(s.value) || (0x4E00...0x9FFF).contains(s.value) || (0xFF00...0xFFEF).contains(s.value) { return false }
        switch s.value {
        case 0x200C, 0x200D, 0xFE00...0xFE0F, 0x1F1E6...0x1F1FF, 0x1F3FB...0x1F3FF, 0xE0020...0xE007F, 0xE0100...0xE01EF: return true
        case 0x0D: return true  // CR LF is one character
        default:
            switch s.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return true
            default: return s.value >= 0x1100 && s.value < 0x1200 || s.value >= 0xAC00 && s.value < 0xD7B0  // Hangul jamo sequences
            }
        }
    }

    private static func cut<C: Hashable & ExpressibleByUnicodeScalarLiteral>(
        _ chars: [C], truncated: Bool, limit: Int, whole: String, _ string: (ArraySlice<C>) -> String
    ) -> String {
        if chars.count <= limit && !truncated { return whole }
        let limit = min(limit, chars.count)
        // The last sentence end within the limit, if it leaves at least 40% of the limit.
        let enders: Set<C> = ["。", "！", "？", "!", "?", "；"]
        let closers: Set<C> = ["”", "’", "」", "』", "）", ")"]
        var cut: Int?
        var i = limit - 1
        while i >= limit * 2 / 5 {
            if enders.contains(chars[i]) {
                var end = i + 1
                while end < chars.count, end <= limit, closers.contains(chars[end]) { end += 1 }
                cut = end
                break
            }
            i -= 1
        }
        if let cut { return string(chars[0..<cut]) }
        // No sentence end near: cut at a clause mark or the limit and say that text follows.
        var end = limit
        let clauses: Set<C> = ["，", "、", "：", ",", " "]
        var j = limit - 1
        while j >= limit * 3 / 4 {
            if clauses.contains(chars[j]) { end = j; break }
            j -= 1
        }
        return string(chars[0..<end]) + "……"
    }

    /// Joins the lines of a body's text: no space between Chinese lines, one between Latin words.
    /// Also says whether text was left out because of `maxScalars`.
    package static func flatten(_ text: String, upTo maxScalars: Int = .max) -> (String, Bool) {
        // Built as UTF-8 bytes: appending scalars to a String one by one was the slowest part.
        var out: [UInt8] = []
        out.reserveCapacity(min(text.utf8.count, maxScalars == .max ? text.utf8.count : maxScalars * 4 + 8))
        var last: Unicode.Scalar?
        var count = 0
        var pendingBreak = false
        for scalar in text.unicodeScalars {
            if count >= maxScalars {
                if !(scalar == "\n" || scalar == "\t" || scalar == " ") { return (String(decoding: out, as: UTF8.self), true) }
                continue
            }
            if scalar == "\n" || scalar == "\t" || scalar == " " {
                pendingBreak = true
                continue
            }
            if pendingBreak {
                if let last, !(CJK.isWide(last) || CJK.isAmbiguousPunctuation(last)),
                   !(CJK.isWide(scalar) || CJK.isAmbiguousPunctuation(scalar)) {
                    out.append(0x20)
                }
                pendingBreak = false
            }
            out.append(contentsOf: UTF8.encode(scalar)!)
            last = scalar
            count += 1
        }
        return (String(decoding: out, as: UTF8.self), false)
    }
}
