import Foundation
import GitKit

/// What `galley new` needs to create a story.
public struct NewStory: Sendable {
    public var headline: String
    public var slug: String?
    public var section: String?
    public var byline: String?
    /// The Markdown body and the name of the file it came from (for messages).
    public var body: Data?
    public var bodySource: String

    public init(headline: String, slug: String? = nil, section: String? = nil, byline: String? = nil,
                body: Data? = nil, bodySource: String = "body") {
        self.headline = headline
        self.slug = slug
        self.section = section
        self.byline = byline
        self.body = body
        self.bodySource = bodySource
    }
}

/// What a save did: the new revision, or nothing when the story had not changed.
public struct SaveOutcome: Sendable {
    public var story: Story
    /// Nil when nothing changed since the last revision (no empty revision is made).
    public var revision: Revision?
}

extension Newsroom {
    public static let maximumHeadlineLength = StoryFile.maximumHeadlineLength

    /// Creates a story (revision 1) from a headline and an optional body.
    public func createStory(_ request: NewStory, by actor: Person) throws -> Story {
        let headline = request.headline.trimmingCharacters(in: .whitespaces)
        guard !headline.isEmpty, !headline.contains(where: \.isNewline) else {
            throw GalleyError.badInput("the headline must be one line of text; remove the line breaks")
        }
        for (what, value) in [("the headline", headline), ("--byline", request.byline ?? ""), ("--section", request.section ?? "")] {
            if let problem = TextValidation.controlCharacterProblem(in: value) {
                throw GalleyError.badInput("\(what): \(problem)")
            }
        }
        guard headline.count <= Newsroom.maximumHeadlineLength else {
            throw GalleyError.badInput("the headline is \(headline.count) characters; the limit is \(Newsroom.maximumHeadlineLength): shorten it")
        }
        let slug: Slug
        if let explicit = request.slug {
            slug = try Slug(validating: explicit)
        } else if let derived = Slug.normalizing(headline) {
            slug = derived
        } else {
            throw GalleyError.badInput("no slug can be made from the headline '\(headline)'; give one with --slug")
        }
        var body = ""
        if let data = request.body {
            try TextValidation.checkSize(data.count, file: request.bodySource)
            body = try TextValidation.decodeUTF8(data, file: request.bodySource)
            try TextValidation.checkLines(body, file: request.bodySource)
        }
        let file = StoryFile(id: StoryID.generate(at: clock.now), slug: slug, headline: headline, byline: request.byline ?? actor.name,
                             section: request.section, body: body)
        return try commitNewStory(file, source: request.bodySource, by: actor) { _ in }
    }

    /// Commits a new story's revision 1 from `file`. `adjust` may add to the event (an import
    /// that arrives already published).
    func commitNewStory(_ file: StoryFile, source: String, by actor: Person, adjust: (inout EditorialEvent) -> Void) throws -> Story {
        let text = Data(file.render().utf8)
        // The file is checked exactly as the catalog will read it, size limit included.
        _ = try StoryFile.parse(text, file: source)
        let id = file.id
        let slug = file.slug
        let path = StoryLayout.storyPath(for: id)
        // Checked before committing, so a link in the way refuses the command instead of
        // failing it after the story was created.
        _ = try workTreeURL(path)
        try record(by: actor) { _ in
            if let taken = try catalog.story(slug: slug.text) {
                throw GalleyError.badInput("the slug '\(slug)' is already used by \"\(taken.headline)\"; choose another"
                    + (source.hasSuffix(".md") || source.hasSuffix(".txt") ? " (a `slug:` in a Markdown file's front matter, or rename the other story)" : " with --slug"))
            }
            var event = EditorialEvent(kind: .created, actor: actor.email, time: Timestamp.format(clock.now))
            event.storyID = id
            event.slug = slug
            event.revision = 1
            event.message = "Create story"
            event.toState = workflow.initial
            adjust(&event)
            let blob = try git { try repository.writeBlob(text) }
            return PendingCommit(updates: [.upsert(path: path, blob: blob)], event: event,
                                 subject: "\(slug) r1: \(event.kind == .imported ? "import" : "create") \"\(file.headline)\"")
        }
        try writeToWorkTree(text, at: path)
        return try catalog.story(id: id)!
    }

    /// The story with this slug, or a not-found error naming it.
    public func story(_ slug: String) throws -> Story {
        guard let story = try catalog.story(slug: slug) else {
            throw GalleyError.notFound("no story with the slug '\(slug)' in \(settings.name); check the spelling (slugs are lowercase-with-hyphens)")
        }
        return story
    }

    /// Every revision of a story, oldest first.
    public func revisions(of slug: String) throws -> (Story, [Revision]) {
        let story = try story(slug)
        return (story, try catalog.revisions(of: StoryID(story.id)!))
    }

    /// The audit trail of a story, oldest first.
    public func events(of slug: String) throws -> [Event] {
        try catalog.events(of: StoryID(try story(slug).id)!)
    }

