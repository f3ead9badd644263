import Foundation
import SiteCore
@testable import SiteGenerator
import Testing

/// The manifest written a chunk of records at a time, as a build writes it, and read back.
@Suite("The build manifest, written as its records are made")
struct ManifestTests {
    /// Output records over several rounds of chunks (four chunks of 2,048 at a time), a few left unrecorded.
    static let outputCount = 2 * 4 * 2048 + 77

    static func outputs() -> [(path: String, record: BuildManifest.OutputRecord)?] {
        (0..<outputCount).map { n -> (path: String, record: BuildManifest.OutputRecord)? in
            guard n % 13 != 5 else { return nil }
            let freshness: Freshness = n % 3 == 0 ? .everyBuild : .inputs(UInt64(n) &* 0x9E37_79B9)
            return ("articles/\(n)/index.html", .init(freshness: freshness, stamp: .init(size: Int64(n), modifiedNanoseconds: Int64(n) * 1000)))
        }
    }

    func write(_ manifest: BuildManifest, outputs: [(path: String, record: BuildManifest.OutputRecord)?], to path: String) throws {
        let articles = BuildManifest.Records<BuildManifest.CachedArticle>(count: 0, make: { _ in nil })
        try FileSystem.writeAtomically(to: path) { emit in
            manifest.write(articles: articles, outputs: .init(count: outputs.count) { outputs[$0] }, to: emit)
        }
    }

    @Test("a stamper, stat'ing runs of files by name in their subfolder, gives each file a plain stat's stamp")
    func stamperInRuns() throws {
        let folder = TemporaryFolder()
        // Runs in one subfolder, the same names in others, a file at the top, files and a folder
        // missing; pages each in a folder of their own below a shared one (an archive's month), a
        // folder that is a prefix of another's name (`m/05` and `m/05x`), deeper and shallower turns.
        let paths = ["top.txt", "a/1", "a/2", "a/3", "b/c/1", "a/4", "b/c/2", "b/c/3", "missing/x", "a/missing", "b/c/4", "a/5", "a/6", "b/1",
                     "m/05/p/index.html", "m/05/q/index.html", "m/05/q/photo.jpg", "m/05/r/index.html", "m/05x/s/index.html",
                     "m/05/missing/index.html", "m/05/t/index.html", "m/06/p/index.html", "m/06/q/index.html", "m/index.html", "n/1"]
        for (n, p) in paths.enumerated() where !p.contains("missing") { _ = folder.write(p, String(repeating: "x", count: n)) }
        let stamper = try #require(FileSystem.Directory(folder.path)).stamper()
        for p in paths + paths.reversed() + paths {
            #expect(stamper.stamp(p) == FileSystem.stamp(folder.path + "/" + p), "\(p)")
            // The same, asked with the path's bytes (as a manifest line holds them).
            let bytes = Array(p.utf8)
            #expect(bytes.withUnsafeBufferPointer { stamper.stamp(utf8: $0) } == FileSystem.stamp(folder.path + "/" + p), "\(p)")
        }
        #expect(stamper.stamp("a/missing") == nil && stamper.stamp("missing/x") == nil)
    }

    @Test("a cached article's place in the last manifest, packed, gives back its line; a record made in this build, or one past 4 GB, has none")
    func recordPlace() {
        func record(line: Range<Int>?, document: Int = 7, inFeed: Bool = true) -> BuildManifest.CachedArticle {
            BuildManifest.CachedArticle(stamp: .init(size: 1, modifiedNanoseconds: 2), title: "标题", date: 0, updated: nil, regionPath: "zhejiang",
                                        topics: [], source: nil, author: nil, givenSummary: nil, summary: "", slug: "a", draft: false, editor: nil,
                                        featured: false, specials: [], bodyFirstLine: 6, bodyHash: 0, linksArticles: false, document: document,
                                        inFeed: inFeed, assets: [], warnings: [], line: line)
        }
        let place = BuildManifest.RecordPlace(record(line: 1_000..<1_480, document: 9_999, inFeed: false))
        #expect(place?.line == 1_000..<1_480 && place?.document == 9_999 && place?.inFeed == false)
        #expect(BuildManifest.RecordPlace(record(line: (1 << 32)..<((1 << 32) + 10))) == nil)
        #expect(BuildManifest.RecordPlace(record(line: nil)) == nil)
        #expect(MemoryLayout<BuildManifest.RecordPlace?>.size <= 14)
    }

