import Foundation

/// `galley.yml`: the newsroom's name, time zone and locale, committed so every clone agrees.
public struct NewsroomSettings: Equatable, Sendable {
    public var name: String
    /// IANA time zone of the newsroom (`Asia/Jakarta`): datelines are shown in it.
    public var timeZone: String
    /// Locale of dates shown to readers (`en_GB`, `id_ID`).
    public var locale: String
    /// The dateline pattern (see `Dateline`); the seed article's format by default.
    public var datelinePattern: String = Dateline.defaultPattern
    /// A zone label that overrides the tz database's abbreviation.
    public var zoneLabel: String?
    /// The site's public address (`https://radardetik.id/`): bundles link the article and its
    /// assets under it (`BASE/SLUG/assets/photo.jpg`); without it they carry relative paths only.
    public var baseURL: String?
    /// Lines of site chrome `galley import` drops besides its built-in list.
    public var boilerplate: [String] = []
    /// Per-rule lint severities that differ from the defaults (`doubled-space: error`).
    public var lintSeverities: [LintRule: LintSeverity] = [:]

    public static let fileName = "galley.yml"

    public init(name: String, timeZone: String, locale: String) throws {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.contains(where: \.isNewline) else {
            throw GalleyError.badInput("the newsroom name must be one line of text, not '\(name)'; give it as readers know it, like --name \"Radar Detik\"")
        }
        guard TimeZone(identifier: timeZone) != nil, timeZone.contains("/") || timeZone == "UTC" else {
            throw GalleyError.badInput("unknown time zone '\(timeZone)'; use an IANA name like Asia/Jakarta, Europe/London or UTC")
        }
        guard !locale.isEmpty, locale.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            throw GalleyError.badInput("'\(locale)' is not a locale; use a form like en_GB or id_ID")
        }
        self.name = trimmed
        self.timeZone = timeZone
        self.locale = locale
    }

    /// Parses `galley.yml`, naming the line and column of any problem.
    public static func parse(_ data: Data, file: String = fileName) throws -> NewsroomSettings {
        let text = try TextValidation.decodeUTF8(data, file: file)
        let reader = YAMLReader(file: file, lineOffset: 0)
        let fields = try reader.fields(try reader.compose(text), what: file)
        try fields.rejectUnknown(["name", "time_zone", "locale", "dateline", "zone_label", "base_url", "boilerplate", "lint"], in: file)
        let name = try fields.requiredString("name", in: file)
        let zone = try fields.requiredString("time_zone", in: file)
        let locale = try fields.string("locale") ?? "en_GB"
        do {
            var settings = try NewsroomSettings(name: name, timeZone: zone, locale: locale)
            if let pattern = try fields.string("dateline") {
                settings.datelinePattern = pattern
            }
            settings.zoneLabel = try fields.string("zone_label")
            settings.boilerplate = try fields.strings("boilerplate")
            if let base = try fields.string("base_url") {
                guard let url = URL(string: base), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                    throw reader.error(at: fields.value("base_url"), "base_url '\(base)' must be an http or https address like https://radardetik.id/")
                }
                settings.baseURL = base.hasSuffix("/") ? base : base + "/"
            }
            if let lint = try fields.fields("lint", what: "lint severities") {
                for entry in lint.entries {
                    guard let rule = LintRule(rawValue: entry.key) else {
                        throw reader.error(at: entry.keyNode, "unknown lint rule '\(entry.key)'; the rules are \(LintRule.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    guard let text = entry.value.scalar?.string, let severity = LintSeverity(rawValue: text) else {
                        throw reader.error(at: entry.value, "a lint severity is error, warning or off")
                    }
                    settings.lintSeverities[rule] = severity
                }
            }
            _ = try settings.dateline()
            return settings
        } catch let error as GalleyError {
            throw GalleyError.badInput("\(file): \(error.message)")
        }
    }

    public func render() -> String {
        """
        # Galley newsroom settings. Committed: every clone of the newsroom reads the same values.
        name: \(YAMLWriter.scalar(name))
        time_zone: \(YAMLWriter.scalar(timeZone))
        locale: \(YAMLWriter.scalar(locale))
        # How datelines read: {published:FORMAT}, {updated:FORMAT} (ICU formats or iso), {zone};
        # text in [ ] appears only once the story has a last-updated time.
        dateline: \(YAMLWriter.quoted(datelinePattern))

        """ + (zoneLabel.map { "zone_label: \(YAMLWriter.scalar($0))\n" } ?? "")
            + (baseURL.map { "base_url: \(YAMLWriter.scalar($0))\n" } ?? "")
            + (boilerplate.isEmpty ? "" : "boilerplate: [" + boilerplate.map(YAMLWriter.quoted).joined(separator: ", ") + "]\n")
            + (lintSeverities.isEmpty ? "" : "lint:\n" + lintSeverities.sorted { $0.key.rawValue < $1.key.rawValue }
                .map { "  \($0.key.rawValue): \($0.value.rawValue)\n" }.joined())
    }

    /// The dateline renderer these settings describe.
    public func dateline() throws -> Dateline {
        try Dateline(pattern: datelinePattern, timeZone: TimeZone(identifier: timeZone)!, locale: Locale(identifier: locale), zoneLabel: zoneLabel)
    }

    /// A time as the desk writes it: ISO 8601 with a zone, or a wall-clock time without one, read
    /// in the newsroom's zone (`2024-06-20T06:00` in Jakarta is 06:00 WIB, 2024-06-19T23:00:00Z).
    public func parseTime(_ text: String) -> Date? {
        if let date = Timestamp.parse(text) { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: timeZone)!
        formatter.isLenient = false
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: trimmed) { return date }
        }
        return nil
    }

    /// A time as the desk reads it: `2024-06-20 18:00 WIB`, in the newsroom's zone.
    public func localTime(_ date: Date) -> String {
        let zone = TimeZone(identifier: timeZone)!
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date) + " " + (zoneLabel ?? ZoneLabel.abbreviation(for: zone, at: date))
    }
}
