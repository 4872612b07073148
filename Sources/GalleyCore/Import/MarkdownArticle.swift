import Foundation

/// Reads a Markdown file with front matter into an article: the story fields (no id: the story
/// gets a new one) plus `published` and `last_updated` for `import --published`.
public enum MarkdownArticle {
    public static func parse(_ text: String, file: String) throws -> ImportedArticle {
        let document = try FrontMatterDocument(text, file: file)
        let fields = document.fields
        try fields.rejectUnknown(StoryFile.fields.filter { $0 != "id" } + ["published", "last_updated"], in: "the front matter")
        var slug: Slug?
        if let text = try fields.string("slug") {
            do { slug = try Slug(validating: text) } catch let error as GalleyError {
                throw document.reader.error(at: fields.value("slug"), error.message)
            }
        }
        // The editorial fields are read exactly as a story file's, with a stand-in identity.
        let story = try StoryFile(id: StoryID.generate(at: Date(timeIntervalSince1970: 0)), slug: slug ?? Slug.normalizing("x")!, document: document)
        var article = ImportedArticle(headline: story.headline,
                                      paragraphs: story.body.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .newlines) }.filter { !$0.isEmpty })
        article.markdown = story.body
        article.slug = slug?.text
        article.byline = story.byline
        article.section = story.section
        article.summary = story.summary
        article.language = story.language
        article.tags = story.tags
        article.dateline = story.dateline
        article.caption = story.image?.caption
        article.credit = story.image?.credit
        article.embargo = story.embargo
        for (key, target) in [("published", \ImportedArticle.published), ("last_updated", \ImportedArticle.lastUpdated)] {
            if let value = try fields.string(key) {
                guard let date = Timestamp.parse(value) else {
                    throw document.reader.error(at: fields.value(key), "'\(value)' is not an ISO 8601 time like 2024-06-20T04:33:00Z")
                }
                article[keyPath: target] = date
            }
        }
        if article.lastUpdated == nil { article.lastUpdated = article.published }
        return article
    }
}
