import Foundation
import Testing

/// What Galley writes into git, read back with the stock git command line alone.
@Suite struct GitHistoryTests {
    @Test func everyCommitIsAuthoredByTheActingPersonAndCarriesGalleyTrailers() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Ferry sinks off Bali", as: TempNewsroom.reporter, at: "2024-06-20T05:00:00Z")
        try room.changeStory(slug) { $0 + "All passengers were rescued.\n" }
        try room.save(slug, "Add the rescue", as: TempNewsroom.editor, at: "2024-06-20T05:10:00Z")
        expectSuccess(try room.galley("people", "role", "rina@radar.id", "editor", as: TempNewsroom.admin, at: "2024-06-20T05:20:00Z"))
        try room.changeStory(slug) { $0 + "The captain is missing.\n" }
        try room.save(slug, "Add the captain", as: TempNewsroom.reporter, at: "2024-06-20T05:30:00Z")

        let format = "%an|%ae|%cn|%ce|%aI|%cI|%(trailers:key=Galley-Event,valueonly,separator=%x2C)"
            + "|%(trailers:key=Galley-Actor,valueonly,separator=%x2C)|%(trailers:key=Galley-Time,valueonly,separator=%x2C)"
        #expect(try room.gitText("log", "--format=\(format)") == """
            Rina Reporter|rina@radar.id|Rina Reporter|rina@radar.id|2024-06-20T05:30:00+00:00|2024-06-20T05:30:00+00:00|save|rina@radar.id|2024-06-20T05:30:00Z
            Ed Editor|ed@radar.id|Ed Editor|ed@radar.id|2024-06-20T05:20:00+00:00|2024-06-20T05:20:00+00:00|person-role|ed@radar.id|2024-06-20T05:20:00Z
            Sam Subeditor|sam@radar.id|Sam Subeditor|sam@radar.id|2024-06-20T05:10:00+00:00|2024-06-20T05:10:00+00:00|save|sam@radar.id|2024-06-20T05:10:00Z
            Rina Reporter|rina@radar.id|Rina Reporter|rina@radar.id|2024-06-20T05:00:00+00:00|2024-06-20T05:00:00+00:00|create|rina@radar.id|2024-06-20T05:00:00Z
            Ed Editor|ed@radar.id|Ed Editor|ed@radar.id|2024-06-20T04:00:00+00:00|2024-06-20T04:00:00+00:00|person-add|ed@radar.id|2024-06-20T04:00:00Z
            Ed Editor|ed@radar.id|Ed Editor|ed@radar.id|2024-06-20T04:00:00+00:00|2024-06-20T04:00:00+00:00|person-add|ed@radar.id|2024-06-20T04:00:00Z
            Ed Editor|ed@radar.id|Ed Editor|ed@radar.id|2024-06-20T04:00:00+00:00|2024-06-20T04:00:00+00:00|found|ed@radar.id|2024-06-20T04:00:00Z
            """)
        // The role change shows in the catalog too.
        #expect(try room.sql("SELECT role FROM people WHERE email = 'rina@radar.id'") == "editor")
        try room.expectFsckClean()
    }

    @Test func commitMessagesHaveASubjectAndExactlyTheDocumentedTrailers() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Volcano erupts on Java", at: "2024-06-20T05:00:00Z")
        let id = try room.storyID(slug)
        try room.changeStory(slug) { $0 + "Ash fell on three towns.\n" }
        try room.save(slug, "Add the towns", at: "2024-06-20T05:10:00Z")

        func message(_ revision: String) throws -> String {
            try room.gitText("log", "-1", "--format=%B", revision).trimmingCharacters(in: .newlines)
        }
        #expect(try message("HEAD") == """
            \(slug) r2: Add the towns

            Galley-Event: save
            Galley-Story: \(id)
            Galley-Slug: \(slug)
            Galley-Revision: 2
            Galley-Message: Add the towns
            Galley-Actor: rina@radar.id
            Galley-Time: 2024-06-20T05:10:00Z
            """)
        #expect(try message("HEAD~1") == """
            \(slug) r1: create "Volcano erupts on Java"

            Galley-Event: create
            Galley-Story: \(id)
            Galley-Slug: \(slug)
            Galley-Revision: 1
            Galley-To: draft
            Galley-Message: Create story
            Galley-Actor: rina@radar.id
            Galley-Time: 2024-06-20T05:00:00Z
            """)
        #expect(try message("HEAD~2") == """
            Add Sam Subeditor <sam@radar.id> as editor

            Galley-Event: person-add
            Galley-Person: sam@radar.id
            Galley-Person-Name: Sam Subeditor
            Galley-Role: editor
            Galley-Actor: ed@radar.id
            Galley-Time: 2024-06-20T04:00:00Z
            """)
        #expect(try message("HEAD~4") == """
            Found the newsroom Radar Detik

