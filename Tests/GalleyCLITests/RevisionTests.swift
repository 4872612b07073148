import Foundation
import Testing

/// Revisions, diffs, restore and rename, corrections and the "Last Updated" rules, through the binary
/// and read back with sqlite3 and git.
@Suite struct RevisionTests {
    static let slug = "putin-and-kim-sign-a-pact"
    static let body = "Putin and Kim signed a pact in Pyongyang on Wednesday.\n\nEach promises to defend the other.\n"

    /// A story by the reporter: r1 at 04:10 (no body), r2 at 04:20 (the body).
    static func storyWithTwoRevisions() throws -> TempNewsroom {
        let room = try TempNewsroom()
        #expect(try room.newStory("Putin and Kim sign a pact", at: "2024-06-20T04:10:00Z") == slug)
        try room.changeStory(slug) { $0 + body }
        try room.save(slug, "Write the story", at: "2024-06-20T04:20:00Z")
        return room
    }

    /// The story above, submitted at 04:25 and approved by the editor at 04:33:00Z (11:33 WIB).
    static func publishedStory() throws -> TempNewsroom {
        let room = try storyWithTwoRevisions()
        try room.succeed("submit", slug, as: TempNewsroom.reporter, at: "2024-06-20T04:25:00Z")
        try room.succeed("approve", slug, as: TempNewsroom.editor, at: "2024-06-20T04:33:00Z")
        return room
    }

    func times(_ room: TempNewsroom) throws -> String {
        try room.sql("SELECT state, revision, ifnull(live_revision, '-'), published_at, last_updated_at FROM stories WHERE slug = '\(RevisionTests.slug)'")
    }

    // MARK: log

