import Foundation
import Testing

/// Tests of known bugs stay disabled until the bug is fixed; `GALLEY_RUN_KNOWN_BUGS=1` runs them.
/// The bugs these tests were written against are fixed: they run by default (GALLEY_SKIP_FIXED_BUGS=1 skips them).
private let skipKnownBugs = ProcessInfo.processInfo.environment["GALLEY_SKIP_FIXED_BUGS"] != nil

/// Two people acting on one story at the same instant: the branch moves by compare-and-swap, so
/// exactly one wins and the other is told the story changed (exit 75), never a second, contradictory
/// event on top.
@Suite struct RaceTests {
    static let rounds = 5

    @Test func anApproveAndARejectRacingOnOneStoryLetExactlyOneWin() throws {
        let room = try TempNewsroom()
        for round in 1...RaceTests.rounds {
            let slug = try room.newStory("Race round \(round)", at: "2024-06-20T05:00:00Z")
            expectSuccess(try room.galley("submit", slug, as: TempNewsroom.reporter, at: "2024-06-20T05:01:00Z"))
            let headBefore = try room.head()

            // Both build their commit on the same head and wait; then both try to move the branch.
            let gate = PauseGate(in: room)
            let approving = try room.startGalley(["approve", slug], as: TempNewsroom.editor, at: "2024-06-20T05:02:00Z",
                                                 environment: gate.environment)
            let rejecting = try room.startGalley(["reject", slug, "-m", "Hold it: legal wants a look"], as: TempNewsroom.admin,
                                                 at: "2024-06-20T05:02:00Z", environment: gate.environment)
            try room.waitForCommits(["\(slug) r1: approve (review -> published)", "\(slug) r1: reject (review -> draft)"])
            gate.open()
            let approve = try approving.wait()
            let reject = try rejecting.wait()

            let statuses = [approve.status, reject.status].sorted()
            #expect(statuses == [0, 75], "round \(round): \(approve)\n\(reject)")
            let (winner, loser, winning, state) = approve.status == 0
                ? (approve, reject, "approve", "published") : (reject, approve, "reject", "draft")
            if winning == "approve" {
                #expect(winner.stdout == "\(slug): approve, review -> published (r1); live revision r1\n")
                expectRefusal(loser, exitCode: 75, mentioning: [
                    "\(slug) changed while you were acting: sam@radar.id did approve at 2024-06-20T05:02:00Z; it is now published at r1",
                    "try again"])
            } else {
                #expect(winner.stdout == "\(slug): reject, review -> draft (r1)\n")
                expectRefusal(loser, exitCode: 75, mentioning: [
                    "\(slug) changed while you were acting: ed@radar.id did reject at 2024-06-20T05:02:00Z; it is now draft at r1",
                    "try again"])
            }

            // One consistent sequence: created, submitted, then the winner's move, each from where the last left it.
            let history = try jsonArray(try room.galley("history", slug, "--json"))
            #expect(history.map { $0["transition"] as? String ?? $0["kind"] as? String } == ["create", "submit", winning], "round \(round)")
            #expect(history.map { $0["from_state"] as? String } == [nil, "draft", "review"])
            #expect(history.map { $0["to_state"] as? String } == ["draft", "review", state])
            #expect(try room.sql("SELECT state, live_revision FROM stories WHERE slug = '\(slug)'")
                == (winning == "approve" ? "published|1" : "draft|"))

            // git: exactly one new commit, the winner's, straight on top of the head both started from.
            #expect(try room.gitText("rev-list", "--count", "\(headBefore)..HEAD") == "1")
            #expect(try room.gitText("log", "-1", "--format=%P|%(trailers:key=Galley-Transition,valueonly,separator=%x2C)")
                == "\(headBefore)|\(winning)")
            #expect(try room.storyCommits(slug, format: "%(trailers:key=Galley-Transition,valueonly,separator=%x2C)")
                == [winning, "submit", ""])
        }
        try room.expectLinearHistory()
        #expect(try room.sql("SELECT indexed_commit FROM catalog_state") == room.head())
        try room.expectReindexReproducesTheCatalog()
        try room.expectFsckClean()
    }

    @Test func twoEditorsApprovingAtOnceMakeOnePublication() throws {
        let room = try TempNewsroom()
        for round in 1...3 {
            let slug = try room.newStory("Double approve \(round)", at: "2024-06-20T05:00:00Z")
            expectSuccess(try room.galley("submit", slug, as: TempNewsroom.reporter, at: "2024-06-20T05:01:00Z"))
            let gate = PauseGate(in: room)
            let first = try room.startGalley(["approve", slug], as: TempNewsroom.editor, at: "2024-06-20T05:02:00Z",
                                             environment: gate.environment)
            let second = try room.startGalley(["approve", slug], as: TempNewsroom.admin, at: "2024-06-20T05:02:00Z",
                                              environment: gate.environment)
            // The two commits differ by their author, so both objects exist while they wait.
            try room.waitForCommits(["\(slug) r1: approve (review -> published)", "\(slug) r1: approve (review -> published)"])
            gate.open()
            let results = [try first.wait(), try second.wait()]
            #expect(results.map(\.status).sorted() == [0, 75], "round \(round): \(results)")
            for result in results where result.status != 0 {
                expectRefusal(result, exitCode: 75, mentioning: ["\(slug) changed while you were acting", "it is now published at r1"])
            }
            #expect(try room.storyCommits(slug, format: "%(trailers:key=Galley-Transition,valueonly,separator=%x2C)")
                == ["approve", "submit", ""])
        }
        try room.expectLinearHistory()
        try room.expectReindexReproducesTheCatalog()
    }

    /// The reporter saves r2 while the editor approves r1: the editor's decision was about r1, so r2
    /// is never made live by it. Either the approval lands first (r1 live, r2 pending) or the save
    /// does and the approval is a conflict.
    @Test func anApproveRacingASaveNeverPublishesTheRevisionTheEditorDidNotSee() throws {
        let room = try TempNewsroom()
        for round in 1...3 {
            let slug = try room.newStory("Save and approve \(round)", at: "2024-06-20T05:00:00Z")
            expectSuccess(try room.galley("submit", slug, as: TempNewsroom.reporter, at: "2024-06-20T05:01:00Z"))
            try room.changeStory(slug) { $0 + "A late paragraph.\n" }
            let gate = PauseGate(in: room)
            let saving = try room.startGalley(["save", slug, "-m", "Late paragraph"], as: TempNewsroom.reporter,
                                              at: "2024-06-20T05:02:00Z", environment: gate.environment)
            let approving = try room.startGalley(["approve", slug], as: TempNewsroom.editor, at: "2024-06-20T05:02:00Z",
                                                 environment: gate.environment)
            try room.waitForCommits(["\(slug) r2: Late paragraph", "\(slug) r1: approve (review -> published)"])
            gate.open()
            let save = try saving.wait()
            let approve = try approving.wait()

            // The save always lands, on top of whatever won.
            expectSuccess(save)
            #expect(save.stdout.hasPrefix("Saved \(slug) r2 "))
            if approve.status == 0 {
                #expect(try room.sql("SELECT state, revision, live_revision FROM stories WHERE slug = '\(slug)'") == "published|2|1")
                #expect(try room.storyCommits(slug, format: "%s") == [
                    "\(slug) r2: Late paragraph", "\(slug) r1: approve (review -> published)",
                    "\(slug) r1: submit (draft -> review)", "\(slug) r1: create \"Save and approve \(round)\"",
                ])
            } else {
                expectRefusal(approve, exitCode: 75, mentioning: ["\(slug) changed while you were acting: rina@radar.id did save",
                                                                  "it is now review at r2"])
                #expect(try room.sql("SELECT state, revision, ifnull(live_revision, '-') FROM stories WHERE slug = '\(slug)'") == "review|2|-")
            }
        }
        try room.expectLinearHistory()
        try room.expectReindexReproducesTheCatalog()
    }

    @Test func expectingAnOlderRevisionIsAConflictNamingTheNewOne() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Strike closes the port", at: "2024-06-20T05:00:00Z")
        try room.changeStory(slug) { $0 + "Ships wait offshore.\n" }
        try room.save(slug, "Add the ships", at: "2024-06-20T05:10:00Z")

        // The editor read r1; meanwhile the reporter saved r2.
        try room.changeStory(slug) { $0 + "The union says the strike will last a week.\n" }
        let before = try room.snapshot()
        let conflict = "\(slug) is at r2, not r1: rina@radar.id saved r2 at 2024-06-20T05:10:00Z (\"Add the ships\")"
        for arguments in [["save", slug, "-m", "Add the union", "--expect", "r1"],
                          ["submit", slug, "--expect", "r1"],
                          ["rename", slug, "port-strike", "--expect", "r1"],
                          ["restore", slug, "r1", "--expect", "r1"]] {
            let result = try room.galley(arguments: arguments, as: TempNewsroom.editor, at: "2024-06-20T05:20:00Z")
            expectRefusal(result, exitCode: 75, mentioning: [conflict, "retry with --expect r2"])
        }
        try room.expectUnchanged(since: before)

        // Expecting the revision it is at goes through.
        let saved = try room.galley("save", slug, "-m", "Add the union", "--expect", "r2", as: TempNewsroom.editor, at: "2024-06-20T05:20:00Z")
        expectSuccess(saved)
        #expect(saved.stdout.hasPrefix("Saved \(slug) r3 "))
        let submitted = try room.galley("submit", slug, "--expect", "r3", as: TempNewsroom.reporter, at: "2024-06-20T05:30:00Z")
        expectSuccess(submitted)
        let approve = try room.galley("approve", slug, "--expect", "r2", as: TempNewsroom.editor, at: "2024-06-20T05:40:00Z")
        expectRefusal(approve, exitCode: 75, mentioning: ["\(slug) is at r3, not r2", "sam@radar.id saved r3 at 2024-06-20T05:20:00Z"])
        let malformed = try room.galley("approve", slug, "--expect", "three", as: TempNewsroom.editor)
        #expect(malformed.status == 64, "\(malformed)")
        #expect(malformed.stderr.contains("--expect takes a revision like r3, not 'three'"), "\(malformed)")
    }

    /// Two saves of one story racing, both expecting r1: the one that lands second must not make r3
    /// on top of a revision its author never saw.
    @Test(.disabled(if: skipKnownBugs, "bug: save --expect is checked before the write path only; a save that loses the branch race is re-decided on the new head and lands as r3 despite --expect r1 (exit 0 instead of 75)"))
    func racingSavesThatBothExpectR1LetOnlyOneLand() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Save race", at: "2024-06-20T05:00:00Z")
        let gate = PauseGate(in: room)
        try room.changeStory(slug) { $0 + "Version A.\n" }
        let first = try room.startGalley(["save", slug, "-m", "A", "--expect", "r1"], as: TempNewsroom.reporter,
                                         at: "2024-06-20T05:10:00Z", environment: gate.environment)
        try room.waitForCommits(["\(slug) r2: A"])
        // The first save has read the story; the file now holds another version for the second.
        try room.changeStory(slug) { $0.replacingOccurrences(of: "Version A.", with: "Version B.") }
        let second = try room.startGalley(["save", slug, "-m", "B", "--expect", "r1"], as: TempNewsroom.editor,
                                          at: "2024-06-20T05:10:00Z", environment: gate.environment)
        try room.waitForCommits(["\(slug) r2: A", "\(slug) r2: B"])
        gate.open()
        let results = [try first.wait(), try second.wait()]
        #expect(results.map(\.status).sorted() == [0, 75], "\(results)")
        for result in results where result.status != 0 {
            expectRefusal(result, exitCode: 75, mentioning: ["\(slug) is at r2, not r1"])
        }
        #expect(try room.sql("SELECT revision FROM stories") == "2")
    }
}
