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
        try bundleSource(for: story, repository: repository)
    }

    /// `records`, when given, holds what the catalog says of every live story (`bundle --all`);
    /// without it, the story's rows are read here.
    func bundleSource(for story: Story, repository: Repository, records: BundleRecords? = nil) throws -> BundleSource {
        guard let live = story.liveRevision else {
            throw GalleyError.badInput("\(story.slug) is not live (it is \(story.state)); only a published story can be bundled. Approve it first, or read it with `galley preview \(story.slug)`")
        }
        return try bundleSource(for: story, revision: live, checkEmbargo: true, repository: repository, records: records)
    }

    func bundleSource(for story: Story, revision live: Int, checkEmbargo: Bool, repository: Repository? = nil,
                      records: BundleRecords? = nil) throws -> BundleSource {
        let repository = repository ?? self.repository
        let id = StoryID(story.id)!
        // The records are read after the story list: a story published again since has another
        // live revision there, and is read afresh below.
        let recorded = records?.liveRevisions[story.id].flatMap { $0.number == live ? $0 : nil }
        guard let revision = try recorded ?? catalog.revision(of: id, number: live),
              let commit = ObjectID(hex: revision.commitId) else {
            throw GalleyError.internalFailure("the live revision r\(live) of \(story.slug) is missing from the catalog; run `galley reindex`")
        }
        // The folder is read by its tree when the catalog has it for this revision (`bundle --all`
        // of a story whose live revision is its latest), else looked up from the commit's root.
        let folderTree = recorded == nil ? nil : records?.liveFolderTrees[story.id]
        let entries = try git {
            try folderTree.map { try repository.files(inTree: $0) } ?? repository.files(under: story.path, in: commit)
        }
        var assets: [String: Data] = [:]
        var storyText = Data()
        for (path, blob) in entries {
            let data = try WorkTreeCopy.bytes(of: blob, at: story.path + "/" + path, in: root) ?? git { try repository.blob(blob) }
            if path == StoryLayout.storyFile { storyText = data } else { assets[path] = data }
        }
        let file = try StoryFile.parse(storyText, file: "\(story.slug)@r\(live)")
        if checkEmbargo, let embargo = file.embargo, embargo > clock.now {
            throw GalleyError.notPermitted("\(story.slug) is under embargo until \(settings.localTime(embargo)) (\(Timestamp.format(embargo))); no bundle before then (`galley bundle --all` after it builds it)")
        }
        let author = try records?.names[story.author] ?? catalog.person(story.author)?.name ?? story.author
        // Readers know the story by the slug of the revision they see: a rename saved since is
        // not live until it is published.
        var story = story
        story.slug = file.slug.text
        // The recorded corrections go with the recorded revision (read in the same transaction).
        let corrections = try recorded != nil ? records?.corrections[story.id] ?? [] : catalog.corrections(of: id)
        return BundleSource(story: story, revision: revision, file: file, storyText: storyText, assets: assets,
                            corrections: corrections, authorName: author, settings: settings)
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
                          bundlesPerFlush: Int = Newsroom.bundlesPerFlush,
                          progress: (Int, Int) -> Void = { _, _ in }) throws -> [BundleResult] {
        let builder = BundleBuilder(template: try articleTemplate(), ninjs: ninjs)
        let folder = try out ?? checkedBundlesFolder()
        let stories = try liveStories(since: since)
        let records = try catalog.bundleRecords()
        // Stories are built in parallel, one worker per core (each with its own libgit2
        // repository; the catalog serializes its reads), into their own folders. Every bundle
        // is a pure function of its story, so the output does not depend on the order.
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4, stories.count))
        let state = BundleAllState(count: stories.count)
        // Made once here, so the workers do not race to create it.
        try BundleWriter.makeFolder(folder)
        try withoutActuallyEscaping(progress) { progress in
            // What a worker touches of the newsroom is safe to share: the catalog's DatabaseQueue
            // serializes its users, settings and clock are values, and each worker opens its own
            // repository; `progress` is only called under the state's lock.
            let work = UncheckedSendable { (_: Int) in
                let repository: Repository
                do {
                    repository = try git { try Repository.open(at: self.root) }
                } catch {
                    state.fail(error)
                    return
                }
                // Bundles are staged a batch at a time, flushed to disk with one call, then moved
                // into place (`BundleWriter`): durable without an fsync per file.
                var staged: [(index: Int, bundle: BundleWriter.Staged)] = []
                func moveStagedIntoPlace() {
                    guard !staged.isEmpty else { return }
                    let flushed = Result { try BundleWriter.flush(folder) }
                    for (index, bundle) in staged {
                        let result: BundleResult
                        do {
                            try flushed.get()
                            result = BundleResult(slug: stories[index].slug, location: try BundleWriter.moveIntoPlace(bundle))
                        } catch {
                            BundleWriter.discard(bundle)
                            result = BundleAllState.failure(stories[index], error)
                        }
                        state.finish(index, result, progress: progress)
                    }
                    staged.removeAll(keepingCapacity: true)
                }
                defer { moveStagedIntoPlace() }
                while let index = state.next() {
                    let story = stories[index]
                    do {
                        let bundle = try builder.build(try self.bundleSource(for: story, repository: repository, records: records))
                        staged.append((index, try BundleWriter.stage(bundle, into: folder, zip: zip)))
                    } catch let error as GalleyError {
                        state.finish(index, BundleAllState.failure(story, error), progress: progress)
                    } catch {
                        state.fail(error)
                        return
                    }
                    if staged.count >= bundlesPerFlush { moveStagedIntoPlace() }
                }
            }
            // Bundles are made from git and never committed: objects are read without hashing each
            // one again (`readingWithoutHashChecks`), as `git show` reads them.
            try git { try Repository.readingWithoutHashChecks { DispatchQueue.concurrentPerform(iterations: workers) { work.value($0) } } }
        }
        return try state.results()
    }
}

extension Newsroom {
    /// How many bundles a worker of `bundleAll` stages before one flush to disk moves them all
    /// into place: few enough that a stopped build has put most of its work in place, many
    /// enough that the flushes cost little next to writing the files.
    public static let bundlesPerFlush = 256
}

/// A value handed to concurrent workers whose safety the code that shares it has checked.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// The shared state of `bundleAll`'s workers: the next story to take, the results in story
/// order, progress reported one call at a time, and the first unexpected error.
private final class BundleAllState: @unchecked Sendable {
    private let lock = NSLock()
    private var taken = 0
    private var done = 0
    private var slots: [BundleResult?]
    private var error: Error?

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard error == nil, taken < slots.count else { return nil }
        taken += 1
        return taken - 1
    }

    func finish(_ index: Int, _ result: BundleResult, progress: (Int, Int) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = result
        done += 1
        progress(done, slots.count)
    }

    /// The result of a story whose bundle could not be built or written: skipped when under
    /// embargo (exit 77), failed otherwise.
    static func failure(_ story: Story, _ error: Error) -> BundleResult {
        let error = error as? GalleyError ?? GalleyError.cannotCreate("cannot write the bundle of \(story.slug): \(error.localizedDescription)")
        return BundleResult(slug: story.slug, location: nil, error: error, skipped: error.exitCode == 77)
    }

    func fail(_ error: Error) {
        lock.lock()
        defer { lock.unlock() }
        if self.error == nil { self.error = error }
    }

    func results() throws -> [BundleResult] {
        if let error { throw error }
        return slots.map { $0! }
    }
}
