import SiteCore

/// What the last build was made from and what it wrote, kept beside the output folder
/// (`.Public.manifest`) so the next build renders only what changed. Never published.
///
/// The format is lines of tab-separated fields (tabs, newlines and backslashes escaped): it reads
/// in a few tens of milliseconds for 10,000 articles, which a JSON decoder would not.
struct BuildManifest: Sendable {
    static let formatVersion = "build-site-manifest 2"

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
        /// Where the record was read from in `source`: a record carried over unchanged is written
        /// back as those bytes.
        var line: Range<Int>? = nil

        static func == (a: OutputRecord, b: OutputRecord) -> Bool { a.fingerprint == b.fingerprint && a.stamp == b.stamp }
    }

    /// The bytes of the manifest this one was read from, which `line` ranges point into.
    var source: [UInt8] = []

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
        /// Its search document number (oldest first), and whether any feed shows it: what a rebuild
        /// of a body edit needs to find the files that show the body without the site model.
        var document: Int = -1
        var inFeed = true
        var assets: [AssetCopy]
        var warnings: [Diagnostic]
        /// Where the record was read from in `source` (see `OutputRecord.line`).
        var line: Range<Int>? = nil
    }

    // MARK: Writing

    /// The manifest's text: the header, then the article records and the output records, each
    /// half written on its own core.
    func serialized() -> [UInt8] {
        var out = ManifestWriter()
        out.line(Self.formatVersion)
        out.line("tool", Self.hex(tool))
        out.line("settings", Self.hex(settings))
        out.line("body-context", Self.hex(bodyContext))
        out.line("links", Self.hex(linkMapHash))
        if let nextDue { out.line("next-due", String(nextDue)) }
        if let s = stats { out.line("stats", String(s.articles), String(s.htmlPages), String(s.files), String(s.drafts), String(s.future)) }
        for (path, stamp) in inputs {  // order does not matter: the manifest is private state
            out.field("input"); out.field(path); out.field(stamp.size); out.field(stamp.modifiedNanoseconds); out.endLine()
        }
        let articles = Array(self.articles), outputs = Array(self.outputs), source = self.source
        let parts = parallelMap(2) { part -> [UInt8] in
            var out = ManifestWriter(capacity: part == 0 ? articles.count * 512 : outputs.count * 96)
            if part == 0 {
                for (path, a) in articles {
                    if let line = a.line, line.upperBound <= source.count {
                        out.bytes.append(contentsOf: source[line])
                        out.bytes.append(0x0A)
                    } else {
                        Self.write(path, a, to: &out)
                    }
                }
            } else {
                for (path, o) in outputs {
                    if let line = o.line, line.upperBound <= source.count {
                        out.bytes.append(contentsOf: source[line])
                        out.bytes.append(0x0A)
                        continue
                    }
                    out.field("output"); out.field(path); out.field(hex: o.fingerprint); out.field(o.stamp.size)
                    out.field(o.stamp.modifiedNanoseconds); out.endLine()
                }
            }
            return out.bytes
        }
        out.bytes += parts[0]
        out.bytes += parts[1]
        for (s, hashes) in searchDocuments {
            out.field("search-documents"); out.field(Int64(s)); out.field(hashes.map(Self.hex).joined(separator: ",")); out.endLine()
        }
        for path in removals.sorted() { out.line("remove", path) }
        return out.bytes
    }

    /// One article record, field by field into the buffer (no temporary strings: 10,000 of these
    /// are written on every rebuild).
    static func write(_ path: String, _ a: CachedArticle, to out: inout ManifestWriter) {
        out.field("article"); out.field(path); out.field(a.stamp.size); out.field(a.stamp.modifiedNanoseconds); out.field(a.title)
        out.field(a.date)
        if let updated = a.updated { out.field(updated) } else { out.field("") }
        out.field(a.regionPath)
        out.field("")
        for (n, topic) in a.topics.enumerated() {
            if n > 0 { out.bytes.append(0x2C) }
            out.bytes.append(contentsOf: topic.rawValue.utf8)
        }
        out.optionalField(a.source); out.optionalField(a.author); out.optionalField(a.givenSummary)
        out.field(a.summary); out.field(a.slug); out.field(a.draft ? "1" : "0"); out.field(Int64(a.bodyFirstLine))
        out.field(hex: a.bodyHash); out.field(a.linksArticles ? "1" : "0"); out.field(Int64(a.document)); out.field(a.inFeed ? "1" : "0")
        out.field(Int64(a.assets.count))
        for asset in a.assets { out.field(asset.source); out.field(asset.destination) }
        out.field(Int64(a.warnings.count))
        for w in a.warnings { out.field(Int64(w.location.line)); out.field(Int64(w.location.column)); out.field(w.message) }
        out.endLine()
    }

    static func hex(_ v: UInt64) -> String { String(v, radix: 16) }

    /// Decodes one field's bytes; the common case (no escapes) is a plain UTF-8 decode.
    static func unescape(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
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
    static func read(_ path: String, displayPath: String) -> BuildManifest? {
        guard var file = ManifestFile(path: path, displayPath: displayPath), let header = file.readHeader() else { return nil }
        return file.readRecords(after: header)
    }
}

