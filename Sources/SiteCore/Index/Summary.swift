/// Summaries derived from an article's body when front matter gives none.
/// Chinese has no spaces between words, so length is counted in characters, and the cut falls
/// at the end of a sentence (。！？) near the limit rather than in the middle of a phrase.
public enum Summary {
    public static func derive(fromPlainText text: String, limit: Int) -> String {
        // Only the beginning matters: flatten enough text for the limit and a look past it.
        let (flat, truncated) = flatten(text, upTo: limit + 8)
        let chars = Array(flat)
        if chars.count <= limit && !truncated { return flat }
        let limit = min(limit, chars.count)
        // The last sentence end within the limit, if it leaves at least 40% of the limit.
        let enders: Set<Character> = ["。", "！", "？", "!", "?", "；"]
        let closers: Set<Character> = ["”", "’", "」", "』", "）", ")"]
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
        if let cut { return String(chars[0..<cut]) }
        // No sentence end near: cut at a clause mark or the limit and say that text follows.
        var end = limit
        let clauses: Set<Character> = ["，", "、", "：", ",", " "]
        var j = limit - 1
        while j >= limit * 3 / 4 {
            if clauses.contains(chars[j]) { end = j; break }
            j -= 1
        }
        return String(chars[0..<end]) + "……"
    }

    /// Joins the lines of a body's text: no space between Chinese lines, one between Latin words.
    /// Also says whether text was left out because of `maxScalars`.
    public static func flatten(_ text: String, upTo maxScalars: Int = .max) -> (String, Bool) {
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
