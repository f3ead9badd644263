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
    /// Per search segment, a hash of each document's indexed content: a rebuild patches a segment
    /// in which few of them changed.
    var searchDocuments: [Int: [UInt64]] = [:]
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
        var out = ManifestWriter()
        out.line(Self.formatVersion)
        out.line("tool", hex(tool))
        out.line("settings", hex(settings))
        out.line("body-context", hex(bodyContext))
        out.line("links", hex(linkMapHash))
        if let nextDue { out.line("next-due", String(nextDue)) }
        if let s = stats { out.line("stats", String(s.articles), String(s.htmlPages), String(s.files), String(s.drafts), String(s.future)) }
        for (path, stamp) in inputs {  // order does not matter: the manifest is private state
            out.line("input", path, String(stamp.size), String(stamp.modifiedNanoseconds))
        }
        for (path, a) in articles {
            out.fields(["article", path, String(a.stamp.size), String(a.stamp.modifiedNanoseconds), a.title, String(a.date),
                        a.updated.map(String.init) ?? "", a.regionPath, a.topics.map(\.rawValue).joined(separator: ","),
                        optional(a.source), optional(a.author), optional(a.givenSummary), a.summary, a.slug, a.draft ? "1" : "0",
                        String(a.bodyFirstLine), hex(a.bodyHash), a.linksArticles ? "1" : "0", String(a.assets.count)])
            for asset in a.assets { out.field(asset.source); out.field(asset.destination) }
            out.field(String(a.warnings.count))
            for w in a.warnings { out.field(String(w.location.line)); out.field(String(w.location.column)); out.field(w.message) }
            out.endLine()
        }
        for (path, o) in outputs {
            out.line("output", path, hex(o.fingerprint), String(o.stamp.size), String(o.stamp.modifiedNanoseconds))
        }
        for (s, hashes) in searchDocuments {
            out.line("search-documents", String(s), hashes.map(hex).joined(separator: ","))
        }
        for path in removals.sorted() { out.line("remove", path) }
        return String(decoding: out.bytes, as: UTF8.self)
    }

    private func optional(_ s: String?) -> String { s.map { "=" + $0 } ?? "" }
    private func hex(_ v: UInt64) -> String { String(v, radix: 16) }

    /// Decodes one field's bytes; the common case (no escapes) is a plain UTF-8 decode.
    static func unescape(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(0x5C) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var escaped = false
        for b in bytes {
            if escaped {
                switch b {
                case 0x74: out.append(0x09)  // t
                case 0x6E: out.append(0x0A)  // n
                case 0x72: out.append(0x0D)  // r
                default: out.append(b)
                }
                escaped = false
            } else if b == 0x5C {
                escaped = true
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Reading

    /// Nil when the file is missing, of another format or damaged: the build is then a full one.
    /// Parsed at the byte level: the manifest of 10,000 articles is several megabytes.
    /// `headerOnly` stops before the article and output records: enough to tell that nothing changed.
    static func read(_ path: String, displayPath: String, headerOnly: Bool = false) -> BuildManifest? {
        guard let bytes = try? FileSystem.readBytes(path) else { return nil }
        var m = BuildManifest()
        var lineStart = 0
        var first = true
        var fields: [ArraySlice<UInt8>] = []
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            if lineEnd == lineStart { continue }
            let line = bytes[lineStart..<lineEnd]
            if first {
                guard line.elementsEqual(formatVersion.utf8) else { return nil }
                first = false
                continue
            }
            if headerOnly && (line.starts(with: "article\t".utf8) || line.starts(with: "output\t".utf8) || line.starts(with: "search-documents\t".utf8)) { break }
            fields.removeAll(keepingCapacity: true)
            var fieldStart = line.startIndex
            for i in line.indices where line[i] == 0x09 {
                fields.append(line[fieldStart..<i])
                fieldStart = i + 1
            }
            fields.append(line[fieldStart..<line.endIndex])
            guard readLine(fields, into: &m, displayPath: displayPath) else { return nil }
        }
        return first ? nil : m
    }

    private static func int(_ field: ArraySlice<UInt8>) -> Int64? {
        guard !field.isEmpty else { return nil }
        var value: Int64 = 0
        var negative = false
        for (n, b) in field.enumerated() {
            if n == 0 && b == 0x2D { negative = true; continue }
            guard b >= 0x30 && b <= 0x39 else { return nil }
            value = value &* 10 &+ Int64(b - 0x30)
        }
        return negative ? -value : value
    }

    private static func hex(_ field: ArraySlice<UInt8>) -> UInt64? {
        guard !field.isEmpty, field.count <= 16 else { return nil }
        var value: UInt64 = 0
        for b in field {
            let digit: UInt8
            switch b {
            case 0x30...0x39: digit = b - 0x30
            case 0x61...0x66: digit = b - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }

    private static func readLine(_ f: [ArraySlice<UInt8>], into m: inout BuildManifest, displayPath: String) -> Bool {
        switch String(decoding: f[0], as: UTF8.self) {
        case "tool": guard f.count == 2, let v = hex(f[1]) else { return false }; m.tool = v
        case "settings": guard f.count == 2, let v = hex(f[1]) else { return false }; m.settings = v
        case "body-context": guard f.count == 2, let v = hex(f[1]) else { return false }; m.bodyContext = v
        case "links": guard f.count == 2, let v = hex(f[1]) else { return false }; m.linkMapHash = v
        case "next-due": guard f.count == 2, let v = int(f[1]) else { return false }; m.nextDue = v
        case "stats":
            let n = f.dropFirst().compactMap { int($0).map(Int.init) }
            guard n.count == 5 else { return false }
            m.stats = Stats(articles: n[0], htmlPages: n[1], files: n[2], drafts: n[3], future: n[4])
        case "input":
            guard f.count == 4, let size = int(f[2]), let mtime = int(f[3]) else { return false }
            m.inputs[unescape(f[1])] = FileSystem.Stamp(size: size, modifiedNanoseconds: mtime)
        case "output":
            guard f.count == 5, let fp = hex(f[2]), let size = int(f[3]), let mtime = int(f[4]) else { return false }
            m.outputs[unescape(f[1])] = OutputRecord(fingerprint: fp, stamp: FileSystem.Stamp(size: size, modifiedNanoseconds: mtime))
        case "search-documents":
            guard f.count == 3, let s = int(f[1]) else { return false }
            var hashes: [UInt64] = []
            for h in f[2].split(separator: 0x2C) {
                guard let v = hex(h) else { return false }
                hashes.append(v)
            }
            m.searchDocuments[Int(s)] = hashes
        case "remove":
            guard f.count == 2 else { return false }
            m.removals.append(unescape(f[1]))
        case "article":
            guard let (path, article) = readArticle(f, displayPath: displayPath) else { return false }
            m.articles[path] = article
        default:
            return false
        }
        return true
    }

    private static func readArticle(_ f: [ArraySlice<UInt8>], displayPath: String) -> (String, CachedArticle)? {
        guard f.count >= 20, let size = int(f[2]), let mtime = int(f[3]), let date = int(f[5]),
              let bodyFirstLine = int(f[15]), let bodyHash = hex(f[16]), let assetCount = int(f[18]).map(Int.init) else { return nil }
        var topics: [Topic] = []
        for t in f[8].split(separator: 0x2C) {
            guard let topic = Topic(rawValue: String(decoding: t, as: UTF8.self)) else { return nil }
            topics.append(topic)
        }
        func optional(_ s: ArraySlice<UInt8>) -> String? { s.isEmpty ? nil : unescape(s.dropFirst()) }
        var i = 19
        var assets: [AssetCopy] = []
        guard f.count >= i + assetCount * 2 + 1 else { return nil }
        for _ in 0..<assetCount {
            assets.append(AssetCopy(source: unescape(f[i]), destination: unescape(f[i + 1])))
            i += 2
        }
        guard let warningCount = int(f[i]).map(Int.init), f.count == i + 1 + warningCount * 3 else { return nil }
        i += 1
        let path = unescape(f[1])
        var warnings: [Diagnostic] = []
        for _ in 0..<warningCount {
            guard let line = int(f[i]), let column = int(f[i + 1]) else { return nil }
            warnings.append(.warning(SourceLocation(file: displayPath + "/" + path, line: Int(line), column: Int(column)), unescape(f[i + 2])))
            i += 3
        }
        let article = CachedArticle(
            stamp: FileSystem.Stamp(size: size, modifiedNanoseconds: mtime), title: unescape(f[4]), date: date,
            updated: f[6].isEmpty ? nil : int(f[6]), regionPath: unescape(f[7]), topics: topics,
            source: optional(f[9]), author: optional(f[10]), givenSummary: optional(f[11]), summary: unescape(f[12]),
            slug: unescape(f[13]), draft: f[14].first == 0x31, bodyFirstLine: Int(bodyFirstLine), bodyHash: bodyHash,
            linksArticles: f[17].first == 0x31, assets: assets, warnings: warnings)
        return (path, article)
    }
}

/// Appends escaped, tab-separated fields to a byte buffer.
struct ManifestWriter {
    var bytes: [UInt8] = []
    private var lineStarted = false

    init() { bytes.reserveCapacity(1 << 20) }

    mutating func field(_ text: String) {
        if lineStarted { bytes.append(0x09) }
        lineStarted = true
        let plain = text.utf8.withContiguousStorageIfAvailable { buf -> Bool in
            for b in buf where b == 0x09 || b == 0x0A || b == 0x0D || b == 0x5C { return false }
            bytes.append(contentsOf: buf)
            return true
        }
        if plain == true { return }
        for b in text.utf8 {
            switch b {
            case 0x09: bytes += [0x5C, 0x74]
            case 0x0A: bytes += [0x5C, 0x6E]
            case 0x0D: bytes += [0x5C, 0x72]
            case 0x5C: bytes += [0x5C, 0x5C]
            default: bytes.append(b)
            }
        }
    }

    mutating func fields(_ texts: [String]) { for t in texts { field(t) } }

    mutating func endLine() {
        bytes.append(0x0A)
        lineStarted = false
    }

    mutating func line(_ texts: String...) {
        for t in texts { field(t) }
        endLine()
    }
}
