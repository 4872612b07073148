import Foundation

/// Builds a story's bundle in memory: `index.html`, `article.json` (ninjs), `story.md`, the assets
/// and `manifest.json`. A pure function of its source and template.
public struct BundleBuilder: Sendable {
    public let template: ArticleTemplate
    public let ninjs: NinjsVersion
    public static let generator = "galley 0.1.0"

    public init(template: ArticleTemplate, ninjs: NinjsVersion = .v3) {
        self.template = template
        self.ninjs = ninjs
    }

    public func build(_ source: BundleSource) throws -> StoryBundle {
        var files: [String: Data] = [:]
        for (path, data) in source.assets {
            // Paths come from git; they are checked again so nothing can land outside the bundle.
            if let problem = StoryFile.assetPathProblem(path) {
                throw GalleyError.badInput("\(source.story.slug): cannot bundle \(path): \(problem); rename or remove that file in the story's folder and save a new revision")
            }
            files[path] = data
        }
        let body = ArticleBody(markdown: source.file.body)
        files["story.md"] = source.storyText
        files["index.html"] = Data(try html(source, body: body).utf8)
        files["article.json"] = try NinjsDocument.make(source, body: body, version: ninjs)
        let manifest = BundleManifest(
            storyId: source.story.id, slug: source.story.slug, revision: source.revision.number, commit: source.revision.commitId,
            publishedAt: source.story.publishedAt, lastUpdatedAt: source.story.lastUpdatedAt,
            embargo: source.file.embargo.map(Timestamp.format), preview: source.isPreview, ninjsVersion: ninjs.rawValue, generator: BundleBuilder.generator,
            files: files.keys.sorted().map { BundleManifest.File(path: $0, sha256: BundleManifest.sha256(files[$0]!), size: files[$0]!.count) })
        files["manifest.json"] = manifest.json()
        return StoryBundle(slug: source.story.slug, files: files)
    }

    /// Words for the page's fixed labels, in the newsroom's language.
    static func labels(locale: String) -> (credit: String, corrections: String) {
        locale.hasPrefix("id") ? ("Foto", "Koreksi") : ("Photo", "Corrections")
    }

    func html(_ source: BundleSource, body: ArticleBody) throws -> String {
        template.render(try page(source, body: body))
    }

    /// The values the page template is given.
    func page(_ source: BundleSource, body: ArticleBody) throws -> ArticlePage {
        let settings = source.settings
        let published = source.story.publishedAt.flatMap(Timestamp.parse)
        let updated = source.story.lastUpdatedAt.flatMap(Timestamp.parse)
        var parts: [ArticlePage.DatelinePart] = []
        // The dateline is worked out once for the page and the JSON-LD (`Dateline.render` is its
        // parts' text joined): each part formats dates under the formatters' shared lock.
        var line: String?
        if let published {
            let datelineParts = try settings.dateline().parts(published: published, updated: updated)
            for part in datelineParts {
                parts.append(.init(text: part.text, datetime: Timestamp.format(part.isUpdate ? (updated ?? published) : published)))
            }
            line = datelineParts.map(\.text).joined()
        }
        let labels = BundleBuilder.labels(locale: settings.locale)
        let file = source.file
        return ArticlePage(
            headline: file.headline,
            language: file.language ?? String(settings.locale.prefix { $0 != "_" && $0 != "-" }),
            datelineParts: parts,
            bodyHTML: body.html,
            jsonLD: jsonLD(source, body: body, dateline: line),
            corrections: source.corrections.map { .init(at: $0.at, atLocal: Timestamp.parse($0.at).map(settings.localTime) ?? $0.at, note: $0.note) },
            correctionsLabel: labels.corrections,
            slug: source.story.slug,
            revision: source.revision.number,
            wordCount: body.wordCount,
            preview: source.isPreview,
            published: published.map(Timestamp.format),
            updated: updated.map(Timestamp.format),
            byline: file.byline,
            section: file.section,
            summary: file.summary,
            datelinePlace: file.dateline,
            image: file.image.map { image in
                .init(alt: image.caption ?? file.headline, creditLabel: labels.credit, src: image.file, caption: image.caption, credit: image.credit)
            })
    }

    /// schema.org `NewsArticle` for search engines, safe inside a `<script>` element: `<`, `>`
    /// and `&` are written as JSON \u escapes, so no text can close the element, and U+2028 and
    /// U+2029 too (legal in JSON, but line ends to a script reader that takes it for JavaScript).
    /// Compact, keys in `JSONSerialization`'s sorted order (case-insensitive), as it was written before.
    /// `line` is the story's dateline as `page` worked it out (nil when it was never published).
    func jsonLD(_ source: BundleSource, body: ArticleBody, dateline line: String?) -> String {
        let file = source.file
        let story = source.story
        var json = JSONWriter(layout: .compact, scriptSafe: true, capacity: 2048)
        json.openObject()
        json.member("@context", "https://schema.org")
        json.member("@type", "NewsArticle")
        json.member("articleSection", file.section)
        json.openObject("author")
        json.member("@type", "Person")
        json.member("name", file.byline ?? source.authorName)
        json.close()
        if !source.corrections.isEmpty {
            json.openArray("correction")
            for correction in source.corrections {
                json.openObject()
                json.member("@type", "CorrectionComment")
                json.member("datePublished", correction.at)
                json.member("text", correction.note)
                json.close()
            }
            json.close()
        }
        if let line {
            json.member("dateline", file.dateline.map { "\($0), \(line)" } ?? line)
        }
        json.member("dateModified", story.lastUpdatedAt ?? story.publishedAt)
        json.member("datePublished", story.publishedAt)
        json.member("description", file.summary)
        json.member("headline", file.headline)
        json.member("identifier", story.id)
        if let image = file.image {
            json.openObject("image")
            json.member("@type", "ImageObject")
            json.member("caption", image.caption)
            json.member("contentUrl", image.file)
            json.member("creditText", image.credit)
            json.close()
        }
        json.member("inLanguage", file.language)
        if !file.tags.isEmpty { json.member("keywords", file.tags.joined(separator: ", ")) }
        json.member("wordCount", body.wordCount)
        json.close()
        return String(decoding: json.bytes, as: UTF8.self)
    }
}
