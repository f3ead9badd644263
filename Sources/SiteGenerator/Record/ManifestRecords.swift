import SiteCore

/// The manifest's record kinds, one codec each: `write` and `read` list the fields in the same
/// order, so a record's layout is stated once, here.
enum ManifestRecordKind: Equatable {
    case article, output, searchDocuments

    init?(_ buf: UnsafeBufferPointer<UInt8>, _ tag: Range<Int>) {
        if RecordReader.equal(buf, tag, "output") { self = .output }
        else if RecordReader.equal(buf, tag, "article") { self = .article }
        else if RecordReader.equal(buf, tag, "search-documents") { self = .searchDocuments }
        else { return nil }
    }
}

/// Reads a record's fields in order; every accessor answers nil once the fields run out or one
/// is malformed, so a damaged record is refused, never read past.
struct FieldCursor {
    let buf: UnsafeBufferPointer<UInt8>
    let fields: [Range<Int>]
    private(set) var index: Int

    init(_ buf: UnsafeBufferPointer<UInt8>, _ fields: [Range<Int>], from index: Int) {
        self.buf = buf
        self.fields = fields
        self.index = index
    }

    var atEnd: Bool { index == fields.count }

    private mutating func next() -> Range<Int>? {
        guard index < fields.count else { return nil }
        defer { index += 1 }
        return fields[index]
    }

    mutating func text() -> String? { next().map { RecordReader.text(buf, $0) } }
    mutating func int() -> Int64? { next().flatMap { RecordReader.int(buf, $0) } }
    mutating func hex() -> UInt64? { next().flatMap { RecordReader.hex(buf, $0) } }
    mutating func hexList() -> [UInt64]? { next().flatMap { RecordReader.hexList(buf, $0) } }
    /// `1` or `0`.
    mutating func flag() -> Bool? {
        guard let r = next(), r.count == 1 else { return nil }
        switch buf[r.lowerBound] {
        case 0x31: return true
        case 0x30: return false
        default: return nil
        }
    }
    /// An optional text (`RecordWriter.optionalField`): `.some(nil)` for none, nil if missing.
    mutating func optionalText() -> String?? { next().map { RecordReader.optionalText(buf, $0) } }
    /// An optional number, empty for none.
    mutating func optionalInt() -> Int64?? {
        guard let r = next() else { return nil }
        if r.isEmpty { return .some(nil) }
        return RecordReader.int(buf, r).map { .some($0) }
    }
    /// A count of repeated groups that follow, each of `width` fields; nil if they are not all there.
    mutating func count(width: Int) -> Int? {
        guard let n = int(), n >= 0, n <= Int64(fields.count - index) / Int64(width) else { return nil }
        return Int(n)
    }
    /// A comma-separated list of slugs (`RecordWriter.listField`).
    mutating func list() -> [String]? {
        next().map { r in buf[r].split(separator: 0x2C).map { String(decoding: $0, as: UTF8.self) } }
    }
    mutating func topics() -> [Topic]? {
        guard let r = next() else { return nil }
        var topics: [Topic] = []
        var start = r.lowerBound
        // Comma-separated slugs, read in place (an array of slices for four topics at most was
        // most of the cost).
        while start < r.upperBound {
            var end = start
            while end < r.upperBound && buf[end] != 0x2C { end += 1 }
            if end > start {
                guard let t = Topic(slugUTF8: UnsafeBufferPointer(rebasing: buf[start..<end])) else { return nil }
                topics.append(t)
            }
            start = end + 1
        }
        return topics
    }
}

/// `input  path  size  mtime  content-hash`: a content file as the last build read it.
enum InputRecord {
    static func write(_ path: String, _ input: BuildManifest.InputStamp, to out: inout RecordWriter) {
        out.field("input"); out.field(path); out.field(input.stamp.size); out.field(input.stamp.modifiedNanoseconds); out.field(hex: input.hash)
        out.endLine()
    }

    static func read(_ r: inout FieldCursor) -> (String, BuildManifest.InputStamp)? {
        guard let path = r.text(), let size = r.int(), let mtime = r.int(), let hash = r.hex() else { return nil }
        return (path, BuildManifest.InputStamp(stamp: FileSystem.Stamp(size: size, modifiedNanoseconds: mtime), hash: hash))
    }
}

/// `search-documents  segment  hash,hash,…`: per search segment, each document's indexed content.
enum SearchDocumentsRecord {
    static func write(segment s: Int, hashes: [UInt64], to out: inout RecordWriter) {
        out.field("search-documents"); out.field(s); out.hexListField(hashes); out.endLine()
    }

    static func read(_ buf: UnsafeBufferPointer<UInt8>, _ f: [Range<Int>]) -> (Int, [UInt64])? {
        var r = FieldCursor(buf, f, from: 1)
        guard let s = r.int(), s >= 0, let hashes = r.hexList(), r.atEnd else { return nil }
        return (Int(s), hashes)
    }
}

extension BuildManifest.OutputRecord {
    /// `output  path  freshness  size  mtime`, freshness the fingerprint in hex or `-` for every build.
    func write(_ path: String, to out: inout RecordWriter, copyingFrom source: [UInt8] = []) {
        if let line, line.upperBound <= source.count { out.rawLine(source[line]); return }
        out.field("output"); out.field(path)
        switch freshness {
        case .inputs(let fingerprint): out.field(hex: fingerprint)
        case .everyBuild: out.field("-")
        }
        out.field(stamp.size); out.field(stamp.modifiedNanoseconds)
        out.endLine()
    }

