import Foundation
import PreviewServer
import SiteCore
import SiteGenerator
import Testing

@Suite("Search: normalisation, units, index files")
struct SearchIndexTests {
    func units(_ text: String) -> [String] {
        var words = SearchUnits.WordTable()
        return SearchUnits.units(text, words: &words).map(words.text)
    }

    @Test("the postings pool gives back each key's bytes as appended, across slices and as the pool grows and moves")
    func postingsPool() {
        // A small pool, so that it grows (and its mapping may move) many times; keys appended in
        // turns, as documents do, some with zero bytes and some past the largest slices.
        let pool = PostingsPool(capacity: 1 << 12)
        var generator = SystemRandomNumberGenerator()
        let sizes = [0, 1, 3, 4, 5, 13, 17, 60, 199, 200, 201, 5_000, 40_000]
        var expected = [[UInt8]](repeating: [], count: sizes.count)
        var writes = sizes.map { _ in pool.newKey() }
        let firsts = writes
        var writer = PostingsPool.Writer(pool)
        var lengths = [UInt32](repeating: 0, count: sizes.count)
        var turn = 0
        while expected.indices.contains(where: { expected[$0].count < sizes[$0] }) {
            for k in sizes.indices where expected[k].count < sizes[k] {
                for _ in 0..<min(sizes[k] - expected[k].count, 1 + turn % 7) {
                    let byte = UInt8.random(in: 0...255, using: &generator) & (turn % 3 == 0 ? 0 : 0xFF)
                    writer.append(byte, at: &writes[k])
                    expected[k].append(byte)
                    lengths[k] += 1
                }
            }
            turn += 1
        }
        #expect(pool.mappedBytes > 1 << 12)
        for k in sizes.indices {
            var out: [UInt8] = [9]
            pool.append(first: firsts[k], length: Int(lengths[k]), to: &out)
            #expect(out == [9] + expected[k], "key \(k) of \(sizes[k]) bytes")
            var tail: [UInt8] = []
            pool.append(first: firsts[k], length: Int(lengths[k]), skipping: min(3, sizes[k]), to: &tail)
            #expect(tail == Array(expected[k].dropFirst(3)))
        }
        // A varint read back from its first bytes, whatever the slices it lies in.
        var w = pool.newKey()
        let first = w
        var n = writer.appendVarint(300_000, at: &w)
        n += writer.appendVarint(5, at: &w)
        let read = pool.firstVarint(first: first, length: Int(n))
        #expect(read.value == 300_000 && read.size == 3 && SearchIndex.varintLength(300_000) == 3)
        #expect(SearchIndex.varintLength(0) == 1 && SearchIndex.varintLength(127) == 1 && SearchIndex.varintLength(128) == 2)
    }

    @Test("Traditional characters, full-width and upper-case letters normalise")
    func normalisation() {
        func n(_ s: String) -> String { String(String.UnicodeScalarView(s.unicodeScalars.map { Unicode.Scalar(SearchText.normalize($0.value))! })) }
        #expect(n("鄉鎮社會工作") == "乡镇社会工作")
        #expect(n("廣州ＳＯＣＩＡＬ２０２３") == "广州social2023")
        #expect(n("Social Work") == "social work")
        #expect(n("永康市") == "永康市")
    }

    @Test("units: Han characters and digits one by one, words of letters, one separator per run of anything else, none at the ends")
    func unitsOfText() {
        #expect(units("社工站2023年 Social-Work，臨沂") == ["社", "工", "站", "2", "0", "2", "3", "年", "·", "social", "·", "work", "·", "临", "沂"])
        #expect(units("Covid19，２０人") == ["covid", "1", "9", "·", "2", "0", "人"])
        #expect(units("——夕，永康市……") == ["夕", "·", "永", "康", "市"])
        #expect(units("ＮＧＯ参与") == ["ngo", "参", "与"])
        #expect(units(String(repeating: "a", count: 40)) == [String(repeating: "a", count: 24)])
        var words = SearchUnits.WordTable()
        #expect(SearchUnits.keyUnits("·社2023年", words: &words).map(words.text) == ["·", "社", "2", "0", "2", "3", "年"])
        #expect(SearchUnits.keyUnits("ngo参与", words: &words).map(words.text) == ["ngo", "参", "与"])
    }

    @Test("bucket numbers are FNV-1a of the key's UTF-8, as search.js computes them")
    func buckets() {
        // Expected values from an independent FNV-1a implementation.
        #expect(SearchText.bucket(of: "社工", buckets: 256) == 191)
        #expect(SearchText.bucket(of: "社工", buckets: 128) == 63)
        #expect(SearchText.bucket(of: "永康", buckets: 128) == 23)
        #expect(SearchText.bucket(of: "social", buckets: 128) == 82)
        #expect(SearchText.bucket(of: "2023", buckets: 128) == 76)
        #expect(SearchIndex.bucketCount(documents: 10) == 4)
        #expect(SearchIndex.bucketCount(documents: 10_000) == 4096)
    }

