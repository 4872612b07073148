import Foundation
@testable import GalleyCore
import GitKit
import Testing

@Suite struct NewsroomTests {
    let fixture: NewsroomFixture
    var newsroom: Newsroom { fixture.newsroom }

    init() throws {
        fixture = try NewsroomFixture()
    }

    @Test func foundingMakesTheFirstPersonAnAdminInOneCommit() throws {
        let repository = try Repository.open(at: fixture.folder)
        let history = try repository.history(from: fixture.head())
        #expect(history.count == 4)  // found + three people
        let first = try repository.commit(history[0])
        #expect(first.subject == "Found the newsroom Radar Detik")
        #expect(first.author.email == "ed@radar.id")
        #expect(fixture.admin.role == .admin)
        #expect(try repository.file(at: "galley.yml", in: history[0]).map { String(decoding: $0, as: UTF8.self) } == """
            # Galley newsroom settings. Committed: every clone of the newsroom reads the same values.
            name: Radar Detik
            time_zone: Asia/Jakarta
            locale: en_GB
            # How datelines read: {published:FORMAT}, {updated:FORMAT} (ICU formats or iso), {zone};
            # text in [ ] appears only once the story has a last-updated time.
            dateline: "{published:EEEE, d MMMM yyyy} | {published:HH:mm} {zone}[ Last Updated {updated:iso}]"

            """)
    }

    @Test func aStoryIsCreatedAsRevisionOneInItsOwnFolder() throws {
        let story = try newsroom.createStory(NewStory(headline: "Putin and Kim sign a pact", section: "world",
                                                      body: Data("First paragraph.\n".utf8)), by: fixture.rina)
        #expect(story.slug == "putin-and-kim-sign-a-pact")
        #expect(story.revision == 1)
        #expect(story.author == "rina@radar.id")
        #expect(story.state == "draft")
        #expect(story.path == "stories/2024/06/20/\(story.id)")
        let file = try StoryFile.parse(Data(contentsOf: fixture.storyURL(story)))
        #expect(file.byline == "Rina Reporter")
        #expect(file.body == "First paragraph.\n")
        let (_, revision, data) = try newsroom.storyText(RevisionReference(parsing: story.slug))
        #expect(revision.number == 1)
        #expect(data == (try Data(contentsOf: fixture.storyURL(story))))
    }

    @Test func savingTouchesOnlyThatStorysFolder() throws {
        var stories: [Story] = []
        for index in 1...5 {
            stories.append(try newsroom.createStory(NewStory(headline: "Story number \(index)"), by: fixture.rina))
        }
        try fixture.append("A new paragraph.\n", to: stories[2])
        let before = try fixture.head()
        let outcome = try newsroom.saveStory(stories[2].slug, message: "Add a paragraph", by: fixture.rina)
        #expect(outcome.revision?.number == 2)
        let repository = try Repository.open(at: fixture.folder)
        let after = try fixture.head()
        #expect(try repository.commit(after).parents == [before])
        for other in stories where other.id != stories[2].id {
            #expect(try repository.entry(at: other.path, in: before)?.id == repository.entry(at: other.path, in: after)?.id)
        }
        #expect(try repository.entry(at: Newsroom.peopleFile, in: before)?.id == repository.entry(at: Newsroom.peopleFile, in: after)?.id)
    }

    @Test func savingAnUnchangedStoryMakesNoRevision() throws {
        let story = try newsroom.createStory(NewStory(headline: "Quiet day"), by: fixture.rina)
        let head = try fixture.head()
        let outcome = try newsroom.saveStory(story.slug, message: "Nothing", by: fixture.rina)
        #expect(outcome.revision == nil)
        #expect(outcome.story.revision == 1)
        #expect(try fixture.head() == head)
    }

    @Test func assetsAreSavedWithTheStoryAndRemovalsToo() throws {
        let story = try newsroom.createStory(NewStory(headline: "Photo story"), by: fixture.rina)
        let assets = fixture.folder.appendingPathComponent(story.path).appendingPathComponent("assets")
        try FileManager.default.createDirectory(at: assets, withIntermediateDirectories: true)
        try Data([0xFF, 0xD8, 0xFF]).write(to: assets.appendingPathComponent("photo.jpg"))
        try Data("swap".utf8).write(to: assets.appendingPathComponent(".photo.jpg.swp"))
        _ = try newsroom.saveStory(story.slug, message: "Add a photo", by: fixture.rina)
        let repository = try Repository.open(at: fixture.folder)
        #expect(try repository.files(under: story.path, in: fixture.head()).keys.sorted() == ["assets/photo.jpg", "story.md"])
        try FileManager.default.removeItem(at: assets.appendingPathComponent("photo.jpg"))
        let outcome = try newsroom.saveStory(story.slug, message: "Drop the photo", by: fixture.rina)
        #expect(outcome.revision?.number == 3)
        #expect(try repository.files(under: story.path, in: fixture.head()).keys.sorted() == ["story.md"])
    }

    @Test func aReporterMayNotSaveAnotherReportersStory() throws {
        let story = try newsroom.createStory(NewStory(headline: "Rina's scoop"), by: fixture.rina)
        try fixture.append("Tono was here.\n", to: story)
        let error = #expect(throws: GalleyError.self) { try newsroom.saveStory(story.slug, message: "Mine now", by: fixture.tono) }
        #expect(error?.exitCode == 77)
        #expect(try newsroom.saveStory(story.slug, message: "Edited by the desk", by: fixture.editor).revision?.number == 2)
    }

    @Test func aDuplicateSlugIsRefused() throws {
        _ = try newsroom.createStory(NewStory(headline: "Same headline"), by: fixture.rina)
        let head = try fixture.head()
        let error = #expect(throws: GalleyError.self) { try newsroom.createStory(NewStory(headline: "Same headline"), by: fixture.tono) }
        #expect(error?.exitCode == 65)
        #expect(error?.message.contains("already used by \"Same headline\"") == true)
        #expect(try fixture.head() == head)
    }

    @Test func changingTheIdOrSlugInTheFileIsRefused() throws {
        let story = try newsroom.createStory(NewStory(headline: "Stable names"), by: fixture.rina)
        let url = fixture.storyURL(story)
        let original = try String(contentsOf: url, encoding: .utf8)
        try original.replacingOccurrences(of: "slug: stable-names", with: "slug: other-name").write(to: url, atomically: true, encoding: .utf8)
        let error = #expect(throws: GalleyError.self) { try newsroom.saveStory(story.slug, message: "Rename", by: fixture.rina) }
        #expect(error?.message.contains("galley rename") == true)
    }

    @Test func onlyAnAdminAddsPeopleAndTheLastAdminStays() throws {
        let error = #expect(throws: GalleyError.self) {
            try newsroom.addPerson(email: "new@radar.id", name: "New", role: .reporter, by: fixture.editor)
        }
        #expect(error?.exitCode == 77)
        #expect(throws: GalleyError.self) { try newsroom.addPerson(email: "not-an-email", name: "X", role: .reporter, by: fixture.admin) }
        #expect(throws: GalleyError.self) { try newsroom.setRole(of: "ed@radar.id", to: .editor, by: fixture.admin) }
        let promoted = try newsroom.setRole(of: "rina@radar.id", to: .editor, by: fixture.admin)
        #expect(promoted.role == .editor)
        #expect(try fixture.reopen().actor(explicit: "rina@radar.id").role == .editor)
    }

    @Test func anUnknownPersonIsNotPermitted() throws {
        let error = #expect(throws: GalleyError.self) { try newsroom.actor(explicit: "stranger@example.org", environment: [:]) }
        #expect(error?.exitCode == 77)
        #expect(error?.message.contains("galley people add stranger@example.org") == true)
        #expect(try newsroom.actor(explicit: nil, environment: ["GALLEY_USER": "rina@radar.id"]).email == "rina@radar.id")
    }

    @Test func reindexRebuildsExactlyTheSameRows() throws {
        let story = try newsroom.createStory(NewStory(headline: "Reindex me"), by: fixture.rina)
        try fixture.append("More.\n", to: story)
        _ = try newsroom.saveStory(story.slug, message: "More", minor: true, by: fixture.rina)
        let before = try newsroom.catalogDump()
        _ = try newsroom.reindex()
        #expect(try newsroom.catalogDump() == before)
        // A catalog file deleted outright is rebuilt on the next open, to the same rows.
        let catalog = fixture.folder.appendingPathComponent(".galley")
        try FileManager.default.removeItem(at: catalog)
        #expect(try fixture.reopen().catalogDump() == before)
    }

    @Test func aCommitTheCatalogMissedIsIndexedByTheNextCommand() throws {
        // Simulates a crash after the branch moved: write a commit with GitKit, not through Galley.
        let story = try newsroom.createStory(NewStory(headline: "Crash test"), by: fixture.rina)
        let repository = try Repository.open(at: fixture.folder)
        let parent = try fixture.head()
        var file = try StoryFile.parse(Data(contentsOf: fixture.storyURL(story)))
        file.body = "Saved just before the power went.\n"
        var event = EditorialEvent(kind: .saved, actor: "rina@radar.id", time: "2024-06-20T04:10:00Z")
        event.storyID = StoryID(story.id)
        event.slug = try Slug(validating: story.slug)
        event.revision = 2
        event.message = "Late save"
        let commit = try repository.commit(
            parent: parent, updates: [.upsert(path: story.path + "/story.md", blob: try repository.writeBlob(Data(file.render().utf8)))],
            author: Signature(name: "Rina Reporter", email: "rina@radar.id", time: Date()), message: event.commitMessage(subject: "late"))
        try repository.updateReference("refs/heads/main", to: commit, expecting: parent, logMessage: "late")
        let (reopened, revisions) = try fixture.reopen().revisions(of: story.slug)
        #expect(reopened.revision == 2)
        #expect(revisions.last?.message == "Late save")
        #expect(revisions.last?.commitId == commit.hex)
    }
}

@Suite struct FoundingTests {
    @Test func aRepositoryWithHistoryIsAdoptedOnlyWhenAsked() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("galley-adopt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let repository = try Repository.create(at: folder)
        let old = try repository.commit(parent: nil, updates: [.upsert(path: ".gitignore", blob: try repository.writeBlob(Data("*.tmp".utf8)))],
                                        author: Signature(name: "Old", email: "old@x.org", time: Date(timeIntervalSince1970: 0)), message: "old\n")
        try repository.updateReference("refs/heads/main", to: old, expecting: nil, logMessage: "old")
        let clock = Clock(fixed: Date(timeIntervalSince1970: 1_718_857_980))
        let refused = #expect(throws: GalleyError.self) { try Newsroom.found(at: folder, NewsroomFixture.founding, clock: clock) }
        #expect(refused?.exitCode == 73)
        #expect(refused?.message.contains("--adopt") == true)
        #expect(try repository.resolve("refs/heads/main") == old)

        var founding = NewsroomFixture.founding
        founding.adopt = true
        _ = try Newsroom.found(at: folder, founding, clock: clock)
        let head = try #require(try repository.resolve("refs/heads/main"))
        #expect(try repository.commit(head).parents == [old])
        #expect(try repository.file(at: ".gitignore", in: head).map { String(decoding: $0, as: UTF8.self) }
                == "*.tmp\n" + Newsroom.ignoredLines.joined(separator: "\n") + "\n")
    }

    @Test func badSettingsAreRefusedBeforeAnythingIsWritten() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("galley-bad-\(UUID().uuidString)")
        var founding = NewsroomFixture.founding
        founding.timeZone = "Mars/Olympus"
        let error = #expect(throws: GalleyError.self) { try Newsroom.found(at: folder, founding, clock: Clock()) }
        #expect(error?.exitCode == 65)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }
}

@Suite struct SearchTests {
    @Test func searchFindsTheLatestRevisionByEveryWordAndPrefix() throws {
        let fixture = try NewsroomFixture()
        let pact = try fixture.newsroom.createStory(NewStory(headline: "Putin and Kim sign a pact", body: Data("Pyongyang hosted the talks.\n".utf8)), by: fixture.rina)
        _ = try fixture.newsroom.createStory(NewStory(headline: "Café prices rise", body: Data("Kopi costs more.\n".utf8)), by: fixture.rina)
        #expect(try fixture.newsroom.search("putin pyongyang").map(\.0.slug) == [pact.slug])
        #expect(try fixture.newsroom.search("pyong*").map(\.0.slug) == [pact.slug])
        #expect(try fixture.newsroom.search("cafe").map(\.0.slug) == ["cafe-prices-rise"], "accents are ignored")
        #expect(try fixture.newsroom.search("putin kopi").isEmpty)
        #expect(try fixture.newsroom.search("\" OR \"").isEmpty, "query syntax is never interpreted")
        try fixture.append("Seoul reacted.\n", to: pact)
        _ = try fixture.newsroom.saveStory(pact.slug, message: "Seoul", by: fixture.rina)
        #expect(try fixture.newsroom.search("seoul").first?.1.contains("[Seoul]") == true)
    }
}
