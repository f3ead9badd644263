/// `SHA256SUMS` in the output folder: a line per published file, `<sha-256>  <path>`, sorted by
/// path, as `sha256sum -c` reads it. It lets a hash-based sync stay incremental after a fresh
/// clone, when every file has a new modification time, and a deployment be checked
/// (`cd Public && sha256sum -c SHA256SUMS`). A rebuild starts from the last list and hashes only
/// the files it writes: the list is the one owner of the digests. (In this module, which is
/// optimised in debug builds too: `swift run build-site` makes the list of 30,000 lines, and
/// unoptimised that took a quarter of a second.)
package enum ChecksumList {
    package static let path = "SHA256SUMS"

    /// The list for a build whose output holds the files `path(0..<count)`: digests of files staged
    /// now as computed when they were written (`staged`, by position), the others from the last
    /// list, or from the file when the list lacks them. Made as one buffer: for 140,000 files a
    /// dictionary, sorted keys and a string per line held the list four times over. Only the files
    /// not staged now are looked up (none, in a full build), and the paths are asked for, not
    /// gathered: at 100,000 articles an array of the 256,000 paths and one of their digests were
    /// 20 MiB over the build's peak.
    package static func text(count: Int, path: @Sendable (Int) -> String, staged: @Sendable (Int) -> SHA256Digest?,
                             previous: [UInt8]?, root: String) -> [UInt8] {
        let known = previous.map(parse) ?? [:]
        let unstaged = (0..<count).filter { staged($0) == nil }
        let found = parallelMap(unstaged.count) { k -> SHA256Digest? in
            let path = path(unstaged[k])
            return known[path] ?? (try? FileSystem.readBytes(root + "/" + path)).map(ContentDigest.sha256)
        }
        var others: [Int: SHA256Digest] = [:]
        for (k, i) in unstaged.enumerated() { others[i] = found[k] }
        return lines(count: count, path: path) { staged($0) ?? others[$0] }
    }

    /// A list with some digests replaced, every other line as it was; a path the list lacks is
    /// put in order.
    package static func updating(_ list: [UInt8], with digests: [String: SHA256Digest]) -> [UInt8] {
        if let replaced = updating(list, with: digests, lines: nil) { return replaced }
        let all = parse(list).merging(digests) { $1 }
        let paths = Array(all.keys)
        return lines(count: paths.count, path: { paths[$0] }) { all[paths[$0]] }
    }

    /// A list with some digests replaced, each written over its line's old one in place (a digest
    /// is a fixed 64 hex digits: no parse, no sort of 30,000 paths). Nil unless every path in
    /// `digests` has a line, and the list has `lines` lines when given.
    package static func updating(_ list: [UInt8], with digests: [String: SHA256Digest], lines expected: Int?) -> [UInt8]? {
        // The list is in byte order of its paths (`lines`), and so are the paths to update: one walk
        // finds them all, comparing bytes (not making and hashing a string of every line's path).
        // A path passed by is not in the list: nil, and the caller makes the list afresh.
        let targets = digests.map { (path: Array($0.key.utf8), digest: $0.value) }.sorted { $0.path.lexicographicallyPrecedes($1.path) }
        var out = list, found = 0, lines = 0, missing = false
        list.withUnsafeBufferPointer { buf in
            var start = 0
            while start < buf.count {
                // (Lines found as the manifest's are, with memchr: at 100,000 articles the list is 26 MB.)
                let line = RecordReader.line(buf, from: start)
                start = line.upperBound + 1
                lines += 1
                guard found < targets.count, !missing, line.count > 66, buf[line.lowerBound + 64] == 0x20, buf[line.lowerBound + 65] == 0x20 else { continue }
                let path = UnsafeBufferPointer(rebasing: buf[(line.lowerBound + 66)..<line.upperBound]), target = targets[found]
                guard target.path.withUnsafeBufferPointer({ ByteSearch.equal(path, $0) }) else {
                    missing = target.path.withUnsafeBufferPointer { ByteSearch.precedes($0, path) }
                    continue
                }
                var hex: [UInt8] = []
                target.digest.appendHex(to: &hex)
                out.replaceSubrange(line.lowerBound..<(line.lowerBound + 64), with: hex)
                found += 1
            }
        }
        guard found == targets.count, expected.map({ $0 == lines }) ?? true else { return nil }
        return out
    }

    /// The lines, in byte order of the paths (each path once); a file that could not be read has
    /// no digest.
    private static func lines(count: Int, path: (Int) -> String, digest: (Int) -> SHA256Digest?) -> [UInt8] {
        let order = (0..<count).sorted { ByteSearch.precedes(path($0), path($1)) }
        var out: [UInt8] = []
        out.reserveCapacity((0..<count).reduce(0) { $0 + path($1).utf8.count + 67 })
        for i in order {
            digest(i)?.appendHex(to: &out)
            out += "  ".utf8
            out += path(i).utf8
            out.append(0x0A)
        }
        return out
    }

    /// path → digest, from a list's bytes (lines that are not `<64 hex>  <path>` are ignored).
    package static func parse(_ bytes: [UInt8]) -> [String: SHA256Digest] {
        var digests: [String: SHA256Digest] = [:]
        for line in bytes.split(separator: 0x0A) where line.count > 66 {
            let start = line.startIndex
            guard line[start + 64] == 0x20, line[start + 65] == 0x20, let digest = SHA256Digest(hex: line[start..<(start + 64)]) else { continue }
            digests[String(decoding: line[(start + 66)...], as: UTF8.self)] = digest
        }
        return digests
    }
}
