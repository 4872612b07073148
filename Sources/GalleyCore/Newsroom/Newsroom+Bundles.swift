import Foundation
import GitKit

/// One story's result in `galley bundle --all`.
public struct BundleResult: Sendable {
    public var slug: String
    /// Where the bundle was written, or nil when it failed.
    public var location: URL?
    public var error: GalleyError?
    /// True when the story was left out on purpose (under embargo), not because it failed.
    public var skipped = false
}

extension Newsroom {
    /// The page template the newsroom has committed (`templates/article.mustache`), else the built-in one.
    public func articleTemplate() throws -> ArticleTemplate {
        try ArticleTemplate(override: try head().flatMap { head in try git { try repository.file(at: ArticleTemplate.overridePath, in: head) } })
    }

    /// The default bundle folder: `bundles/` in the newsroom (git-ignored).
    public var bundlesFolder: URL { root.appendingPathComponent("bundles", isDirectory: true) }

    /// Builds the bundle of the story's latest revision (live or not), marked as a preview, into
    /// `folder`, so an editor can read a draft as readers will see it before approving it.
    public func preview(_ slug: String, into folder: URL) throws -> URL {
        let story = try story(slug)
        var source = try bundleSource(for: story, revision: story.revision, checkEmbargo: false)
        source.isPreview = true
        // An unpublished story is dated as if it went live now.
        if source.story.publishedAt == nil {
            source.story.publishedAt = Timestamp.format(clock.now)
            source.story.lastUpdatedAt = source.story.publishedAt
        }
        let bundle = try BundleBuilder(template: try articleTemplate()).build(source)
        return try BundleWriter.write(bundle, into: folder, zip: false)
    }

    /// Gathers a story's live revision for a bundle. Refused when the story is not live, and
    /// (exit 77) while it is under embargo.
    public func bundleSource(for story: Story) throws -> BundleSource {
        guard let live = story.liveRevision else {
            throw GalleyError.badInput("\(story.slug) is not live (it is \(story.state)); only a published story can be bundled. Approve it first, or read it with `galley preview \(story.slug)`")
        }
        return try bundleSource(for: story, revision: live, checkEmbargo: true)
    }

    func bundleSource(for story: Story, revision live: Int, checkEmbargo: Bool) throws -> BundleSource {
        let id = StoryID(story.id)!
        guard let revision = try catalog.revisions(of: id).first(where: { $0.number == live }),
              let commit = ObjectID(hex: revision.commitId) else {
            throw GalleyError.internalFailure("the live revision r\(live) of \(story.slug) is missing from the catalog; run `galley reindex`")
        }
        let entries = try git { try repository.files(under: story.path, in: commit) }
        var assets: [String: Data] = [:]
        var storyText = Data()
        for (path, blob) in entries {
            let data = try git { try repository.blob(blob) }
            if path == StoryLayout.storyFile { storyText = data } else { assets[path] = data }
        }
        let file = try StoryFile.parse(storyText, file: "\(story.slug)@r\(live)")
        if checkEmbargo, let embargo = file.embargo, embargo > clock.now {
            throw GalleyError.notPermitted("\(story.slug) is under embargo until \(settings.localTime(embargo)) (\(Timestamp.format(embargo))); no bundle before then (`galley bundle --all` after it builds it)")
        }
        let author = try catalog.person(story.author)?.name ?? story.author
        // Readers know the story by the slug of the revision they see: a rename saved since is
        // not live until it is published.
        var story = story
        story.slug = file.slug.text
        return BundleSource(story: story, revision: revision, file: file, storyText: storyText, assets: assets,
                            corrections: try catalog.corrections(of: id), authorName: author, settings: settings)
    }

    /// Builds and writes one story's bundle from its live revision.
    public func bundle(_ slug: String, into out: URL? = nil, zip: Bool = false, ninjs: NinjsVersion = .v3) throws -> URL {
        let builder = BundleBuilder(template: try articleTemplate(), ninjs: ninjs)
        let bundle = try builder.build(try bundleSource(for: try story(slug)))
        return try BundleWriter.write(bundle, into: try out ?? checkedBundlesFolder(), zip: zip)
    }

    /// The live stories, or those published or updated at or after `since`, by slug.
    public func liveStories(since: Date? = nil) throws -> [Story] {
        let threshold = since.map(Timestamp.format)
        return try catalog.stories(state: nil, author: nil).filter { story in
            guard story.liveRevision != nil else { return false }
            guard let threshold else { return true }
            return (story.lastUpdatedAt ?? "") >= threshold || (story.publishedAt ?? "") >= threshold
        }.sorted { $0.slug < $1.slug }
    }

    /// Builds every live story's bundle (or those changed since `since`); a story that fails
    /// does not stop the others. `progress` is called after each story.
    public func bundleAll(since: Date? = nil, into out: URL? = nil, zip: Bool = false, ninjs: NinjsVersion = .v3,
                          progress: (Int, Int) -> Void = { _, _ in }) throws -> [BundleResult] {
        let builder = BundleBuilder(template: try articleTemplate(), ninjs: ninjs)
        let folder = try out ?? checkedBundlesFolder()
        let stories = try liveStories(since: since)
        var results: [BundleResult] = []
        for (index, story) in stories.enumerated() {
            do {
                let bundle = try builder.build(try bundleSource(for: story))
                results.append(BundleResult(slug: story.slug, location: try BundleWriter.write(bundle, into: folder, zip: zip)))
            } catch let error as GalleyError {
                results.append(BundleResult(slug: story.slug, location: nil, error: error, skipped: error.exitCode == 77))
            }
            progress(index + 1, stories.count)
        }
        return results
    }
}
