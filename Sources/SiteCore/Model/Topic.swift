/// The portal's four topics, fixed by its editorial line.
package enum Topic: String, CaseIterable, Sendable, Hashable, Comparable {
    case relief
    case youth
    case elderly
    case disaster

    package var chineseName: String {
        switch self {
        case .relief: return "社会救助"
        case .youth: return "青少年"
        case .elderly: return "为老服务"
        case .disaster: return "防灾减灾"
        }
    }

    /// One line on what the topic covers, for its index page and feed.
    package var blurb: String {
        switch self {
        case .relief: return "困难家庭帮扶、助联体、最低生活保障与转介服务。"
        case .youth: return "学校社会工作、留守与困境儿童关爱、未成年人保护工作站。"
        case .elderly: return "养老服务、“一老一小”、入户探访与居家照护。"
        case .disaster: return "台风与洪涝应对、避灾安置点、应急救助与灾后恢复。"
        }
    }

    /// The topic whose slug is `bytes` (UTF-8), if any: compared as bytes, with no string made
    /// (a rebuild reads the topics of every article the manifest records, and `init(rawValue:)`
    /// on a string made for it was 2 % of a title edit's instructions).
    package init?(slugUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        for (topic, slug) in Self.slugs where slug.count == bytes.count {
            if slug.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) {
                self = topic
                return
            }
        }
        return nil
    }

    private static let slugs = allCases.map { ($0, Array($0.rawValue.utf8)) }

    package static func < (a: Topic, b: Topic) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    package static var slugList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