            Galley-Event: found
            Galley-Person: ed@radar.id
            Galley-Person-Name: Ed Editor
            Galley-Role: admin
            Galley-Actor: ed@radar.id
            Galley-Time: 2024-06-20T04:00:00Z
            """)
        // git's own trailer parser finds the same block.
        #expect(try room.gitText("log", "-1", "--format=%(trailers:only,unfold)").trimmingCharacters(in: .newlines) == """
            Galley-Event: save
            Galley-Story: \(id)
            Galley-Slug: \(slug)
            Galley-Revision: 2
            Galley-Message: Add the towns
            Galley-Actor: rina@radar.id
            Galley-Time: 2024-06-20T05:10:00Z
            """)
        #expect(try room.gitText("log", "--format=%s", "--grep=^Galley-Event: save$") == "\(slug) r2: Add the towns")
    }

    @Test func savingStoryNPlusOneInANewsroomOfNStoriesTouchesOnlyItsOwnFolder() throws {
        let room = try TempNewsroom()
        // Five stories on five days, so they sit in different day folders (the last shares story 6's).
        var others: [(slug: String, folder: String)] = []
        for day in 16...20 {
            let slug = try room.newStory("Story of June \(day)", at: "2024-06-\(day)T05:00:00Z")
            others.append((slug, try room.storyFolder(slug)))
        }
        func treeIDs() throws -> [String] {
            try (others.map(\.folder) + ["stories/2024/06/16", "stories/2024/06/19"]).map { try room.gitText("rev-parse", "HEAD:\($0)") }
        }
        let treesBefore = try treeIDs()

        let slug = try room.newStory("Story six", at: "2024-06-20T06:00:00Z")
        let folder = try room.storyFolder(slug)
        #expect(try room.gitText("diff-tree", "-r", "--name-only", "HEAD~1", "HEAD") == "\(folder)/story.md")

        // Break the other stories' files in the work tree: a save that read or re-committed them
        // would fail or show them in its diff.
        for other in others {
            try room.writeStory(other.slug, Data([0xFF, 0xFE, 0x00, 0x0A]))
        }
        try room.changeStory(slug) { $0 + "Only this story changes.\n" }
        let saved = try room.galley("save", slug, "-m", "Add a line", as: TempNewsroom.reporter, at: "2024-06-20T06:10:00Z")
        expectSuccess(saved)

        #expect(try room.gitText("diff-tree", "-r", "--name-only", "HEAD~1", "HEAD") == "\(folder)/story.md")
        // The only trees rewritten are the ones on the path to the story.
        #expect(try room.gitText("diff-tree", "-r", "-t", "--name-only", "HEAD~1", "HEAD") == """
            stories
            stories/2024
            stories/2024/06
            stories/2024/06/20
            \(folder)
            \(folder)/story.md
            """)
        #expect(try treeIDs() == treesBefore)
        for other in others {
            #expect(try room.workTreeFiles()["\(other.folder)/story.md"] == Data([0xFF, 0xFE, 0x00, 0x0A]))
        }
        #expect(try room.sql("SELECT slug, revision FROM stories ORDER BY created_at").components(separatedBy: "\n")
            == others.map { "\($0.slug)|1" } + ["\(slug)|2"])
        try room.expectFsckClean()
    }

    @Test func assetsInTheStoryFolderAreSavedWithItButEditorLeftoversAreNot() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Kim greets Putin at the airport")
        let folder = try room.storyFolder(slug)
        let photo = Data((0...255).map { UInt8($0) })
        let assets = room.folder.appendingPathComponent(folder).appendingPathComponent("assets")
        try FileManager.default.createDirectory(at: assets, withIntermediateDirectories: true)
        try photo.write(to: assets.appendingPathComponent("airport.jpg"))
        try Data("swap".utf8).write(to: room.folder.appendingPathComponent(folder).appendingPathComponent(".story.md.swp"))
        try Data("backup".utf8).write(to: room.folder.appendingPathComponent(folder).appendingPathComponent("story.md~"))

        let added = try room.galley("save", slug, "-m", "Add the airport photo", as: TempNewsroom.reporter)
        expectSuccess(added)
        #expect(try room.gitText("diff-tree", "-r", "--name-status", "HEAD~1", "HEAD") == "A\t\(folder)/assets/airport.jpg")
        #expect(try room.git("cat-file", "blob", "HEAD:\(folder)/assets/airport.jpg").stdoutData == photo)

        try FileManager.default.removeItem(at: assets.appendingPathComponent("airport.jpg"))
        let removed = try room.galley("save", slug, "-m", "Drop the photo", as: TempNewsroom.reporter)
        expectSuccess(removed)
        #expect(try room.gitText("diff-tree", "-r", "--name-status", "HEAD~1", "HEAD") == "D\t\(folder)/assets/airport.jpg")
        #expect(try room.gitText("ls-tree", "-r", "--name-only", "HEAD", folder) == "\(folder)/story.md")
        try room.expectFsckClean()
    }

    @Test func theCatalogIsNeverCommitted() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Jakarta votes")
        try room.changeStory(slug) { $0 + "Turnout was high.\n" }
        try room.save(slug, "Add turnout")
        #expect(FileManager.default.fileExists(atPath: room.catalogPath))
        let everyPath = try room.gitText("log", "--all", "--name-only", "--format=")
        #expect(!everyPath.contains(".galley"))
        #expect(try room.git("check-ignore", "-q", ".galley/catalog.sqlite").status == 0)
    }

    @Test func aPlainGitCommitInTheNewsroomIsStoppedByTheCommitGuard() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Jakarta votes")
        let head = try room.head()
        try room.changeStory(slug) { $0 + "Turnout was high.\n" }
        try room.gitText("add", "-A")
        let commit = try room.git("-c", "user.name=Someone", "-c", "user.email=someone@radar.id", "commit", "-m", "Bypass Galley")
        #expect(commit.status != 0, "\(commit)")
        #expect(commit.stderr.contains("galley save"), "\(commit)")
        #expect(try room.head() == head)
    }
}

extension TempNewsroom {
    /// Expects `git fsck --strict` to find nothing wrong with the newsroom's repository.
    func expectFsckClean(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fsck = try git("fsck", "--strict", "--no-dangling")
        #expect(fsck.status == 0, "\(fsck)", sourceLocation: sourceLocation)
        #expect(!fsck.stderr.contains("error") && !fsck.stderr.contains("warning"), "\(fsck)", sourceLocation: sourceLocation)
    }
}
