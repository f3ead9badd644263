import SiteCore

/// What the last build was made from and what it wrote, kept beside the output folder
/// (`.Public.manifest`) so the next build renders only what changed. Never published.
///
/// The file is lines of tab-separated fields (`RecordWriter`): a header of build-wide values and
/// input stamps, then one record per article, output file and search segment, each kind with its
/// codec in `ManifestRecords.swift`, and a closing `end` line holding a hash of everything before
/// it. A file that is truncated, damaged or of another format is not used: the build is then a
/// full one, with a warning.
struct BuildManifest: Sendable {
    static let formatVersion = "build-site-manifest 6"

    /// The generator's own identity: a new binary may render differently.
    var tool: UInt64 = 0
    /// Build options, site.yaml, regions.yaml and the stylesheet: a change re-renders every page.
    var settings: UInt64 = 0
    /// What every body's HTML depends on (base path, raw HTML setting): a change re-renders every body.
    var bodyContext: UInt64 = 0
    /// Published articles' URLs and the files articles may refer to: a change re-renders bodies with local references.
    var linkMapHash: UInt64 = 0
    /// The site's fingerprint and the entries' neighbourhoods (`PlanReuse.key`): the same in the
    /// next build, its article pages that show no changed entry keep their recorded freshness.
    var planKey: UInt64?
    /// The earliest date of an article held back for being in the future: once it has passed,
    /// a build with unchanged files still has something to publish.
    var nextDue: Int64?
    /// What the build reported, repeated by a build that finds nothing changed.
    var stats: Stats?
    /// Every content file's stamp and content hash.
    var inputs = InputStamps()
    /// The records, as read from the last build's file (a new manifest's are made as it is written:
    /// `write(articles:outputs:to:)`).
    var articles = PathTable<CachedArticle>()
    var outputs = PathTable<OutputRecord>()
    /// Per search segment, a hash of each document's indexed content: a rebuild patches a segment
    /// in which few of them changed.
    var searchDocuments: [Int: [UInt64]] = [:]
    /// The bytes of the manifest this one was read from, which records' `line` ranges point into:
    /// a record carried over unchanged is written back as its bytes.
    var source: [UInt8] = []

    /// A content file as the last build read it. A file whose stamp changed but whose bytes did not
    /// (every file, after a fresh clone) counts as unchanged: the scan takes its recorded stamp.
    struct InputStamp: Sendable, Equatable {
        var stamp: FileSystem.Stamp
        var hash: UInt64
    }

    struct Stats: Sendable, Equatable {
        var articles: Int, htmlPages: Int, files: Int, drafts: Int, future: Int
    }

    /// One output file: when it must be made again, and its stamp as written.
    struct OutputRecord: Sendable, Equatable {
        var freshness: Freshness
        var stamp: FileSystem.Stamp
        var line: Range<Int>? = nil

        static func == (a: OutputRecord, b: OutputRecord) -> Bool { a.freshness == b.freshness && a.stamp == b.stamp }
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
        var editor: String?
        var featured: Bool
        var specials: [String]
        var bodyFirstLine: Int
        var bodyHash: UInt64
        /// The body links to other articles' files, so its HTML depends on their URLs.
        var linksArticles: Bool
        /// Its search document number (oldest first), and whether any feed shows it: what a rebuild
        /// of a body edit needs to find the files that show the body without the site model.
        var document: Int = -1
        var inFeed = true
        var assets: [AssetCopy]
        var warnings: [CachedWarning]
        var line: Range<Int>? = nil
    }

    /// Where a cached article's record was in the last manifest, and the two of its fields that
    /// depend on the rest of the site (its document number, whether a feed shows it): what the
    /// record stage needs to write the line back as it was. Packed into 13 bytes: the check stage
    /// keeps one per article, and at 100,000 articles each byte is 100 KB of the build's peak.
    struct RecordPlace: Sendable {
        private let start: UInt32, length: UInt32
        let document: Int32
        let inFeed: Bool

        /// Nil for a record made in this build, or past what 32 bits can place.
        init?(_ record: CachedArticle) {
            guard let line = record.line, let start = UInt32(exactly: line.lowerBound), let length = UInt32(exactly: line.count),
                  let document = Int32(exactly: record.document) else { return nil }
            (self.start, self.length, self.document, self.inFeed) = (start, length, document, record.inFeed)
        }

        var line: Range<Int> { Int(start)..<(Int(start) + Int(length)) }
    }

    // MARK: Writing

    /// Records made by number as the manifest is written rather than held in a table: a build's
    /// new records come from its model a chunk at a time. (At 100,000 articles, the two tables and
    /// then their bytes, held whole, added 120 MiB at the end of a build.)
    struct Records<Record: Sendable>: Sendable {
        enum Entry {
            case made(path: String, record: Record)
            /// A line of the last manifest (`source`), copied as it is: a record carried over
            /// without being read back into a value (an article's holds a dozen strings).
            case carried(line: Range<Int>)
        }