    /// Every key of an index and its postings, decoded: key → (positional, [document: (flags, positions)]).
    func decoded(_ files: IndexFiles) throws -> [String: (Bool, [Int: (Int, [Int])])] {
        var out: [String: (Bool, [Int: (Int, [Int])])] = [:]
        for bytes in files.buckets + files.slots {
            for entry in try #require(SearchIndex.parseEntries(bytes)) {
                var docs: [Int: (Int, [Int])] = [:]
                var i = 0, d = -1
                func varint() -> Int {
                    var v = 0, shift = 0
                    while true { let b = entry.postings[i]; i += 1; v |= Int(b & 0x7F) << shift; if b < 0x80 { return v }; shift += 7 }
                }
                while i < entry.postings.count {
                    d += varint() + 1
                    let counted = varint()
                    var positions: [Int] = [], p = 0
                    if entry.positional { for _ in 0..<(counted >> 2) { p += varint(); positions.append(p) } }
                    docs[d] = (counted & 3, positions)
                }
                #expect(docs.count == entry.documentCount)
                out[String(decoding: entry.text, as: UTF8.self)] = (entry.positional, docs)
            }
        }
        return out
    }

    @Test("skipping varints eight bytes at a time lands where reading them one by one does; too few bytes fail")
    func skipVarints() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            // Values of one to five bytes, mixed as positions are (mostly small gaps, some long).
            let values = (0..<Int.random(in: 0...60, using: &generator)).map { _ in UInt64.random(in: 0..<(1 << [7, 7, 14, 21, 35].randomElement()!)) }
            var bytes: [UInt8] = [], ends: [Int] = []
            for value in values {
                SearchIndex.appendVarint(value, to: &bytes)
                ends.append(bytes.count)
            }
            let offset = Int.random(in: 0...values.count)  // start after some of them
            let from = offset == 0 ? 0 : ends[offset - 1]
            bytes.withUnsafeBufferPointer { p in
                for k in 0...(values.count - offset) {
                    var i = from
                    #expect(SearchIndex.skipVarints(k, p, &i))
                    #expect(i == (k == 0 ? from : ends[offset + k - 1]), "\(values) from \(from), k \(k)")
                }
                var i = from
                #expect(!SearchIndex.skipVarints(values.count - offset + 1, p, &i), "one varint more than there are")
            }
        }
    }

    @Test("postings: documents by gap, title and place flags, positions of each bigram; single characters of short fields by document")
    func postings() throws {
        var docs = (0..<40).map { _ in SearchIndex.Document(title: "其他", places: "", texts: ["无关"], body: []) }
        docs[0] = SearchIndex.Document(title: "永康社工", places: "浙江省 永康市", texts: [], body: ["社工站"])
        docs[38] = SearchIndex.Document(title: "標題", places: "", texts: [], body: ["鄉鎮社工站"])
        let keys = try decoded(SearchIndex.build(docs))
        // 社工: the title (position 2) and the body of document 0; the body of 38.
        let station = try #require(keys["社工"])
        #expect(station.0)
        #expect(station.1[0]?.0 == 1)                 // in the title
        // Positions count from each field's stride: the title's from 0, the body's (field 2 here)
        // from 2 × 1,024. So a longer title moves no position of the body.
        #expect(station.1[0]?.1 == [2, 2048])
        #expect(station.1[38]?.1 == [2048 + 2])
        var retitled = docs
        retitled[38].title = "一个长得多的新标题"
        #expect(try decoded(SearchIndex.build(retitled))["工站"]?.1[38]?.1 == [2048 + 3])
        #expect(keys["工站"]?.1[38]?.1 == [2048 + 3])
        #expect(keys["乡镇"]?.1.keys.sorted() == [38])  // indexed in Simplified
        #expect(keys["永康"]?.1[0]?.0 == 3)             // title and place names
        #expect(keys["浙江"]?.1[0]?.0 == 2)             // place names only
        // Single characters of the title and short fields, by document; none from the body.
        #expect(keys["标"]?.0 == false)
        #expect(keys["站"] == nil)
        // No bigram spans two fields.
        #expect(keys["工浙"] == nil && keys["社浙"] == nil)
    }

    @Test("common grams: documents only for them, positions under the grams one unit longer")
    func commonGrams() throws {
        // 社工 in all six documents, each time between other characters.
        let before = Array("甲乙丙丁戊己"), after = Array("东南西北中外")
        let docs = (0..<6).map { n in SearchIndex.Document(title: "第\(n)篇", places: "", texts: [], body: ["\(before[n])社工\(after[n])"]) }
        let files = SearchIndex.build(docs, threshold: 4)
        let keys = try decoded(files)
        #expect(files.common == ["社工"])
        #expect(keys["社工"]?.0 == false)             // documents only, in all six
        #expect(keys["社工"]?.1.count == 6)
        #expect(keys["甲社"]?.0 == true)              // the bigrams around it keep positions,
        #expect(keys["甲社工"]?.1[0]?.1 == [2048])    // and it is indexed through the grams one unit longer on either side
        #expect(keys["社工东"]?.1[0]?.1 == [2049])    // (the body, field 2, counted from 2 × 1,024)
        #expect(keys["工东"]?.0 == true)
        // The same index whatever the number of runs it is built in.
        #expect(SearchIndex.build(docs, threshold: 4, parts: 3).buckets == files.buckets)
        #expect(SearchIndex.build(docs, threshold: 4, parts: 1).buckets == files.buckets)
    }

    @Test("common grams found by counting only where they can be common equal those of counting every gram")
    func commonGramsAgainstCountingAll() throws {
        // Texts of a few characters, so that many grams of two to four are in more than 30 of 80 documents.
        var seed: UInt64 = 7
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33) % n
        }
        let alphabet = Array("社工站服务老人，")
        let docs = (0..<80).map { n in
            SearchIndex.Document(title: "第\(n)篇", places: "", texts: [],
                                 body: [String((0..<(40 + next(60))).map { _ in alphabet[next(next(4) == 0 ? alphabet.count : 2)] })])
        }
        let threshold = 30
        let found = Set(SearchIndex.build(docs, threshold: threshold).common)
        // Counting every gram: in how many documents each is (grams within a field, no break in them).
        var words = SearchUnits.WordTable()
        var documentsOf: [[UInt32]: Int] = [:]
        for doc in docs {
            let u = doc.units(words: &words).units
            var seen = Set<[UInt32]>()
            for n in 2...4 where u.count >= n {
                for i in 0...(u.count - n) where !u[i..<(i + n)].contains(0) { seen.insert(Array(u[i..<(i + n)])) }
            }
            for gram in seen { documentsOf[gram, default: 0] += 1 }
        }
        let frequent = Set(documentsOf.filter { $0.value > threshold }.keys)
        let two = frequent.filter { $0.count == 2 }
        let three = frequent.filter { $0.count == 3 && (two.contains(Array($0[0...1])) || two.contains(Array($0[1...2]))) }
        let four = frequent.filter {
            $0.count == 4 && (two.contains(Array($0[0...1])) || two.contains(Array($0[1...2])) || two.contains(Array($0[2...3])))
                && (three.contains(Array($0[0...2])) || three.contains(Array($0[1...3])))
        }
        #expect(!two.isEmpty && !three.isEmpty && !four.isEmpty)
        let expected = Set((two.union(three).union(four)).map { $0.map(words.text).joined() })
        #expect(found == expected)
        // Bigrams counted through the hash table rather than by pairs of frequent units: the same.
        #expect(Set(SearchIndex.build(docs, threshold: threshold, denseUnits: 0).common) == expected)
    }

    @Test("an index built in passes, its documents and pieces in a scratch file on disk, has the bytes of one pass in memory")
    func passesAndScratch() throws {
        // 2,600 documents sharing a text of 700 characters: its 699 bigrams are big keys (in more
        // than 2,500 documents), more than the 512 slots of 2,600 documents, so some go to buckets.
        let shared = String((0..<700).map { Character(Unicode.Scalar(0x4E00 + $0)!) })
        let docs = (0..<2600).map { n in
            SearchIndex.Document(title: "第\(n)篇 report\(n % 13)", places: "浙江省", texts: ["摘要"], body: [shared, "编号\(n)社工站"])
        }
        let one = SearchIndex.build(docs, passes: 1)
        #expect(one.bigKeys.count == 512)
        #expect(one.common.isEmpty)
        let folder = TemporaryFolder()
        var words = SearchUnits.WordTable()
        let units = docs.map { $0.units(words: &words) }
        let scratch = try ScratchFile(directory: folder.path)
        let stored = try #require(scratch.append(units.map(\.encoded)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)  // unlinked at once
        let passes = SearchIndex.build(count: docs.count, words: words, passes: 3, scratch: scratch) { d in
            SearchIndex.DocumentUnits(encoded: scratch.read(stored.lowerBound + d)!)!
        }
        #expect(passes.intact && scratch.failure == nil)
        #expect(passes.buckets == one.buckets)
        #expect(passes.slots == one.slots)
        #expect(passes.bigKeys.map(\.key) == one.bigKeys.map(\.key) && passes.bigKeys.map(\.slot) == one.bigKeys.map(\.slot))
        #expect(passes.lengths == one.lengths)
        // A key past the slots sits in its bucket, in key order there.
        let bucketed = try decoded(one)
        #expect(bucketed.count > 699)
    }

    @Test("past one pass, passes are planned by the keys in each bucket of their first two units (common grams add longer ones), with one pass's bytes")
    func passesByKeys() throws {
        // 社工 is common (in all 300 documents, threshold 200): its positions go to 社工站, 驻社工…,
        // so a unit makes more keys than one; units alone would under-count the postings.
        let docs = (0..<300).map { n in
            SearchIndex.Document(title: "第\(n)篇", places: "浙江省", texts: ["青少年"],
                                 body: [String(repeating: "驻站社工开展服务，", count: 1 + n % 5) + "编号\(n)"])
        }
        let one = SearchIndex.build(docs, threshold: 200, passes: 1)
        #expect(one.common.contains("社工"))
        // Every key occurrence the builder made: the occurrence counts of every key in every document.
        var keys = 0, units = 0
        for bytes in one.buckets + one.slots {
            for entry in try #require(SearchIndex.parseEntries(bytes)) {
                try entry.postings.withUnsafeBufferPointer { p in
                    var i = 0
                    while i < p.count {
                        _ = try #require(SearchIndex.varint(p, &i))
                        let counted = try #require(SearchIndex.varint(p, &i))
                        keys += counted >> 2
                        if entry.positional { #expect(SearchIndex.skipVarints(counted >> 2, p, &i)) }
                    }
                }
            }
        }
        var words = SearchUnits.WordTable()
        for doc in docs { units += doc.units(words: &words).units.filter { $0 != 0 }.count }
        #expect(keys > units)
        // More than one pass by units; then as many passes as the keys ask for, each their share.
        let perPass = (units: units / 2, keys: keys / 4)
        let planned = SearchIndex.build(docs, threshold: 200, perPass: perPass)
        #expect(planned.passes == (keys + perPass.keys - 1) / perPass.keys)
        #expect(planned.buckets == one.buckets && planned.slots == one.slots)
        // The plan counts exactly the keys the builder makes: one pass holds them all, one fewer does not.
        #expect(SearchIndex.build(docs, threshold: 200, perPass: (units: units / 2, keys: keys)).passes == 1)
        #expect(SearchIndex.build(docs, threshold: 200, perPass: (units: units / 2, keys: keys - 1)).passes == 2)
        // Up to one pass's units: one pass, whatever the keys.
        #expect(SearchIndex.build(docs, threshold: 200, perPass: (units: units, keys: 1)).passes == 1)
        // Passes after the first read their positions from the first's `PassSlices`, flags of the
        // next position included: 甲社工 is a key because the common 社工 follows 甲 (甲社, in a
        // seventh of the documents, is not common). One pass's bytes however the keys fall.
        let varied = (0..<300).map { n in
            SearchIndex.Document(title: "第\(n)篇", places: "浙江省", texts: ["青少年"],
                                 body: [Array("甲乙丙丁戊己庚")[n % 7].description + "社工开展服务，编号\(n)"])
        }
        let once = SearchIndex.build(varied, threshold: 200, passes: 1)
        #expect(once.common.contains("社工") && !once.common.contains("甲社"))
        for passes in 2...6 {
            let built = SearchIndex.build(varied, threshold: 200, passes: passes)
            #expect(built.buckets == once.buckets && built.slots == once.slots, "\(passes) passes")
        }
    }

    @Test("the first pass leaves each later pass its own positions (those the plan gives it), their flags and the breaks; a record cut short is refused")
    func passSlices() throws {
        var words = SearchUnits.WordTable()
        let document = SearchIndex.Document(title: "永康市社工站开展活动", places: "浙江省 金华市", texts: ["青少年"],
                                            body: ["驻站社工走访困难家庭，了解需求。", "word 社工 服务"]).units(words: &words)
        let u = document.units
        var weights: [UInt32] = []
        SearchIndex.PassPlan.count(u, into: &weights)
        let plan = SearchIndex.PassPlan(weights: weights, passes: 3)
        // Flags of every kind (three bits), the last position's always 0.
        let c = u.indices.map { UInt8(($0 * 5 + 3) % 8) } + [0]
        let record = u.withUnsafeBufferPointer { u in
            c.withUnsafeBufferPointer { PassSlices.encode(u, $0, shortEnd: document.shortEnd, plan: plan) }
        }
        for pass in 1..<3 {
            var expected: [[Int]] = []
            u.withUnsafeBufferPointer { b in
                for i in b.indices where b[i] != 0 {
                    // Grams read the flags; a single unit's key (a word, a character of a short field) does not.
                    let (single, grams) = plan.passes(at: i, b)
                    if grams == pass {
                        expected.append([i, Int(c[i] | c[i + 1] << 3)])
                    } else if single == pass && SearchIndex.hasSingleKey(b[i], at: i, shortEnd: document.shortEnd) {
                        expected.append([i, 0])
                    }
                }
            }
            var listed: [[Int]] = [], breaks: [Int] = []
            let whole = record.withUnsafeBufferPointer { b -> Bool in
                guard let slice = PassSlices.Slice(b, pass: pass, passes: 3) else { return false }
                slice.forEachBreak { breaks.append($0) }
                return slice.forEachPosition(below: u.count) { listed.append([$0, Int($1)]) }
            }
            #expect(whole)
            #expect(!expected.isEmpty && listed == expected, "pass \(pass)")
            #expect(breaks == u.indices.filter { u[$0] == 0 })
        }
        // Pass 0 visits every position itself; a pass past the plan's, or a record cut short, is not read.
        #expect(record.withUnsafeBufferPointer { PassSlices.Slice($0, pass: 0, passes: 3) } == nil)
        #expect(record.withUnsafeBufferPointer { PassSlices.Slice($0, pass: 3, passes: 3) } == nil)
        #expect(Array(record.dropLast()).withUnsafeBufferPointer { PassSlices.Slice($0, pass: 2, passes: 3) } == nil)
        // A list that names a position past the document's units is refused.
        #expect(!record.withUnsafeBufferPointer { b in
            PassSlices.Slice(b, pass: 2, passes: 3)!.forEachPosition(below: u.count / 2) { _, _ in }
        })
    }

    @Test("passes share the postings: buckets of keys go heaviest first to the lightest pass, a heavy unit's keys shared out by the unit after it")
    func passPlan() {
        // Bucket 1 outweighs the rest together; hashing could have put 2 and 3 with it.
        var weights = [UInt32](repeating: 0, count: 10)
        weights[1] = 100; weights[2] = 60; weights[3] = 40; weights[4] = 1; weights[7] = 1
        let plan = SearchIndex.PassPlan(weights: weights, passes: 2)
        var load = [0, 0]
        for b in weights.indices { load[plan.pass(ofBucket: b)] += Int(weights[b]) }
        #expect(load == [101, 101])
        #expect(plan.pass(ofBucket: 2) == plan.pass(ofBucket: 3) && plan.pass(ofBucket: 1) != plan.pass(ofBucket: 2))
        #expect(plan.pass(ofBucket: SearchIndex.PassPlan.buckets - 1) == 0)  // a bucket without weight: the first pass
        // The number of passes: one per `unitsPerPass` occurrences.
        #expect(SearchIndex.PassPlan(weights: weights).count == 1)
        weights[5] = UInt32(2 * SearchIndex.unitsPerPass)
        #expect(SearchIndex.PassPlan(weights: weights).count == 3)

        // One unit (的, say) in every other place: half of all keys start with it. By their first
        // unit alone one pass would hold that half; by the unit after it too, four passes are even.
        let units = (0..<3000).flatMap { i -> [UInt32] in [1, UInt32(2 + i % 40)] }
        var byBucket: [UInt32] = []
        SearchIndex.PassPlan.count(units, into: &byBucket)
        #expect(byBucket.count == SearchIndex.PassPlan.buckets && byBucket.reduce(0, +) == 6000)
        let four = SearchIndex.PassPlan(weights: byBucket, passes: 4)
        var loads = [0, 0, 0, 0]
        for b in byBucket.indices { loads[four.pass(ofBucket: b)] += Int(byBucket[b]) }
        #expect(loads.max()! <= 1600, "passes \(loads)")
    }

    @Test("patching the index gives the bytes of building it afresh, and declines when a threshold is crossed")
    func patch() throws {
        func doc(_ n: Int) -> SearchIndex.Document {
            let places = ["永康", "秀洲", "芦山", "鄉鎮", "社工站"]
            return SearchIndex.Document(title: "\(places[n % 5])第\(n)号", places: "浙江省", texts: ["摘要 \(n) 社区"],
                                        body: ["正文\(places[(n + 2) % 5])服务 word\(n % 7)，社工站开展活动",
                                               // Long position lists, as a big key's are.
                                               String(repeating: "居民来到社工站。", count: n % 23)])
        }
        let before = (0..<300).map(doc)
        let threshold = 200
        let old = SearchIndex.build(before, threshold: threshold)
        let layout = SearchIndex.Layout(documents: 300, common: old.common, big: Dictionary(uniqueKeysWithValues: old.bigKeys.map { ($0.key, $0.slot) }))
        func read(_ files: IndexFiles) -> (SearchIndex.FileOfKey) -> [UInt8]? {
            { place in
                switch place {
                case .bucket(let b): return files.buckets[b]
                case .slot(let s): return files.slots[s]
                }
            }
        }
        // Document 7 edited (new words, words it no longer has), two added at the end.
        var after = before
        after[7] = SearchIndex.Document(title: "全新标题", places: "浙江省", texts: ["新词"], body: ["uniqueword 独有，社工站开展活动"])
        after += [doc(1000), doc(1001)]
        let changes = [SearchIndex.Change(number: 7, old: before[7], new: after[7]),
                       SearchIndex.Change(number: 300, old: nil, new: after[300]), SearchIndex.Change(number: 301, old: nil, new: after[301])]
        let patched = try #require(SearchIndex.patch(changes, layout: layout, documents: 302, threshold: threshold, read: read(old)))
        let fresh = SearchIndex.build(after, threshold: threshold)
        for (b, bytes) in patched.buckets { #expect(bytes == fresh.buckets[b], "bucket \(b)") }
        for b in fresh.buckets.indices where patched.buckets[b] == nil { #expect(old.buckets[b] == fresh.buckets[b], "bucket \(b) left as it was") }
        #expect(try decoded(fresh)["uniqueword"] != nil)
        // Text appended to a body moves no other key's positions: only the files of the keys it adds
        // are patched (追, 加, 追加, and the grams joining it to the text before across the full stop
        // that had ended the body: nine files, against 72 for a new text), and
        // give a build's bytes.
        var appended = before
        appended[8].body[1] += "追加"  // the end of the body
        let appending = try #require(SearchIndex.patch([SearchIndex.Change(number: 8, old: before[8], new: appended[8])], layout: layout,
                                                       documents: 300, threshold: threshold, read: read(old)))
        let appendedFresh = SearchIndex.build(appended, threshold: threshold)
        #expect(!appending.buckets.isEmpty && appending.buckets.count + appending.slots.count <= 10, "\(appending.buckets.keys.sorted())")
        for b in appendedFresh.buckets.indices { #expect((appending.buckets[b] ?? old.buckets[b]) == appendedFresh.buckets[b], "bucket \(b)") }
        for s in appendedFresh.slots.indices { #expect((appending.slots[s] ?? old.slots[s]) == appendedFresh.slots[s], "slot \(s)") }
        let whole = try #require(SearchIndex.patch([SearchIndex.Change(number: 8, old: before[8], new: after[7])], layout: layout,
                                                   documents: 300, threshold: threshold, read: read(old)))
        #expect(whole.buckets.count > 2 * appending.buckets.count, "a new text patches the files of its old keys and its new")
        // A change that makes a gram common (in more than `threshold` documents) is not patched.
        let crossing = (0..<300).map { n in SearchIndex.Document(title: "标题\(n)", places: "", texts: [], body: [n < 200 ? "罕见词汇" : "别的"]) }
        let base = SearchIndex.build(crossing, threshold: threshold)
        let baseLayout = SearchIndex.Layout(documents: 300, common: base.common, big: [:])
        #expect(!base.common.contains("罕见"))
        let more = (200..<202).map { SearchIndex.Change(number: $0, old: crossing[$0], new: SearchIndex.Document(title: "标题\($0)", places: "", texts: [], body: ["罕见词汇"])) }
        #expect(SearchIndex.patch(more, layout: baseLayout, documents: 300, threshold: threshold, read: read(base)) == nil)
        // A damaged file is refused, so the caller builds afresh.
        #expect(SearchIndex.patch(changes, layout: layout, documents: 302, threshold: threshold, read: { _ in [0xFF, 0xFF] }) == nil)
    }

    @Test("JSON text is safe inside HTML and scripts, and reads back")
    func json() {
        #expect(JSONText.quoted("社工") == "\"社工\"")
        #expect(JSONText.quoted("</script><b>\"x\"&\u{2028}") == "\"\\u003c/script\\u003e\\u003cb\\u003e\\\"x\\\"\\u0026\\u2028\"")
        #expect(JSONText.quoted("a\\b\n\u{1}") == "\"a\\\\b\\n\\u0001\"")
        // Runs between escapes copied whole: 0xE2 starts “ and ” as well as U+2028/9.
        #expect(JSONText.quoted("“社工”\u{2029}站—<") == "\"“社工”\\u2029站—\\u003c\"")
        for text in ["社工", "</script>\"&\u{2028}", "a\\b\n\u{1}", "😀 emoji"] {
            #expect(JSONValue.parse(Array(JSONText.quoted(text).utf8)) == .string(text))
        }
        #expect(JSONValue.parse(Array("{\"a\":[1,\"x\",true,null],\"b\":{}}".utf8))?["a"]?.array?.count == 4)
        #expect(JSONValue.parse(Array("[1,".utf8)) == nil)
        // Strings read a run at a time: escapes first, last or alone, and strings cut short.
        for (json, text) in [("\"\"", ""), ("\"\\\"a\"", "\"a"), ("\"a\\\"\"", "a\""), ("\"\\n\"", "\n"), ("\"社\\u5de5站\"", "社工站")] {
            #expect(JSONValue.parse(Array(json.utf8)) == .string(text), "\(json)")
        }
        #expect(JSONValue.parse(Array("[0,7,2048,123456789012345,1234567890123456789,-5,1.5,2e3,-0.25]".utf8))
                == .array([0, 7, 2048, 123456789012345, 1234567890123456768, -5, 1.5, 2000, -0.25].map(JSONValue.number)))  // 19 digits: the nearest double
        for cut in ["\"abc", "\"abc\\", "\"\\\"", "\"a\\u12\""] { #expect(JSONValue.parse(Array(cut.utf8)) == nil, "\(cut)") }
        #expect(JSONValue.parse(Array(String(repeating: "[", count: 100).utf8)) == nil)
    }
}

