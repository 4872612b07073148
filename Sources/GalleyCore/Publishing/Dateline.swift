import Foundation

/// The line readers see under the headline, rendered in the newsroom's zone and locale from a
/// pattern: `Thursday, 20 June 2024 | 11:33 WIB Last Updated 2024-06-20T04:33:29Z`.
///
/// Pattern tokens: `{published:FORMAT}` and `{updated:FORMAT}` with an ICU date format
/// (`EEEE, d MMMM yyyy`, `HH:mm`) or `iso` for ISO 8601 UTC; `{zone}` and `{updated-zone}` for the
/// zone's local abbreviation at those times. Text in `[...]` is shown only when the story has a
/// last-updated time.
public struct Dateline: Equatable, Sendable {
    public var pattern: String
    public var timeZone: TimeZone
    public var locale: Locale
    /// A label that replaces the tz database's abbreviation (a newsroom that writes `WIB.`).
    public var zoneLabel: String?

    /// The seed article's format.
    public static let defaultPattern = "{published:EEEE, d MMMM yyyy} | {published:HH:mm} {zone}[ Last Updated {updated:iso}]"

    public init(pattern: String = Dateline.defaultPattern, timeZone: TimeZone, locale: Locale, zoneLabel: String? = nil) throws {
        self.pattern = pattern
        self.timeZone = timeZone
        self.locale = locale
        self.zoneLabel = zoneLabel
        try Dateline.validate(pattern)
    }

    /// The dateline for a story published at `published` and last updated at `updated`.
    public func render(published: Date, updated: Date?) -> String {
        parts(published: published, updated: updated).map(\.text).joined()
    }

    /// One stretch of a dateline: the `[...]` section is about the last update, the rest about
    /// the publication, so HTML can wrap each in a `<time>` with the right machine-readable value.
    public struct Part: Equatable, Sendable {
        public var text: String
        public var isUpdate: Bool
    }

    /// The dateline in order, as stretches about the publication and about the last update.
    public func parts(published: Date, updated: Date?) -> [Part] {
        var parts: [Part] = []
        var current = ""
        var inSection = false
        func flush() {
            if !current.isEmpty { parts.append(Part(text: current, isUpdate: inSection)) }
            current = ""
        }
        var index = pattern.startIndex
        while index < pattern.endIndex {
            let char = pattern[index]
            if char == "[" || char == "]" {
                flush()
                inSection = char == "["
                index = pattern.index(after: index)
                continue
            }
            if char == "{", let close = pattern[index...].firstIndex(of: "}") {
                if !inSection || updated != nil {
                    current += token(String(pattern[pattern.index(after: index)..<close]), published: published, updated: updated)
                }
                index = pattern.index(after: close)
                continue
            }
            if !inSection || updated != nil { current.append(char) }
            index = pattern.index(after: index)
        }
        flush()
        return parts
    }

    private func token(_ token: String, published: Date, updated: Date?) -> String {
        switch token {
        case "zone": return zoneLabel ?? ZoneLabel.abbreviation(for: timeZone, at: published)
        case "updated-zone": return zoneLabel ?? ZoneLabel.abbreviation(for: timeZone, at: updated ?? published)
        default: break
        }
        let parts = token.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return "{\(token)}" }
        guard let date = parts[0] == "published" ? published : (parts[0] == "updated" ? updated : nil) else { return "" }
        if parts[1] == "iso" { return Timestamp.format(date) }
        return Dateline.formatters.string(from: date, format: parts[1], timeZone: timeZone, locale: locale)
    }

    /// Formatters are costly to make (ICU compiles the pattern) and `bundle --all` formats two
    /// dates per story: one formatter per pattern, zone and locale serves the whole process. A
    /// formatter is used under the lock, so bundles built in parallel can share them.
    static let formatters = FormatterCache()

    final class FormatterCache: @unchecked Sendable {
        private let lock = NSLock()
        private var formatters: [String: DateFormatter] = [:]

        func string(from date: Date, format: String, timeZone: TimeZone, locale: Locale) -> String {
            lock.lock()
            defer { lock.unlock() }
            let key = "\(format)\u{0}\(timeZone.identifier)\u{0}\(locale.identifier)"
            if let formatter = formatters[key] { return formatter.string(from: date) }
            let formatter = DateFormatter()
            formatter.locale = locale
            formatter.timeZone = timeZone
            formatter.calendar = Calendar(identifier: .gregorian)
            formatter.dateFormat = format
            formatters[key] = formatter
            return formatter.string(from: date)
        }
    }

    /// Refuses a pattern with an unknown token or unbalanced brackets, naming it.
    static func validate(_ pattern: String) throws {
        var depth = 0
        for char in pattern {
            if char == "[" { depth += 1 }
            if char == "]" { depth -= 1 }
            if depth < 0 || depth > 1 { throw GalleyError.badInput("the dateline pattern '\(pattern)' has unbalanced [ ]; fix `dateline:` in galley.yml") }
        }
        if depth != 0 { throw GalleyError.badInput("the dateline pattern '\(pattern)' has an unclosed [; close it with ] in `dateline:` in galley.yml") }
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw GalleyError.badInput("the dateline pattern '\(pattern)' has an unclosed {; close it with } in `dateline:` in galley.yml")
            }
            let token = rest[rest.index(after: open)..<close]
            let known = token == "zone" || token == "updated-zone" || token.hasPrefix("published:") || token.hasPrefix("updated:")
            if !known {
                throw GalleyError.badInput("unknown token {\(token)} in the dateline pattern; use {published:FORMAT}, {updated:FORMAT}, {zone} or {updated-zone}")
            }
            rest = rest[rest.index(after: close)...]
        }
    }
}