        let count: Int
        /// Record number `n`, nil when there is none (a file left unrecorded).
        let entry: @Sendable (Int) -> Entry?

        init(count: Int, entry: @escaping @Sendable (Int) -> Entry?) {
            self.count = count
            self.entry = entry
        }

        init(count: Int, make: @escaping @Sendable (Int) -> (path: String, record: Record)?) {
            self.init(count: count) { n in make(n).map { .made(path: $0.path, record: $0.record) } }
        }
    }

    /// The manifest's bytes, a piece at a time: the header, the article records, the output records
    /// (readers rely on that order), the search segments, and the closing hash of every byte before
    /// it. Records carried over from `source` are copied as they were.
    func write(articles: Records<CachedArticle>, outputs: Records<OutputRecord>, to emit: ([UInt8]) -> Void) {
        var hash = WideChecksum()
        func put(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { hash.add($0) }
            emit(bytes)
        }
        var head = RecordWriter()
        writeHeader(to: &head)
        put(head.bytes)
        let source = self.source
        Self.writeChunks(articles, bytesEach: 512, source: source, put: put) { path, article, out in article.write(path, to: &out, copyingFrom: source) }
        Self.writeChunks(outputs, bytesEach: 96, source: source, put: put) { path, output, out in output.write(path, to: &out, copyingFrom: source) }
        var tail = RecordWriter()
        for (s, hashes) in searchDocuments { SearchDocumentsRecord.write(segment: s, hashes: hashes, to: &tail) }
        tail.bytes.withUnsafeBytes { hash.add($0) }
        Self.close(&tail, checksum: hash.finish())
        emit(tail.bytes)
    }

    /// Chunks of records made and written on all cores, `chunk` records each, four chunks at a time:
    /// a few megabytes held, whatever the size of the site.
    private static func writeChunks<Record>(_ records: Records<Record>, bytesEach: Int, source: [UInt8] = [], put: ([UInt8]) -> Void,
                                            write: @escaping @Sendable (String, Record, inout RecordWriter) -> Void) {
        let chunk = 2048, atOnce = 4
        var start = 0
        while start < records.count {
            let first = start
            let parts = parallelMap(min(atOnce, (records.count - start + chunk - 1) / chunk)) { c -> [UInt8] in
                let range = (first + c * chunk)..<min(records.count, first + (c + 1) * chunk)
                var out = RecordWriter(capacity: range.count * bytesEach)
                for n in range {
                    switch records.entry(n) {
                    case .made(let path, let record)?: write(path, record, &out)
                    // Never out of range (the line was read from `source`); if it were, the file
                    // would go unrecorded, and the next build would make it again.
                    case .carried(let line)?: if line.upperBound <= source.count { out.rawLine(source[line]) }
                    case nil: break
                    }
                }
                return out.bytes
            }
            for part in parts { put(part) }
            start = min(records.count, start + atOnce * chunk)
        }
    }

    func writeHeader(to out: inout RecordWriter) {
        out.line(Self.formatVersion)
        out.field("tool"); out.field(hex: tool); out.endLine()
        out.field("settings"); out.field(hex: settings); out.endLine()
        out.field("body-context"); out.field(hex: bodyContext); out.endLine()
        out.field("links"); out.field(hex: linkMapHash); out.endLine()
        if let planKey { out.field("plan"); out.field(hex: planKey); out.endLine() }
        if let nextDue { out.field("next-due"); out.field(nextDue); out.endLine() }
        if let s = stats {
            out.field("stats")
            for n in [s.articles, s.htmlPages, s.files, s.drafts, s.future] { out.field(n) }
            out.endLine()
        }
        // A line per content file, in path order, made on all cores as the records are.
        let inputs = self.inputs
        Self.writeChunks(Records(count: inputs.count) { (path: inputs[position: $0].path, record: inputs[position: $0].input) }, bytesEach: 96,
                         put: { out.bytes += $0 }) { path, input, line in
            InputRecord.write(path, input, to: &line)
        }
    }

    /// The closing line: a hash of every byte before it, which tells a whole manifest from a cut one.
    /// The last line: the checksum of every byte before it.
    static func close(_ out: inout RecordWriter, checksum hash: UInt64? = nil) {
        let hash = hash ?? checksum(out.bytes[...])
        out.field("end"); out.field(hex: hash); out.endLine()
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h = WideChecksum()
        h.add(bytes)
        return h.finish()
    }

    // MARK: Reading

    /// Nil when the file is missing, of another format or damaged: the build is then a full one.
    static func read(_ path: String) -> BuildManifest? {
        guard case .whole(var file) = ManifestFile.open(path), let header = file.readHeader() else { return nil }
        return file.readRecords(after: header)
    }
}

