import SiteCore

/// `/`: the 头条 with its photo, the 要闻, each 栏目's newest headlines (no story twice, as
/// `FrontPage` chooses), 我的地区 (tools.js fills it from the reader's choice) and the provinces.
package enum HomePage {
    package static func render(_ site: RenderContext) -> HTML {
        let urls = site.urls
        var meta = PageMeta(title: site.config.title, description: site.config.description, path: urls.home, section: .home)
        meta.structuredData = [StructuredData.website(site)]
        let front = FrontPage(site.site)
        let topicSections: [HTML] = front.topics.map { topic, list in
            """
            <section class="topic-section" aria-labelledby="topic-\(topic.rawValue)">
            <h2 id="topic-\(topic.rawValue)"><a href="\(urls.topic(topic))">\(topic.chineseName)</a> <span class="count">\(site.byTopic[topic]!.count) 篇</span></h2>
            \(list.isEmpty ? HTML.empty : Fragments.headlines(site, list))
            <p class="more"><a href="\(urls.topic(topic))">更多\(topic.chineseName)报道</a></p>
            </section>
            """
        }
        let main: HTML = """
        <h1 class="visually-hidden">\(site.config.title)</h1>
        <div class="front">
        \(front.lead.map { lead(site, $0) } ?? "<p class=\"empty\">暂无文章。</p>")
        <section class="top-news" aria-labelledby="top-heading">
        <h2 id="top-heading">要闻</h2>
        \(Fragments.headlines(site, front.top))
        <p class="more"><a href="\(urls.latest)">更多最新报道</a></p>
        </section>
        </div>
        <div class="topic-grid">
        \(topicSections.joined(separator: "\n"))
        </div>
        <section class="my-region" data-my-region hidden aria-labelledby="my-region-heading">
        <h2 id="my-region-heading">我的地区</h2>
        <p><a data-my-region-link data-label="{name} 的最新报道" href="\(urls.regions)"></a></p>
        </section>
        <section class="home-regions" aria-labelledby="province-heading">
        <h2 id="province-heading">地区</h2>
        \(Fragments.provinceGrid(site))
        <p class="more"><a href="\(urls.regions)">全部地区</a></p>
        </section>
        """
        return Layout.page(site, meta, main: main)
    }

    /// The 头条: its photo (loaded at once: it is the first screen), headline and one line of summary.
    static func lead(_ site: RenderContext, _ i: Int) -> HTML {
        let e = site.entries[i], href = site.urls.page(e.directory)
        let photo: HTML = e.photo.map {
            "<a class=\"lead-photo\" href=\"\(href)\" tabindex=\"-1\" aria-hidden=\"true\">\(HTML.unsafeRaw($0.picture(url: Fragments.fileURL(site), escapedAlt: "", escapedTitle: nil, eager: true, sizes: "(max-width: 56rem) 100vw, 40rem")))</a>\n"
        } ?? .empty
        return """
        <article class="lead-story">
        \(photo)<h2 class="lead-title"><a href="\(href)">\(e.article.title)</a></h2>
        <p class="entry-summary">\(e.summary)</p>
        </article>
        """
    }
}

/// `/latest/`: every article, newest first, paged: the home page's 要闻 continued.
package enum LatestPage {
    package static func render(_ site: RenderContext, page: Int) -> HTML {
        let basePath = site.urls.latest
        var meta = PageMeta(title: "最新报道", description: "\(site.config.title)全部 \(site.entries.count) 篇报道，按时间排列。", path: basePath, section: .home)
        meta.trail = [("最新报道", basePath)]
        let header: HTML = """
        <h1>最新报道</h1>
        <p class="lead">共 \(site.entries.count) 篇，按时间排列。</p>
        """
        return ListPage.render(site, meta: meta, basePath: basePath, header: header, entries: Array(site.entries.indices), page: page)
    }
}

/// `/topics/`: the four standing 栏目.
package enum TopicsIndexPage {
    package static func render(_ site: RenderContext) -> HTML {
        var meta = PageMeta(title: "栏目", description: "社会救助、青少年、为老服务、防灾减灾四个栏目。", path: site.urls.topics)
        meta.trail = [("栏目", site.urls.topics)]
        return Layout.page(site, meta, main: Fragments.indexList(title: "栏目", Topic.allCases.map {
            (name: $0.chineseName, href: site.urls.topic($0), count: site.byTopic[$0]!.count, about: $0.blurb)
        }))
    }
}

/// `/specials/`: the curated specials (专题), each with its introduction and count.
package enum SpecialsIndexPage {
    package static func render(_ site: RenderContext) -> HTML {
        var meta = PageMeta(title: "专题", description: "编辑部策划的专题报道。", path: site.urls.specials, section: .specials)
        meta.trail = [("专题", site.urls.specials)]
        return Layout.page(site, meta, main: Fragments.indexList(title: "专题", site.config.specials.enumerated().map { k, special in
            (name: special.title, href: site.urls.special(special.slug), count: site.bySpecial[k].count, about: special.intro)
        }))
    }
}

