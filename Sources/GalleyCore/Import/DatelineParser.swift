import Foundation

/// Reads the publication line of scraped articles into UTC, in the forms Indonesian and English
/// sites print: `Thursday, 20 June 2024 | 11:33 WIB Last Updated 2024-06-20T04:33:29Z`,
/// `Kamis, 20 Juni 2024 11:33 WIB`, `Updated 5:02 PM EDT, June 20, 2024`. The zone label gives
/// the offset (WIB +7, WITA +8, WIT +9, EDT -4...).
public enum DatelineParser {
    /// Zone labels and their offsets from UTC in hours.
    public static let zones: [String: Double] = [
        "WIB": 7, "WITA": 8, "WIT": 9, "UTC": 0, "GMT": 0, "Z": 0,
        "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
        "BST": 1, "WET": 0, "WEST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
        "IST": 5.5, "SGT": 8, "MYT": 8, "PHT": 8, "HKT": 8, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11,
    ]

    static let months: [String: Int] = {
        var table: [String: Int] = [:]
        let english = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
        let indonesian = ["januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober", "november", "desember"]
        for (index, name) in english.enumerated() {
            table[name] = index + 1
            table[String(name.prefix(3))] = index + 1
        }
        for (index, name) in indonesian.enumerated() {
            table[name] = index + 1
            table[String(name.prefix(3))] = index + 1
        }
        table["sept"] = 9
        table["agu"] = 8
        return table
    }()

    /// The publication and last-update times on `line`, or nil when it is not a dateline.
    public static func parse(_ line: String) -> (published: Date, updated: Date?)? {
        var text = line
        var iso: Date?
        // An ISO 8601 time on the line is the last update (or the publication when alone).
        if let range = text.range(of: #"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})"#, options: .regularExpression) {
            iso = Timestamp.parse(String(text[range]))
            text.removeSubrange(range)
        }
        let local = localTime(in: text)
        let updateOnly = line.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("updated")
            || line.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("diperbarui")
        switch (local, iso) {
        case let (local?, iso?): return (local, iso)
        case let (local?, nil): return updateOnly ? (local, local) : (local, nil)
        case let (nil, iso?): return (iso, nil)
        default: return nil
        }
    }

    /// A day, month, year, time and zone label written out in words and numbers.
    static func localTime(in text: String) -> Date? {
        let tokens = text.replacingOccurrences(of: ",", with: " ").replacingOccurrences(of: "|", with: " ")
            .split(whereSeparator: { $0.isWhitespace }).map(String.init)
        var day: Int?, month: Int?, year: Int?, hour: Int?, minute: Int?, zone: Double?
        var pm: Bool?
        for (index, token) in tokens.enumerated() {
            let lower = token.lowercased().trimmingCharacters(in: .punctuationCharacters)
            if let value = months[lower], month == nil {
                month = value
                // "20 June 2024" or "June 20, 2024"
                if index > 0, let number = Int(tokens[index - 1]), (1...31).contains(number), day == nil { day = number }
                if index + 1 < tokens.count, let number = Int(tokens[index + 1].trimmingCharacters(in: .punctuationCharacters)), (1...31).contains(number), day == nil {
                    day = number
                }
            } else if let number = Int(lower), number >= 1900, number <= 2200 {
                year = number
            } else if hour == nil, let match = lower.range(of: #"^\d{1,2}[:.]\d{2}$"#, options: .regularExpression) {
                let parts = lower[match].split(whereSeparator: { $0 == ":" || $0 == "." }).compactMap { Int($0) }
                hour = parts[0]
                minute = parts[1]
            } else if lower == "am" || lower == "pm" {
                pm = lower == "pm"
            } else if let offset = zones[token.uppercased().trimmingCharacters(in: .punctuationCharacters)], token.uppercased() == token {
                zone = offset
            }
        }
        guard let day, let month, let year, var hour, let minute, hour < 24, minute < 60 else { return nil }
        if let pm {
            guard (1...12).contains(hour) else { return nil }
            if pm && hour != 12 { hour += 12 }
            if !pm && hour == 12 { hour = 0 }
        }
        var calendar = Calendar(identifier: .gregorian)
        let seconds = Int((zone ?? 0) * 3600)
        calendar.timeZone = TimeZone(secondsFromGMT: seconds)!
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)),
              calendar.component(.day, from: date) == day else { return nil }
        return zone == nil ? nil : date
    }
}
