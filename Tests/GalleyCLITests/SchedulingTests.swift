import Foundation
import Testing

/// Tests of known bugs stay disabled until the bug is fixed; `GALLEY_RUN_KNOWN_BUGS=1` runs them.
/// The bugs these tests were written against are fixed: they run by default (GALLEY_SKIP_FIXED_BUGS=1 skips them).
private let skipKnownBugs = ProcessInfo.processInfo.environment["GALLEY_SKIP_FIXED_BUGS"] != nil

/// `approve --at` schedules a publication; `publish-due` (run from cron) carries it out once, however
/// many runs there are, and holds a story that changed after it was scheduled.
@Suite struct SchedulingTests {
    /// 18:00 WIB on 20 June 2024 is 11:00 UTC.
    static let at = "2024-06-20T18:00:00+07:00"
    static let due = "2024-06-20T11:00:00Z"

    /// A story by the reporter in review, scheduled by the editor at 08:00 for 18:00 WIB.
    static func scheduledStory(_ headline: String = "Ferry sinks off Bali", in room: TempNewsroom) throws -> String {
        let slug = try room.newStory(headline, at: "2024-06-20T07:00:00Z")
        try room.succeed("submit", slug, as: TempNewsroom.reporter, at: "2024-06-20T07:30:00Z")
        let scheduled = try room.galley("approve", slug, "--at", at, as: TempNewsroom.editor, at: "2024-06-20T08:00:00Z")
        try #require(scheduled.status == 0, "\(scheduled)")
        #expect(scheduled.stdout == "\(slug): r1 scheduled for 2024-06-20 18:00 WIB; `galley publish-due` publishes it then.\n")
        return slug
    }

