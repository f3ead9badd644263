import SiteCore

/// `/` — the latest articles, a section per topic, the provinces with counts.
package enum HomePage {
    package static func render(_ site: RenderContext) -> HTML {
        let urls = site.urls
        var meta = PageMeta(title: site.config.title, description: site.config.description, path: urls.home, section: .home)
        meta.structuredData = [StructuredData.website(site)]
        let latest = Array(site.entries.indices.prefix(site.config.pageSize))[...]
        let topicSections: [HTML] = site.config.homeTopicCount == 0 ? [] : Topic.allCases.map { topic in
            let list = site.byTopic[topic]!
            return """
            <section class="topic-section" aria-labelledby="topic-\(topic.rawValue)">
            <h2 id="topic-\(topic.rawValue)"><a href="\(urls.topic(topic))">\(topic.chineseName)</a> <span class="count">\(list.count) 篇</span></h2>
            \(Fragments.entryList(site, list.prefix(site.config.homeTopicCount), headingLevel: 3))
            </section>
            """
        }
        let provinces: [HTML] = site.regions.roots.filter { !site.byRegion[$0].isEmpty }.map {
            "<li><a href=\"\(urls.region(site.regions[$0]))\">\(site.regions[$0].name)</a> <span class=\"count\">\(site.byRegion[$0].count) 篇</span></li>"
        }
        let main: HTML = """
        <h1 class="visually-hidden">\(site.config.title)</h1>
        <div class="home-grid">
        <section class="latest" aria-labelledby="latest-heading">
        <h2 id="latest-heading">最新报道</h2>
        \(Fragments.entryList(site, latest, headingLevel: 3))
        <p class="more"><a href="\(urls.archive)">全部文章归档</a></p>
        </section>
        <aside class="home-aside">
        <section aria-labelledby="province-heading">
        <h2 id="province-heading">地区</h2>
        <ul class="region-counts">
        \(provinces.joined(separator: "\n"))
        </ul>
        <p class="more"><a href="\(urls.regions)">全部地区</a></p>
        </section>
        </aside>
        </div>
        <div class="topic-grid">
        \(topicSections.joined(separator: "\n"))
        </div>
        """
        return Layout.page(site, meta, main: main)
    }
}

/// `/topics/`
package enum TopicsIndexPage {
    package static func render(_ site: RenderContext) -> HTML {
        let meta = PageMeta(title: "专题", description: "社会救助、青少年、为老服务、防灾减灾四个专题。", path: site.urls.topics)
        let items: [HTML] = Topic.allCases.map {
            """
            <li>
            <h2><a href="\(site.urls.topic($0))">\($0.chineseName)</a> <span class="count">\(site.byTopic[$0]!.count) 篇</span></h2>
            <p>\($0.blurb)</p>
            </li>
            """
        }
        return Layout.page(site, meta, main: """
        <h1>专题</h1>
        <ul class="topic-index">
        \(items.joined(separator: "\n"))
        </ul>
        """)
    }
}

/// `/regions/` — the whole region tree with counts, only nodes that have articles.
package enum RegionsIndexPage {
    package static func render(_ site: RenderContext) -> HTML {
        let meta = PageMeta(title: "地区", description: "按省、市、县（区）浏览社会工作新闻。", path: site.urls.regions, section: .regions)
        func tree(_ nodes: [Int]) -> HTML {
            let items: [HTML] = nodes.filter { !site.byRegion[$0].isEmpty }.map { i in
                let node = site.regions[i]
                let children = node.children.filter { !site.byRegion[$0].isEmpty }
                return """
                <li><a href="\(site.urls.region(node))">\(node.name)</a> <span class="count">\(site.byRegion[i].count) 篇</span>\(children.isEmpty ? HTML.empty : "\n<ul>\n\(tree(children))\n</ul>\n")</li>
                """
            }
            return items.joined(separator: "\n")
        }
        return Layout.page(site, meta, main: """
        <h1>地区</h1>
        <ul class="region-tree">
        \(tree(site.regions.roots))
        </ul>
        """)
    }
}

/// `/archive/` — every year and month with counts.
package enum ArchiveIndexPage {
    package static func render(_ site: RenderContext) -> HTML {
        let meta = PageMeta(title: "归档", description: "按年月浏览全部 \(site.entries.count) 篇文章。", path: site.urls.archive,
                            section: .archive)
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

/// A stand-alone page from `Content/pages/`.
package enum StandalonePageTemplate {
    package static func render(_ site: RenderContext, _ page: StandalonePage, body: RenderedBody) -> HTML {
        let meta = PageMeta(title: page.title, description: page.description ?? site.config.description,
                            path: site.urls.path(page.outputDirectory))
        return Layout.page(site, meta, main: """
        <article class="article">
        <h1>\(page.title)</h1>
        <div class="article-body">
        \(HTML.unsafeRaw(body.html))\
        </div>
        </article>
        """)
    }
}

/// `/404.html`: served by hosts for missing pages, so every link in it is root-relative.
package enum NotFoundPage {
    package static func render(_ site: RenderContext) -> HTML {
        var meta = PageMeta(title: "页面不存在", description: "您要找的页面不存在或已被移除。", path: site.urls.path("404.html"))
        meta.noIndex = true
        return Layout.page(site, meta, main: """
        <h1>页面不存在</h1>
        <p class="lead">您要找的页面不存在，或文章已被移除。</p>
        <ul>
        <li><a href="\(site.urls.home)">返回首页</a></li>
        <li><a href="\(site.urls.topics)">按专题浏览</a></li>
        <li><a href="\(site.urls.regions)">按地区浏览</a></li>
        <li><a href="\(site.urls.archive)">按时间浏览</a></li>
        </ul>
        """)
    }
}
