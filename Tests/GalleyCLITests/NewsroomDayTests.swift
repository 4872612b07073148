import Foundation
import Testing

/// A day at the desk through the binary: a reporter writes and submits, an editor sends the story
/// back with a note, the reporter revises and resubmits, the wrong people are refused, another
/// editor approves; `history`, `board` and `git log` show all of it, and `reindex` agrees.
@Suite struct NewsroomDayTests {
    static let slug = "ferry-sinks-off-bali"
    static let rejection = "Who rescued them? Name the source."

    @Test func aStoryGoesFromDraftThroughASendBackToPublished() throws {
        let room = try TempNewsroom()
        let reporter = TempNewsroom.reporter, editor = TempNewsroom.editor
        let slug = NewsroomDayTests.slug
        let body = try room.outsideFile("ferry.md", Data("A ferry sank off Bali on Thursday.\n".utf8))

        // 05:00 The reporter writes the story and submits it.
        #expect(try room.newStory("Ferry sinks off Bali", ["--body-file", body.path], at: "2024-06-20T05:00:00Z") == slug)
        let submitted = try room.galley("submit", slug, "-m", "Ready for the desk", as: reporter, at: "2024-06-20T05:10:00Z")
        expectSuccess(submitted)
        #expect(submitted.stdout == "\(slug): submit, draft -> review (r1)\n")
        #expect(try room.sql("SELECT state, state_since, revision, live_revision FROM stories") == "review|2024-06-20T05:10:00Z|1|")

        // 05:20 The editor sends it back: without a note that is a usage error and changes nothing.
        var before = try room.snapshot()
        let noNote = try room.galley("reject", slug, as: editor, at: "2024-06-20T05:20:00Z")
        expectRefusal(noNote, exitCode: 64, mentioning: ["'reject' needs a note saying why", "-m"])
        let blankNote = try room.galley("reject", slug, "-m", "   ", as: editor, at: "2024-06-20T05:20:00Z")
        expectRefusal(blankNote, exitCode: 64, mentioning: ["'reject' needs a note saying why"])
        try room.expectUnchanged(since: before)
        let rejected = try room.galley("reject", slug, "-m", NewsroomDayTests.rejection, as: editor, at: "2024-06-20T05:20:00Z")
        expectSuccess(rejected)
        #expect(rejected.stdout == "\(slug): reject, review -> draft (r1)\n")
        #expect(try room.sql("SELECT state, revision FROM stories") == "draft|1")

        // 05:30 The reporter revises and saves r2, then resubmits.
        try room.changeStory(slug) { $0 + "\nAll 40 passengers were rescued, police said.\n" }
        let saved = try room.galley("save", slug, "-m", "Add the rescue and the source", as: reporter, at: "2024-06-20T05:30:00Z")
        expectSuccess(saved)
        let r2 = try room.head()
        #expect(saved.stdout == "Saved \(slug) r2 (\(r2.prefix(7))): Add the rescue and the source\n")
        let resubmitted = try room.galley("submit", slug, as: reporter, at: "2024-06-20T05:40:00Z")
        expectSuccess(resubmitted)
        #expect(resubmitted.stdout == "\(slug): submit, draft -> review (r2)\n")

        // 05:45 The reporter may not approve (their role is refused before anything else).
        before = try room.snapshot()
        let ownApprove = try room.galley("approve", slug, as: reporter, at: "2024-06-20T05:45:00Z")
        expectRefusal(ownApprove, exitCode: 77, mentioning: ["rina@radar.id is reporter and may not approve", "'approve' is for editor, admin"])
        try room.expectUnchanged(since: before)

        // An editor who wrote a story may not approve it either: another editor must.
        let volcano = try room.newStory("Volcano erupts on Java", as: editor, at: "2024-06-20T05:41:00Z")
        expectSuccess(try room.galley("submit", volcano, as: editor, at: "2024-06-20T05:42:00Z"))
        before = try room.snapshot()
        let editorsOwn = try room.galley("approve", volcano, as: editor, at: "2024-06-20T05:46:00Z")
        expectRefusal(editorsOwn, exitCode: 77, mentioning: ["sam@radar.id wrote this story and may not approve it; another editor must"])
        try room.expectUnchanged(since: before)
        let jakarta = try room.newStory("Jakarta votes", at: "2024-06-20T05:47:00Z")

        // 05:50 Another editor approves the reporter's story: r2 goes live.
        let approved = try room.galley("approve", slug, as: editor, at: "2024-06-20T05:50:00Z")
        expectSuccess(approved)
        #expect(approved.stdout == "\(slug): approve, review -> published (r2); live revision r2\n")
        #expect(try room.sql("SELECT state, revision, live_revision, published_at, last_updated_at FROM stories WHERE slug = '\(slug)'")
            == "published|2|2|2024-06-20T05:50:00Z|2024-06-20T05:50:00Z")

