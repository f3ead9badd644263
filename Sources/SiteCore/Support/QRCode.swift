import CQREncode

/// A QR code drawn as SVG from libqrencode's modules: one path of unit squares (a run of dark
/// modules in a row is one rectangle), a four-module quiet zone, error correction M (a phone
/// reads it from a screen or from paper). Deterministic: the same text, the same bytes.
package enum QRCode {
    /// The SVG element, `size` CSS pixels square, with `label` as its accessible name; nil if the
    /// text does not fit in a QR code.
    package static func svg(_ text: String, size: Int, label: String) -> String? {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        var escaped = ""
        for c in label {
            switch c {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(c)
            }
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width), quiet = 4, total = width + 2 * quiet
        var path = ""
        for y in 0..<width {
            var x = 0
            while x < width {
                guard code.pointee.data[y * width + x] & 1 == 1 else { x += 1; continue }
                var run = 1
                while x + run < width && code.pointee.data[y * width + x + run] & 1 == 1 { run += 1 }
                path += "M\(x + quiet) \(y + quiet)h\(run)v1h-\(run)z"
                x += run
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(total) \(total)\" width=\"\(size)\" height=\"\(size)\" role=\"img\" aria-label=\"\(escaped)\" shape-rendering=\"crispEdges\"><rect width=\"\(total)\" height=\"\(total)\" fill=\"#fff\"/><path fill=\"#000\" d=\"\(path)\"/></svg>"
    }
}
