/// Splits a list of `total` entries into pages of `size`; page numbers start at 1.
/// Page 1 lives at the list's own URL, page n ≥ 2 at `…/page/n/`.
package struct Pagination: Sendable, Equatable {
    package var total: Int
    package var size: Int

    package init(total: Int, size: Int) {
        precondition(size > 0)
        self.total = total
        self.size = size
    }

    /// At least one page, so an empty list still has a page that says it is empty.
    package var pageCount: Int { max(1, (total + size - 1) / size) }

    package func range(ofPage n: Int) -> Range<Int> {
        let start = (n - 1) * size
        return min(start, total)..<min(start + size, total)
    }

    /// Path of page `n` relative to the list's own URL.
    package static func suffix(forPage n: Int) -> String { n == 1 ? "" : .joining("page/", number: n, "/") }

    /// The page numbers to show as links: first, last, and a window around the current page;
    /// nil marks a gap (…).
    package func visiblePages(current: Int, window: Int = 2) -> [Int?] {
        let count = pageCount
        var pages: [Int?] = []
        var last = 0
        for n in 1...count where n == 1 || n == count || abs(n - current) <= window {
            if n - last > 1 { pages.append(nil) }
            pages.append(n)
            last = n
        }
        return pages
    }
}
