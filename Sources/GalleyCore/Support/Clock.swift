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
        guard let date = Timestamp.parse(text) else {
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

    /// Parses ISO 8601 with a `Z` or numeric offset, with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for style in [Date.ISO8601FormatStyle(), Date.ISO8601FormatStyle(includingFractionalSeconds: true)] {
            if let date = try? style.parse(trimmed) { return date }
        }
        return nil
    }
}
