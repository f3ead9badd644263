import SiteCore

/// What the last build was made from and what it wrote, kept beside the output folder
/// (`.Public.manifest`) so the next build renders only what changed. Never published.
///
/// The format is lines of tab-separated fields (tabs, newlines and backslashes escaped): it reads
/// in a few tens of milliseconds for 10,000 articles, which a JSON decoder would not.
struct BuildManifest: Sendable {
    static let formatVersion = "build-site-manifest 1"

    /// The generator's own identity: a new binary may render differently.
    var tool: UInt64 = 0
    /// Build options, site.yaml, regions.yaml and the stylesheet: a change re-renders every page.
    var settings: UInt64 = 0
    /// What every body's HTML depends on (base path, raw HTML setting): a change re-renders every body.
    var bodyContext: UInt64 = 0
    /// Published articles' URLs and the files articles may refer to: a change re-renders bodies with local references.
    var linkMapHash: UInt64 = 0
    /// Every content file's size and modification time.
    var inputs: [String: FileSystem.Stamp] = [:]
    var articles: [String: CachedArticle] = [:]
    var outputs: [String: OutputRecord] = [:]
    /// The earliest date of an article held back for being in the future: once it has passed,
    /// a build with unchanged files still has something to publish.
    var nextDue: Int64?
    /// Written only into the journal of an interrupted commit: outputs to delete.
    var removals: [String] = []
    /// What the build reported, repeated by a build that finds nothing changed.
    var stats: Stats?

    struct Stats: Sendable, Equatable {
        var articles: Int, htmlPages: Int, files: Int, drafts: Int, future: Int
    }

    struct OutputRecord: Sendable, Equatable {
        var fingerprint: UInt64
        var stamp: FileSystem.Stamp
    }

    /// An article as loaded and rendered by an earlier build, enough to index and list it
    /// without reading the file again.
    struct CachedArticle: Sendable {
        var stamp: FileSystem.Stamp
        var title: String
        var date: Int64
        var updated: Int64?
        var regionPath: String
        var topics: [Topic]
        var source: String?
        var author: String?
        var givenSummary: String?
        var summary: String
        var slug: String
        var draft: Bool
        var bodyFirstLine: Int
        var bodyHash: UInt64
        /// The body links to other articles' files, so its HTML depends on their URLs.
        var linksArticles: Bool
        var assets: [AssetCopy]
        var warnings: [Diagnostic]
    }

    // MARK: Writing

    func serialized() -> String {
        var out = Self.formatVersion + "\n"
        out += line("tool", hex(tool))
        out += line("settings", hex(settings))
        out += line("body-context", hex(bodyContext))
        out += line("links", hex(linkMapHash))
        if let nextDue { out += line("next-due", String(nextDue)) }
        if let s = stats { out += line("stats", String(s.articles), String(s.htmlPages), String(s.files), String(s.drafts), String(s.future)) }
        for (path, stamp) in inputs.sorted(by: { $0.key < $1.key }) {
            out += line("input", path, String(stamp.size), String(stamp.modifiedNanoseconds))
        }
        for (path, a) in articles.sorted(by: { $0.key < $1.key }) {
            var fields = ["article", path, String(a.stamp.size), String(a.stamp.modifiedNanoseconds), a.title, String(a.date),
                          a.updated.map(String.init) ?? "", a.regionPath, a.topics.map(\.rawValue).joined(separator: ","),
                          optional(a.source), optional(a.author), optional(a.givenSummary), a.summary, a.slug, a.draft ? "1" : "0",
                          String(a.bodyFirstLine), hex(a.bodyHash), a.linksArticles ? "1" : "0", String(a.assets.count)]
            for asset in a.assets { fields += [asset.source, asset.destination] }
            fields.append(String(a.warnings.count))
            for w in a.warnings { fields += [String(w.location.line), String(w.location.column), w.message] }
            out += line(fields)
        }
        for (path, o) in outputs.sorted(by: { $0.key < $1.key }) {
            out += line("output", path, hex(o.fingerprint), String(o.stamp.size), String(o.stamp.modifiedNanoseconds))
        }
        for path in removals.sorted() { out += line("remove", path) }
        return out
    }

    private func optional(_ s: String?) -> String { s.map { "=" + $0 } ?? "" }
    private func hex(_ v: UInt64) -> String { String(v, radix: 16) }
    private func line(_ fields: String...) -> String { line(fields) }
    private func line(_ fields: [String]) -> String { fields.map(Self.escape).joined(separator: "\t") + "\n" }