/// A manifest file being read: checked whole first (its closing hash), then the header (build
/// identity, settings, input stamps), which is enough to tell that nothing changed, then — only
/// if something did — the records, the articles on one core and the outputs on the other.
/// Parsed at the byte level with offsets into the file's bytes (no slices, so no reference
/// counting per field).
struct ManifestFile: Sendable {
    let bytes: [UInt8]
    /// Where the records after the header begin, and where the closing line begins.
    private(set) var recordsStart = 0
    let recordsEnd: Int

    enum Opened {
        /// No manifest, or one of another format version (a full build, without a warning).
        case missing
        /// Present but not usable: truncated, damaged, or written by another version.
        case damaged(ManifestFile?)
        case whole(ManifestFile)
    }

    private init(bytes: [UInt8], recordsEnd: Int) {
        self.bytes = bytes
        self.recordsEnd = recordsEnd
    }

    static func open(_ path: String) -> Opened {
        guard let bytes = try? FileSystem.readBytes(path) else { return .missing }
        let raw = ManifestFile(bytes: bytes, recordsEnd: bytes.count)
        let firstLine = bytes.prefix { $0 != 0x0A }
        if !firstLine.elementsEqual(BuildManifest.formatVersion.utf8) {
            return firstLine.starts(with: "build-site-manifest ".utf8) ? .missing : .damaged(raw)
        }
        // The closing line: `end`, a tab, the hash, a newline, at the very end.
        guard bytes.last == 0x0A, let start = bytes.dropLast().lastIndex(of: 0x0A).map({ $0 + 1 }) else { return .damaged(raw) }
        let ok = bytes.withUnsafeBufferPointer { buf -> Bool in
            var fields: [Range<Int>] = []
            RecordReader.split(buf, start..<(bytes.count - 1), into: &fields)
            guard fields.count == 2, RecordReader.equal(buf, fields[0], "end"), let hash = RecordReader.hex(buf, fields[1]) else { return false }
            return hash == BuildManifest.checksum(bytes[..<start])
        }
        return ok ? .whole(ManifestFile(bytes: bytes, recordsEnd: start)) : .damaged(raw)
    }

    /// The header lines; nil if the file is not a manifest of this format.
    mutating func readHeader() -> BuildManifest? {
        var m = BuildManifest()
        var offset = 0
        var ok = true
        bytes.withUnsafeBufferPointer { buf in
            let first = RecordReader.line(buf, from: 0)
            guard buf[first].elementsEqual(BuildManifest.formatVersion.utf8) else { ok = false; return }
            offset = first.upperBound + 1
            var fields: [Range<Int>] = []
            var inputs: [(path: String, input: BuildManifest.InputStamp)] = []
            while offset < recordsEnd {
                let line = RecordReader.line(buf, from: offset)
                RecordReader.split(buf, line, into: &fields)
                if ManifestRecordKind(buf, fields[0]) != nil { break }
                guard Self.readHeaderLine(buf, fields, into: &m, inputs: &inputs) else { ok = false; return }
                offset = line.upperBound + 1
            }
            m.inputs = InputStamps(inputs)
        }
        guard ok else { return nil }
        recordsStart = offset
        return m
    }

    private static func readHeaderLine(_ buf: UnsafeBufferPointer<UInt8>, _ f: [Range<Int>], into m: inout BuildManifest,
                                       inputs: inout [(path: String, input: BuildManifest.InputStamp)]) -> Bool {
        var r = FieldCursor(buf, f, from: 1)
        // Nearly every header line is a content file's: its tag compared as bytes, without the
        // string the other tags are read as (10,000 made and compared per rebuild).
        if RecordReader.equal(buf, f[0], "input") {
            guard let (path, input) = InputRecord.read(&r) else { return false }
            inputs.append((path, input))
            return r.atEnd
        }
        switch RecordReader.text(buf, f[0]) {
        case "tool": guard let v = r.hex() else { return false }; m.tool = v
        case "settings": guard let v = r.hex() else { return false }; m.settings = v
        case "body-context": guard let v = r.hex() else { return false }; m.bodyContext = v
        case "links": guard let v = r.hex() else { return false }; m.linkMapHash = v
        case "plan": guard let v = r.hex() else { return false }; m.planKey = v
        case "next-due": guard let v = r.int() else { return false }; m.nextDue = v
        case "stats":
            guard let a = r.int(), let h = r.int(), let f = r.int(), let d = r.int(), let fu = r.int() else { return false }
            m.stats = BuildManifest.Stats(articles: Int(a), htmlPages: Int(h), files: Int(f), drafts: Int(d), future: Int(fu))
        default:
            return false
        }
        return r.atEnd
    }

