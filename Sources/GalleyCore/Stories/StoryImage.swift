/// The story's lead image: a file inside the story's folder, with its caption and credit. An
/// imported story may carry the caption and credit before anyone has added the picture itself.
public struct StoryImage: Equatable, Sendable, Codable {
    /// Path relative to the story folder, e.g. `assets/putin-kim.jpg`; nil until the file is added.
    public var file: String?
    public var caption: String?
    public var credit: String?

    public init(file: String?, caption: String? = nil, credit: String? = nil) {
        self.file = file
        self.caption = caption
        self.credit = credit
    }
}
