import SiteCore

/// `/search/`: the search box, filters, the order and results; the work happens in search.js.
package enum SearchPage {
    /// `preloading`: site paths of the files the script fetches before any other (the index's
    /// description), requested with the page so that they arrive while the script does.
    package static func render(_ site: RenderContext, preloading: [String] = []) -> HTML {
        var meta = PageMeta(title: "搜索", description: "在 \(site.entries.count) 篇文章中搜索。", path: site.urls.search)
        meta.noIndex = true
        meta.trail = [("搜索", site.urls.search)]
        meta.preloads = preloading.map(site.urls.path)
        let topics: [HTML] = Topic.allCases.map { "<option value=\"\($0.rawValue)\">\($0.chineseName)</option>" }
        let provinces: [HTML] = site.regions.roots.filter { !site.byRegion[$0].isEmpty }.map {
            "<option value=\"\(site.regions[$0].slug)\">\(site.regions[$0].name)</option>"
        }
        return Layout.page(site, meta, main: """
        <h1>搜索</h1>
        <form id="search-form" class="search-form" role="search" action="\(site.urls.search)" method="get">
        <label for="search-q">搜索词</label>
        <input id="search-q" type="search" name="q" spellcheck="false">
        <label for="search-topic">栏目</label>
        <select id="search-topic" name="topic"><option value="">全部栏目</option>\(topics.joined())</select>
        <label for="search-province">地区</label>
        <select id="search-province" name="province"><option value="">全部地区</option>\(provinces.joined())</select>
        <label for="search-sort">排序</label>
        <select id="search-sort" name="sort"><option value="">相关度</option><option value="new">最新</option></select>
        <button type="submit">搜索</button>
        </form>
        <noscript><p class="lead">搜索需要 JavaScript。您也可以<a href="\(site.urls.topics)">按栏目</a>、<a href="\(site.urls.regions)">按地区</a>或<a href="\(site.urls.archive)">按时间</a>浏览全部文章。</p></noscript>
        <p id="search-status" class="lead" role="status" aria-live="polite" data-empty="请输入要搜索的词语。" data-busy="正在搜索……" \
        data-none="没有找到与“{q}”相关的文章。" data-found="找到 {n} 篇与“{q}”相关的文章，{order}。" data-by-date="按时间从新到旧排列" \
        data-by-relevance="按相关度排列，完整包含搜索词的在前" data-failed="搜索出错：{e}"></p>
        \(suggestions(site))
        <ol id="search-results" class="entries"></ol>
        <button id="search-more" class="search-more" type="button" hidden>更多结果</button>
        <script src="\(site.urls.path(Assets.searchScriptPath))" data-root="\(site.urls.in(.simplified).search)" data-base="\(site.urls.basePath)" data-pages="\(site.urls.home)"></script>
        """)
    }

    /// Shown by search.js when nothing is found: nearby terms (the script adds them, each with
    /// its count), the 栏目, and the provinces (those named in the query first).
    static func suggestions(_ site: RenderContext) -> HTML {
        let topics: [HTML] = Topic.allCases.map { "<li><a href=\"\(site.urls.topic($0))\">\($0.chineseName)</a></li>" }
        let provinces: [HTML] = site.regions.roots.filter { !site.byRegion[$0].isEmpty }.map {
            "<li><a href=\"\(site.urls.region(site.regions[$0]))\" data-name=\"\(site.regions[$0].name)\">\(site.regions[$0].name)</a></li>"
        }
        return """
        <div id="search-suggest" class="search-suggest" hidden data-count="{q}（{n} 篇）" data-everywhere="在全部栏目和地区中搜索“{q}”">
        <section id="suggest-terms" hidden aria-labelledby="suggest-terms-heading"><h2 id="suggest-terms-heading">试试这些搜索词</h2><ul></ul></section>
        <section aria-labelledby="suggest-topics-heading"><h2 id="suggest-topics-heading">按栏目浏览</h2><ul>\(topics.joined())</ul></section>
        <section aria-labelledby="suggest-regions-heading"><h2 id="suggest-regions-heading">按地区浏览</h2><ul id="suggest-regions">\(provinces.joined())<li><a href="\(site.urls.regions)">全部地区</a></li></ul></section>
        </div>
        """
    }
}
