import Foundation

/// The element of a page that holds its article, by text density: the approach of Mozilla's
/// Readability. Every paragraph long enough to be text scores for its container (one point, one
/// per comma, one per 50 characters up to three), half of that for the container's parent and a
/// third further up; a container's score is then cut by the share of its text that is link text
/// (navigation, lists of related stories). Containers whose class or id says what they are
/// (`sidebar`, `share`, `footer`…; `content`, `article`, `zoom`…) start lower or higher.
/// Siblings of the winner that score well (a report split over two `<div>`s) are kept with it.
enum MainContent {
    /// Class or id words of page furniture (matched as words of `class`/`id`: `nav`, `top-nav`).
    static let unlikely = ["comment", "footer", "foot", "nav", "menu", "sidebar", "side", "share", "related", "recommend", "hot",
                           "rank", "banner", "breadcrumb", "crumb", "ad", "ads", "advert", "copyright", "login", "pager",
                           "pagination", "popup", "toolbar", "tools", "qrcode", "ewm", "header", "top", "friendlink", "links"]
    /// Class or id words of article bodies, Chinese CMSs' included (`TRS_Editor`, `zoom`, `zw` for 正文).
    static let likely = ["article", "content", "main", "text", "detail", "body", "post", "entry", "zoom", "zw", "trs_editor",
                         "news_content", "con", "vsb_content", "story", "arc"]

    /// The article's elements (the winner and the siblings kept with it), or nil when no element
    /// holds enough text to be an article.
    static func find(in document: HTMLDocument) -> [Int]? {
        var score: [Int: Double] = [:]
        let excluded = furniture(in: document)
        for block in document.blocks where block.kind == .text {
            let length = block.text.count
            guard length >= 25, !excluded.contains(block.element) else { continue }
            let points = 1 + Double(commas(block.text)) + min(Double(length) / 50, 3)
            var ancestor = document.elements[block.element].name == "p" || document.elements[block.element].name == "td"
                ? document.elements[block.element].parent : block.element
            var level = 0
            while let a = ancestor, level < 3 {
                if score[a] == nil { score[a] = initialScore(document.elements[a]) }
                score[a]! += points / (level == 0 ? 1 : level == 1 ? 2 : Double(level * 3))
                ancestor = document.elements[a].parent
                level += 1
            }
        }
        guard !score.isEmpty else { return nil }
        let text = textLengths(document, excluding: excluded)
        func final(_ i: Int) -> Double {
            let t = text[i]
            return score[i]! * (1 - (t.all == 0 ? 0 : Double(t.links) / Double(t.all)))
        }
        // Highest score; ties go to the element first in the page.
        guard let top = score.keys.max(by: { (final($0), -$0) < (final($1), -$1) }), final(top) >= 8 else { return nil }
        var kept = [top]
        if let parent = document.elements[top].parent {
            let threshold = max(10, final(top) * 0.2)
            for sibling in score.keys where sibling != top && document.elements[sibling].parent == parent && final(sibling) >= threshold {
                kept.append(sibling)
            }
        }
        return kept.sorted()
    }

    /// Elements whose class or id names page furniture, with their subtrees — unless a word of an
    /// article body is there too (`main-nav` is furniture, `article-side` is not decided by `side`).
    static func furniture(in document: HTMLDocument) -> Set<Int> {
        var result = Set<Int>()
        var i = 0
        while i < document.elements.count {
            let element = document.elements[i]
            let words = Set(element.classAndID.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
            let isFurniture = ["nav", "footer", "aside", "header"].contains(element.name) && words.allSatisfy({ w in !likely.contains(w) })
                || (words.contains { unlikely.contains($0) } && !words.contains { likely.contains($0) })
            if isFurniture {
                for j in i..<element.end { result.insert(j) }
                i = element.end
            } else {
                i += 1
            }
        }
        return result
    }

    static func initialScore(_ element: HTMLDocument.Element) -> Double {
        var s: Double
        switch element.name {
        case "div", "article", "section", "main": s = 5
        case "pre", "td", "blockquote": s = 3
        case "ol", "ul", "dl", "dd", "dt", "li", "form", "address": s = -3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": s = -5
        default: s = 0
        }
        let words = element.classAndID.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        if words.contains(where: { likely.contains($0) }) { s += 25 }
        if words.contains(where: { unlikely.contains($0) }) { s -= 25 }
        return s
    }

    static func commas(_ s: String) -> Int { s.reduce(0) { $0 + ("，,、；".contains($1) ? 1 : 0) } }

    /// Each element's text and link text, its subtree's included, in one pass (a child's index is
    /// always above its parent's, so a reverse walk adds children in before their parents move up).
    static func textLengths(_ document: HTMLDocument, excluding: Set<Int>) -> [(all: Int, links: Int)] {
        var totals = [(all: Int, links: Int)](repeating: (0, 0), count: document.elements.count)
        for block in document.blocks where !excluding.contains(block.element) && block.element < totals.count {
            totals[block.element].all += block.text.count
            totals[block.element].links += block.linkCharacters
        }
        for i in document.elements.indices.reversed() {
            guard let parent = document.elements[i].parent else { continue }
            totals[parent].all += totals[i].all
            totals[parent].links += totals[i].links
        }
        return totals
    }
}