/// `/regions/`: the provinces as a grid of chips with counts; each opens (a `<details>`, no script)
/// to its cities and their districts, so that 31 provinces stay within a screen.
package enum RegionsIndexPage {
    package static func render(_ site: RenderContext) -> HTML {
        var meta = PageMeta(title: "地区", description: "按省、市、县（区）浏览社会工作新闻。", path: site.urls.regions, section: .regions)
        meta.trail = [("地区", site.urls.regions)]
        let provinces: [HTML] = site.regions.roots.filter { !site.byRegion[$0].isEmpty }.map { p in
            let node = site.regions[p]
            let cities: [HTML] = node.children.filter { !site.byRegion[$0].isEmpty }.map { c in
                let districts = site.regions[c].children.filter { !site.byRegion[$0].isEmpty }
                return """
                <li><a class="city" href="\(site.urls.region(site.regions[c]))">\(site.regions[c].name) <span class="count">\(site.byRegion[c].count)</span></a>\
                \(districts.isEmpty ? HTML.empty : "\n\(Fragments.regionChips(site, districts))")</li>
                """
            }
            return """
            <li><details>
            <summary><span class="name">\(node.name)</span> <span class="count">\(site.byRegion[p].count)</span></summary>
            <p><a href="\(site.urls.region(node))">\(node.name)全部报道</a></p>
            \(cities.isEmpty ? HTML.empty : "<ul class=\"cities\">\n\(cities.joined(separator: "\n"))\n</ul>")
            </details></li>
            """
        }
        return Layout.page(site, meta, main: """
        <h1>地区</h1>
        <p class="lead">点省份展开市、县（区）。</p>
        <ul class="province-grid">
        \(provinces.joined(separator: "\n"))
        </ul>
        """)
    }
}

/// `/archive/` — every year and month with counts.
package enum ArchiveIndexPage {
    package static func render(_ site: RenderContext) -> HTML {
        var meta = PageMeta(title: "归档", description: "按年月浏览全部 \(site.entries.count) 篇文章。", path: site.urls.archive,
                            section: .archive)
        meta.trail = [("归档", site.urls.archive)]
        let years: [HTML] = site.years.map { year in
            let months: [HTML] = year.months.reversed().map {
                "<li><a href=\"\(site.urls.month($0.year, $0.month))\">\($0.month)月</a> <span class=\"count\">\($0.entries.count)</span></li>"
            }
            return """
            <section class="archive-year" aria-labelledby="year-\(year.year)">
            <h2 id="year-\(year.year)"><a href="\(site.urls.year(year.year))">\(year.year)年</a> <span class="count">\(year.entries.count) 篇</span></h2>
            <ul class="month-grid">
            \(months.joined(separator: "\n"))
            </ul>
            </section>
            """
        }
        return Layout.page(site, meta, main: """
        <h1>归档</h1>
        <p class="lead">共 \(site.entries.count) 篇文章。</p>
        \(years.isEmpty ? "<p class=\"empty\">暂无文章。</p>" : years.joined(separator: "\n"))
        """)
    }
}

/// A stand-alone page from `Content/pages/`. The about page (slug `about`) also states who runs
/// the site, as its settings give it: a reader looking for whom to tell finds it there.
package enum StandalonePageTemplate {
    package static func render(_ site: RenderContext, _ page: StandalonePage, body: RenderedBody) -> HTML {
        var meta = PageMeta(title: page.title, description: page.description ?? site.config.description,
                            path: site.urls.page(page.outputDirectory))
        meta.trail = [(page.title, meta.path)]
        let identity: HTML = page.slug == "about" && !site.config.identity.isEmpty ? """
        <section class="about-identity" aria-labelledby="identity-heading">
        <h2 id="identity-heading">本站信息</h2>
        \(Layout.identity(site.config.identity))
        </section>
        """ : .empty
        return Layout.page(site, meta, main: """
        <article class="article">
        <h1>\(page.title)</h1>
        <div class="article-body">
        \(HTML.unsafeRaw(body.html))\
        </div>
        \(identity)
        </article>
        """)
    }
}

/// `/404.html`: served by hosts for missing pages, so every link in it is root-relative.
package enum NotFoundPage {
    package static func render(_ site: RenderContext) -> HTML {
        var meta = PageMeta(title: "页面不存在", description: "您要找的页面不存在或已被移除。", path: site.urls.page("404.html"))
        meta.noIndex = true
        meta.trail = [("页面不存在", meta.path)]
        return Layout.page(site, meta, main: """
        <h1>页面不存在</h1>
        <p class="lead">您要找的页面不存在，或文章已被移除。</p>
        <ul class="link-list">
        <li><a href="\(site.urls.home)">返回首页</a></li>
        <li><a href="\(site.urls.latest)">最新报道</a></li>
        <li><a href="\(site.urls.topics)">按栏目浏览</a></li>
        <li><a href="\(site.urls.regions)">按地区浏览</a></li>
        <li><a href="\(site.urls.archive)">按时间浏览</a></li>
        </ul>
        """)
    }
}
