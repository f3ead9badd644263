import SiteCore

/// The frame of every HTML page: head, header with navigation, main, footer.
package enum Layout {
    package static func page(_ site: RenderContext, _ meta: PageMeta, main: HTML) -> HTML {
        let config = site.config
        let urls = site.urls
        let isHome = meta.path == urls.home
        let fullTitle = isHome ? config.title : "\(meta.title) - \(config.title)"
        let canonical = urls.absolute(meta.path)
        let feedPath = meta.feedPath ?? urls.feed
        let feedTitle = meta.feedTitle ?? config.title
        // A page without a photo of its own shares the site's card.
        let structuredData = meta.structuredData + (meta.trail.isEmpty ? [] : [StructuredData.breadcrumbTrail(site, meta.trail)])
        let shareImage = meta.shareImage ?? ShareImage(url: urls.absolute(urls.path(Assets.shareCardPath)), width: ImageSet.shareWidth,
                                                       height: ImageSet.shareHeight, alt: config.title)
        // The same page in each edition (`hreflang`), and the switch to the other one.
        let other = site.edition.other
        let otherPath = urls.samePage(meta.path, in: other)
        var alternates: HTML = .empty
        var editionSwitch: HTML = .empty
        if site.hasOtherEdition {
            let simplified = site.edition == .simplified ? canonical : urls.absolute(otherPath)
            let traditional = site.edition == .traditional ? canonical : urls.absolute(otherPath)
            alternates = """
            <link rel="alternate" hreflang="\(Edition.simplified.language(config))" href="\(simplified)">
            <link rel="alternate" hreflang="zh-Hant" href="\(traditional)">
            <link rel="alternate" hreflang="x-default" href="\(simplified)">

            """
            // Kept as written in the 繁體版 (`data-keep`): the way to the Simplified edition reads 简.
            editionSwitch = """
            <span data-keep><a class="edition-switch" href="\(otherPath)" hreflang="\(other.language(config))" lang="\(other.language(config))" \
            aria-label="\(other == .traditional ? "繁體版" : "简体版")">\(other.switchLabel)</a></span>

            """
        }
        return """
        <!DOCTYPE html>
        <html lang="\(site.edition.language(config))">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(fullTitle)</title>
        <meta name="description" content="\(meta.description)">
        <link rel="canonical" href="\(canonical)">
        \(alternates)\
        \(meta.previousPath.map(html: { "<link rel=\"prev\" href=\"\($0)\">\n" }))\
        \(meta.nextPath.map(html: { "<link rel=\"next\" href=\"\($0)\">\n" }))\
        <link rel="stylesheet" href="\(urls.path(site.stylesheetPath))">
        <link rel="icon" href="\(urls.path(Assets.faviconPath))" type="image/svg+xml">
        <script>\(HTML.unsafeRaw(Assets.readerSettingsScript))</script>
        <script src="\(urls.path(Assets.toolsScriptPath))" defer></script>
        \(meta.preloads.map { (path: String) -> HTML in "<link rel=\"preload\" href=\"\(path)\" as=\"fetch\" crossorigin>\n" }.joined())\
        <link rel="alternate" type="application/atom+xml" title="\(feedTitle)" href="\(feedPath)">
        <meta name="color-scheme" content="light dark">
        \(meta.noIndex ? "<meta name=\"robots\" content=\"noindex\">\n" : HTML.empty)\
        <meta property="og:site_name" content="\(config.title)">
        <meta property="og:title" content="\(meta.title)">
        <meta property="og:description" content="\(meta.description)">
        <meta property="og:url" content="\(canonical)">
        <meta property="og:type" content="\(meta.isArticle ? "article" : "website")">
        <meta property="og:locale" content="\(site.edition == .traditional ? "zh_TW" : String(config.language.map { $0 == "-" ? "_" : $0 }))">
        <meta property="og:image" content="\(shareImage.url)">
        <meta property="og:image:width" content="\(shareImage.width)">
        <meta property="og:image:height" content="\(shareImage.height)">
        <meta property="og:image:alt" content="\(shareImage.alt)">
        <meta name="twitter:card" content="summary_large_image">
        \(meta.published.map { HTML("<meta property=\"article:published_time\" content=\"\($0.iso8601)\">\n") } ?? .empty)\
        \(meta.modified.map { HTML("<meta property=\"article:modified_time\" content=\"\($0.iso8601)\">\n") } ?? .empty)\
        \(structuredData.map { HTML.unsafeRaw(  // JSONText escapes `<`: no `</script>` inside
                                    "<script type=\"application/ld+json\">\($0)</script>\n") }.joined())\
        </head>
        <body id="top">
        <a class="skip-link" href="#main">跳到正文</a>
        <header class="site-header">
        <div class="wrap header-row">
        <a class="site-title" href="\(urls.home)"\(isHome ? " aria-current=\"page\"" : HTML.empty)>\(config.title)</a>
        \(navigation(site, meta.section))
        <a class="search-icon" href="\(urls.search)"><svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false"><circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" stroke-width="2.4"/><path d="M15.5 15.5l5.5 5.5" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/></svg><span class="visually-hidden">搜索</span></a>
        <form class="site-search" role="search" action="\(urls.search)" method="get">
        <input id="site-search-q" type="search" name="q" placeholder="搜索全站" aria-label="搜索全站" required>
        <button type="submit">搜索</button>
        </form>
        \(editionSwitch)\
        <button class="mode-toggle" type="button" data-mode-toggle aria-pressed="false" hidden>长辈模式</button>
        </div>
        </header>
        <p class="print-only print-source">\(config.title) · \(canonical)</p>
        <main id="main" class="wrap">
        \(meta.trail.isEmpty ? HTML.empty : Fragments.trail(site, meta.trail, showsPage: meta.trailShowsPage))
        \(main)
        </main>
        \(footer(site))
        </body>
        </html>

        """
    }

    static func navigation(_ site: RenderContext, _ section: NavSection) -> HTML {
        let urls = site.urls
        func item(_ href: String, _ label: String, _ current: Bool) -> HTML {
            "<li><a href=\"\(href)\"\(current ? " aria-current=\"true\"" : HTML.empty)>\(label)</a></li>"
        }
        var items: [HTML] = [item(urls.home, "首页", section == .home)]
        for topic in Topic.allCases {
            items.append(item(urls.topic(topic), topic.chineseName, section == .topic(topic)))
        }
        if !site.config.specials.isEmpty { items.append(item(urls.specials, "专题", section == .specials)) }
        items.append(item(urls.regions, "地区", section == .regions))
        items.append(item(urls.archive, "归档", section == .archive))
        // One row on a phone: the bar scrolls sideways rather than wrap.
        return """
        <nav class="site-nav" aria-label="栏目">
        <ul>
        \(items.joined(separator: "\n"))
        </ul>
        </nav>
        """
    }

    static func footer(_ site: RenderContext) -> HTML {
        let urls = site.urls
        let pageLinks: [HTML] = site.pages.map { "<li><a href=\"\(urls.page($0.page.outputDirectory))\">\($0.page.title)</a></li>" }
        return """
        <footer class="site-footer">
        <div class="wrap">
        <nav aria-label="页脚导航">
        <ul>
        <li><a href="\(urls.topics)">全部栏目</a></li>
        \(site.config.specials.isEmpty ? HTML.empty : "<li><a href=\"\(urls.specials)\">专题</a></li>\n")\
        <li><a href="\(urls.regions)">全部地区</a></li>
        <li><a href="\(urls.latest)">最新文章</a></li>
        <li><a href="\(urls.archive)">文章归档</a></li>
        <li><a href="\(urls.search)">搜索</a></li>
        <li><a href="\(urls.feed)">订阅 (Atom)</a></li>
        \(pageLinks.joined(separator: "\n"))
        </ul>
        </nav>
        \(site.config.identity.isEmpty && site.config.footer == nil ? "<p>\(site.config.title)</p>\n" : HTML.empty)\
        \(identity(site.config.identity))\
        \(site.config.footer.map(html: { "<p>\($0)</p>\n" }))\
        \(site.buildTime.map { HTML("<p class=\"build-time\">生成于 \(Fragments.time($0))</p>\n") } ?? .empty)\
        </div>
        </footer>
        """
    }

    /// 主办单位, contact, 备案 numbers linked to their registries, 网站标识码, notices and 纠错:
    /// what a reader checks to trust a Chinese public site. Only the settings given.
    static func identity(_ id: SiteIdentity) -> HTML {
        guard !id.isEmpty else { return .empty }
        var lines: [HTML] = []
        if let organizer = id.organizer { lines.append("<p>主办单位：\(organizer)</p>") }
        var contact: [HTML] = []
        if let phone = id.phone { contact.append("联系电话：\(phone)") }
        if let email = id.email { contact.append("电子邮箱：<a href=\"mailto:\(email)\">\(email)</a>") }
        if let address = id.address { contact.append("地址：\(address)") }
        if !contact.isEmpty { lines.append("<p>\(contact.joined(separator: " · "))</p>") }
        var registry: [HTML] = []
        if let icp = id.icp { registry.append("<a href=\"\(SiteIdentity.icpRegistry)\" rel=\"noopener\">\(icp)</a>") }
        if let police = id.police { registry.append("<a href=\"\(SiteIdentity.policeRegistry(police.code))\" rel=\"noopener\">\(police.text)</a>") }
        if let code = id.siteCode { registry.append("网站标识码：\(code)") }
        if !registry.isEmpty { lines.append("<p class=\"registry\">\(registry.joined(separator: " · "))</p>") }
        let notices: [HTML] = [id.copyright, id.reprint].compactMap { $0.map { "\($0)" } }
        if !notices.isEmpty { lines.append("<p>\(notices.joined(separator: " · "))</p>") }
        if let errata = id.errata { lines.append("<p><a class=\"errata\" href=\"mailto:\(errata)\">纠错：发现错误请告诉我们</a></p>") }
        return "<div class=\"site-identity\">\n\(lines.joined(separator: "\n"))\n</div>\n"
    }
}
