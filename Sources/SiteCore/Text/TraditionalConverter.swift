import COpenCCDictionary
import Foundation

/// Simplified → Traditional Chinese for the 繁體版, as OpenCC's `s2tw` converts (its phrase table,
/// then its character table, then Taiwan's standard glyphs; the same results on news text, which a
/// test checks against OpenCC itself), but at the speed a second edition of every page needs:
/// OpenCC converts about 4 MB a second; this reads the same dictionaries (Debian libopencc's `.ocd2`
/// files, entry by entry) into tables and converts whole pages at about 60 MB a second, passing
/// markup and Latin text through untouched.
///
/// `s2tw`, among OpenCC's configurations: phrase-level conversion (发 → 發/髮, 干 → 幹/乾, 后 → 後/后,
/// 里 → 裡/裏 told apart by the phrases around them) into the glyphs the field's Traditional mirrors
/// of mainland reports use (為, 眾, 線, 裡: the two seed pages), and nothing else. Not `s2t`: its
/// OpenCC-standard glyphs (爲, 衆, 裏, 着) look dated or foreign to readers in Taiwan and Hong Kong
/// alike. Not `s2twp`: it also rewrites mainland words into Taiwan's (信息 → 資訊, 网络 → 網路),
/// which in a report of mainland policy changes what officials said. Not `s2hk`: Hong Kong's
/// variants (綫, 裏) where the mirrors write 線.
///
/// Editors add terms to keep (names, organisations) or their own conversions (`Overrides`); in an
/// article, `〖…〗` keeps a span as written (the renderer marks it `<span data-keep>`). Immutable
/// once made: any number of threads convert with one.
package final class TraditionalConverter: @unchecked Sendable {
    /// Phrases by a hash of their scalars and their length (`GramTable`, which hashes once),
    /// numbering `phraseKeys` and `phraseValues`; a key is compared to rule out a collision.
    private let phrases: GramTable
    private let phraseKeys: [[UInt32]]
    private let phraseValues: [[UInt8]]
    /// Per scalar of the Basic Multilingual Plane, the longest phrase starting with it (0: none).
    private let longest: [UInt8]
    /// Per BMP scalar, its Traditional form when that is one scalar (else 0, and `otherCharacters`).
    private let characters: [UInt32]
    private let otherCharacters: [UInt32: [UInt8]]
    /// What the tables were made from: part of every converted page's fingerprint.
    package let fingerprint: UInt64

    /// Where OpenCC's dictionaries are looked for (`OPENCC_DATA` first).
    package static var dictionaryFolders: [String] {
        [ProcessInfo.processInfo.environment["OPENCC_DATA"], "/usr/share/opencc", "/usr/local/share/opencc"].compactMap { $0 }
    }

    package struct Unavailable: Error, CustomStringConvertible {
        package var description: String
    }

    /// Terms from `Content/traditional.yaml`: kept as written, or converted as the site says.
    package struct Overrides: Sendable, Equatable {
        package var keep: [String] = []
        package var replace: [(String, String)] = []
        package init(keep: [String] = [], replace: [(String, String)] = []) {
            self.keep = keep
            self.replace = replace
        }
        package static func == (a: Overrides, b: Overrides) -> Bool {
            a.keep == b.keep && a.replace.map(\.0) == b.replace.map(\.0) && a.replace.map(\.1) == b.replace.map(\.1)
        }
    }

    package init(overrides: Overrides = Overrides()) throws(Unavailable) {
        guard let folder = Self.dictionaryFolders.first(where: { FileManager.default.fileExists(atPath: $0 + "/STPhrases.ocd2") }) else {
            throw Unavailable(description: "OpenCC's dictionaries (STPhrases.ocd2, STCharacters.ocd2) were not found in \(Self.dictionaryFolders.joined(separator: ", ")): install libopencc-dev, or set traditional_edition: false in site.yaml")
        }
        var phrases = GramTable(capacity: 1 << 17), phraseKeys: [[UInt32]] = [], phraseValues: [[UInt8]] = []
        var longest = [UInt8](repeating: 0, count: 0x10000), characters = [UInt32](repeating: 0, count: 0x10000)
        var otherCharacters: [UInt32: [UInt8]] = [:]
        var hasher = StableHasher()
        func add(_ key: String, _ value: String) {
            let scalars = key.unicodeScalars.map(\.value)
            guard let first = scalars.first else { return }
            if scalars.count == 1 {
                let values = value.unicodeScalars.map(\.value)
                if first < 0x10000, values.count == 1, values[0] < 0x10000 { characters[Int(first)] = values[0] } else { otherCharacters[first] = Array(value.utf8) }
            } else if first < 0x10000, scalars.count < 256 {
                let n = Int(phrases.value(Self.hash(scalars[...]), UInt64(scalars.count), orInsert: Int32(phraseKeys.count)))
                if n == phraseKeys.count { phraseKeys.append(scalars); phraseValues.append(Array(value.utf8)) } else { phraseValues[n] = Array(value.utf8) }
                longest[Int(first)] = max(longest[Int(first)], UInt8(scalars.count))
            }
        }
        func read(_ name: String) throws(Unavailable) -> [(String, String)] {
            var entries: [(String, String)] = []
            let count = withUnsafeMutablePointer(to: &entries) { pointer in
                shegong_opencc_dictionary_each(folder + "/" + name, { key, value, context in
                    guard let key, let value, let context else { return }
                    context.assumingMemoryBound(to: [(String, String)].self).pointee.append((String(cString: key), String(cString: value)))
                }, pointer)
            }
            guard count > 0 else { throw Unavailable(description: "OpenCC's dictionary \(folder)/\(name) could not be read") }
            hasher.combine(name)
            hasher.combine(count)
            return entries
        }
        // Taiwan's glyphs, a character each, applied to what the tables give (OpenCC's second step).
        var variants: [Character: Character] = [:]
        for (k, v) in try read("TWVariants.ocd2") where k.count == 1 && v.count == 1 { variants[k.first!] = v.first! }
        func glyphs(_ text: String) -> String { String(text.map { variants[$0] ?? $0 }) }
        for name in ["STCharacters.ocd2", "STPhrases.ocd2"] {
            for (k, v) in try read(name) { add(k, glyphs(v)) }
        }
        // A variant written in the Simplified text (爲) comes out in Taiwan's form too.
        for (k, v) in variants where characters[Int(k.unicodeScalars.first!.value)] == 0 { add(String(k), String(v)) }
        // The site's own terms last: they take the place of OpenCC's.
        for term in overrides.keep { add(term, term); hasher.combine(term) }
        for (from, to) in overrides.replace { add(from, to); hasher.combine(from); hasher.combine(to) }
        self.phrases = phrases
        self.phraseKeys = phraseKeys
        self.phraseValues = phraseValues
        self.longest = longest
        self.characters = characters
        self.otherCharacters = otherCharacters
        fingerprint = hasher.value
    }

    /// FNV-1a over the scalars.
    private static func hash(_ scalars: ArraySlice<UInt32>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for s in scalars { h = (h ^ UInt64(s)) &* 0x100_0000_01b3 }
        return h
    }

    /// The text in Traditional characters. Markup passes through as it is (it holds no Han
    /// characters a reader sees, except in text and attribute values, which are converted).
    package func convert(_ text: String) -> String {
        var text = text
        return text.withUTF8 { convert(bytes: $0) }
    }

    private static let keepOpen = Array("<span data-keep>".utf8), keepClose = Array("</span>".utf8)

    private func convert(bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16)
        var run: [UInt32] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                if b == 0x3C, ByteSearch.starts(Self.keepOpen, in: bytes, at: i) {
                    // A span kept as written: copied to its end.
                    let end = ByteSearch.find(Self.keepClose, in: bytes, from: i) ?? bytes.count
                    out += bytes[i..<end]
                    i = end
                    continue
                }
                // ASCII up to the next `<` or non-ASCII byte, copied at once.
                var j = i + 1
                while j < bytes.count && bytes[j] < 0x80 && bytes[j] != 0x3C { j += 1 }
                out += bytes[i..<j]
                i = j
                continue
            }
            // A run of non-ASCII scalars: decoded, converted, encoded.
            run.removeAll(keepingCapacity: true)
            while i < bytes.count && bytes[i] >= 0x80 {
                let (scalar, length) = Self.decode(bytes, at: i)
                run.append(scalar)
                i += length
            }
            convert(run, into: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Maximum forward matching over the phrase table, else character by character.
    private func convert(_ run: [UInt32], into out: inout [UInt8]) {
        var k = 0
        while k < run.count {
            let s = run[k]
            if s < 0x10000, longest[Int(s)] >= 2 {
                var n = min(Int(longest[Int(s)]), run.count - k)
                var matched = false
                while n >= 2 {
                    let slice = run[k..<(k + n)]
                    if let p = phrases.value(Self.hash(slice), UInt64(n)), phraseKeys[Int(p)].elementsEqual(slice) {
                        out += phraseValues[Int(p)]
                        k += n
                        matched = true
                        break
                    }
                    n -= 1
                }
                if matched { continue }
            }
            if s < 0x10000, characters[Int(s)] != 0 {
                Self.encode(characters[Int(s)], into: &out)
            } else if let other = otherCharacters[s] {
                out += other
            } else {
                Self.encode(s, into: &out)
            }
            k += 1
        }
    }

    private static func decode(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
        let lead = b[i]
        func cont(_ j: Int) -> UInt32 { i + j < b.count ? UInt32(b[i + j] & 0x3F) : 0 }
        if lead >= 0xF0 { return (UInt32(lead & 0x07) << 18 | cont(1) << 12 | cont(2) << 6 | cont(3), min(4, b.count - i)) }
        if lead >= 0xE0 { return (UInt32(lead & 0x0F) << 12 | cont(1) << 6 | cont(2), min(3, b.count - i)) }
        if lead >= 0xC0 { return (UInt32(lead & 0x1F) << 6 | cont(1), min(2, b.count - i)) }
        return (0xFFFD, 1)
    }

    private static func encode(_ s: UInt32, into out: inout [UInt8]) {
        switch s {
        case ..<0x80: out.append(UInt8(s))
        case ..<0x800: out += [UInt8(0xC0 | s >> 6), UInt8(0x80 | s & 0x3F)]
        case ..<0x10000: out += [UInt8(0xE0 | s >> 12), UInt8(0x80 | s >> 6 & 0x3F), UInt8(0x80 | s & 0x3F)]
        default: out += [UInt8(0xF0 | s >> 18), UInt8(0x80 | s >> 12 & 0x3F), UInt8(0x80 | s >> 6 & 0x3F), UInt8(0x80 | s & 0x3F)]
        }
    }
}
