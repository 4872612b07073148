import Foundation
import GitKit

/// Two texts to compare, with the names shown in the diff's header.
public struct Comparison: Sendable {
    public var oldName: String
    public var newName: String
    public var old: String
    public var new: String
    /// Assets added, removed or changed between the two (their bytes are not diffed).
    public var changedAssets: [String]
}

extension Newsroom {
    /// The files of the story's folder as saved at `revision`.
    func files(of story: Story, at revision: Int) throws -> [String: Data] {
        guard let record = try catalog.revisions(of: StoryID(story.id)!).first(where: { $0.number == revision }),
              let commit = ObjectID(hex: record.commitId) else {
            throw GalleyError.notFound("\(story.slug) has no revision r\(revision); it has r1 to r\(story.revision)")
        }
        let blobs = try git { try repository.files(under: story.path, in: commit) }
        return try blobs.mapValues { id in try git { try repository.blob(id) } }
    }

    /// What to compare for `galley diff`: like git, no revision compares the latest revision
    /// with the work tree, one revision compares it with the work tree, two compare the two.
    public func comparison(_ slug: String, from first: Int?, to second: Int?) throws -> Comparison {
        let story = try story(slug)
        let oldNumber = first ?? story.revision
        let oldFiles = try files(of: story, at: oldNumber)
        let newFiles: [String: Data]
        let newName: String
        if let second {
            newFiles = try files(of: story, at: second)
            newName = "\(story.slug)@r\(second)"
        } else {
            newFiles = try readWorkTree(of: story)
            newName = "\(story.slug) (work tree)"
        }
        let assets = Set(oldFiles.keys).union(newFiles.keys).filter { $0 != StoryLayout.storyFile && oldFiles[$0] != newFiles[$0] }
        func text(_ files: [String: Data], _ name: String) throws -> String {
            try TextValidation.decodeUTF8(files[StoryLayout.storyFile] ?? Data(), file: name)
        }
        return Comparison(oldName: "\(story.slug)@r\(oldNumber)", newName: newName,
                          old: try text(oldFiles, "\(story.slug)@r\(oldNumber)"), new: try text(newFiles, newName),
                          changedAssets: assets.sorted())
    }

    /// The story folder in the work tree, without the checks a save makes (a diff shows what is there).
    func readWorkTree(of story: Story) throws -> [String: Data] {
        do {
            return try readStoryFolder(story)
        } catch let error as GalleyError where error.exitCode == 65 && !error.message.contains(Newsroom.linkRefusal) {
            let url = try workTreeURL(story.path + "/" + StoryLayout.storyFile)
            guard let data = FileManager.default.contents(atPath: url.path) else { throw error }
            return [StoryLayout.storyFile: data]
        }
    }

    /// Refuses to replace the work tree's copy of a story when it holds changes nobody saved.
    func requireNoUnsavedChanges(_ story: Story, before action: String) throws {
        let url = root.appendingPathComponent(story.path).appendingPathComponent(StoryLayout.storyFile)
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        let unsaved = try changes(to: story, files: try readWorkTree(of: story), head: try head())
        if !unsaved.isEmpty {
            throw GalleyError.badInput(
                "\(story.slug) has changes in the work tree that are not saved; save them first (`galley save \(story.slug) -m ...`) or they would be lost by \(action)")
        }
    }

    /// Makes a new revision whose content is revision `number`'s; history is never rewritten.
    public func restoreStory(_ slug: String, to number: Int, expecting: Int? = nil, by actor: Person) throws -> SaveOutcome {
        let story = try story(slug)
        try requireMayEdit(story, actor)
        try checkExpectation(story, expecting)
        try requireNoUnsavedChanges(story, before: "restoring r\(number)")
        var files = try files(of: story, at: number)
        // The slug may have been renamed since; the restored text keeps today's slug.
        var file = try StoryFile.parse(files[StoryLayout.storyFile]!, file: "\(slug)@r\(number)")
        if file.slug.text != story.slug {
            file.slug = try Slug(validating: story.slug)
            files[StoryLayout.storyFile] = Data(file.render().utf8)
        }
        let outcome = try commitRevision(of: story, files: { _ in files }, basedOn: story.revision, kind: .restored,
                                         message: "Restore r\(number)", minor: false, by: actor)
        try refreshWorkTree(outcome.story)
        return outcome
    }

    /// Gives the story a new slug, as a new revision; its id, folder and history stay.
    public func renameStory(_ slug: String, to newSlug: String, expecting: Int? = nil, by actor: Person) throws -> SaveOutcome {
        let story = try story(slug)
        try requireMayEdit(story, actor)
        try checkExpectation(story, expecting)
        let target = try Slug(validating: newSlug)
        if let taken = try catalog.story(slug: target.text) {
            throw GalleyError.badInput("the slug '\(target)' is already used by \"\(taken.headline)\"; choose another")
        }
        try requireNoUnsavedChanges(story, before: "renaming")
        var files = try files(of: story, at: story.revision)
        var file = try StoryFile.parse(files[StoryLayout.storyFile]!)
        file.slug = target
        files[StoryLayout.storyFile] = Data(file.render().utf8)
        let outcome = try commitRevision(of: story, files: { _ in files }, basedOn: story.revision, kind: .renamed,
                                         message: "Rename from \(slug) to \(target)", minor: true, by: actor)
        try refreshWorkTree(outcome.story)
        return outcome
    }

    /// Writes the story's latest revision into the work tree, as the catalog knows it after
    /// catching up: a command that lost a race never writes its older text over a newer one.
    func refreshWorkTree(_ story: Story) throws {
        try catchUp()
        guard let latest = try catalog.story(id: StoryID(story.id)!) else { return }
        try writeFolderToWorkTree(latest, try files(of: latest, at: latest.revision))
    }

    /// Makes the story's folder in the work tree hold exactly `files`.
    func writeFolderToWorkTree(_ story: Story, _ files: [String: Data]) throws {
        for (name, data) in files {
            try AtomicFile.write(data, to: try workTreeURL(story.path + "/" + name))
        }
        let present = (try? readWorkTree(of: story)) ?? [:]
        for name in present.keys where files[name] == nil {
            try? FileManager.default.removeItem(at: try workTreeURL(story.path + "/" + name))
        }
    }
}
