import Foundation

/// An article read from outside Galley (a scraped page, a Markdown file), before it becomes a story.
public struct ImportedArticle: Equatable, Sendable {
    public var headline: String
    public var slug: String?
    public var byline: String?
    public var section: String?
    public var summary: String?
    public var language: String?
    public var tags: [String] = []
    /// The dateline source: the place or outlet named before the first paragraph (`RADARDETIK.ID`).
    public var dateline: String?
    public var caption: String?
    public var credit: String?
    public var embargo: Date?
    /// The original publication and last-update times, when the source shows them.
    public var published: Date?
    public var lastUpdated: Date?
    public var paragraphs: [String]
    /// The body exactly as a Markdown file had it (lists, headings and all).
    public var markdown: String?

    public init(headline: String, paragraphs: [String]) {
        self.headline = headline
        self.paragraphs = paragraphs
    }

    /// The Markdown body: paragraphs separated by blank lines.
    public var body: String { markdown ?? (paragraphs.joined(separator: "\n\n") + (paragraphs.isEmpty ? "" : "\n")) }
}

/// The kinds of files `galley import` reads.
public enum ImportFormat: String, Sendable, CaseIterable {
    /// Text scraped from a web page, site chrome and all.
    case text
    /// Markdown with front matter (headline, byline... plus `published` and `last_updated`).
    case markdown

    /// The format a file's extension suggests.
    public static func guess(for path: String) -> ImportFormat {
        ["md", "markdown"].contains((path as NSString).pathExtension.lowercased()) ? .markdown : .text
    }
}