    @Test func logMarksTheLiveRevisionAndPrintsTheDateline() throws {
        let room = try RevisionTests.storyWithTwoRevisions()
        let slug = RevisionTests.slug
        // Before publication: no dateline, nothing live.
        let draft = try room.galley("log", slug)
        expectSuccess(draft)
        #expect(draft.stdout == """
            \(slug): Putin and Kim sign a pact
            REV  SAVED (UTC)           AUTHOR         MESSAGE
             r2  2024-06-20T04:20:00Z  rina@radar.id  Write the story
             r1  2024-06-20T04:10:00Z  rina@radar.id  Create story

            """)
        #expect(draft.stderr == "")

        try room.succeed("submit", slug, as: TempNewsroom.reporter, at: "2024-06-20T04:25:00Z")
        try room.succeed("approve", slug, as: TempNewsroom.editor, at: "2024-06-20T04:33:00Z")
        let published = try room.galley("log", slug)
        expectSuccess(published)
        #expect(published.stdout == """
            \(slug): Putin and Kim sign a pact
            Thursday, 20 June 2024 | 11:33 WIB Last Updated 2024-06-20T04:33:00Z
            REV  SAVED (UTC)           AUTHOR         MESSAGE
            *r2  2024-06-20T04:20:00Z  rina@radar.id  Write the story
             r1  2024-06-20T04:10:00Z  rina@radar.id  Create story

            """)
        #expect(published.stderr == "* r2 is live.\n")

        // A later revision is listed but not live until it is published.
        try room.changeStory(slug) { $0.replacingOccurrences(of: "Each promises", with: "Each side promises") }
        try room.succeed("save", slug, "-m", "Say which side", "--minor", as: TempNewsroom.reporter, at: "2024-06-20T05:00:00Z")
        let updated = try room.galley("log", slug)
        #expect(updated.lines == [
            "\(slug): Putin and Kim sign a pact",
            "Thursday, 20 June 2024 | 11:33 WIB Last Updated 2024-06-20T04:33:00Z",
            "REV  SAVED (UTC)           AUTHOR         MESSAGE",
            " r3  2024-06-20T05:00:00Z  rina@radar.id  Say which side (minor)",
            "*r2  2024-06-20T04:20:00Z  rina@radar.id  Write the story",
            " r1  2024-06-20T04:10:00Z  rina@radar.id  Create story",
        ])
        let json = try jsonArray(try room.galley("log", slug, "--json"))
        #expect(json.map { $0["number"] as? Int } == [1, 2, 3])
        #expect(json.map { $0["live"] as? Bool } == [false, true, false])
        #expect(json.map { $0["minor"] as? Bool } == [false, false, true])
        let commits = try room.sql("SELECT commit_id FROM revisions ORDER BY number").components(separatedBy: "\n")
        #expect(json.map { $0["commit_id"] as? String } == commits.map(Optional.some))
        #expect(commits == [try room.gitText("rev-parse", "HEAD~4"), try room.gitText("rev-parse", "HEAD~3"), try room.head()])
    }

    // MARK: diff

    @Test func diffBetweenTwoRevisionsIsAUnifiedDiff() throws {
        let room = try RevisionTests.storyWithTwoRevisions()
        let slug = RevisionTests.slug
        try room.changeStory(slug) { $0.replacingOccurrences(of: "Each promises", with: "Each side promises") }
        try room.save(slug, "Say which side", at: "2024-06-20T05:00:00Z")

        let added = try room.galley("diff", slug, "r1", "r2")
        expectSuccess(added)
        #expect(added.stdout == """
            --- \(slug)@r1
            +++ \(slug)@r2
            @@ -4,3 +4,6 @@
             headline: Putin and Kim sign a pact
             byline: Rina Reporter
             ---
            +Putin and Kim signed a pact in Pyongyang on Wednesday.
            +
            +Each promises to defend the other.

            """)
        let changed = try room.galley("diff", slug, "r2", "r3")
        expectSuccess(changed)
        #expect(changed.stdout == """
            --- \(slug)@r2
            +++ \(slug)@r3
            @@ -6,4 +6,4 @@
             ---
             Putin and Kim signed a pact in Pyongyang on Wednesday.
            \u{20}
            -Each promises to defend the other.
            +Each side promises to defend the other.

            """)
        // Backwards works too, with the names the other way round.
        let backwards = try room.galley("diff", slug, "r3", "r2")
        #expect(backwards.lines.suffix(2) == ["-Each side promises to defend the other.", "+Each promises to defend the other."])

        // Same revision: nothing on standard output, a note on standard error.
        let same = try room.galley("diff", slug, "r2", "r2")
        expectSuccess(same)
        #expect(same.stdout == "")
        #expect(same.stderr == "No changes to the text between \(slug)@r2 and \(slug)@r2.\n")

        let missing = try room.galley("diff", slug, "r1", "r9")
        expectRefusal(missing, exitCode: 66, mentioning: ["\(slug) has no revision r9; it has r1 to r3"])
    }

    @Test func diffWordsMarksChangedWordsWithoutColourWhenNotATerminal() throws {
        let room = try RevisionTests.storyWithTwoRevisions()
        let slug = RevisionTests.slug
        let id = try room.storyID(slug)
        try room.changeStory(slug) { $0.replacingOccurrences(of: "on Wednesday", with: "on Thursday")
            .replacingOccurrences(of: "Each promises", with: "Each side promises") }
        try room.save(slug, "Fix the day", at: "2024-06-20T05:00:00Z")

        let words = try room.galley("diff", slug, "r2", "r3", "--words")
        expectSuccess(words)
        #expect(words.stdout == """
            ---
            id: \(id)
            slug: \(slug)
            headline: Putin and Kim sign a pact
            byline: Rina Reporter
            ---
            Putin and Kim signed a pact in Pyongyang on [-Wednesday-]{+Thursday+}.

            Each{+ side+} promises to defend the other.

            """)
        #expect(!words.stdout.contains("\u{1B}"), "colour codes on a pipe")
        // NO_COLOR and TERM change nothing off a terminal either.
        #expect(try room.galley("diff", slug, "r2", "r3", "--words", environment: ["TERM": "xterm-256color"]).stdout == words.stdout)
        let lines = try room.galley("diff", slug, "r2", "r3", environment: ["TERM": "xterm-256color"])
        #expect(!lines.stdout.contains("\u{1B}"))
    }

    @Test func diffWithoutRevisionsComparesTheWorkTreeWithTheLatestRevision() throws {
        let room = try RevisionTests.storyWithTwoRevisions()
        let slug = RevisionTests.slug
        let clean = try room.galley("diff", slug)
        expectSuccess(clean)
        #expect(clean.stdout == "")
        #expect(clean.stderr == "No changes to the text between \(slug)@r2 and \(slug) (work tree).\n")

        try room.changeStory(slug) { $0.replacingOccurrences(of: "Each promises", with: "Each side promises") }
        let workTree = try room.galley("diff", slug)
        expectSuccess(workTree)
        #expect(workTree.stdout == """
            --- \(slug)@r2
            +++ \(slug) (work tree)
            @@ -6,4 +6,4 @@
             ---
             Putin and Kim signed a pact in Pyongyang on Wednesday.
            \u{20}
            -Each promises to defend the other.
            +Each side promises to defend the other.

            """)
        let words = try room.galley("diff", slug, "--words")
        expectSuccess(words)
        #expect(words.stdout.hasSuffix("Wednesday.\n\nEach {+side +}promises to defend the other.\n"))
        // One revision: that revision against the work tree.
        let sinceR1 = try room.galley("diff", slug, "r1")
        expectSuccess(sinceR1)
        #expect(sinceR1.lines.prefix(3) == ["--- \(slug)@r1", "+++ \(slug) (work tree)", "@@ -4,3 +4,6 @@"])
        #expect(sinceR1.lines.last == "+Each side promises to defend the other.")
        // A diff is a read: nothing was saved.
        #expect(try room.sql("SELECT revision FROM stories") == "2")
    }

    // MARK: restore and rename

    @Test func restoreMakesANewRevisionWithTheOldText() throws {
        let room = try RevisionTests.storyWithTwoRevisions()
        let slug = RevisionTests.slug
        let restored = try room.galley("restore", slug, "r1", as: TempNewsroom.reporter, at: "2024-06-20T05:00:00Z")
        expectSuccess(restored)
        #expect(restored.stdout == "Saved \(slug) r3 (\(try room.head().prefix(7))): Restore r1\n")

        let r1 = try room.galley("show", "\(slug)@r1")
        let r3 = try room.galley("show", "\(slug)@r3")
        expectSuccess(r3)
        #expect(r3.stdoutData == r1.stdoutData)
        #expect(try room.galley("show", slug).stdoutData == r1.stdoutData)
        #expect(try Data(contentsOf: room.storyFile(slug)) == r1.stdoutData)
        // History is kept: r2 is still there, and git holds r1's very blob again.
        #expect(try room.galley("show", "\(slug)@r2").stdout.hasSuffix(RevisionTests.body))
        let path = try room.storyPath(slug)
        let commits = try room.sql("SELECT commit_id FROM revisions ORDER BY number").components(separatedBy: "\n")
        #expect(commits.count == 3)
        #expect(try room.gitText("rev-parse", "\(commits[2]):\(path)") == room.gitText("rev-parse", "\(commits[0]):\(path)"))
        #expect(try room.gitText("log", "-1", "--format=%an|%s|%(trailers:key=Galley-Event,valueonly,separator=%x2C)|%(trailers:key=Galley-Revision,valueonly,separator=%x2C)")
            == "Rina Reporter|\(slug) r3: Restore r1|restore|3")
        let history = try jsonArray(try room.galley("history", slug, "--json"))
        #expect(history.map { $0["kind"] as? String } == ["create", "save", "restore"])
        try room.expectReindexReproducesTheCatalog()
    }

    @Test func restoreOverUnsavedChangesIsRefusedAndKeepsTheFile() throws {
        let room = try RevisionTests.storyWithTwoRevisions()
        let slug = RevisionTests.slug
        try room.changeStory(slug) { $0 + "\nAn unsaved paragraph the reporter is still writing.\n" }
        let before = try room.snapshot()
        let result = try room.galley("restore", slug, "r1", as: TempNewsroom.reporter)
        expectRefusal(result, exitCode: 65, mentioning: ["\(slug) has changes in the work tree that are not saved",
                                                         "galley save \(slug) -m", "restoring r1"])
        try room.expectUnchanged(since: before)
        #expect(try room.readStory(slug).hasSuffix("An unsaved paragraph the reporter is still writing.\n"))
        let noSuchRevision = try room.galley("restore", slug, "r7", as: TempNewsroom.reporter)
        #expect(noSuchRevision.status == 65 || noSuchRevision.status == 66, "\(noSuchRevision)")
        try room.expectUnchanged(since: before)
    }

    @Test func renameKeepsTheIdAndTheHistoryAndFreesNothingButTheOldSlug() throws {
        let room = try RevisionTests.publishedStory()
        let slug = RevisionTests.slug
        let id = try room.storyID(slug)
        let path = try room.storyPath(slug)
        let historyBefore = try jsonArray(try room.galley("history", slug, "--json"))

        let renamed = try room.galley("rename", slug, "putin-kim-defence-pact", as: TempNewsroom.reporter, at: "2024-06-20T05:00:00Z")
        expectSuccess(renamed)
        #expect(renamed.stdout == "Saved putin-kim-defence-pact r3 (\(try room.head().prefix(7))): Rename from \(slug) to putin-kim-defence-pact\n")
        #expect(try room.sql("SELECT id, slug, path, revision, live_revision FROM stories")
            == "\(id)|putin-kim-defence-pact|\(path.dropLast("/story.md".count))|3|2")
        #expect(try room.readStory("putin-kim-defence-pact").contains("\nslug: putin-kim-defence-pact\n"))
        #expect(try room.gitText("show", "HEAD:\(path)").contains("\nid: \(id)\n"))

        let history = try jsonArray(try room.galley("history", "putin-kim-defence-pact", "--json"))
        #expect(history.count == historyBefore.count + 1)
        #expect(history.prefix(historyBefore.count).map { $0["commit_id"] as? String } == historyBefore.map { $0["commit_id"] as? String })
        #expect(history.last?["kind"] as? String == "rename")
        let log = try room.galley("log", "putin-kim-defence-pact")
        #expect(log.lines.count == 6)
        #expect(log.lines[3] == " r3  2024-06-20T05:00:00Z  rina@radar.id  Rename from \(slug) to putin-kim-defence-pact (minor)")
        // A rename is not an update: the live revision and the times stay.
        #expect(log.lines[1] == "Thursday, 20 June 2024 | 11:33 WIB Last Updated 2024-06-20T04:33:00Z")

        for arguments in [["log", slug], ["show", slug], ["history", slug], ["diff", slug]] {
            let gone = try room.galley(arguments: arguments)
            expectRefusal(gone, exitCode: 66, mentioning: ["no story with the slug '\(slug)'"])
        }
        // The old slug is free for a new story; the renamed one cannot take a used slug.
        let other = try room.newStory("Putin and Kim sign a pact", at: "2024-06-20T05:10:00Z")
        #expect(other == slug)
        #expect(try room.storyID(other) != id)
        let before = try room.snapshot()
        let taken = try room.galley("rename", "putin-kim-defence-pact", slug, as: TempNewsroom.editor)
        expectRefusal(taken, exitCode: 65, mentioning: ["the slug '\(slug)' is already used"])
        try room.expectUnchanged(since: before)
        try room.expectReindexReproducesTheCatalog()
    }

    @Test func restoringARevisionFromBeforeARenameKeepsTodaysSlug() throws {
        let room = try RevisionTests.storyWithTwoRevisions()
        let slug = RevisionTests.slug
        try room.succeed("rename", slug, "putin-kim-defence-pact", as: TempNewsroom.reporter, at: "2024-06-20T05:00:00Z")
        let restored = try room.galley("restore", "putin-kim-defence-pact", "r1", as: TempNewsroom.reporter, at: "2024-06-20T05:10:00Z")
        expectSuccess(restored)
        #expect(restored.stdout.hasPrefix("Saved putin-kim-defence-pact r4 "))
        let r1 = try room.galley("show", "putin-kim-defence-pact@r1").stdout
        let r4 = try room.galley("show", "putin-kim-defence-pact@r4").stdout
        #expect(r1.contains("\nslug: \(slug)\n"))
        #expect(r4 == r1.replacingOccurrences(of: "\nslug: \(slug)\n", with: "\nslug: putin-kim-defence-pact\n"))
        #expect(try room.sql("SELECT slug, revision FROM stories") == "putin-kim-defence-pact|4")
        try room.expectReindexReproducesTheCatalog()
    }

    // MARK: corrections and Last Updated

    @Test func aCorrectionMovesLastUpdatedAndIsListed() throws {
        let room = try RevisionTests.publishedStory()
        let slug = RevisionTests.slug
        #expect(try times(room) == "published|2|2|2024-06-20T04:33:00Z|2024-06-20T04:33:00Z")
        let note = "An earlier version misnamed the treaty."

        // Nothing new to publish yet: refused.
        var before = try room.snapshot()
        let nothing = try room.galley("correct", slug, "-m", note, as: TempNewsroom.editor, at: "2024-06-20T05:30:00Z")
        expectRefusal(nothing, exitCode: 65, mentioning: ["nothing to correct: r2 is already live"])
        try room.expectUnchanged(since: before)

        try room.changeStory(slug) { $0 + "\nThe treaty is the Comprehensive Strategic Partnership.\n" }
        try room.save(slug, "Name the treaty", at: "2024-06-20T05:00:00Z")
        before = try room.snapshot()
        let noNote = try room.galley("correct", slug, as: TempNewsroom.editor, at: "2024-06-20T06:00:00Z")
        expectRefusal(noNote, exitCode: 64, mentioning: ["'correct' needs a note"])
        let byReporter = try room.galley("correct", slug, "-m", note, as: TempNewsroom.reporter, at: "2024-06-20T06:00:00Z")
        expectRefusal(byReporter, exitCode: 77, mentioning: ["rina@radar.id is reporter and may not correct"])
        try room.expectUnchanged(since: before)

        let corrected = try room.galley("correct", slug, "-m", note, as: TempNewsroom.editor, at: "2024-06-20T06:00:00Z")
        expectSuccess(corrected)
        #expect(corrected.stdout == "\(slug): correct, published -> published (r3); live revision r3\n")
        #expect(try times(room) == "published|3|3|2024-06-20T04:33:00Z|2024-06-20T06:00:00Z")
        #expect(try room.sql("SELECT revision, at, note FROM corrections") == "3|2024-06-20T06:00:00Z|\(note)")
        #expect(try room.sql("SELECT commit_id FROM corrections") == room.head())
        #expect(try room.gitText("log", "-1", "--format=%(trailers:key=Galley-Correction,valueonly,separator=%x2C)|%(trailers:key=Galley-Note,valueonly,separator=%x2C)|%(trailers:key=Galley-Live,valueonly,separator=%x2C)")
            == "yes|\(note)|3")
        #expect(try room.galley("log", slug).lines[1] == "Thursday, 20 June 2024 | 11:33 WIB Last Updated 2024-06-20T06:00:00Z")
        try room.expectReindexReproducesTheCatalog()
        #expect(try times(room) == "published|3|3|2024-06-20T04:33:00Z|2024-06-20T06:00:00Z")
    }

    @Test func anUpdateApprovedAsMinorDoesNotMoveLastUpdated() throws {
        let room = try RevisionTests.publishedStory()
        let slug = RevisionTests.slug
        try room.changeStory(slug) { $0.replacingOccurrences(of: "Pyongyang", with: "Pyongyang,") }
        try room.save(slug, "Punctuation", at: "2024-06-20T05:00:00Z")
        try room.succeed("submit", slug, as: TempNewsroom.reporter, at: "2024-06-20T05:05:00Z")
        #expect(try times(room) == "review|3|2|2024-06-20T04:33:00Z|2024-06-20T04:33:00Z")
        let board = try room.galley("board", at: "2024-06-20T05:06:00Z")
        #expect(board.stdout.contains("live r2, update r3 in review"), "\(board)")

        let approved = try room.galley("approve", slug, "--minor", as: TempNewsroom.editor, at: "2024-06-20T05:10:00Z")
        expectSuccess(approved)
        #expect(approved.stdout == "\(slug): approve, review -> published (r3); live revision r3\n")
        #expect(try times(room) == "published|3|3|2024-06-20T04:33:00Z|2024-06-20T04:33:00Z")
        #expect(try room.gitText("log", "-1", "--format=%(trailers:key=Galley-Minor,valueonly,separator=%x2C)") == "yes")

        // A later update approved normally moves it.
        try room.changeStory(slug) { $0 + "\nSeoul protested.\n" }
        try room.save(slug, "Add Seoul", at: "2024-06-20T06:00:00Z")
        try room.succeed("submit", slug, as: TempNewsroom.reporter, at: "2024-06-20T06:05:00Z")
        try room.succeed("approve", slug, as: TempNewsroom.editor, at: "2024-06-20T06:10:00Z")
        #expect(try times(room) == "published|4|4|2024-06-20T04:33:00Z|2024-06-20T06:10:00Z")
        try room.expectReindexReproducesTheCatalog()
    }

    @Test func revisionsSavedAsMinorDoNotMoveLastUpdatedWhenApproved() throws {
        let room = try RevisionTests.publishedStory()
        let slug = RevisionTests.slug
        try room.changeStory(slug) { $0.replacingOccurrences(of: "Pyongyang", with: "Pyongyang,") }
        try room.succeed("save", slug, "-m", "Punctuation", "--minor", as: TempNewsroom.reporter, at: "2024-06-20T05:00:00Z")
        try room.changeStory(slug) { $0.replacingOccurrences(of: "Wednesday", with: "Wednesday,") }
        try room.succeed("save", slug, "-m", "More punctuation", "--minor", as: TempNewsroom.reporter, at: "2024-06-20T05:01:00Z")
        #expect(try room.sql("SELECT number, minor FROM revisions ORDER BY number") == "1|0\n2|0\n3|1\n4|1")
        try room.succeed("submit", slug, as: TempNewsroom.reporter, at: "2024-06-20T05:05:00Z")
        let approved = try room.galley("approve", slug, as: TempNewsroom.editor, at: "2024-06-20T05:10:00Z")
        expectSuccess(approved)
        #expect(try times(room) == "published|4|4|2024-06-20T04:33:00Z|2024-06-20T04:33:00Z")

        // One major revision among minor ones makes the publication an update.
        try room.changeStory(slug) { $0 + "\nSeoul protested.\n" }
        try room.save(slug, "Add Seoul", at: "2024-06-20T06:00:00Z")
        try room.changeStory(slug) { $0.replacingOccurrences(of: "Seoul protested", with: "Seoul protested loudly") }
        try room.succeed("save", slug, "-m", "Adverb", "--minor", as: TempNewsroom.reporter, at: "2024-06-20T06:01:00Z")
        try room.succeed("submit", slug, as: TempNewsroom.reporter, at: "2024-06-20T06:05:00Z")
        try room.succeed("approve", slug, as: TempNewsroom.editor, at: "2024-06-20T06:10:00Z")
        #expect(try times(room) == "published|6|6|2024-06-20T04:33:00Z|2024-06-20T06:10:00Z")
        try room.expectReindexReproducesTheCatalog()
    }

    @Test func unpublishingKeepsBothTimes() throws {
        let room = try RevisionTests.publishedStory()
        let slug = RevisionTests.slug
        try room.changeStory(slug) { $0 + "\nSeoul protested.\n" }
        try room.save(slug, "Add Seoul", at: "2024-06-20T05:00:00Z")
        try room.succeed("correct", slug, "-m", "Added Seoul's reaction.", as: TempNewsroom.editor, at: "2024-06-20T05:30:00Z")
        #expect(try times(room) == "published|3|3|2024-06-20T04:33:00Z|2024-06-20T05:30:00Z")

        let before = try room.snapshot()
        let noNote = try room.galley("unpublish", slug, as: TempNewsroom.editor, at: "2024-06-20T07:00:00Z")
        expectRefusal(noNote, exitCode: 64, mentioning: ["'unpublish' needs a note"])
        try room.expectUnchanged(since: before)
        let unpublished = try room.galley("unpublish", slug, "-m", "Legal asked us to take it down", as: TempNewsroom.editor,
                                          at: "2024-06-20T07:00:00Z")
        expectSuccess(unpublished)
        #expect(unpublished.stdout == "\(slug): unpublish, published -> withdrawn (r3)\n")
        #expect(try times(room) == "withdrawn|3|-|2024-06-20T04:33:00Z|2024-06-20T05:30:00Z")
        #expect(try room.gitText("log", "-1", "--format=%(trailers:key=Galley-Live,valueonly,separator=%x2C)|%(trailers:key=Galley-Note,valueonly,separator=%x2C)")
            == "none|Legal asked us to take it down")
        let log = try room.galley("log", slug)
        #expect(!log.lines.contains { $0.hasPrefix("*") }, "\(log)")
        #expect(log.stderr == "")
        try room.expectReindexReproducesTheCatalog()
        #expect(try times(room) == "withdrawn|3|-|2024-06-20T04:33:00Z|2024-06-20T05:30:00Z")
    }

    /// `correct` always publishes with a public note, and the issue says it moves Last Updated; the
    /// revisions it brings live being saved as minor does not make the correction minor.
    @Test
    func aCorrectionOfMinorRevisionsStillMovesLastUpdated() throws {
        let room = try RevisionTests.publishedStory()
        let slug = RevisionTests.slug
        try room.changeStory(slug) { $0.replacingOccurrences(of: "Wednesday", with: "Tuesday") }
        try room.succeed("save", slug, "-m", "Fix the day", "--minor", as: TempNewsroom.reporter, at: "2024-06-20T05:00:00Z")
        try room.succeed("correct", slug, "-m", "An earlier version gave the wrong day.", as: TempNewsroom.editor, at: "2024-06-20T06:00:00Z")
        #expect(try room.sql("SELECT revision, at FROM corrections") == "3|2024-06-20T06:00:00Z")
        #expect(try times(room) == "published|3|3|2024-06-20T04:33:00Z|2024-06-20T06:00:00Z")
    }
}