    @Test("the folder a stamper holds open for two paths is the deepest they share, by whole names")
    func stamperSharedFolder() {
        func shared(_ a: String, _ b: String) -> String {
            let n = Array(a.utf8).withUnsafeBytes { FileSystem.Directory.Stamper.sharedFolderLength($0, Array(b.utf8)) }
            return String(a.prefix(n))
        }
        #expect(shared("articles/2019/05/p", "articles/2019/05/q") == "articles/2019/05")
        #expect(shared("articles/2019/05/p", "articles/2019/06/q") == "articles/2019")
        #expect(shared("articles/2019/05", "articles/2019/05") == "articles/2019/05")
        #expect(shared("articles/2019/05/p", "articles/2019/05") == "articles/2019/05")
        #expect(shared("articles/2019", "articles/2019/05") == "articles/2019")
        #expect(shared("m/05x/s", "m/05/s") == "m")
        #expect(shared("m/05", "m/05x") == "m")
        #expect(shared("search", "searches") == "")
        #expect(shared("search/k", "") == "")
        #expect(shared("a", "b") == "")
    }

    @Test("a no-op's check of an output record stats the path from the line's bytes, an escaped name decoded first")
    func outputRecordCheckedFromBytes() throws {
        let folder = TemporaryFolder()
        let names = ["articles/2026/11/a/index.html", "search/k/1.bin", "odd\\name\twith escapes.html"]
        for name in names { _ = folder.write(name, "x") }
        let stamper = try #require(FileSystem.Directory(folder.path)).stamper()
        func check(_ name: String, stamp: FileSystem.Stamp) -> Bool {
            var line = RecordWriter()
            BuildManifest.OutputRecord(freshness: .inputs(7), stamp: stamp).write(name, to: &line)
            let bytes = Array(line.bytes.dropLast())  // without the newline
            return bytes.withUnsafeBufferPointer { buf in
                var fields: [Range<Int>] = []
                RecordReader.split(buf, 0..<buf.count, into: &fields)
                return BuildManifest.OutputRecord.fileIsAsRecorded(buf, fields, stamper: stamper)
            }
        }
        for name in names {
            let stamp = try #require(FileSystem.stamp(folder.path + "/" + name))
            #expect(check(name, stamp: stamp), "\(name)")
            #expect(!check(name, stamp: .init(size: stamp.size + 1, modifiedNanoseconds: stamp.modifiedNanoseconds)), "\(name)")
        }
        #expect(!check("missing.html", stamp: .init(size: 1, modifiedNanoseconds: 1)))
    }

