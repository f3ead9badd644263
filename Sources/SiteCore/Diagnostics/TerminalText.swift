/// Text from content (titles, file names) on its way to a terminal or a CI log: control
/// characters are shown as escapes, never sent. Raw, an escape sequence could retitle or repaint
/// the terminal, a newline could forge a line (`::error …`) that CI log scanners trust, and a
/// right-to-left override could make a message read backwards.
package enum TerminalText {
    /// C0 and C1 controls, DEL, and the bidirectional embeddings, overrides and isolates.
    package static func isControl(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x061C, 0x200E, 0x200F: return true
        default: return false
        }
    }

    /// `s` with every control character written as `\u{…}` (tab as a space).
    package static func escaped(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isControl) else { return s }
        var out = ""
        for scalar in s.unicodeScalars {
            if scalar == "\t" { out += " " } else if isControl(scalar) { out += "\\u{\(String(scalar.value, radix: 16))}" } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// The first control character in `s` (tabs allowed, newlines where asked), named for a message.
    package static func firstControl(in s: String, allowingNewlines: Bool) -> String? {
        for scalar in s.unicodeScalars where isControl(scalar) && scalar != "\t" && !(allowingNewlines && (scalar == "\n" || scalar == "\r")) {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return nil
    }
}