        // history: every event in order, with who, when, from -> to, revision and note.
        let history = try room.galley("history", slug, at: "2024-06-20T06:00:00Z")
        expectSuccess(history)
        #expect(trimmedLines(history.stdout) == [
            "WHEN (UTC)            WHO            EVENT    STATE                REV  NOTE",
            "2024-06-20T05:00:00Z  rina@radar.id  create   draft                r1",
            "2024-06-20T05:10:00Z  rina@radar.id  submit   draft -> review      r1   Ready for the desk",
            "2024-06-20T05:20:00Z  sam@radar.id   reject   review -> draft      r1   \(NewsroomDayTests.rejection)",
            "2024-06-20T05:30:00Z  rina@radar.id  save                          r2",
            "2024-06-20T05:40:00Z  rina@radar.id  submit   draft -> review      r2",
            "2024-06-20T05:50:00Z  sam@radar.id   approve  review -> published  r2",
        ])
        #expect(history.stderr == "")

        let historyJSON = try jsonArray(try room.galley("history", slug, "--json"))
        #expect(historyJSON.map { $0["kind"] as? String } == ["create", "transition", "transition", "save", "transition", "transition"])
        #expect(historyJSON.map { $0["transition"] as? String } == [nil, "submit", "reject", nil, "submit", "approve"])
        #expect(historyJSON.map { $0["from_state"] as? String } == [nil, "draft", "review", nil, "draft", "review"])
        #expect(historyJSON.map { $0["to_state"] as? String } == ["draft", "review", "draft", nil, "review", "published"])
        #expect(historyJSON.map { $0["actor"] as? String } == ["rina@radar.id", "rina@radar.id", "sam@radar.id",
                                                              "rina@radar.id", "rina@radar.id", "sam@radar.id"])
        #expect(historyJSON.map { $0["at"] as? String } == ["2024-06-20T05:00:00Z", "2024-06-20T05:10:00Z", "2024-06-20T05:20:00Z",
                                                           "2024-06-20T05:30:00Z", "2024-06-20T05:40:00Z", "2024-06-20T05:50:00Z"])
        #expect(historyJSON.map { $0["revision"] as? Int } == [1, 1, 1, 2, 2, 2])
        #expect(historyJSON.map { $0["note"] as? String } == [nil, "Ready for the desk", NewsroomDayTests.rejection, nil, nil, nil])
        let commits = try room.storyCommits(slug, format: "%H")
        #expect(historyJSON.map { $0["commit_id"] as? String } == commits.reversed())

        // board: stories grouped by state, in the workflow's order.
        let board = try room.galley("board", at: "2024-06-20T06:00:00Z")
        expectSuccess(board)
        #expect(trimmedLines(board.stdout) == [
            "DRAFT (1)",
            "SLUG           AUTHOR         IN STATE  LIVE  LAST UPDATED  STATUS  HEADLINE",
            "\(jakarta)  rina@radar.id  13m       -     -             draft   Jakarta votes",
            "",
            "REVIEW (1)",
            "SLUG                    AUTHOR        IN STATE  LIVE  LAST UPDATED  STATUS  HEADLINE",
            "\(volcano)  sam@radar.id  18m       -     -             review  Volcano erupts on Java",
            "",
            "PUBLISHED (1)",
            "SLUG                  AUTHOR         IN STATE  LIVE  LAST UPDATED          STATUS     HEADLINE",
            "\(slug)  rina@radar.id  10m       r2    2024-06-20T05:50:00Z  published  Ferry sinks off Bali",
        ])
        let onlyPublished = try room.galley("board", "--state", "published", at: "2024-06-20T06:00:00Z")
        expectSuccess(onlyPublished)
        #expect(onlyPublished.lines.first == "PUBLISHED (1)")
        #expect(onlyPublished.lines.count == 3)
        let bySam = try room.galley("board", "--author", "sam@radar.id", at: "2024-06-20T06:00:00Z")
        expectSuccess(bySam)
        #expect(bySam.lines.first == "REVIEW (1)")
        #expect(bySam.lines.count == 3)

        let boardJSON = try jsonArray(try room.galley("board", "--json", at: "2024-06-20T06:00:00Z"))
        #expect(boardJSON.map { $0["slug"] as? String } == [jakarta, volcano, slug])
        #expect(boardJSON.map { $0["state"] as? String } == ["draft", "review", "published"])
        #expect(boardJSON.map { $0["seconds_in_state"] as? Int } == [780, 1080, 600])
        let published = try #require(boardJSON.last)
        #expect(published["author"] as? String == "rina@radar.id")
        #expect(published["headline"] as? String == "Ferry sinks off Bali")
        #expect(published["revision"] as? Int == 2)
        #expect(published["live_revision"] as? Int == 2)
        #expect(published["last_updated_at"] as? String == "2024-06-20T05:50:00Z")
        #expect(published["state_since"] as? String == "2024-06-20T05:50:00Z")
        #expect(published["status"] as? String == "published")

        // git log: one commit per event, by the person who acted, with its Galley trailers.
        let id = try room.storyID(slug)
        #expect(try room.storyCommits(slug, format: "%an <%ae>|%aI|%s|" + galleyTrailerFormat) == [
            "Sam Subeditor <sam@radar.id>|2024-06-20T05:50:00+00:00|\(slug) r2: approve (review -> published)"
                + "|transition|approve|review|published|2||2|sam@radar.id|2024-06-20T05:50:00Z",
            "Rina Reporter <rina@radar.id>|2024-06-20T05:40:00+00:00|\(slug) r2: submit (draft -> review)"
                + "|transition|submit|draft|review|none||2|rina@radar.id|2024-06-20T05:40:00Z",
            "Rina Reporter <rina@radar.id>|2024-06-20T05:30:00+00:00|\(slug) r2: Add the rescue and the source"
                + "|save||||||2|rina@radar.id|2024-06-20T05:30:00Z",
            "Sam Subeditor <sam@radar.id>|2024-06-20T05:20:00+00:00|\(slug) r1: reject (review -> draft)"
                + "|transition|reject|review|draft|none|\(NewsroomDayTests.rejection)|1|sam@radar.id|2024-06-20T05:20:00Z",
            "Rina Reporter <rina@radar.id>|2024-06-20T05:10:00+00:00|\(slug) r1: submit (draft -> review)"
                + "|transition|submit|draft|review|none|Ready for the desk|1|rina@radar.id|2024-06-20T05:10:00Z",
            "Rina Reporter <rina@radar.id>|2024-06-20T05:00:00+00:00|\(slug) r1: create \"Ferry sinks off Bali\""
                + "|create|||draft|||1|rina@radar.id|2024-06-20T05:00:00Z",
        ])
        // The approval's whole message, as git's own trailer parser reads it.
        let approval = try room.gitText("log", "-1", "--format=%(trailers:only,unfold)", "--grep=^Galley-Transition: approve$",
                                        "--grep=^Galley-Story: \(id)$", "--all-match")
        #expect(approval.trimmingCharacters(in: .newlines) == """
            Galley-Event: transition
            Galley-Story: \(id)
            Galley-Slug: \(slug)
            Galley-Revision: 2
            Galley-Transition: approve
            Galley-From: review
            Galley-To: published
            Galley-Live: 2
            Galley-Actor: sam@radar.id
            Galley-Time: 2024-06-20T05:50:00Z
            """)
        // Transitions are events, not revisions: only create and save touched the story's file.
        #expect(try room.gitText("log", "--format=%s", "--", room.storyPath(slug)) == """
            \(slug) r2: Add the rescue and the source
            \(slug) r1: create "Ferry sinks off Bali"
            """)
        try room.expectLinearHistory()
        try room.expectFsckClean()

        // The catalog is a view of that log: rebuilt from git alone, it is the same to the byte.
        try room.expectReindexReproducesTheCatalog()
        let again = try room.galley("history", slug, at: "2024-06-20T06:00:00Z")
        #expect(again.stdout == history.stdout)
    }

    @Test func refusedTransitionsNameTheStatesTheyAreAllowedFrom() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Jakarta votes")
        let before = try room.snapshot()
        let approveDraft = try room.galley("approve", slug, as: TempNewsroom.editor)
        expectRefusal(approveDraft, exitCode: 65, mentioning: ["cannot approve a story in draft", "allowed only from review",
                                                               "from draft you can submit"])
        let rejectDraft = try room.galley("reject", slug, "-m", "No", as: TempNewsroom.editor)
        expectRefusal(rejectDraft, exitCode: 65, mentioning: ["cannot reject a story in draft", "allowed only from review"])
        let unknown = try room.galley("history", "no-such-story")
        expectRefusal(unknown, exitCode: 66, mentioning: ["no story with the slug 'no-such-story'"])
        let stranger = try room.galley("submit", slug, as: Member(email: "nobody@radar.id", name: "Nobody", role: "none"))
        expectRefusal(stranger, exitCode: 77, mentioning: ["nobody@radar.id"])
        try room.expectUnchanged(since: before)
    }
}