    @Test("an article record's topics are read in place: slugs between commas, an unknown or partial slug refuses the record")
    func topicsField() {
        func read(_ field: String) -> [Topic]? {
            let bytes = Array(field.utf8)
            return bytes.withUnsafeBufferPointer { buf in
                var cursor = FieldCursor(buf, [0..<buf.count], from: 0)
                return cursor.topics()
            }
        }
        #expect(read("relief,youth,elderly,disaster") == [.relief, .youth, .elderly, .disaster])
        #expect(read("disaster") == [.disaster])
        #expect(read("") == [])
        #expect(read(",youth,,elderly,") == [.youth, .elderly])  // empty places skipped, as ever
        for bad in ["relief,food", "relie", "reliefs", "Youth", "youth,x"] { #expect(read(bad) == nil, "\(bad)") }
    }

    @Test("the scan lists articles, assets, pages and static files by their paths, skipping hidden files and editors' backups")
    func scanPaths() {
        let folder = TemporaryFolder()
        for name in ["articles/2024/01/b.md", "articles/2024/01/社工站.md", "articles/2024/01/a.md", "articles/2024/01/photo.jpg",
                     "articles/2024/01/.a.md.swp", "articles/2024/01/a.md~", "articles/.DS_Store", "articles/.hidden/c.md",
                     "pages/about.md", "pages/notes.txt", "static/robots.txt", "static/.well-known~"] {
            folder.write("Content/" + name, "x")
        }
        let inventory = ContentScanner(root: folder.path + "/Content").scan()
        #expect(inventory.articleFiles == ["articles/2024/01/a.md", "articles/2024/01/b.md", "articles/2024/01/社工站.md"])
        #expect(inventory.articleAssets == ["articles/2024/01/photo.jpg"])
        #expect(inventory.pageFiles == ["pages/about.md"])
        #expect(inventory.staticFiles == ["static/robots.txt"])
        #expect(inventory.paths.count == 7 && Set(inventory.paths) == Set(inventory.stamps.paths))
        #expect(inventory.diagnostics.isEmpty)
    }

    @Test("the scan's stamps: each path's beside it as found; a file with the last build's bytes under a new time takes the recorded stamp in both of the inventory's lists")
    func scanStamps() throws {
        let folder = TemporaryFolder()
        folder.write("Content/articles/2024/01/b.md", "b")
        folder.write("Content/articles/2024/01/a.md", "a")
        folder.write("Content/static/robots.txt", "r")
        folder.write("Content/site.yaml", "title: 站\n")
        var inventory = ContentScanner(root: folder.path + "/Content").scan()
        #expect(inventory.paths.count == 3 && inventory.pathStamps.count == 3)
        for (i, path) in inventory.paths.enumerated() { #expect(inventory.pathStamps[i] == inventory.stamps[path], "\(path)") }
        // The last build saw a.md's bytes under another stamp (as before a fresh checkout).
        let a = "articles/2024/01/a.md"
        let recorded = FileSystem.Stamp(size: 1, modifiedNanoseconds: 42)
        let hash = try #require(FileSystem.contentHash(folder.path + "/Content/" + a))
        let previous = InputStamps([(a, BuildManifest.InputStamp(stamp: recorded, hash: hash))])
        let inputs = Scan.contentStamps(&inventory, contentRoot: folder.path + "/Content", previous: previous)
        #expect(inputs.map(\.path) == ["articles/2024/01/a.md", "articles/2024/01/b.md", "site.yaml", "static/robots.txt"])
        #expect(inputs.first { $0.path == a }?.input.stamp == recorded)
        #expect(inventory.stamps[a] == recorded)
        let place = try #require(inventory.paths.firstIndex(of: a))
        #expect(inventory.pathStamps[place] == recorded)
        for (i, path) in inventory.paths.enumerated() { #expect(inventory.pathStamps[i] == inventory.stamps[path], "\(path)") }
    }

    @Test("file names sort in byte order: memcmp agrees with comparing UTF-8 byte by byte, prefixes and small strings included")
    func byteOrder() throws {
        // Small strings (up to 15 bytes live inline), long ones, non-ASCII (bytes above 0x7F must
        // count as unsigned), a prefix of another, the empty string, and a decomposed é after a
        // precomposed one (Unicode order would call them equal; byte order does not).
        var names = ["", "a", "ab", "abc", "b", "B", "a b", "a\u{7F}", "aé", "ae\u{301}", "社工站", "社工", "社区", "2026-11-30.md",
                     "2026-11-3.md", String(repeating: "长", count: 30), String(repeating: "长", count: 30) + "a", "z\u{FF}".uppercased()]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let length = Int.random(in: 0...24, using: &generator)
            names.append(String((0..<length).map { _ in ["a", "b", "/", "-", "长", "者", "\u{301}", "Z"].randomElement(using: &generator)! }))
        }
        for a in names {
            for b in names {
                #expect(ByteSearch.precedes(a, b) == a.utf8.lexicographicallyPrecedes(b.utf8), "\(a.debugDescription) \(b.debugDescription)")
            }
        }
        let folder = TemporaryFolder()
        for name in ["b.md", "a.md", "社工.md", "Z.md", "a-1.md"] { _ = folder.write(name, "x") }
        #expect(try FileSystem.list(folder.path) == ["Z.md", "a-1.md", "a.md", "b.md", "社工.md"])
        #expect(try FileSystem.listWithTypes(folder.path).map(\.name) == ["Z.md", "a-1.md", "a.md", "b.md", "社工.md"])
    }

    @Test("every record comes back, across chunk boundaries; records carried over are copied byte for byte")
    func roundTrip() throws {
        let folder = TemporaryFolder()
        var header = BuildManifest()
        header.tool = 7
        header.stats = .init(articles: 0, htmlPages: 1, files: Self.outputCount, drafts: 0, future: 0)
        header.searchDocuments[0] = [1, 2, 3]
        let outputs = Self.outputs()
        try write(header, outputs: outputs, to: folder.path + "/first")
        let read = try #require(BuildManifest.read(folder.path + "/first"))
        #expect(read.tool == 7)
        #expect(read.searchDocuments[0] == [1, 2, 3])
        #expect(read.outputs.count == outputs.compactMap { $0 }.count)
        for case let (path, record)? in outputs { #expect(read.outputs[path] == record, "\(path)") }

        // Written again from what was read: each record is its line in the old file, copied.
        var again = header
        again.source = read.source
        let carried = outputs.map { $0.map { ($0.path, read.outputs[$0.path]!) } }
        #expect(carried.allSatisfy { $0 == nil || $0!.1.line != nil })
        try write(again, outputs: carried, to: folder.path + "/second")
        #expect(FileManager.default.contents(atPath: folder.path + "/second") == FileManager.default.contents(atPath: folder.path + "/first"))

        // Every other record carried as a bare line of the old file (`.carried`), the rest made
        // afresh without their lines: the same bytes again, and the same records read back.
        let mixed = BuildManifest.Records<BuildManifest.OutputRecord>(count: outputs.count) { n -> BuildManifest.Records<BuildManifest.OutputRecord>.Entry? in
            guard let (path, _) = outputs[n], let old = read.outputs[path] else { return nil }
            if n % 2 == 0 { return .carried(line: old.line!) }
            return .made(path: path, record: .init(freshness: old.freshness, stamp: old.stamp))
        }
        let noArticles = BuildManifest.Records<BuildManifest.CachedArticle>(count: 0, make: { _ in nil })
        try FileSystem.writeAtomically(to: folder.path + "/third") { again.write(articles: noArticles, outputs: mixed, to: $0) }
        #expect(FileManager.default.contents(atPath: folder.path + "/third") == FileManager.default.contents(atPath: folder.path + "/first"))
        let third = try #require(BuildManifest.read(folder.path + "/third"))
        for case let (path, record)? in outputs { #expect(third.outputs[path] == record, "\(path)") }
    }

    @Test("numbers read eight digits at a time are the numbers read digit by digit; any other byte, a sign alone or too many digits are refused")
    func numbers() {
        func slow(_ text: [UInt8]) -> Int64? {
            guard !text.isEmpty, text.count <= 19 else { return nil }
            var value: Int64 = 0, negative = false
            for (n, b) in text.enumerated() {
                if n == 0 && b == 0x2D && text.count > 1 { negative = true; continue }
                guard b >= 0x30 && b <= 0x39 else { return nil }
                value = value &* 10 &+ Int64(b - 0x30)
            }
            return negative ? -value : value
        }
        func fast(_ text: [UInt8]) -> Int64? {
            // Inside a longer line, as fields are: bytes either side that must not be read as digits.
            let line = Array("9\t".utf8) + text + Array("\t9".utf8)
            return line.withUnsafeBufferPointer { RecordReader.int($0, 2..<(2 + text.count)) }
        }
        var seed: UInt64 = 5
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        let alphabet = Array("0123456789".utf8) + Array("-/:a ".utf8)
        for _ in 0..<20_000 {
            let length = next(22)
            var text = (0..<length).map { _ in UInt8(0x30 + next(10)) }
            if next(3) == 0, length > 0 { text[next(length)] = alphabet[next(alphabet.count)] }
            if next(4) == 0, length > 0 { text[0] = 0x2D }
            #expect(fast(text) == slow(text), "\(String(decoding: text, as: UTF8.self))")
        }
        #expect(fast(Array("1796132903519041428".utf8)) == 1_796_132_903_519_041_428)
        #expect(fast(Array("-12345678".utf8)) == -12_345_678)
        #expect(fast(Array("-".utf8)) == nil && fast([]) == nil && fast(Array("1234567:".utf8)) == nil && fast(Array("12345678/".utf8)) == nil)
    }

    @Test("numbers are written as Swift prints them, decimal and lowercase hex, at either end of their range, and read back as written (decimals up to the reader's 19 bytes)")
    func writtenNumbers() {
        var seed: UInt64 = 3
        var values: [UInt64] = [0, 1, 9, 10, 15, 16, 255, 256, 99_999_999, 100_000_000, UInt64(Int64.max), UInt64(Int64.max) + 1, .max]
        for _ in 0..<2_000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            values.append(seed >> (seed & 63))
        }
        for v in values {
            let signed = Int64(bitPattern: v)
            var out = RecordWriter()
            out.field(signed); out.field(hex: v); out.endLine()
            let line = String(decoding: out.bytes, as: UTF8.self)
            #expect(line == "\(signed)\t\(String(v, radix: 16))\n")
            out.bytes.withUnsafeBufferPointer { buf in
                var fields: [Range<Int>] = []
                RecordReader.split(buf, 0..<(buf.count - 1), into: &fields)
                #expect(RecordReader.hex(buf, fields[1]) == v, "\(line)")
                #expect(RecordReader.int(buf, fields[0]) == (fields[0].count <= 19 ? signed : nil), "\(line)")
            }
        }
    }

    @Test("paths joined in one allocation are the pieces joined: numbers in decimal, empty and Chinese pieces as they are")
    func textsJoined() {
        for number in [0, 7, 10, 99, 100, 4095, 123_456_789, Int.max, -1, -42, Int.min] {
            #expect(String.joining("search/d/", number: number, ".json") == "search/d/\(number).json")
            #expect(String.joining("", number: number, "") == "\(number)")
        }
        #expect(String.joining("page/", number: 12, "/") == "page/12/")
        #expect(String.joiningPath("articles/2024/01", "社工站.md") == "articles/2024/01/社工站.md")
        #expect(String.joiningPath("", "a") == "/a" && String.joiningPath("a", "") == "a/")
        #expect(String.joining("regions/浙江/", "index.html") == "regions/浙江/index.html" && String.joining("", "") == "")
        #expect(OutputPath(directory: "a/b")?.value == "a/b/index.html" && OutputPath(directory: "a/b/")?.value == "a/b/index.html"
                && OutputPath(directory: "")?.value == "index.html")
    }

    @Test("a table by path finds each path's value and no other: every length from 0 to 40 bytes, a byte changed at any place, Chinese names, after a merge")
    func pathTable() {
        // Paths that differ only in one byte, at every place, and in length alone: the words at
        // either end of a path (the last overlapping the one before) must all count.
        var paths: [String] = []
        for length in 0...40 {
            let base = String(repeating: "a", count: length)
            paths.append(base)
            for place in 0..<length {
                var bytes = Array(base.utf8)
                bytes[place] = UInt8(ascii: "b")
                paths.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        paths += ["articles/2024/01/社工站.md", "articles/2024/01/社工站.md\u{0}", "regions/浙江/杭州/index.html", "a\u{0}", "\u{0}"]
        #expect(Set(paths).count == paths.count)
        var table = PathTable<Int>()
        for (i, path) in paths.enumerated() { table[path] = i }
        #expect(table.count == paths.count)
        for (i, path) in paths.enumerated() { #expect(table[path] == i, "\(path)") }
        #expect(table["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"] == nil && table["c"] == nil)
        #expect(Set(table.paths) == Set(paths))
        // Keys equal exactly when their paths are, hashed alike.
        #expect(PathKey("articles/a.md") == PathKey("articles/a.md") && PathKey("articles/a.md").hashValue == PathKey("articles/a.md").hashValue)
        #expect(PathKey("articles/a.md") != PathKey("articles/b.md"))
        // Two tables merged: the second's value where both have a path, each path once.
        var first = PathTable<Int>(), second = PathTable<Int>()
        for (i, path) in paths.enumerated() { if i % 2 == 0 { first[path] = i } else { second[path] = -i } }
        second[paths[0]] = -1000
        first.merge(second) { $1 }
        #expect(first.count == paths.count && first[paths[0]] == -1000 && first[paths[1]] == -1 && first[paths[2]] == 2)
        // Paths shaped like a content folder's, most of them alike but for a word or two: no two
        // hashes the same.
        let realistic = (0..<20_000).map { "articles/20\($0 % 20 + 10)/\($0 % 12 + 1)/zhejiang-station-\($0).md" }
        #expect(Set(realistic.map { PathKey($0).hashValue }).count == realistic.count)
        // And none for the hash a `Dictionary` asks for, with its seed.
        #expect(Set(realistic.map { PathKey($0)._rawHashValue(seed: 12345) }).count == realistic.count)
    }

    @Test("the manifest's checksum is the same however its bytes come in pieces, and tells one changed, added or lost byte")
    func wideChecksum() {
        var seed: UInt64 = 11
        let bytes = (0..<1_000).map { _ -> UInt8 in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: seed >> 33)
        }
        func checksum(_ pieces: [ArraySlice<UInt8>]) -> UInt64 {
            var c = WideChecksum()
            for piece in pieces { c.add(piece) }
            return c.finish()
        }
        let whole = checksum([bytes[...]])
        // Pieces of every length from 1 to 70 (across the 32-byte blocks), and empty pieces between.
        for size in 1...70 {
            let pieces = stride(from: 0, to: bytes.count, by: size).flatMap { start -> [ArraySlice<UInt8>] in
                [bytes[start..<min(bytes.count, start + size)], []]
            }
            #expect(checksum(pieces) == whole, "pieces of \(size)")
        }
        var changed = bytes
        for at in [0, 31, 32, 500, 999] {
            changed[at] ^= 1
            #expect(checksum([changed[...]]) != whole, "byte \(at)")
            changed[at] ^= 1
        }
        #expect(checksum([bytes.dropLast()]) != whole)
        #expect(checksum([(bytes + [0])[...]]) != whole)
        #expect(checksum([]) != checksum([[0]]))
    }

    @Test("a file that cannot be opened for writing throws before any piece is made, and leaves nothing")
    func failedWrite() throws {
        let folder = TemporaryFolder()
        var pieces = 0
        #expect(throws: FileSystem.Failure.self) {
            try FileSystem.writeAtomically(to: folder.path + "/missing-folder/manifest") { emit in
                for _ in 0..<3 { emit([1, 2, 3]); pieces += 1 }
            }
        }
        #expect(pieces == 0)
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/missing-folder/manifest"))
    }
}
