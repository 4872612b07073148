import Foundation
import Testing

/// `galley edit`: runs the person's editor on the story file, then saves a revision if it changed.
@Suite struct EditTests {
    static let body = "Indonesia menganut politik luar negeri bebas aktif yang progersif.\n"

    static func newsroomWithAStory() throws -> (TempNewsroom, String) {
        let room = try TempNewsroom()
        let bodyFile = try room.outsideFile("body.md", Data(body.utf8))
        let slug = try room.newStory("Politik luar negeri", ["--body-file", bodyFile.path])
        return (room, slug)
    }

    @Test func editWithAnEditorThatChangesTheStorySavesARevision() throws {
        let (room, slug) = try EditTests.newsroomWithAStory()
        let path = try room.storyPath(slug)
        let result = try room.galley("edit", slug, "-m", "Fix the spelling of progresif", as: TempNewsroom.reporter,
                                     at: "2024-06-20T05:10:00Z", environment: ["EDITOR": "sed -i s/progersif/progresif/"])
        expectSuccess(result)
        #expect(try result.stdout == "Saved \(slug) r2 (\(room.head().prefix(7))): Fix the spelling of progresif\n")
        let saved = try room.gitText("cat-file", "blob", "HEAD:\(path)")
        #expect(saved.hasSuffix("\nIndonesia menganut politik luar negeri bebas aktif yang progresif."))
        #expect(try room.gitText("diff-tree", "-r", "--name-only", "HEAD~1", "HEAD") == path)
        #expect(try room.gitText("log", "-1", "--format=%ae|%s") == "rina@radar.id|\(slug) r2: Fix the spelling of progresif")
        #expect(try room.sql("SELECT number, saved_at, message FROM revisions ORDER BY number DESC LIMIT 1")
            == "2|2024-06-20T05:10:00Z|Fix the spelling of progresif")
    }

    @Test func editWithoutAMessageSavesWithADefaultOne() throws {
        let (room, slug) = try EditTests.newsroomWithAStory()
        let result = try room.galley("edit", slug, as: TempNewsroom.reporter, environment: ["EDITOR": "sed -i s/progersif/progresif/"])
        expectSuccess(result)
        #expect(try room.gitText("log", "-1", "--format=%(trailers:key=Galley-Message,valueonly,separator=%x2C)") == "Edit \(slug)")
    }

    @Test func visualIsPreferredToEditor() throws {
        let (room, slug) = try EditTests.newsroomWithAStory()
        let result = try room.galley("edit", slug, "-m", "Fix", as: TempNewsroom.reporter,
                                     environment: ["VISUAL": "sed -i s/progersif/progresif/", "EDITOR": "false"])
        expectSuccess(result)
        #expect(try room.readStory(slug).contains("progresif."))
    }

    @Test func editThatChangesNothingSavesNoRevision() throws {
        let (room, slug) = try EditTests.newsroomWithAStory()
        let before = try room.snapshot()
        let result = try room.galley("edit", slug, as: TempNewsroom.reporter, environment: ["EDITOR": "true"])
        expectSuccess(result)
        #expect(result.stdout == "Nothing to save: \(slug) is unchanged since r1.\n")
        try room.expectUnchanged(since: before)
    }

    @Test func editThatBreaksTheFrontMatterKeepsTheBrokenFileAndSavesNothing() throws {
        let (room, slug) = try EditTests.newsroomWithAStory()
        let path = try room.storyPath(slug)
        let file = try room.storyFile(slug)
        let original = try room.readStory(slug)
        let before = try room.snapshot()

        // The editor opens a quote it never closes on line 4, column 11.
        let result = try room.galley("edit", slug, "-m", "Tweak", as: TempNewsroom.reporter,
                                     environment: ["EDITOR": "sed -i 's/^headline: /headline: \"/'"])
        expectRefusal(result, exitCode: 65, mentioning: [
            "\(path):4:11: while scanning a quoted scalar",
            "Your edit is kept in \(file.path); fix it and run `galley save \(slug) -m MESSAGE`",
        ])
        let broken = original.replacingOccurrences(of: "headline: Politik", with: "headline: \"Politik")
        #expect(try room.readStory(slug) == broken)
        #expect(try room.head() == before.head)
        #expect(try room.catalogDump() == before.catalog)

        // Fixing the file and saving works.
        try room.writeStory(slug, broken.replacingOccurrences(of: "\"Politik", with: "Politik").replacingOccurrences(of: "progersif", with: "progresif"))
        let saved = try room.galley("save", slug, "-m", "Fix the spelling", as: TempNewsroom.reporter)
        expectSuccess(saved)
        #expect(saved.stdout.hasPrefix("Saved \(slug) r2 "))
    }

    @Test func anEditorThatFailsSavesNothing() throws {
        let (room, slug) = try EditTests.newsroomWithAStory()
        let before = try room.snapshot()
        let result = try room.galley("edit", slug, as: TempNewsroom.reporter, environment: ["EDITOR": "false"])
        expectRefusal(result, exitCode: 69, mentioning: ["the editor 'false' exited with status 1; nothing was saved"])
        try room.expectUnchanged(since: before)
    }

    @Test func editRestoresAMissingStoryFileBeforeOpeningIt() throws {
        let (room, slug) = try EditTests.newsroomWithAStory()
        let path = try room.storyPath(slug)
        try FileManager.default.removeItem(at: room.storyFile(slug))
        let result = try room.galley("edit", slug, as: TempNewsroom.reporter, environment: ["EDITOR": "true"])
        expectSuccess(result)
        #expect(result.stdout == "Nothing to save: \(slug) is unchanged since r1.\n")
        #expect(try room.workTreeFiles()[path] == room.git("cat-file", "blob", "HEAD:\(path)").stdoutData)
    }
}