    static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x5C || $0 == 0x0D }) else { return s }
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func unescape(_ s: Substring) -> String {
        guard s.contains("\\") else { return String(s) }
        var out = ""
        var escaped = false
        for c in s.unicodeScalars {
            if escaped {
                switch c {
                case "t": out += "\t"
                case "n": out += "\n"
                case "r": out += "\r"
                default: out.unicodeScalars.append(c)
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    // MARK: Reading

    /// Nil when the file is missing, of another format or damaged: the build is then a full one.
    static func read(_ path: String, displayPath: String) -> BuildManifest? {
        guard let bytes = try? FileSystem.readBytes(path), let text = String(validating: bytes, as: UTF8.self) else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)[...]
        guard lines.popFirst() == Substring(formatVersion) else { return nil }
        var m = BuildManifest()
        for line in lines {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard let kind = f.first else { return nil }
            switch kind {
            case "tool": guard f.count == 2, let v = UInt64(f[1], radix: 16) else { return nil }; m.tool = v
            case "settings": guard f.count == 2, let v = UInt64(f[1], radix: 16) else { return nil }; m.settings = v
            case "body-context": guard f.count == 2, let v = UInt64(f[1], radix: 16) else { return nil }; m.bodyContext = v
            case "stats":
                let n = f.dropFirst().compactMap { Int($0) }
                guard n.count == 5 else { return nil }
                m.stats = Stats(articles: n[0], htmlPages: n[1], files: n[2], drafts: n[3], future: n[4])
            case "links": guard f.count == 2, let v = UInt64(f[1], radix: 16) else { return nil }; m.linkMapHash = v
            case "next-due": guard f.count == 2, let v = Int64(f[1]) else { return nil }; m.nextDue = v
            case "input":
                guard f.count == 4, let size = Int64(f[2]), let mtime = Int64(f[3]) else { return nil }
                m.inputs[unescape(f[1])] = FileSystem.Stamp(size: size, modifiedNanoseconds: mtime)
            case "output":
                guard f.count == 5, let fp = UInt64(f[2], radix: 16), let size = Int64(f[3]), let mtime = Int64(f[4]) else { return nil }
                m.outputs[unescape(f[1])] = OutputRecord(fingerprint: fp, stamp: FileSystem.Stamp(size: size, modifiedNanoseconds: mtime))
            case "remove":
                guard f.count == 2 else { return nil }
                m.removals.append(unescape(f[1]))
            case "article":
                guard let (path, article) = readArticle(f, displayPath: displayPath) else { return nil }
                m.articles[path] = article
            default:
                return nil
            }
        }
        return m
    }

    private static func readArticle(_ f: [Substring], displayPath: String) -> (String, CachedArticle)? {
        guard f.count >= 20, let size = Int64(f[2]), let mtime = Int64(f[3]), let date = Int64(f[5]),
              let bodyFirstLine = Int(f[15]), let bodyHash = UInt64(f[16], radix: 16), let assetCount = Int(f[18]) else { return nil }
        var topics: [Topic] = []
        for t in f[8].split(separator: ",") {
            guard let topic = Topic(rawValue: String(t)) else { return nil }
            topics.append(topic)
        }
        func optional(_ s: Substring) -> String? { s.isEmpty ? nil : unescape(s.dropFirst()) }
        var i = 19
        var assets: [AssetCopy] = []
        guard f.count >= i + assetCount * 2 + 1 else { return nil }
        for _ in 0..<assetCount {
            assets.append(AssetCopy(source: unescape(f[i]), destination: unescape(f[i + 1])))
            i += 2
        }
        guard let warningCount = Int(f[i]), f.count == i + 1 + warningCount * 3 else { return nil }
        i += 1
        let path = unescape(f[1])
        var warnings: [Diagnostic] = []
        for _ in 0..<warningCount {
            guard let line = Int(f[i]), let column = Int(f[i + 1]) else { return nil }
            warnings.append(.warning(SourceLocation(file: displayPath + "/" + path, line: line, column: column), unescape(f[i + 2])))
            i += 3
        }
        let article = CachedArticle(
            stamp: FileSystem.Stamp(size: size, modifiedNanoseconds: mtime), title: unescape(f[4]), date: date,
            updated: f[6].isEmpty ? nil : Int64(f[6]), regionPath: unescape(f[7]), topics: topics,
            source: optional(f[9]), author: optional(f[10]), givenSummary: optional(f[11]), summary: unescape(f[12]),
            slug: unescape(f[13]), draft: f[14] == "1", bodyFirstLine: bodyFirstLine, bodyHash: bodyHash,
            linksArticles: f[17] == "1", assets: assets, warnings: warnings)
        return (path, article)
    }
}
