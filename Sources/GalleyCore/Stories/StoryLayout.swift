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
        let date = id.creationTime
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "stories/%04d/%02d/%02d/%@", parts.year!, parts.month!, parts.day!, id.text)
    }

    /// The story file's path relative to the newsroom root.
    public static func storyPath(for id: StoryID) -> String {
        folder(for: id) + "/" + storyFile
    }
}

extension StoryID {
    /// The creation instant encoded in the first ten characters.
    public var creationTime: Date {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var millis: UInt64 = 0
        for char in text.prefix(10) {
            millis = millis << 5 | UInt64(alphabet.firstIndex(of: char)!)
        }
        return Date(timeIntervalSince1970: TimeInterval(millis) / 1000)
    }
}
