import COpenCC
#if canImport(Glibc)
import Glibc
#endif

/// Traditional → Simplified conversion. The portal publishes in Simplified Chinese.
public protocol ChineseConverter: Sendable {
    func simplified(_ text: String) -> String
}

/// OpenCC's `t2s` (phrases, then characters), through Debian's libopencc.
public final class OpenCCConverter: ChineseConverter, @unchecked Sendable {
    // opencc_t is not thread-safe: every conversion holds the lock.
    private let handle: opencc_t
    private let lock = NSLockLite()

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    public init(configuration: String = "t2s.json") throws {
        guard let handle = opencc_open(configuration), Int(bitPattern: handle) != -1 else {
            throw Unavailable(description: "OpenCC could not load \(configuration): install libopencc-dev (Debian) or opencc")
        }
        self.handle = handle
    }

    deinit { opencc_close(handle) }

    public func simplified(_ text: String) -> String {
        lock.locked {
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

/// A pthread mutex: enough here, and usable from a final class with no Foundation.
final class NSLockLite: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }
}
