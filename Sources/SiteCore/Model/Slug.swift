/// URL-safe names: lowercase ASCII letters, digits and hyphens, as the content contract says.
/// Everything that becomes a path segment of the output passes through here, which is also
/// what keeps `..`, `/`, NUL and absolute paths out of the output folder.
public enum Slug {
    public static func isValid(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 200 else { return false }
        return s.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }

    /// A suggestion for an invalid slug: lowercased, other characters turned into hyphens.
    public static func suggestion(for s: String) -> String? {
        var out = ""
        for scalar in s.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(Character(scalar)) {
                out.unicodeScalars.append(scalar)
            } else if !out.hasSuffix("-") {
                out += "-"
            }
        }
        while out.hasPrefix("-") { out.removeFirst() }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? nil : out
    }
}
