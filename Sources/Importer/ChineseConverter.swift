import COpenCC
import SiteCore

/// Traditional → Simplified conversion. The portal publishes in Simplified Chinese.
package protocol ChineseConverter: Sendable {
    func simplified(_ text: String) -> String
}

/// OpenCC's `t2s` (phrases, then characters), through Debian's libopencc.
package final class OpenCCConverter: ChineseConverter, @unchecked Sendable {
    // opencc_t is not thread-safe: every conversion holds the lock.
    private let handle: opencc_t
    private let lock = Locked(())

    package struct Unavailable: Error, CustomStringConvertible {
        package var description: String
    }

    package init(configuration: String = "t2s.json") throws {
        guard let handle = opencc_open(configuration), Int(bitPattern: handle) != -1 else {
            throw Unavailable(description: "OpenCC could not load \(configuration): install libopencc-dev (Debian) or opencc")
        }
        self.handle = handle
    }

    deinit { opencc_close(handle) }

    package func simplified(_ text: String) -> String {
        lock.withLock { _ in
            var text = text
            return text.withUTF8 { buf -> String in
                guard let out = buf.withMemoryRebound(to: CChar.self, { opencc_convert_utf8(handle, $0.baseAddress, $0.count) }) else {
                    return String(decoding: buf, as: UTF8.self)
                }
                defer { opencc_convert_utf8_free(out) }
                return String(cString: out)
            }
        }
    }
}
