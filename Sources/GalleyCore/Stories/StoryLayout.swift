import Foundation

/// Where a story lives in the newsroom: `stories/YYYY/MM/DD/<id>/`, sharded by the creation
/// day encoded in its id, so a save rewrites a handful of small trees however big the newsroom grows.
public enum StoryLayout {
    /// The story file's name inside its folder.
    public static let storyFile = "story.md"
    /// The folder for assets (images, documents) inside a story folder.
    public static let assetsFolder = "assets"

    /// The story's folder relative to the newsroom root.
    public static func folder(for id: StoryID) -> String {
        // The UTC day by arithmetic: this runs for every commit a reindex reads.
        let seconds = Int64(id.creationTime.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let (year, month, day) = Timestamp.civilDate(daysSince1970: days)
        func padded(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "stories/\(padded(year, 4))/\(padded(month, 2))/\(padded(day, 2))/\(id.text)"
    }

    /// The story file's path relative to the newsroom root.
    public static func storyPath(for id: StoryID) -> String {
        folder(for: id) + "/" + storyFile
    }
}

extension StoryID {
    /// The creation instant encoded in the first ten characters.
    public var creationTime: Date {
        var millis: UInt64 = 0
        for byte in text.utf8.prefix(10) {
            millis = millis << 5 | UInt64(StoryID.digitValues[Int(byte)])
        }
        return Date(timeIntervalSince1970: TimeInterval(millis) / 1000)
    }
}
