/// Texts made from pieces in one allocation, each piece's bytes copied once. A build makes paths
/// like these by the ten thousand: `a + b + c` made a string per `+` and grew each, and
/// interpolation went through a buffer of its own.
extension String {
    /// `a` then `b`.
    package static func joining(_ a: String, _ b: String) -> String {
        var (a, b) = (a, b)
        return a.withUTF8 { a in b.withUTF8 { b in made(a, separator: nil, b) } }
    }

    /// `folder/name`.
    package static func joiningPath(_ folder: String, _ name: String) -> String {
        var (folder, name) = (folder, name)
        return folder.withUTF8 { f in name.withUTF8 { n in made(f, separator: 0x2F, n) } }
    }

    /// `prefix`, `number` in decimal, `suffix`: `search/d/17.json`.
    package static func joining(_ prefix: String, number: Int, _ suffix: String) -> String {
        var (prefix, suffix) = (prefix, suffix)
        return prefix.withUTF8 { p in
            suffix.withUTF8 { s in
                String(unsafeUninitializedCapacity: p.count + 21 + s.count) { out in
                    guard let to = out.baseAddress else { return 0 }
                    if let from = p.baseAddress { to.update(from: from, count: p.count) }
                    var n = p.count
                    if number < 0 { to[n] = 0x2D; n += 1 }
                    n += Digits.count(UInt64(number.magnitude))
                    _ = Digits.write(UInt64(number.magnitude), endingAt: to + n)
                    if let from = s.baseAddress { (to + n).update(from: from, count: s.count) }
                    return n + s.count
                }
            }
        }
    }

    private static func made(_ a: UnsafeBufferPointer<UInt8>, separator: UInt8?, _ b: UnsafeBufferPointer<UInt8>) -> String {
        let middle = separator == nil ? 0 : 1
        return String(unsafeUninitializedCapacity: a.count + middle + b.count) { out in
            guard let to = out.baseAddress else { return 0 }
            if let from = a.baseAddress { to.update(from: from, count: a.count) }
            if let separator { to[a.count] = separator }
            if let from = b.baseAddress { (to + a.count + middle).update(from: from, count: b.count) }
            return a.count + middle + b.count
        }
    }
}