/// A manifest file being read: the header (build identity, settings, input stamps) first, which is
/// enough to tell that nothing changed, then — only if something did — the article and output records.
///
/// Parsed at the byte level with offsets into the file's bytes (no slices, so no reference
/// counting per field), the article records on one core and the output records on the other:
/// the manifest of 10,000 articles is several megabytes and a rebuild of one edit reads it whole.
struct ManifestFile: Sendable {
    let bytes: [UInt8]
    let displayPath: String
    /// Where the records after the header begin.
    private(set) var recordsStart = 0

    init?(path: String, displayPath: String) {
        guard let bytes = try? FileSystem.readBytes(path) else { return nil }
        self.bytes = bytes
        self.displayPath = displayPath
    }

    /// The header lines; nil if the file is not a manifest of this format.
    mutating func readHeader() -> BuildManifest? {
        var m = BuildManifest()
        var offset = 0
        var first = true
        var ok = true
        bytes.withUnsafeBufferPointer { buf in
            var fields: [Range<Int>] = []
            while offset < buf.count {
                let line = Self.line(buf, from: offset)
                if line.isEmpty { offset = line.upperBound + 1; continue }
                if first {
                    guard Self.equal(buf, line, BuildManifest.formatVersion) else { ok = false; return }
                    first = false
                    offset = line.upperBound + 1
                    continue
                }
                if Self.startsWith(buf, line, "article\t") || Self.startsWith(buf, line, "output\t") || Self.startsWith(buf, line, "search-documents\t")
                    || Self.startsWith(buf, line, "remove\t") { break }
                Self.split(buf, line, into: &fields)
                guard Self.readHeaderLine(buf, fields, into: &m) else { ok = false; return }
                offset = line.upperBound + 1
            }
        }
        guard ok, !first else { return nil }
        recordsStart = offset
        return m
    }

    /// The records after the header, added to it.
    func readRecords(after header: BuildManifest) -> BuildManifest? {
        // Articles come before outputs: split there and read both halves at once.
        let split = bytes.withUnsafeBufferPointer { buf -> Int in
            var offset = recordsStart
            while offset < buf.count {
                let line = Self.line(buf, from: offset)
                if !Self.startsWith(buf, line, "article\t") { return offset }
                offset = line.upperBound + 1
            }
            return offset
        }
        let ranges = [recordsStart..<split, split..<bytes.count]
        let parts = parallelMap(2) { readRecords(in: ranges[$0]) }
        guard var a = parts[0], let b = parts[1] else { return nil }
        if a.outputs.isEmpty { a.outputs = b.outputs } else { a.outputs.merge(b.outputs) { $1 } }
        if a.articles.isEmpty { a.articles = b.articles } else { a.articles.merge(b.articles) { $1 } }
        a.searchDocuments.merge(b.searchDocuments) { $1 }
        a.removals += b.removals
        var m = header
        m.source = bytes
        m.articles = a.articles
        m.outputs = a.outputs
        m.searchDocuments = a.searchDocuments
        m.removals = a.removals
        return m
    }

    private func readRecords(in range: Range<Int>) -> BuildManifest? {
        var m = BuildManifest()
        let ok = bytes.withUnsafeBufferPointer { buf -> Bool in
            var fields: [Range<Int>] = []
            var offset = range.lowerBound
            while offset < range.upperBound {
                let line = Self.line(buf, from: offset)
                offset = line.upperBound + 1
                if line.isEmpty { continue }
                Self.split(buf, line, into: &fields)
                guard readRecord(buf, fields, into: &m) else { return false }
            }
            return true
        }
        return ok ? m : nil
    }