/// Chromium from Debian's packages, if installed (`.ci/run` installs it).
let chromiumBinary: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

@Suite("Search in a real browser", .serialized,
       .enabled(if: chromiumBinary != nil || ProcessInfo.processInfo.environment["CI"] != nil))
struct SearchBrowserTests {
    struct Page {
        var status: String
        var titles: [String]
        var marks: [String]
        var dom: String
    }

    /// Loads the search page headless and returns the DOM once the script has run.
    func search(_ query: String, port: Int, extra: String = "") throws -> Page {
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
        let dom = try output(ofRunning: try #require(chromiumBinary), ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000",
                                                          "--dump-dom", "http://127.0.0.1:\(port)/news/search/?q=\(encoded)\(extra)"])
        func all(_ pattern: String) -> [String] {
            let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
            return regex.matches(in: dom, range: NSRange(dom.startIndex..., in: dom)).map { String(dom[Range($0.range(at: 1), in: dom)!]) }
        }
        return Page(status: all(#"id="search-status"[^>]*>(.*?)</p>"#).first ?? "", titles: all(#"class="entry-title"><a href="[^"]*">(.*?)</a>"#),
                    marks: all(#"<mark>(.*?)</mark>"#), dom: dom)
    }

    @Test("queries return the right articles, ranked, highlighted and escaped")
    func queries() throws {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        folder.write("Content/articles/2023/04/linyi-elderly.md", article(title: "临沂社工上门探访独居老人", date: "2023-04-02",
                                                                          region: "shandong/linyi", topics: "[elderly]",
                                                                          body: "社工每周探访独居老人，也关心留守儿童。"))
        folder.write("Content/articles/2023/05/yongkang-elderly.md", article(title: "永康市老年食堂开业", date: "2023-05-02",
                                                                             region: "zhejiang/jinhua/yongkang", topics: "[elderly]",
                                                                             body: "老年食堂每天为高龄老人供应午餐。"))
        _ = try build(folder)
        let server = try PreviewServer(root: folder.path + "/Public", port: 0, liveReload: false)
        server.start()
        defer { server.stop() }
        // The fixture's base URL has the sub-path /news/; the preview serves the folder at the root,
        // so requests under /news/ are mapped by a symbolic link.
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/Public/news", withDestinationPath: folder.path + "/Public")

        let city = try search("永康", port: server.port)
        #expect(city.status == "找到 2 篇与“永康”相关的文章，按相关度排列，完整包含搜索词的在前。")
        #expect(Set(city.titles) == ["永康市老年食堂开业", "永康市社工站全覆盖"])
        #expect(city.marks.contains("永康"))
        let newest = try search("永康", port: server.port, extra: "&sort=new")
        #expect(newest.titles == ["永康市老年食堂开业", "永康市社工站全覆盖"])
        #expect(newest.status.hasSuffix("按时间从新到旧排列。"))

        let topic = try search("防灾减灾", port: server.port)
        #expect(topic.titles == ["秀洲区避灾安置点引入社工"])

        let phrase = try search("九十七名社工", port: server.port)  // in the summary the front matter gives
        #expect(phrase.titles == ["秀洲区避灾安置点引入社工"])
        #expect(phrase.marks.first == "九十七名社工")

        let twoTerms = try search("临沂 独居老人", port: server.port)
        #expect(twoTerms.titles == ["临沂社工上门探访独居老人"])  // the only one with both terms

        let traditional = try search("臨沂", port: server.port)
        #expect(Set(traditional.titles) == ["临沂社工上门探访独居老人", "临沂社工站"])

        let filtered = try search("社工", port: server.port, extra: "&province=shandong&topic=relief")
        #expect(filtered.titles == ["临沂社工站"])

        let none = try search("火星基地", port: server.port)
        #expect(none.titles.isEmpty)
        #expect(none.status == "没有找到与“火星基地”相关的文章。")
        #expect(none.dom.contains("<div id=\"search-suggest\" class=\"search-suggest\" data-count="), "suggestions shown")
        #expect(none.dom.contains("<a href=\"/news/topics/relief/\">社会救助</a>"))
        // Nothing found: its parts that are, with their counts; a province the query names comes first.
        let halves = try search("永康食堂火星基地", port: server.port)  // 永康食堂 is found, 火星基地 is not
        #expect(halves.dom.contains(">永康食堂（1 篇）</a></li>") && !halves.dom.contains(">火星基地（"))
        let noBase = try search("临沂 火星基地 浙江", port: server.port)
        #expect(noBase.dom.contains("<section id=\"suggest-terms\" aria-labelledby=\"suggest-terms-heading\">"), "terms shown")
        #expect(noBase.dom.contains(">临沂（2 篇）</a></li>") && noBase.dom.contains(">浙江（3 篇）</a></li>") && !noBase.dom.contains(">火星基地（"))
        #expect(noBase.dom.contains("<ul id=\"suggest-regions\"><li><a href=\"/news/regions/zhejiang/\" data-name=\"浙江省\">浙江省</a></li>"))
        let filteredOut = try search("永康", port: server.port, extra: "&province=shandong")
        #expect(filteredOut.dom.contains(">在全部栏目和地区中搜索“永康”</a></li>"))

        let hostile = try search("<img src=x onerror=alert(1)>", port: server.port)
        #expect(hostile.status == "没有找到与“&lt;img src=x onerror=alert(1)&gt;”相关的文章。")
        #expect(!hostile.dom.contains("<img src=\"x\""))
        #expect(!hostile.dom.contains("onerror=\"alert"))
    }

    @Test("a rare phrase's article ranks above newer ones holding its bigrams apart; quotes keep only it; Traditional ranks the same; pages of twenty")
    func phraseRanking() throws {
        let folder = TemporaryFolder()
        folder.copyFixture("basic/Content", to: "Content")
        // The phrase, once, in an old article's body.
        folder.write("Content/articles/2015/02/shouhu.md", article(title: "冬夜里的一次走访", date: "2015-02-03", region: "zhejiang/jinhua/yongkang",
                                                                   body: "那天晚上，社工守护独居老人直到天亮。全年累计服务9603户。老人说：“有你们在，心里踏实。”她笑了。"))
        // Thirty newer articles with both bigrams of each half, apart, in the title and more often.
        for n in 0..<30 {
            folder.write("Content/articles/2023/\(n % 9 + 1 < 10 ? "0" : "")\(n % 9 + 1)/other-\(n).md",
                         article(title: "独居老人有人守护\(n)", date: "2023-0\(n % 9 + 1)-1\(n % 9)", region: "zhejiang/jinhua/yongkang",
                                 body: "社区为独居老人安装呼叫器，志愿者轮流守护。独居老人说，有人守护心里踏实。第\(n)户。累计服务多户，96岁老人也来了。"))
        }
        _ = try build(folder)
        let server = try PreviewServer(root: folder.path + "/Public", port: 0, liveReload: false)
        server.start()
        defer { server.stop() }
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/Public/news", withDestinationPath: folder.path + "/Public")

        let plain = try search("守护独居老人", port: server.port)
        #expect(plain.status.hasPrefix("找到 31 篇"))
        #expect(plain.titles.first == "冬夜里的一次走访")
        #expect(plain.titles.count == 20)                               // the first page
        #expect(plain.dom.contains("id=\"search-more\"") && !plain.dom.contains("id=\"search-more\" class=\"search-more\" type=\"button\" hidden"))
        #expect(plain.marks.first == "守护独居老人")                        // the snippet around the phrase, marked whole
        let quoted = try search("\"守护独居老人\"", port: server.port)
        #expect(quoted.titles == ["冬夜里的一次走访"])
        let traditional = try search("守護獨居老人", port: server.port)
        #expect(traditional.titles.first == "冬夜里的一次走访")
        #expect(traditional.status.hasPrefix("找到 31 篇"))
        // Punctuation in the query matches any punctuation in the text.
        let punctuated = try search("那天晚上、社工守护", port: server.port)
        #expect(punctuated.titles.first == "冬夜里的一次走访")
        // A number cut short at the end of a copied phrase still matches as a phrase (digits are units).
        let cutNumber = try search("累计服务96", port: server.port)
        #expect(cutNumber.status.hasPrefix("找到 31 篇"))
        #expect(cutNumber.titles.first == "冬夜里的一次走访")
        // Chinese quotation marks inside a copied sentence are its punctuation, not a quoted phrase.
        let copied = try search("心里踏实。”她", port: server.port)
        #expect(copied.titles.first == "冬夜里的一次走访")
        #expect(copied.status.hasPrefix("找到 1 篇"))
        let chineseQuotes = try search("“守护独居老人”", port: server.port)
        #expect(chineseQuotes.titles == ["冬夜里的一次走访"])
    }
}
