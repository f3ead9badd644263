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

    package static func < (a: Topic, b: Topic) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    package static var slugList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