    /// The records after the header, added to it; nil if any is malformed.
    func readRecords(after header: BuildManifest) -> BuildManifest? {
        // Articles come before outputs: split there and read both halves at once.
        let split = bytes.withUnsafeBufferPointer { buf -> Int in
            var offset = recordsStart
            while offset < recordsEnd {
                let line = RecordReader.line(buf, from: offset)
                if !RecordReader.startsWith(buf, line, "article\t") { return offset }
                offset = line.upperBound + 1
            }
            return offset
        }
        let ranges = [recordsStart..<split, split..<recordsEnd]
        // Each table made at its size (the header counts them), not grown by rehashing as it fills;
        // no more than the lines there can be (a damaged count must not reserve memory).
        let lines = (recordsEnd - recordsStart) / 16
        let sizes = [min(lines, max(0, (header.stats?.articles ?? 0) + (header.stats?.drafts ?? 0))), min(lines, max(0, header.stats?.files ?? 0))]
        let parts = parallelMap(2) { readRecords(in: ranges[$0], articles: $0 == 0 ? sizes[0] : 0, outputs: $0 == 1 ? sizes[1] : 0) }
        guard var a = parts[0], let b = parts[1] else { return nil }
        if a.outputs.isEmpty { a.outputs = b.outputs } else { a.outputs.merge(b.outputs) { $1 } }
        if a.articles.isEmpty { a.articles = b.articles } else { a.articles.merge(b.articles) { $1 } }
        a.searchDocuments.merge(b.searchDocuments) { $1 }
        var m = header
        m.source = bytes
        m.articles = a.articles
        m.outputs = a.outputs
        m.searchDocuments = a.searchDocuments
        return m
    }

    private func readRecords(in range: Range<Int>, articles: Int, outputs: Int) -> BuildManifest? {
        var m = BuildManifest()
        m.articles.reserveCapacity(articles)
        m.outputs.reserveCapacity(outputs)
        var ok = true
        bytes.withUnsafeBufferPointer { buf in
            RecordReader.forEachLine(buf, in: range) { line, f in
                switch ManifestRecordKind(buf, f[0]) {
                case .output:
                    guard let (path, record) = BuildManifest.OutputRecord.read(buf, f, line: line) else { ok = false; return false }
                    m.outputs[path] = record
                case .article:
                    guard let (path, record) = BuildManifest.CachedArticle.read(buf, f, line: line) else { ok = false; return false }
                    m.articles[path] = record
                case .searchDocuments:
                    guard let (s, hashes) = SearchDocumentsRecord.read(buf, f) else { ok = false; return false }
                    m.searchDocuments[s] = hashes
                case nil:
                    ok = false
                    return false
                }
                return true
            }
        }
        return ok ? m : nil
    }

    /// True when every output file the manifest lists has the size and modification time it
    /// records: a stat each, on all cores. Only `output` lines are split into fields (the article
    /// records, most of the bytes, are skipped by their first word), and each file is stat'ed
    /// relative to the deepest folder it shares with the file before it (`Stamper`).
    func outputsAsRecorded(in root: String) -> Bool {
        guard let folder = FileSystem.Directory(root) else { return false }
        let chunks = 64
        let span = max(1, (recordsEnd - recordsStart + chunks - 1) / chunks)
        let intact = parallelMap(chunks) { c -> Bool in
            bytes.withUnsafeBufferPointer { buf in
                // The lines that start in this chunk.
                var start = recordsStart + c * span
                let end = min(recordsEnd, start + span)
                guard start < end else { return true }
                if start > recordsStart && buf[start - 1] != 0x0A { start = RecordReader.line(buf, from: start).upperBound + 1 }
                var fields: [Range<Int>] = []
                let stamper = folder.stamper()
                while start < end {
                    let line = RecordReader.line(buf, from: start)
                    start = line.upperBound + 1
                    guard RecordReader.startsWith(buf, line, "output\t") else { continue }
                    RecordReader.split(buf, line, into: &fields)
                    guard BuildManifest.OutputRecord.fileIsAsRecorded(buf, fields, stamper: stamper) else { return false }
                }
                return true
            }
        }
        return !intact.contains(false)
    }

    /// Every output path the manifest lists, from whatever lines are whole: enough to tell which
    /// files of the output a build wrote even when the manifest is damaged. Empty for a file that
    /// is not a manifest.
    func recordedOutputPaths() -> Set<String> {
        var paths = Set<String>()
        bytes.withUnsafeBufferPointer { buf in
            guard buf[RecordReader.line(buf, from: 0)].elementsEqual(BuildManifest.formatVersion.utf8) else { return }
            RecordReader.forEachLine(buf) { line, f in
                if line.upperBound < buf.count, ManifestRecordKind(buf, f[0]) == .output,
                   let (path, _) = BuildManifest.OutputRecord.read(buf, f, line: line) {
                    paths.insert(path)
                }
                return true
            }
        }
        return paths
    }
}
