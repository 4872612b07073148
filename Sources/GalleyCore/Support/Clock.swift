import Foundation

/// The newsroom's notion of "now": the real clock, or a fixed instant from `GALLEY_NOW`
/// so tests, demos and backdated imports are reproducible.
public struct Clock: Sendable {
    private let fixed: Date?

    public init(fixed: Date? = nil) {
        self.fixed = fixed
    }

    /// Reads `GALLEY_NOW` (ISO 8601, e.g. `2024-06-20T04:33:29Z`); a malformed value is an error, not ignored.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Clock {
        guard let text = environment["GALLEY_NOW"], !text.isEmpty else { return Clock() }
        guard let date = Timestamp.parseFast(text) else {
            throw GalleyError.usage("GALLEY_NOW=\(text) is not an ISO 8601 time; use a form like 2024-06-20T04:33:29Z or unset it")
        }
        return Clock(fixed: date)
    }

    /// The current instant, truncated to whole seconds (git and the catalog keep seconds).
    public var now: Date {
        let date = fixed ?? Date()
        return Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }
}

/// ISO 8601 UTC timestamps, the one text form of time in trailers and the catalog.
public enum Timestamp {
    /// Formats as `2024-06-20T04:33:29Z`.
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    /// Parses the form the catalog stores (`2024-06-20T04:33:29Z`, exactly) with a byte scanner,
    /// and anything else as `parse` does. For loops over many rows (the board).
    public static func parseFast(_ text: String) -> Date? {
        var text = text
        let seconds: Int64? = text.withUTF8 { bytes -> Int64? in
            guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
                  bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
                  bytes[19] == UInt8(ascii: "Z") else { return nil }
            func number(_ start: Int, _ count: Int) -> Int64? {
                var value: Int64 = 0
                for index in start..<start + count {
                    let digit = bytes[index] &- UInt8(ascii: "0")
                    guard digit < 10 else { return nil }
                    value = value * 10 + Int64(digit)
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
                  let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
                  (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
                  hour < 24, minute < 60, second < 60 else { return nil }
            // Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
            let y = month <= 2 ? year - 1 : year
            let era = (y >= 0 ? y : y - 399) / 400
            let yearOfEra = y - era * 400
            let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
            let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
            let days = era * 146_097 + dayOfEra - 719_468
            return ((days * 24 + hour) * 60 + minute) * 60 + second
        }
        if let seconds { return Date(timeIntervalSince1970: TimeInterval(seconds)) }
        return parse(text)
    }

    /// The proleptic Gregorian year, month and day of a day counted from 1970-01-01 (Howard
    /// Hinnant's `civil_from_days`).
    static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Parses ISO 8601 with a `Z` or numeric offset, with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for style in [Date.ISO8601FormatStyle(), Date.ISO8601FormatStyle(includingFractionalSeconds: true)] {
            if let date = try? style.parse(trimmed) { return date }
        }
        return nil
    }
}