    /// The story file as saved at a revision (the latest when `revision` is nil).
    public func storyText(_ reference: RevisionReference) throws -> (Story, Revision, Data) {
        let (story, revisions) = try revisions(of: reference.slug)
        let number = reference.revision ?? story.revision
        guard let revision = revisions.first(where: { $0.number == number }) else {
            throw GalleyError.notFound("\(story.slug) has no revision r\(number); it has r1 to r\(story.revision)")
        }
        guard let commit = ObjectID(hex: revision.commitId),
              let data = try git({ try repository.file(at: story.path + "/" + StoryLayout.storyFile, in: commit) }) else {
            throw GalleyError.internalFailure("revision r\(number) of \(story.slug) is missing from git; the commit was not written by this Galley; `git show` it to see what it holds")
        }
        return (story, revision, data)
    }

    /// Saves the story's folder from the work tree as a new revision. Reporters may save only their
    /// own stories; editors any. Nothing is committed when nothing changed.
    public func saveStory(_ slug: String, message: String, minor: Bool = false, expecting: Int? = nil, by actor: Person) throws -> SaveOutcome {
        let message = try revisionMessage(message)
        let original = try story(slug)
        try requireMayEdit(original, actor)
        try checkExpectation(original, expecting)
        // The work tree is read again on every attempt: when another save of this story lands
        // first, what is committed is the file as it is now, never a copy read before the race.
        return try commitRevision(of: original, files: { try self.readStoryFolder($0) }, basedOn: expecting,
                                  kind: .saved, message: message, minor: minor, by: actor)
    }

    func revisionMessage(_ message: String) throws -> String {
        let message = message.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        guard !message.isEmpty else {
            throw GalleyError.usage("a revision needs a message saying what changed: -m \"...\"")
        }
        return message
    }

    /// Commits `files` (path in the story folder → bytes) as the story's next revision, unless
    /// they are what the latest revision already holds. Decided again on top of any commit that
    /// lands first, so two saves of different stories never lose each other.
    ///
    /// `files` gives the folder's content on each attempt. `basedOn`, when given, is the revision
    /// that content was made from (or the one the person expects): if another revision landed
    /// meanwhile, nothing is committed and the conflict names it.
    func commitRevision(of original: Story, files makeFiles: (Story) throws -> [String: Data], basedOn: Int?,
                        kind: EventKind, message: String, minor: Bool, by actor: Person) throws -> SaveOutcome {
        let id = StoryID(original.id)!
        var saved: Int?
        try record(by: actor) { head in
            saved = nil
            guard let story = try catalog.story(id: id) else {
                throw GalleyError.notFound("the story \(original.slug) no longer exists; `galley board` lists the stories there are")
            }
            try checkExpectation(story, basedOn)
            let files = try makeFiles(story)
            let updates = try changes(to: story, files: files, head: head)
            guard !updates.isEmpty else { return nil }
            let number = story.revision + 1
            var event = EditorialEvent(kind: kind, actor: actor.email, time: Timestamp.format(clock.now))
            event.storyID = id
            let slug = try StoryFile.parse(files[StoryLayout.storyFile]!).slug
            // Checked here, against the head being committed on, so two renames cannot both take a slug.
            if slug.text != story.slug, let taken = try catalog.story(slug: slug.text), taken.id != story.id {
                throw GalleyError.badInput("the slug '\(slug)' is already used by \"\(taken.headline)\"; choose another")
            }
            event.slug = slug
            event.revision = number
            event.minor = minor
            event.message = message
            saved = number
            return PendingCommit(updates: updates, event: event, subject: "\(slug) r\(number): \(message)")
        }
        let story = try catalog.story(id: id)!
        let revision = try saved.flatMap { number in try catalog.revision(of: id, number: number) }
        return SaveOutcome(story: story, revision: revision)
    }

    /// The tree updates that make the story's folder at `head` hold exactly `files`.
    func changes(to story: Story, files: [String: Data], head: ObjectID?) throws -> [TreeUpdate] {
        let committed = try git { try head.map { try repository.files(under: story.path, in: $0) } ?? [:] }
        var updates: [TreeUpdate] = []
        for (name, data) in files.sorted(by: { $0.key < $1.key }) {
            let blob = try git { try repository.writeBlob(data) }
            if committed[name] != blob { updates.append(.upsert(path: story.path + "/" + name, blob: blob)) }
        }
        for name in committed.keys.sorted() where files[name] == nil {
            updates.append(.remove(path: story.path + "/" + name))
        }
        return updates
    }

