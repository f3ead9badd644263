/// A moment in time, always read and shown in China time (UTC+08:00), whatever the build
/// machine's time zone. China has not observed daylight saving time since 1991, so a fixed
/// offset is exact for the portal's material and keeps builds independent of the host's tz data.
public struct PublishDate: Sendable, Hashable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var epochSeconds: Int64

    package static let chinaOffsetSeconds: Int64 = 8 * 3600

    public init(epochSeconds: Int64) { self.epochSeconds = epochSeconds }

    public static func < (a: PublishDate, b: PublishDate) -> Bool { a.epochSeconds < b.epochSeconds }

    /// Civil date and time in China.
    package struct Components: Sendable, Hashable {
        package var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    }

    package var china: Components {
        let local = epochSeconds + Self.chinaOffsetSeconds
        let days = Int(local >= 0 ? local / 86400 : (local - 86399) / 86400)
        let secs = Int(local - Int64(days) * 86400)
        let (y, m, d) = Self.civil(fromDays: days)
        return Components(year: y, month: m, day: d, hour: secs / 3600, minute: secs % 3600 / 60, second: secs % 60)
    }

    /// `2022年10月12日`
    package var chineseDate: String {
        let c = china
        return "\(c.year)年\(c.month)月\(c.day)日"
    }

    /// `2022年10月12日 09:42`; the date alone when no time of day was given (a bare date is 00:00).
    package var chineseDateTime: String {
        let c = china
        guard c.hour != 0 || c.minute != 0 else { return chineseDate }
        return chineseDate + " " + (c.hour < 10 ? "0" : "") + String(c.hour) + ":" + (c.minute < 10 ? "0" : "") + String(c.minute)
    }

    /// `2022-10-12T09:42:00+08:00`, for `<time datetime>`, Atom and the sitemap.
    package var iso8601: String { iso(withTime: true) }

    /// `2022-10-12`
    package var isoDay: String { iso(withTime: false) }

    /// Written digit by digit into the string's own storage: every card, page head and feed entry
    /// shows one, and interpolated (six numbers made into strings and padded) they were a
    /// hundredth of a full build.
    private func iso(withTime: Bool) -> String {
        let c = china
        guard (0...9999).contains(c.year) else {
            let day = "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))"
            return withTime ? day + "T\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))+08:00" : day
        }
        return String(unsafeUninitializedCapacity: withTime ? 25 : 10) { out in
            var n = 0
            func put(_ byte: UInt8) { out[n] = byte; n += 1 }
            func two(_ value: Int) { put(UInt8(0x30 + value / 10)); put(UInt8(0x30 + value % 10)) }
            two(c.year / 100); two(c.year % 100); put(0x2D); two(c.month); put(0x2D); two(c.day)
            guard withTime else { return n }
            put(0x54); two(c.hour); put(0x3A); two(c.minute); put(0x3A); two(c.second)
            for byte in "+08:00".utf8 { put(byte) }
            return n
        }
    }

    private func pad(_ n: Int, _ width: Int = 2) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    package enum ParseError: Error, Equatable, Sendable {
        case format
        case impossible(String)
    }

    /// Parses ISO 8601 as editors write it: `2022-10-12`, `2022-10-12T09:42`, `2022-10-12 09:42:00`,
    /// with optional fractional seconds and a `Z` or `±HH:MM` offset. No offset means China time.
    package static func parse(_ text: String) -> Result<PublishDate, ParseError> {
        let b = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 0x30, c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2) else {
            return .failure(.format)
        }
        var hour = 0, minute = 0, second = 0
        var offset = chinaOffsetSeconds
        if i < b.count {
            guard b[i] == 0x54 || b[i] == 0x74 || b[i] == 0x20 else { return .failure(.format) }  // T t space
            i += 1
            guard let h = digits(2), expect(0x3A), let m = digits(2) else { return .failure(.format) }
            hour = h; minute = m
            if expect(0x3A) {
                guard let s = digits(2) else { return .failure(.format) }
                second = s
                if expect(0x2E) {  // fractional seconds: accepted, dropped
                    let start = i
                    while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
                    if i == start { return .failure(.format) }
                }
            }
            if i < b.count, b[i] == 0x20 { i += 1 }
            if i < b.count {
                if b[i] == 0x5A || b[i] == 0x7A { offset = 0; i += 1 }  // Z
                else if b[i] == 0x2B || b[i] == 0x2D {
                    let sign: Int64 = b[i] == 0x2B ? 1 : -1
                    i += 1
                    guard let oh = digits(2) else { return .failure(.format) }
                    _ = expect(0x3A)
                    guard let om = digits(2), oh <= 14, om < 60 else { return .failure(.format) }
                    offset = sign * Int64(oh * 3600 + om * 60)
                } else {
                    return .failure(.format)
                }
            }
            if i != b.count { return .failure(.format) }
        }
        // Four-digit years in every URL, and no news from before 1900 or after 2999: such a year is a typo.
        guard (1900...2999).contains(year) else { return .failure(.impossible("the year \(year) is outside 1900–2999")) }
        guard (1...12).contains(month) else { return .failure(.impossible("month \(month) does not exist")) }
        let dim = daysInMonth(year: year, month: month)
        guard (1...dim).contains(day) else {
            return .failure(.impossible("\(year)-\(month < 10 ? "0" : "")\(month) has \(dim) days, not \(day)"))
        }
        guard hour < 24, minute < 60, second < 60 else { return .failure(.impossible("\(hour):\(minute):\(second) is not a time of day")) }
        let days = Int64(daysFromCivil(year, month, day))
        let local = days * 86400 + Int64(hour * 3600 + minute * 60 + second)
        return .success(PublishDate(epochSeconds: local - offset))
    }

    package static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    package static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