    @Test func aScheduledStoryIsPublishedOnceWhenItsTimeHasCome() throws {
        let room = try TempNewsroom()
        let slug = try SchedulingTests.scheduledStory(in: room)
        let id = try room.storyID(slug)
        #expect(try room.sql("SELECT state, live_revision, scheduled_at, scheduled_revision, scheduled_by FROM stories")
            == "review||\(SchedulingTests.due)|1|sam@radar.id")
        #expect(try room.gitText("log", "-1", "--format=%an|%s|%(trailers:key=Galley-Event,valueonly,separator=%x2C)|%(trailers:key=Galley-At,valueonly,separator=%x2C)")
            == "Sam Subeditor|\(slug) r1: approve scheduled for \(SchedulingTests.due)|schedule|\(SchedulingTests.due)")

        // The board shows it as scheduled, in the newsroom's zone.
        let board = try room.galley("board", at: "2024-06-20T09:00:00Z")
        expectSuccess(board)
        #expect(trimmedLines(board.stdout) == [
            "REVIEW (1)",
            "SLUG                  AUTHOR         IN STATE  LIVE  LAST UPDATED  STATUS                                         HEADLINE",
            "\(slug)  rina@radar.id  1h        -     -             review, r1 scheduled for 2024-06-20 18:00 WIB  Ferry sinks off Bali",
        ])
        let json = try jsonArray(try room.galley("board", "--json", at: "2024-06-20T09:00:00Z"))
        #expect(json.first?["status"] as? String == "review, r1 scheduled for 2024-06-20 18:00 WIB")

        // Before the time: nothing happens, a minute before included.
        for early in ["2024-06-20T09:00:00Z", "2024-06-20T10:59:00Z"] {
            let before = try room.snapshot()
            let run = try room.galley("publish-due", at: early)
            expectSuccess(run)
            #expect(run.stdout == "Nothing is due.\n")
            try room.expectUnchanged(since: before)
            #expect(try room.galley("publish-due", "--quiet", at: early).stdout == "")
        }

        // At the time: published, as the editor who scheduled it.
        let run = try room.galley("publish-due", at: "2024-06-20T11:00:00Z")
        expectSuccess(run)
        #expect(run.stdout == "\(slug) r1 (due \(SchedulingTests.due)): published\n")
        #expect(try room.sql("SELECT state, live_revision, published_at, last_updated_at, ifnull(scheduled_at, '-') FROM stories")
            == "published|1|2024-06-20T11:00:00Z|2024-06-20T11:00:00Z|-")
        #expect(try room.gitText("log", "-1", "--format=%an|%s|" + galleyTrailerFormat)
            == "Sam Subeditor|\(slug) r1: approve (review -> published)|transition|approve|review|published|1"
            + "|Scheduled for \(SchedulingTests.due)|1|sam@radar.id|2024-06-20T11:00:00Z")
        #expect(try room.galley("log", slug).lines[1] == "Thursday, 20 June 2024 | 18:00 WIB Last Updated 2024-06-20T11:00:00Z")

        // Later runs find nothing to do.
        let head = try room.head()
        for later in ["2024-06-20T11:01:00Z", "2024-06-21T00:00:00Z"] {
            let again = try room.galley("publish-due", at: later)
            expectSuccess(again)
            #expect(again.stdout == "Nothing is due.\n")
        }
        #expect(try room.head() == head)
        #expect(try room.gitText("log", "--format=%s", "--grep=^Galley-Event: transition$", "--grep=^Galley-Transition: approve$",
                                     "--grep=^Galley-Story: \(id)$", "--all-match")
            == "\(slug) r1: approve (review -> published)")
        try room.expectReindexReproducesTheCatalog()
    }

    @Test func schedulingIsForEditorsAndChecksTheTime() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Ferry sinks off Bali", at: "2024-06-20T07:00:00Z")
        try room.succeed("submit", slug, as: TempNewsroom.reporter, at: "2024-06-20T07:30:00Z")
        let before = try room.snapshot()
        let byReporter = try room.galley("approve", slug, "--at", SchedulingTests.at, as: TempNewsroom.reporter, at: "2024-06-20T08:00:00Z")
        expectRefusal(byReporter, exitCode: 77, mentioning: ["may not approve"])
        let notATime = try room.galley("approve", slug, "--at", "tonight", as: TempNewsroom.editor, at: "2024-06-20T08:00:00Z")
        expectRefusal(notATime, exitCode: 64, mentioning: ["--at tonight is not an ISO 8601 time"])
        try room.expectUnchanged(since: before)

        // A time already past publishes at once.
        let now = try room.galley("approve", slug, "--at", "2024-06-20T14:00:00+07:00", as: TempNewsroom.editor, at: "2024-06-20T08:00:00Z")
        expectSuccess(now)
        #expect(now.stdout == "\(slug): approved, published (r1 live)\n")
        #expect(try room.sql("SELECT state, live_revision, published_at, ifnull(scheduled_at, '-') FROM stories")
            == "published|1|2024-06-20T08:00:00Z|-")
    }

    @Test func twoPublishDueRunsAtOncePublishTheStoryExactlyOnce() throws {
        let room = try TempNewsroom()
        for round in 1...3 {
            let slug = try SchedulingTests.scheduledStory("Scheduled story \(round)", in: room)
            let id = try room.storyID(slug)
            // Both runs find the story due and build their publication on the same head, then race.
            let gate = PauseGate(in: room)
            let first = try room.startGalley(["publish-due"], as: nil, at: "2024-06-20T11:00:10Z", environment: gate.environment)
            let second = try room.startGalley(["publish-due"], as: nil, at: "2024-06-20T11:00:20Z", environment: gate.environment)
            let subject = "\(slug) r1: approve (review -> published)"
            try room.waitForCommits([subject, subject])
            gate.open()
            let results = [try first.wait(), try second.wait()]
            for result in results { expectSuccess(result) }
            #expect(Set(results.map(\.stdout)) == [
                "\(slug) r1 (due \(SchedulingTests.due)): published\n",
                "\(slug) r1 (due \(SchedulingTests.due)): already-published\n",
            ], "round \(round): \(results)")
            #expect(try room.gitText("log", "--format=%s", "--grep=^Galley-Event: transition$", "--grep=^Galley-Transition: approve$",
                                     "--grep=^Galley-Story: \(id)$", "--all-match")
                == subject)
            #expect(try room.sql("SELECT state, live_revision, ifnull(scheduled_at, '-') FROM stories WHERE id = '\(id)'") == "published|1|-")
        }

        // Unsynchronised runs, as two cron machines would start them: still one publication.
        let slug = try SchedulingTests.scheduledStory("Scheduled story 4", in: room)
        let id = try room.storyID(slug)
        let running = try (0..<3).map { try room.startGalley(["publish-due"], as: nil, at: "2024-06-20T11:0\($0):00Z", environment: [:]) }
        let results = try running.map { try $0.wait() }
        for result in results { expectSuccess(result) }
        #expect(results.filter { $0.stdout.hasSuffix("): published\n") }.count == 1, "\(results)")
        #expect(try room.gitText("log", "--format=%s", "--grep=^Galley-Event: transition$", "--grep=^Galley-Transition: approve$",
                                     "--grep=^Galley-Story: \(id)$", "--all-match")
            == "\(slug) r1: approve (review -> published)")

        try room.expectLinearHistory()
        try room.expectReindexReproducesTheCatalog()
        try room.expectFsckClean()
    }

    @Test func aStorySavedAfterItWasScheduledIsHeld() throws {
        let room = try TempNewsroom()
        let slug = try SchedulingTests.scheduledStory(in: room)
        try room.changeStory(slug) { $0 + "\nA late paragraph nobody approved.\n" }
        try room.save(slug, "Late paragraph", at: "2024-06-20T09:00:00Z")
        let board = try room.galley("board", at: "2024-06-20T09:30:00Z")
        #expect(board.stdout.contains("review, r1 scheduled for 2024-06-20 18:00 WIB"), "\(board)")

        let before = try room.snapshot()
        let held = try room.galley("publish-due", at: "2024-06-20T11:00:00Z")
        #expect(held.status == 65, "\(held)")
        #expect(held.stdout == "\(slug) r1 (due \(SchedulingTests.due)): held: r2 was saved after r1 was scheduled; approve it again\n")
        let json = try jsonArray(try room.galley("publish-due", "--json", at: "2024-06-20T11:00:00Z"))
        #expect(json.count == 1)
        #expect(json.first?["outcome"] as? String == "held")
        #expect(json.first?["reason"] as? String == "r2 was saved after r1 was scheduled; approve it again")
        try room.expectUnchanged(since: before)
        #expect(try room.sql("SELECT state, revision, ifnull(live_revision, '-') FROM stories") == "review|2|-")

        // Approving again (at once) publishes the new revision and settles the schedule.
        let approved = try room.galley("approve", slug, as: TempNewsroom.editor, at: "2024-06-20T11:05:00Z")
        expectSuccess(approved)
        #expect(try room.sql("SELECT state, live_revision, ifnull(scheduled_at, '-') FROM stories") == "published|2|-")
        let after = try room.galley("publish-due", at: "2024-06-20T11:10:00Z")
        expectSuccess(after)
        #expect(after.stdout == "Nothing is due.\n")
    }

    @Test func aStorySentBackAfterItWasScheduledIsNoLongerDue() throws {
        let room = try TempNewsroom()
        let slug = try SchedulingTests.scheduledStory(in: room)
        try room.succeed("reject", slug, "-m", "Hold it: legal wants a look", as: TempNewsroom.admin, at: "2024-06-20T09:00:00Z")
        #expect(try room.sql("SELECT state, ifnull(scheduled_at, '-') FROM stories") == "draft|-")
        let run = try room.galley("publish-due", at: "2024-06-20T11:00:00Z")
        expectSuccess(run)
        #expect(run.stdout == "Nothing is due.\n")
        #expect(try room.sql("SELECT state, ifnull(live_revision, '-') FROM stories") == "draft|-")
    }

    /// History lists every event saying what happened: a schedule is not an approval.
    @Test func historyShowsAScheduleAsASchedule() throws {
        let room = try TempNewsroom()
        let slug = try SchedulingTests.scheduledStory(in: room)
        expectSuccess(try room.galley("publish-due", at: "2024-06-20T11:00:00Z"))
        let history = try room.galley("history", slug, at: "2024-06-20T12:00:00Z")
        expectSuccess(history)
        #expect(trimmedLines(history.stdout) == [
            "WHEN (UTC)            WHO            EVENT             STATE                REV  NOTE",
            "2024-06-20T07:00:00Z  rina@radar.id  create            draft                r1",
            "2024-06-20T07:30:00Z  rina@radar.id  submit            draft -> review      r1",
            "2024-06-20T08:00:00Z  sam@radar.id   schedule approve                       r1",
            "2024-06-20T11:00:00Z  sam@radar.id   approve           review -> published  r1   Scheduled for \(SchedulingTests.due)",
        ])
        let json = try jsonArray(try room.galley("history", slug, "--json"))
        #expect(json.map { $0["kind"] as? String } == ["create", "transition", "schedule", "transition"])
    }

    /// A minor update (a typo fix) published on schedule.
    static func minorUpdateInReview() throws -> (TempNewsroom, String) {
        let room = try TempNewsroom()
        let slug = try room.newStory("Ferry sinks off Bali", at: "2024-06-20T04:10:00Z")
        try room.succeed("submit", slug, as: TempNewsroom.reporter, at: "2024-06-20T04:20:00Z")
        try room.succeed("approve", slug, as: TempNewsroom.editor, at: "2024-06-20T04:33:00Z")
        try room.changeStory(slug) { $0 + "Typo fixed.\n" }
        try room.save(slug, "Typo", at: "2024-06-20T05:00:00Z")
        try room.succeed("submit", slug, as: TempNewsroom.reporter, at: "2024-06-20T05:05:00Z")
        return (room, slug)
    }

    @Test func aMinorApprovalAtATimeAlreadyPastDoesNotMoveLastUpdated() throws {
        let (room, slug) = try SchedulingTests.minorUpdateInReview()
        let approved = try room.galley("approve", slug, "--minor", "--at", "2024-06-20T12:00:00+07:00", as: TempNewsroom.editor,
                                       at: "2024-06-20T05:10:00Z")
        expectSuccess(approved)
        #expect(approved.stdout == "\(slug): approved, published (r2 live)\n")
        #expect(try room.sql("SELECT live_revision, published_at, last_updated_at FROM stories")
            == "2|2024-06-20T04:33:00Z|2024-06-20T04:33:00Z")
    }

    /// `approve --minor --at T` must publish at T without moving Last Updated, as `approve --minor` does now.
    @Test(.disabled(if: skipKnownBugs, "bug: `approve --minor --at FUTURE` drops --minor: the schedule event has no Galley-Minor and publish-due approves without it, so the scheduled typo fix moves last_updated_at"))
    func aScheduledMinorUpdateDoesNotMoveLastUpdated() throws {
        let (room, slug) = try SchedulingTests.minorUpdateInReview()
        try room.succeed("approve", slug, "--minor", "--at", SchedulingTests.at, as: TempNewsroom.editor, at: "2024-06-20T05:10:00Z")
        expectSuccess(try room.galley("publish-due", at: "2024-06-20T11:00:00Z"))
        #expect(try room.sql("SELECT live_revision, published_at, last_updated_at FROM stories")
            == "2|2024-06-20T04:33:00Z|2024-06-20T04:33:00Z")
    }

    /// The editor's note on a scheduled approval is kept in the history, as it is for `approve -m`.
    @Test(.disabled(if: skipKnownBugs, "bug: `approve -m NOTE --at FUTURE` drops the note: the schedule commit has no Galley-Note and the publication's note is only 'Scheduled for ...'"))
    func aScheduledApprovalKeepsItsNote() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Ferry sinks off Bali", at: "2024-06-20T07:00:00Z")
        try room.succeed("submit", slug, as: TempNewsroom.reporter, at: "2024-06-20T07:30:00Z")
        try room.succeed("approve", slug, "-m", "Embargo: hold until six", "--at", SchedulingTests.at, as: TempNewsroom.editor,
                         at: "2024-06-20T08:00:00Z")
        expectSuccess(try room.galley("publish-due", at: "2024-06-20T11:00:00Z"))
        let notes = try jsonArray(try room.galley("history", slug, "--json")).compactMap { $0["note"] as? String }
        #expect(notes.contains { $0.contains("Embargo: hold until six") }, "\(notes)")
    }
}
