import SiteCore

/// `SHA256SUMS` in the output folder: a line per published file, `<sha-256>  <path>`, sorted by
/// path, as `sha256sum -c` reads it. It lets a hash-based sync stay incremental after a fresh
/// clone, when every file has a new modification time, and a deployment be checked
/// (`cd Public && sha256sum -c SHA256SUMS`). A rebuild starts from the last list and hashes only
/// the files it writes: the list is the one owner of the digests.
enum ChecksumList {
    static let path = "SHA256SUMS"

    /// The list for a build whose output holds `paths`: digests of `staged` files as computed when
    /// they were written, the others from the last list, or from the file when the list lacks them.
    static func text(paths: [String], staged: [String: String], previous: [UInt8]?, root: String) -> String {
        let known = previous.map(parse) ?? [:]
        let digests = parallelMap(paths.count) { i -> String in
            let path = paths[i]
            return staged[path] ?? known[path] ?? (try? FileSystem.readBytes(root + "/" + path)).map(ContentDigest.sha256) ?? ""
        }
        return format(Dictionary(uniqueKeysWithValues: zip(paths, digests)))
    }

    /// A list with some digests replaced, every other line as it was.
    static func updating(_ list: [UInt8], with digests: [String: String]) -> String {
        format(parse(list).merging(digests) { $1 })
    }

    /// The lines, in byte order of the paths.
    static func format(_ digests: [String: String]) -> String {
        digests.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { digests[$0]! + "  " + $0 + "\n" }.joined()
    }

    /// path → digest, from a list's bytes (lines that are not `<64 hex>  <path>` are ignored).
    static func parse(_ bytes: [UInt8]) -> [String: String] {
        var digests: [String: String] = [:]
        for line in bytes.split(separator: 0x0A) where line.count > 66 {
            let start = line.startIndex
            guard line[start + 64] == 0x20, line[start + 65] == 0x20 else { continue }
            digests[String(decoding: line[(start + 66)...], as: UTF8.self)] = String(decoding: line[start..<(start + 64)], as: UTF8.self)
        }
        return digests
    }
}