    /// Lets a person edit the story file (through `open`, e.g. `$EDITOR`), then saves a revision
    /// if it changed. A missing work-tree file is first restored from the latest revision.
    public func editStory(_ slug: String, message: String?, by actor: Person, open: (URL) throws -> Void) throws -> SaveOutcome {
        let story = try story(slug)
        try requireMayEdit(story, actor)
        let url = try workTreeURL(story.path + "/" + StoryLayout.storyFile)
        if !FileManager.default.fileExists(atPath: url.path) {
            let (_, _, data) = try storyText(RevisionReference(parsing: slug))
            try AtomicFile.write(data, to: url)
        }
        // A folder the save would refuse (a link in it) is refused before anyone types into it.
        _ = try readWorkTree(of: story)
        try open(url)
        do {
            return try saveStory(slug, message: message ?? "Edit \(slug)", by: actor)
        } catch let error as GalleyError where error.exitCode == 65 {
            throw GalleyError.badInput("\(error.message)\nYour edit is kept in \(url.path); fix it and run `galley save \(slug) -m MESSAGE`")
        }
    }

    func requireMayEdit(_ story: Story, _ actor: Person) throws {
        // Reporters change their own stories; the desk (editors, admins, a workflow's copy
        // editors) may change any.
        guard actor.role != .reporter || story.author == actor.email else {
            throw GalleyError.notPermitted(
                "\(actor.email) is a \(actor.role.rawValue) and may change only their own stories; '\(story.slug)' is by \(story.author). Ask an editor")
        }
    }

    /// Reads the story's folder from the work tree: `story.md` (validated) and its assets.
    /// Hidden files and editor backups (`.story.md.swp`, `story.md~`) are left out.
    func readStoryFolder(_ story: Story) throws -> [String: Data] {
        let folder = try workTreeURL(story.path)
        let storyURL = try workTreeURL(story.path + "/" + StoryLayout.storyFile)
        let displayPath = story.path + "/" + StoryLayout.storyFile
        guard var data = FileManager.default.contents(atPath: storyURL.path) else {
            throw GalleyError.notFound("\(displayPath) is missing from the work tree; `galley edit \(story.slug)` restores the latest revision")
        }
        var file = try StoryFile.parse(data, file: displayPath)
        if file.slug.text != story.slug, try formerSlugs(of: story).contains(file.slug.text) {
            // A rename that stopped before it rewrote the work tree left the old slug in the
            // file: the id is the story's, so the file is this story's, under today's slug.
            file.slug = try Slug(validating: story.slug)
            data = try rewritingSlug(in: data, to: story.slug)
            try AtomicFile.write(data, to: storyURL)
        }
        guard file.id.text == story.id else {
            throw GalleyError.badInput("\(displayPath): the id was changed to \(file.id); a story's id never changes, put back \(story.id)")
        }
        guard file.slug.text == story.slug else {
            throw GalleyError.badInput("\(displayPath): the slug was changed to '\(file.slug)'; put back '\(story.slug)' (renaming a story is `galley rename`; if a rename was interrupted, `galley doctor --repair` brings the file up to date)")
        }
        var files = [StoryLayout.storyFile: data]
        let manager = FileManager.default
        guard let walker = manager.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey, .fileSizeKey]) else {
            return files
        }
        for case let url as URL in walker {
            let name = url.lastPathComponent
            if name.hasPrefix(".") || name.hasSuffix("~") {
                walker.skipDescendants()
                continue
            }
            let values = try url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey, .fileSizeKey])
            let relative = String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))
            if values.isSymbolicLink == true {
                throw GalleyError.badInput("\(story.path)/\(relative) is a symbolic link; \(Newsroom.linkRefusal): copy the file into the story folder instead")
            }
            guard values.isRegularFile == true, relative != StoryLayout.storyFile else { continue }
            if (values.fileSize ?? 0) > Newsroom.maximumAssetBytes {
                throw GalleyError.badInput("\(story.path)/\(relative) is \(values.fileSize ?? 0) bytes; an asset may be at most \(Newsroom.maximumAssetBytes) bytes. Link large media (video) from the story instead of storing it")
            }
            files[relative] = manager.contents(atPath: url.path)
        }
        if let image = file.image?.file, files[image] == nil {
            throw GalleyError.badInput("\(displayPath): the image \(image) is not in the story folder; copy it to \(story.path)/\(image) or fix the path")
        }
        return files
    }

    /// The slugs the story had before its latest one, from its saved revisions.
    func formerSlugs(of story: Story) throws -> Set<String> {
        var slugs = Set<String>()
        for revision in try catalog.revisions(of: StoryID(story.id)!) {
            guard let commit = ObjectID(hex: revision.commitId),
                  let text = try git({ try repository.file(at: story.path + "/" + StoryLayout.storyFile, in: commit) }),
                  let file = try? StoryFile.parse(text) else { continue }
            slugs.insert(file.slug.text)
        }
        slugs.remove(story.slug)
        return slugs
    }

    /// The story file's bytes with its `slug:` line replaced, everything else as the person left it.
    func rewritingSlug(in data: Data, to slug: String) throws -> Data {
        var lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
        if let index = lines.firstIndex(where: { $0.hasPrefix("slug:") }) {
            lines[index] = "slug: \(YAMLWriter.scalar(slug))"
        }
        return Data(lines.joined(separator: "\n").utf8)
    }

    /// The largest asset (image, document) accepted in a story folder.
    public static let maximumAssetBytes = 50 * 1024 * 1024
}
