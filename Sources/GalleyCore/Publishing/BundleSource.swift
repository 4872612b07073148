import Foundation

/// Everything one bundle is made of, gathered from the story's live revision and the catalog:
/// nothing here depends on the clock or on work that is not live, so the same revision always
/// builds the same bytes.
public struct BundleSource: Sendable {
    public var story: Story
    /// The live revision and the story file as it was saved then.
    public var revision: Revision
    public var file: StoryFile
    public var storyText: Data
    /// Files of the story folder other than story.md (`assets/photo.jpg` → bytes).
    public var assets: [String: Data]
    public var corrections: [Correction]
    /// The author's name as the newsroom knows them.
    public var authorName: String
    public var settings: NewsroomSettings
    /// A preview of a revision that is not live: marked as such on the page and in the manifest.
    public var isPreview = false
}

/// The two majors of IPTC ninjs Galley writes.
public enum NinjsVersion: String, Sendable, CaseIterable {
    case v3 = "3.3"
    case v2 = "2.1"
}

extension BundleSource {
    /// The MIME type of an asset, from its extension.
    static func mediaType(of path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "jpg", "jpeg": return "image/jpeg"
        case "png": return "image/png"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "svg": return "image/svg+xml"
        case "avif": return "image/avif"
        case "pdf": return "application/pdf"
        case "mp3": return "audio/mpeg"
        case "mp4": return "video/mp4"
        case "txt": return "text/plain"
        case "json": return "application/json"
        default: return "application/octet-stream"
        }
    }
}
