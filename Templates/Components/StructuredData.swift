import SiteCore

/// JSON-LD for search engines (schema.org): `NewsArticle` and `BreadcrumbList` on articles,
/// `BreadcrumbList` on region pages, `WebSite` with a `SearchAction` on the home page. Built as
/// values and written with `JSONText` (strings escaped for JSON and for a `<script>` element).
package enum StructuredData {
    indirect enum Value {
        case string(String)
        case number(Int)
        case list([Value])
        case object([(String, Value)])

        var text: String {
            var out: [UInt8] = []
            out.reserveCapacity(1024)
            write(into: &out)
            return String(decoding: out, as: UTF8.self)
        }

        /// Written into one buffer (a string per value, joined, was a tenth of an article page).
        private func write(into out: inout [UInt8]) {
            switch self {
            case .string(let s): JSONText.append(quoted: s, to: &out)
            case .number(let n): out += String(n).utf8
            case .list(let items):
                out.append(UInt8(ascii: "["))
                for (n, item) in items.enumerated() {
                    if n > 0 { out.append(UInt8(ascii: ",")) }
                    item.write(into: &out)
                }
                out.append(UInt8(ascii: "]"))
            case .object(let fields):
                out.append(UInt8(ascii: "{"))
                for (n, (name, value)) in fields.enumerated() {
                    if n > 0 { out.append(UInt8(ascii: ",")) }
                    JSONText.append(quoted: name, to: &out)
                    out.append(UInt8(ascii: ":"))
                    value.write(into: &out)
                }
                out.append(UInt8(ascii: "}"))
            }
        }
    }

    static func thing(_ type: String, _ fields: [(String, Value)]) -> Value {
        .object([("@context", .string("https://schema.org")), ("@type", .string(type))] + fields)
    }

    /// The article as a `NewsArticle`: the fields Google's Article documentation lists (headline,
    /// image, dates, author with its name), with the publisher, the topics as `articleSection`
    /// and the region as `contentLocation`, a `Place` inside its parents.
    package static func article(_ site: RenderContext, _ index: Int, imageURLs: [String]) -> String {
        let entry = site.entries[index], a = entry.article
        let url = site.urls.absolute(site.urls.page(entry.directory))
        var author: [(String, Value)] = []
        if let name = a.author {
            author = [("author", .list([.object([("@type", .string("Person")), ("name", .string(name))])]))]
        } else {
            author = [("author", .list([.object([("@type", .string("Organization")), ("name", .string(a.source ?? site.config.title))])]))]
        }
        var place: Value?
        for r in site.regions.lineage(of: a.region) {
            var fields: [(String, Value)] = [("@type", .string("Place")), ("name", .string(site.regions[r].name))]
            if let parent = place { fields.append(("containedInPlace", parent)) }
            place = .object(fields)
        }
        var fields: [(String, Value)] = [
            ("headline", .string(a.title)),
            ("description", .string(entry.summary)),
            ("datePublished", .string(a.date.iso8601)),
            ("dateModified", .string((a.updated ?? a.date).iso8601)),
        ]
        fields += author
        fields += [
            ("publisher", .object([("@type", .string("Organization")), ("name", .string(site.config.title)),
                                   ("url", .string(site.urls.absolute(site.urls.home)))])),
            ("mainEntityOfPage", .string(url)),
            ("url", .string(url)),
            ("inLanguage", .string(site.config.language)),
            ("articleSection", .list(a.topics.map { .string($0.chineseName) })),
        ]
        if !imageURLs.isEmpty { fields.append(("image", .list(imageURLs.map(Value.string)))) }
        if let place { fields.append(("contentLocation", place)) }
        return thing("NewsArticle", fields).text
    }

    /// 首页 and the page's trail (`PageMeta.trail`): each step a name and its URL.
    package static func breadcrumbTrail(_ site: RenderContext, _ trail: [(name: String, path: String)]) -> String {
        let steps = [("首页", site.urls.home)] + trail
        let items: [Value] = steps.enumerated().map { n, step in
            .object([("@type", .string("ListItem")), ("position", .number(n + 1)), ("name", .string(step.0)),
                     ("item", .string(site.urls.absolute(step.1)))])
        }
        return thing("BreadcrumbList", [("itemListElement", .list(items))]).text
    }

    /// The site, with its search (`/search/?q=…`) as a `SearchAction`.
    package static func website(_ site: RenderContext) -> String {
        thing("WebSite", [
            ("name", .string(site.config.title)),
            ("url", .string(site.urls.absolute(site.urls.home))),
            ("inLanguage", .string(site.config.language)),
            ("potentialAction", .object([
                ("@type", .string("SearchAction")),
                ("target", .object([("@type", .string("EntryPoint")),
                                    ("urlTemplate", .string(site.urls.absolute(site.urls.search) + "?q={search_term_string}"))])),
                ("query-input", .string("required name=search_term_string")),
            ])),
        ]).text
    }
}