    // MARK: Lines and fields

    static func line(_ buf: UnsafeBufferPointer<UInt8>, from start: Int) -> Range<Int> {
        var end = start
        while end < buf.count && buf[end] != 0x0A { end += 1 }
        return start..<end
    }

    static func split(_ buf: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, into fields: inout [Range<Int>]) {
        fields.removeAll(keepingCapacity: true)
        var start = line.lowerBound
        for i in line where buf[i] == 0x09 {
            fields.append(start..<i)
            start = i + 1
        }
        fields.append(start..<line.upperBound)
    }

    static func startsWith(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard range.count >= n else { return false }
        let p = prefix.utf8Start
        for k in 0..<n where buf[range.lowerBound + k] != p[k] { return false }
        return true
    }

    static func equal(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ text: String) -> Bool {
        buf[range].elementsEqual(text.utf8)
    }

    static func text(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        BuildManifest.unescape(buf[range])
    }

    static func int(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int64? {
        guard !range.isEmpty else { return nil }
        var value: Int64 = 0
        var negative = false
        for i in range {
            let b = buf[i]
            if i == range.lowerBound && b == 0x2D { negative = true; continue }
            guard b >= 0x30 && b <= 0x39 else { return nil }
            value = value &* 10 &+ Int64(b - 0x30)
        }
        return negative ? -value : value
    }

    static func hex(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64? {
        guard !range.isEmpty, range.count <= 16 else { return nil }
        var value: UInt64 = 0
        for i in range {
            let b = buf[i]
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

    // MARK: Records

    private static func readHeaderLine(_ buf: UnsafeBufferPointer<UInt8>, _ f: [Range<Int>], into m: inout BuildManifest) -> Bool {
        switch text(buf, f[0]) {
        case "tool": guard f.count == 2, let v = hex(buf, f[1]) else { return false }; m.tool = v
        case "settings": guard f.count == 2, let v = hex(buf, f[1]) else { return false }; m.settings = v
        case "body-context": guard f.count == 2, let v = hex(buf, f[1]) else { return false }; m.bodyContext = v
        case "links": guard f.count == 2, let v = hex(buf, f[1]) else { return false }; m.linkMapHash = v
        case "next-due": guard f.count == 2, let v = int(buf, f[1]) else { return false }; m.nextDue = v
        case "stats":
            let n = f.dropFirst().compactMap { int(buf, $0).map(Int.init) }
            guard n.count == 5 else { return false }
            m.stats = BuildManifest.Stats(articles: n[0], htmlPages: n[1], files: n[2], drafts: n[3], future: n[4])
        case "input":
            guard f.count == 4, let size = int(buf, f[2]), let mtime = int(buf, f[3]) else { return false }
            m.inputs[text(buf, f[1])] = FileSystem.Stamp(size: size, modifiedNanoseconds: mtime)
        default:
            return false
        }
        return true
    }

    private func readRecord(_ buf: UnsafeBufferPointer<UInt8>, _ f: [Range<Int>], into m: inout BuildManifest) -> Bool {
        let t = Self.self
        if t.startsWith(buf, f[0], "output") && f[0].count == 6 {
            guard f.count == 5, let fp = t.hex(buf, f[2]), let size = t.int(buf, f[3]), let mtime = t.int(buf, f[4]) else { return false }
            m.outputs[t.text(buf, f[1])] = BuildManifest.OutputRecord(fingerprint: fp, stamp: FileSystem.Stamp(size: size, modifiedNanoseconds: mtime),
                                                                      line: f[0].lowerBound..<f[f.count - 1].upperBound)
            return true
        }
        switch t.text(buf, f[0]) {
        case "article":
            guard let (path, read) = readArticle(buf, f) else { return false }
            var article = read
            article.line = f[0].lowerBound..<f[f.count - 1].upperBound
            m.articles[path] = article
        case "search-documents":
            guard f.count == 3, let s = t.int(buf, f[1]) else { return false }
            var hashes: [UInt64] = []
            var start = f[2].lowerBound
            for i in f[2].lowerBound...f[2].upperBound where i == f[2].upperBound || buf[i] == 0x2C {
                guard let v = t.hex(buf, start..<i) else { return false }
                hashes.append(v)
                start = i + 1
            }
            m.searchDocuments[Int(s)] = hashes
        case "remove":
            guard f.count == 2 else { return false }
            m.removals.append(t.text(buf, f[1]))
        default:
            return false
        }
        return true
    }

    func readArticle(_ buf: UnsafeBufferPointer<UInt8>, _ f: [Range<Int>]) -> (String, BuildManifest.CachedArticle)? {
        let t = Self.self
        guard f.count >= 22, let size = t.int(buf, f[2]), let mtime = t.int(buf, f[3]), let date = t.int(buf, f[5]),
              let bodyFirstLine = t.int(buf, f[15]), let bodyHash = t.hex(buf, f[16]), let document = t.int(buf, f[18]),
              let assetCount = t.int(buf, f[20]).map(Int.init),
              assetCount >= 0 else { return nil }
        var topics: [Topic] = []
        for topic in buf[f[8]].split(separator: 0x2C) {
            guard let topic = Topic(rawValue: String(decoding: topic, as: UTF8.self)) else { return nil }
            topics.append(topic)
        }
        func optional(_ r: Range<Int>) -> String? { r.isEmpty ? nil : t.text(buf, r.dropFirst()) }
        var i = 21
        var assets: [AssetCopy] = []
        guard f.count >= i + assetCount * 2 + 1 else { return nil }
        for _ in 0..<assetCount {
            assets.append(AssetCopy(source: t.text(buf, f[i]), destination: t.text(buf, f[i + 1])))
            i += 2
        }
        guard let warningCount = t.int(buf, f[i]).map(Int.init), warningCount >= 0, f.count == i + 1 + warningCount * 3 else { return nil }
        i += 1
        let path = t.text(buf, f[1])
        var warnings: [Diagnostic] = []
        for _ in 0..<warningCount {
            guard let line = t.int(buf, f[i]), let column = t.int(buf, f[i + 1]) else { return nil }
            warnings.append(.warning(SourceLocation(file: displayPath + "/" + path, line: Int(line), column: Int(column)), t.text(buf, f[i + 2])))
            i += 3
        }
        let article = BuildManifest.CachedArticle(
            stamp: FileSystem.Stamp(size: size, modifiedNanoseconds: mtime), title: t.text(buf, f[4]), date: date,
            updated: f[6].isEmpty ? nil : t.int(buf, f[6]), regionPath: t.text(buf, f[7]), topics: topics,
            source: optional(f[9]), author: optional(f[10]), givenSummary: optional(f[11]), summary: t.text(buf, f[12]),
            slug: t.text(buf, f[13]), draft: buf[f[14]].first == 0x31, bodyFirstLine: Int(bodyFirstLine), bodyHash: bodyHash,
            linksArticles: buf[f[17]].first == 0x31, document: Int(document), inFeed: buf[f[19]].first == 0x31, assets: assets,
            warnings: warnings)
        return (path, article)
    }
}

/// Appends escaped, tab-separated fields to a byte buffer.
struct ManifestWriter {
    var bytes: [UInt8] = []
    private var lineStarted = false

    init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    mutating func field(_ value: Int64) {
        if lineStarted { bytes.append(0x09) }
        lineStarted = true
        if value < 0 { bytes.append(0x2D) }
        var v = value.magnitude
        let start = bytes.count
        repeat {
            bytes.append(0x30 + UInt8(v % 10))
            v /= 10
        } while v > 0
        bytes[start...].reverse()
    }

    mutating func field(hex value: UInt64) {
        if lineStarted { bytes.append(0x09) }
        lineStarted = true
        var v = value
        let start = bytes.count
        repeat {
            let d = UInt8(v & 15)
            bytes.append(d < 10 ? 0x30 + d : 0x61 + d - 10)
            v >>= 4
        } while v > 0
        bytes[start...].reverse()
    }

    mutating func field(_ text: String) {
        if lineStarted { bytes.append(0x09) }
        lineStarted = true
        appendEscaped(text)
    }

    private mutating func appendEscaped(_ text: String) {
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

    /// Empty for nil; otherwise `=` and the text, so that an empty text and no text differ.
    mutating func optionalField(_ text: String?) {
        guard let text else { field(""); return }
        field("=")
        appendEscaped(text)
    }

    mutating func endLine() {
        bytes.append(0x0A)
        lineStarted = false
    }

    mutating func line(_ texts: String...) {
        for t in texts { field(t) }
        endLine()
    }
}
