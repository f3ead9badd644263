import CQREncode

/// A QR code drawn as SVG from libqrencode's modules: one stroked path, each run of dark modules
/// in a row a line one module wide through the row's middle, reached by a relative move from the
/// run before (`M4 4.5h7m3 0h1…m-33 1h1`). A line of width 1 with the default butt caps covers
/// the run's squares exactly, and the moves are a third of the bytes of a rectangle per run
/// (2.2 KB rather than 5.2 KB for an article's URL, in every article page). A four-module quiet
/// zone, error correction M (a phone reads it from a screen or from paper), mask pattern 0 (see
/// `shegong_qrcode_encode`). Deterministic: the same text, the same bytes.
package enum QRCode {
    /// The SVG element, `size` CSS pixels square, with `label` as its accessible name; nil if the
    /// text does not fit in a QR code.
    package static func svg(_ text: String, size: Int, label: String) -> String? {
        guard let code = shegong_qrcode_encode(text, QR_ECLEVEL_M, 0) else { return nil }
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
        // Written as bytes: string interpolation per run cost as much as encoding the code.
        var path: [UInt8] = []
        path.reserveCapacity(width * width)
        func number(_ n: Int) { Digits.append(Int64(n), to: &path) }
        let modules = code.pointee.data!
        // Where the pen is: the end of the last run, on its row's middle line.
        var pen: (x: Int, y: Int)? = nil
        for y in 0..<width {
            var x = 0
            while x < width {
                guard modules[y * width + x] & 1 == 1 else { x += 1; continue }
                var run = 1
                while x + run < width && modules[y * width + x + run] & 1 == 1 { run += 1 }
                if let (penX, penY) = pen {
                    path.append(0x6D); number(x - penX); path.append(0x20); number(y - penY)  // m dx dy
                } else {
                    path.append(0x4D); number(x + quiet); path.append(0x20); number(y + quiet)  // M x y.5
                    path += [0x2E, 0x35]
                }
                path.append(0x68); number(run)  // h run
                pen = (x + run, y)
                x += run
            }
        }
        let d = String(decoding: path, as: UTF8.self)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(total) \(total)\" width=\"\(size)\" height=\"\(size)\" role=\"img\" aria-label=\"\(escaped)\" shape-rendering=\"crispEdges\"><rect width=\"\(total)\" height=\"\(total)\" fill=\"#fff\"/><path stroke=\"#000\" d=\"\(d)\"/></svg>"
    }
}