    static func read(_ buf: UnsafeBufferPointer<UInt8>, _ f: [Range<Int>], line: Range<Int>) -> (String, Self)? {
        var r = FieldCursor(buf, f, from: 1)
        guard let path = r.text(), let freshness = r.freshness(), let size = r.int(), let mtime = r.int(), r.atEnd else { return nil }
        return (path, Self(freshness: freshness, stamp: FileSystem.Stamp(size: size, modifiedNanoseconds: mtime), line: line))
    }
}

extension BuildManifest.OutputRecord {
    /// Whether the file an output record names has the stamp the record holds: what a no-op
    /// rebuild asks of every output. The path is stat'ed from the line's bytes, not made into a
    /// string first (30,000 strings made and freed per no-op of 10,000 articles); a path holding an
    /// escape (a tab, a newline or a backslash in a name) is decoded first. False for a malformed record.
    static func fileIsAsRecorded(_ buf: UnsafeBufferPointer<UInt8>, _ f: [Range<Int>], stamper: FileSystem.Directory.Stamper) -> Bool {
        var r = FieldCursor(buf, f, from: 2)
        guard f.count == 5, r.freshness() != nil, let size = r.int(), let mtime = r.int(), r.atEnd else { return false }
        let path = f[1]
        let found = buf[path].contains(0x5C) ? stamper.stamp(RecordReader.text(buf, path))
                                               : stamper.stamp(utf8: UnsafeBufferPointer(rebasing: buf[path]))
        return found == FileSystem.Stamp(size: size, modifiedNanoseconds: mtime)
    }
}

extension FieldCursor {
    mutating func freshness() -> Freshness? {
        let at = index
        if let v = hex() { return .inputs(v) }
        guard at < fields.count, RecordReader.equal(buf, fields[at], "-") else { return nil }
        return .everyBuild
    }
}

/// A warning kept with a cached article, repeated by builds that take the article from the cache.
struct CachedWarning: Sendable, Equatable {
    var line: Int
    var column: Int
    var message: String
}

extension BuildManifest.CachedArticle {
    /// `article  path  size  mtime  title  date  updated  region  topics  source  author  summary-given
    /// summary  slug  draft  editor  featured  specials  body-line  body-hash  links-articles  document  in-feed  N  (asset-source
    /// asset-destination)×N  M  (line column message)×M`
    func write(_ path: String, to out: inout RecordWriter, copyingFrom source: [UInt8] = []) {
        if let line, line.upperBound <= source.count { out.rawLine(source[line]); return }
        out.field("article"); out.field(path); out.field(stamp.size); out.field(stamp.modifiedNanoseconds)
        out.field(title); out.field(date)
        if let updated { out.field(updated) } else { out.field("") }
        out.field(regionPath); out.listField(topics.map(\.rawValue))
        out.optionalField(self.source); out.optionalField(author); out.optionalField(givenSummary)
        out.field(summary); out.field(slug); out.field(draft ? "1" : "0")
        out.optionalField(editor); out.field(featured ? "1" : "0"); out.listField(specials); out.field(bodyFirstLine)
        out.field(hex: bodyHash); out.field(linksArticles ? "1" : "0"); out.field(document); out.field(inFeed ? "1" : "0")
        out.field(assets.count)
        for asset in assets { out.field(asset.source); out.field(asset.destination) }
        out.field(warnings.count)
        for w in warnings { out.field(w.line); out.field(w.column); out.field(w.message) }
        out.endLine()
    }

    static func read(_ buf: UnsafeBufferPointer<UInt8>, _ f: [Range<Int>], line: Range<Int>) -> (String, Self)? {
        var r = FieldCursor(buf, f, from: 1)
        guard let path = r.text(), let size = r.int(), let mtime = r.int(), let title = r.text(), let date = r.int(),
              let updated = r.optionalInt(), let regionPath = r.text(), let topics = r.topics(),
              let source = r.optionalText(), let author = r.optionalText(), let givenSummary = r.optionalText(),
              let summary = r.text(), let slug = r.text(), let draft = r.flag(),
              let editor = r.optionalText(), let featured = r.flag(), let specials = r.list(), let bodyFirstLine = r.int(),
              let bodyHash = r.hex(), let linksArticles = r.flag(), let document = r.int(), let inFeed = r.flag(),
              let assetCount = r.count(width: 2) else { return nil }
        var assets: [AssetCopy] = []
        for _ in 0..<assetCount {
            guard let from = r.text(), let to = r.text() else { return nil }
            assets.append(AssetCopy(source: from, destination: to))
        }
        guard let warningCount = r.count(width: 3) else { return nil }
        var warnings: [CachedWarning] = []
        for _ in 0..<warningCount {
            guard let l = r.int(), let c = r.int(), let message = r.text() else { return nil }
            warnings.append(CachedWarning(line: Int(l), column: Int(c), message: message))
        }
        guard r.atEnd else { return nil }
        let article = Self(stamp: FileSystem.Stamp(size: size, modifiedNanoseconds: mtime), title: title, date: date, updated: updated,
                           regionPath: regionPath, topics: topics, source: source, author: author, givenSummary: givenSummary,
                           summary: summary, slug: slug, draft: draft, editor: editor, featured: featured, specials: specials, bodyFirstLine: Int(bodyFirstLine), bodyHash: bodyHash,
                           linksArticles: linksArticles, document: Int(document), inFeed: inFeed, assets: assets, warnings: warnings,
                           line: line)
        return (path, article)
    }
}
