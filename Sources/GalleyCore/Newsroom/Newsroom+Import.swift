import Foundation

/// One file's result in `galley import`.
public struct ImportResult: Sendable {
    public var file: String
    public var story: Story?
    public var error: GalleyError?
}

extension Newsroom {
    /// Reads one file as an article, in the given format or the one its extension suggests.
    public func readArticle(at url: URL, displayPath: String, format: ImportFormat?) throws -> ImportedArticle {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw GalleyError.notFound("no such file: \(displayPath); check the path (it is relative to the current folder)")
        }
        try TextValidation.checkSize(data.count, file: displayPath)
        let text = try TextValidation.decodeUTF8(data, file: displayPath)
        try TextValidation.checkLines(text, file: displayPath)
        switch format ?? ImportFormat.guess(for: url.path) {
        case .text: return try ScrapedText.parse(text, file: displayPath, boilerplate: settings.boilerplate)
        case .markdown: return try MarkdownArticle.parse(text, file: displayPath)
        }
    }

    /// Makes a story of an imported article: a draft, or (`published`, editors only) a live story
    /// carrying the article's original publication and last-update times.
    public func importArticle(_ article: ImportedArticle, source: String, published: Bool, by actor: Person) throws -> Story {
        var liveState: String?
        if published {
            guard actor.role.isEditor else {
                throw GalleyError.notPermitted("only an editor may import a story as published; \(actor.email) is \(actor.role). Import it as a draft")
            }
            guard article.published != nil else {
                throw GalleyError.badInput("\(source): no publication time was found; import it as a draft, or give `published:` in its front matter")
            }
            liveState = workflow.transitions.first { $0.effect == .publish }?.to
            guard liveState != nil else {
                throw GalleyError.badInput("the workflow '\(workflow.name)' has no transition that publishes, so nothing can be imported as published; import it as a draft (without --published)")
            }
        }
        let headline = article.headline.trimmingCharacters(in: .whitespaces)
        let slug: Slug
        if let explicit = article.slug {
            slug = try Slug(validating: explicit)
        } else if let derived = Slug.normalizing(headline) {
            slug = derived
        } else {
            throw GalleyError.badInput("\(source): no slug can be made from the headline '\(headline)'; give the story a `slug:` in its front matter")
        }
        var image: StoryImage?
        if article.caption != nil || article.credit != nil {
            image = StoryImage(file: nil, caption: article.caption, credit: article.credit)
        }
        let file = StoryFile(id: StoryID.generate(at: clock.now), slug: slug, headline: headline, byline: article.byline,
                             section: article.section, summary: article.summary, language: article.language, tags: article.tags,
                             dateline: article.dateline, image: image, embargo: article.embargo, body: article.body)
        return try commitNewStory(file, source: source, by: actor) { event in
            event.kind = .imported
            event.message = "Import \((source as NSString).lastPathComponent)"
            if let liveState, let first = article.published {
                event.toState = liveState
                event.liveRevision = 1
                event.publishedAt = Timestamp.format(first)
                event.lastUpdatedAt = Timestamp.format(max(article.lastUpdated ?? first, first))
            }
        }
    }

    /// Imports many files; one that fails does not stop the others.
    public func importFiles(_ files: [(url: URL, display: String)], format: ImportFormat?, published: Bool, by actor: Person,
                            progress: (Int, Int) -> Void = { _, _ in }) -> [ImportResult] {
        var results: [ImportResult] = []
        for (index, file) in files.enumerated() {
            do {
                let article = try readArticle(at: file.url, displayPath: file.display, format: format)
                results.append(ImportResult(file: file.display, story: try importArticle(article, source: file.display, published: published, by: actor)))
            } catch let error as GalleyError {
                results.append(ImportResult(file: file.display, error: error))
            } catch {
                results.append(ImportResult(file: file.display, error: .internalFailure("\(error)")))
            }
            progress(index + 1, files.count)
        }
        return results
    }
}
