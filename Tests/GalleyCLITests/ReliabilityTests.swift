import Foundation
import Testing

/// The tests of known bugs stay disabled until the bug is fixed; `GALLEY_RUN_KNOWN_BUGS=1` runs them
/// (to see whether a fix worked).
/// The bugs these tests were written against are fixed: they run by default (GALLEY_SKIP_FIXED_BUGS=1 skips them).
private let skipKnownBugs = ProcessInfo.processInfo.environment["GALLEY_SKIP_FIXED_BUGS"] != nil

/// Nothing acknowledged is ever lost (issue 8): commands crashed at Galley's named fault points and
/// killed with SIGKILL at random moments, eight processes at once on one newsroom, and
/// `galley doctor` finding and repairing what a crash or a person can leave behind.
///
/// Every random choice comes from one seed, printed with every failure; `GALLEY_RELIABILITY_SEED=N`
/// runs another. Where a SIGKILL lands depends on the machine's speed, so a rerun with the same seed
/// follows the same sequence only until a kill ends differently: a failing crash run writes its whole
/// command sequence to `$TMPDIR/galley-reliability-crash-SEED.log`. Each operation runs at its own
/// instant (`GALLEY_NOW`), so the `Galley-Time` trailer names the one commit an acknowledged command
/// must have made, and shows whether a crashed one landed.
///
/// Known bugs: the tests that reproduce each one on its own are disabled (`GALLEY_RUN_KNOWN_BUGS=1`
/// runs them); inside the long runs, where they occur only sometimes, they are recorded as known
/// issues (`withKnownIssue`), so the runs stay useful and fail on anything new.
@Suite(.serialized) struct ReliabilityTests {
    static let seed: UInt64 = ProcessInfo.processInfo.environment["GALLEY_RELIABILITY_SEED"].flatMap { UInt64($0) } ?? 20_240_620

    // MARK: - Crashes

    /// At least 300 operations on one newsroom, a share crashed at each `GALLEY_FAULT` point and a
    /// share killed with SIGKILL. Renames run uncrashed here: a crashed rename leaves the work tree
    /// behind (see `aRenameInterruptedAfterTheBranchMovedLeavesAWorkTreeTheNextSaveAccepts`); the
    /// variant below crashes them too.
    @Test func crashesAndKillsLoseNoAcknowledgedCommand() throws {
        let run = try CrashRun(seed: Self.seed, operations: 300, crashRenames: false)
        try run.run()
    }

    @Test(.disabled(if: skipKnownBugs, "bug: a rename crashed after the branch moved (after-branch-move, inside-catalog-transaction, or SIGKILL before the work tree is written) leaves story.md with the old slug; `galley save NEW` then exits 65 ('the slug was changed to OLD; put back NEW') and `galley doctor` says the newsroom is consistent, so nothing but a hand edit helps"))
    func crashesAndKillsIncludingRenamesLoseNoAcknowledgedCommand() throws {
        let run = try CrashRun(seed: Self.seed, operations: 300, crashRenames: true)
        try run.run()
    }

    // MARK: - Concurrency

    /// Eight processes at once, each running its own sequence on its own stories and on three shared
    /// ones: nothing acknowledged is lost, history stays one line, the catalog equals a replay, and
    /// every refusal is an exit code of the contract with a message, within a time limit.
    @Test func eightProcessesAtOnceLoseNothing() throws {
        let run = try ConcurrencyRun(seed: Self.seed, workers: 8, operationsPerWorker: 100)
        try run.run()
    }

    // MARK: - Doctor

    @Test func doctorFindsAFreshNewsroomConsistent() throws {
        let room = try TempNewsroom()
        let doctor = try room.galley("doctor")
        #expect(doctor.status == 0, "\(doctor)")
        #expect(doctor.stdout == "The newsroom is consistent.\n", "\(doctor)")
        let json = try jsonObject(try room.galley("doctor", "--json"))
        #expect(json["remaining"] as? Int == 0)
        #expect((json["findings"] as? [Any])?.isEmpty == true)
    }

    @Test func doctorListsTamperingAndAStaleLockAndRepairFixesThem() throws {
        let room = try TempNewsroom()
        let council = try room.newStory("Council passes the budget")
        try room.changeStory(council) { $0 + "The vote was close.\n" }
        try room.save(council, "Add the vote", at: "2024-06-20T05:10:00Z")
        let harbour = try room.newStory("Harbour reopens")
        try room.changeStory(harbour) { $0 + "Ships are back.\n" }
        try room.save(harbour, "Add the ships", at: "2024-06-20T05:20:00Z")
        let harbourFile = try room.storyFile(harbour)
        let harbourPath = try room.storyPath(harbour)
        let harbourText = try Data(contentsOf: harbourFile)
        let catalogBefore = try room.catalogDump()

        // Three kinds of damage: a catalog row changed behind Galley's back, a story file deleted
        // from the work tree, and a branch lock an hour old (a process killed while moving it).
        _ = try room.sql("UPDATE stories SET headline = 'Tampered headline' WHERE slug = '\(council)'")
        try FileManager.default.removeItem(at: harbourFile)
        let lock = room.folder.appendingPathComponent(".git/refs/heads/main.lock")
        #expect(FileManager.default.createFile(atPath: lock.path, contents: Data()))
        let touched = try ProgramRunner.run(try ProgramRunner.tool("touch", package: "coreutils"), ["-d", "1 hour ago", lock.path],
                                            in: room.outside, environment: TestEnvironment.make(home: room.home, now: TempNewsroom.now))
        #expect(touched.status == 0, "\(touched)")

        let doctor = try room.galley("doctor")
        #expect(doctor.status == 65, "\(doctor)")
        let lines = doctor.lines
        #expect(lines.count == 4, "\(doctor)")
        #expect(lines.contains { $0.hasPrefix("locks: \(lock.path) exists (") && $0.contains("s old); no galley command holds it (galley doctor --repair fixes this)") },
                "\(doctor)")
        #expect(lines.contains { $0.hasPrefix("catalog: the catalog differs from a replay of git: 1 row missing, 1 extra (first missing: stories ")
            && $0.hasSuffix("(galley doctor --repair fixes this)") }, "\(doctor)")
        #expect(lines.contains("work tree: \(harbourPath) of \(harbour) is missing from the work tree (galley doctor --repair fixes this)"),
                "\(doctor)")
        #expect(lines.last == "3 problems remain.", "\(doctor)")
        #expect(FileManager.default.fileExists(atPath: lock.path), "doctor without --repair removed the lock")
        #expect(try room.sql("SELECT headline FROM stories WHERE slug = '\(council)'") == "Tampered headline",
                "doctor without --repair changed the catalog")

        let repair = try room.galley("doctor", "--repair")
        #expect(repair.status == 0, "\(repair)")
        let repaired = repair.lines
        #expect(repaired.contains { $0.hasPrefix("locks: \(lock.path) exists (") && $0.hasSuffix("-> removed main.lock") }, "\(repair)")
        #expect(repaired.contains { $0.hasPrefix("catalog: the catalog differs from a replay of git") && $0.contains("-> rebuilt the catalog from git (2 stories, ") },
                "\(repair)")
        #expect(repaired.contains("work tree: \(harbourPath) of \(harbour) is missing from the work tree -> restored it from r2"), "\(repair)")
        #expect(repaired.last == "The newsroom is consistent.", "\(repair)")

        #expect(!FileManager.default.fileExists(atPath: lock.path))
        #expect(try Data(contentsOf: harbourFile) == harbourText)
        #expect(try room.catalogDump() == catalogBefore)
        let again = try room.galley("doctor")
        #expect(again.status == 0, "\(again)")
        #expect(again.stdout == "The newsroom is consistent.\n", "\(again)")
        // And the newsroom works: the branch lock is gone.
        try room.changeStory(council) { $0 + "The mayor signed it.\n" }
        try room.save(council, "Add the signature", at: "2024-06-20T05:30:00Z")
    }

    @Test func doctorReportsBrokenFrontMatterAndLeavesItAlone() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Bridge closes for repairs")
        let path = try room.storyPath(slug)
        let broken = Data("---\nid: [not closed\nslug: \(slug)\n---\nThe bridge is shut.\n".utf8)
        try room.writeStory(slug, broken)

        let doctor = try room.galley("doctor")
        #expect(doctor.status == 65, "\(doctor)")
        #expect(doctor.lines.count == 2, "\(doctor)")
        let finding = try #require(doctor.lines.first)
        #expect(finding.hasPrefix("work tree: \(path):2:"), "the finding names the file, line and column: \(doctor)")
        #expect(finding.hasSuffix("(fix it, or `galley edit \(slug)` after moving it away)"), "\(doctor)")
        #expect(!finding.contains("--repair fixes this"), "\(doctor)")
        #expect(doctor.lines.last == "1 problem remains.", "\(doctor)")

        let json = try jsonObject(try room.galley("doctor", "--json"))
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.count == 1)
        #expect(findings.first?["check"] as? String == "work tree")
        #expect(findings.first?["repairable"] as? Bool == false)

        // --repair does not touch a person's file: it reports it again and does not claim a repair.
        let repair = try room.galley("doctor", "--repair")
        #expect(repair.status == 65, "\(repair)")
        #expect(repair.lines.first == finding, "\(repair)")
        #expect(!repair.stdout.contains("->"), "doctor --repair claims to have repaired the story file: \(repair)")
        #expect(try Data(contentsOf: room.storyFile(slug)) == broken, "doctor --repair changed the story file")
        let again = try room.galley("doctor")
        #expect(again.status == 65, "\(again)")
    }

    @Test func doctorFindsAndCatchesUpACommandInterruptedAfterTheBranchMoved() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Storm warning issued")
        try room.changeStory(slug) { $0 + "Winds of 90 km/h are expected.\n" }
        let crashed = try room.galley("save", slug, "-m", "Add the winds", as: TempNewsroom.reporter, at: "2024-06-20T05:10:00Z",
                                      environment: ["GALLEY_FAULT": "after-branch-move"])
        #expect(crashed.status == 86, "\(crashed)")
        #expect(try room.sql("SELECT indexed_commit FROM catalog_state") != room.head())

        let doctor = try room.galley("doctor")
        #expect(doctor.status == 65, "\(doctor)")
        #expect(doctor.lines == ["catch-up: the catalog has not indexed 1 commit on the branch (an interrupted command) (galley doctor --repair fixes this)",
                                 "1 problem remains."], "\(doctor)")
        let repair = try room.galley("doctor", "--repair")
        #expect(repair.status == 0, "\(repair)")
        #expect(repair.lines.first?.hasPrefix("catch-up: the catalog has not indexed 1 commit on the branch (an interrupted command) -> rebuilt the catalog from git") == true,
                "\(repair)")
        #expect(try room.sql("SELECT indexed_commit FROM catalog_state") == room.head())
        #expect(try room.sql("SELECT revision FROM stories WHERE slug = '\(slug)'") == "2")
        #expect(try room.galley("doctor").status == 0)
    }

    /// A `galley new` that dies after its commit landed leaves no story file in the work tree: the
    /// catalog and git agree, `galley doctor` names the missing file, and `--repair` restores it.
    @Test func anInterruptedNewIsReportedAndRestoredByDoctor() throws {
        let room = try TempNewsroom()
        let crashed = try room.galley("new", "Ferry runs aground", as: TempNewsroom.reporter, environment: ["GALLEY_FAULT": "after-branch-move"])
        #expect(crashed.status == 86, "\(crashed)")
        let board = try room.galley("board", as: TempNewsroom.editor)
        #expect(board.status == 0, "\(board)")
        let path = try room.storyPath("ferry-runs-aground")
        #expect(!FileManager.default.fileExists(atPath: room.folder.appendingPathComponent(path).path))
        let doctor = try room.galley("doctor")
        #expect(doctor.status == 65, "\(doctor)")
        #expect(doctor.stdout.contains("work tree: \(path) of ferry-runs-aground is missing from the work tree (galley doctor --repair fixes this)"), "\(doctor)")
        let repair = try room.galley("doctor", "--repair")
        #expect(repair.status == 0, "\(repair)")
        #expect(repair.stdout.contains("-> restored it from r1"), "\(repair)")
        #expect(try room.readStory("ferry-runs-aground") == room.gitText("show", "HEAD:\(path)") + "\n")
    }

    // MARK: - Bugs found by the harness, each reproduced on its own

    @Test(.disabled(if: skipKnownBugs, "bug: a rename that dies after the branch moved leaves the old slug in story.md; the next `galley save NEW` exits 65 and `galley doctor` reports the newsroom consistent (exit 0)"))
    func aRenameInterruptedAfterTheBranchMovedLeavesAWorkTreeTheNextSaveAccepts() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Mayor resigns")
        let crashed = try room.galley("rename", slug, "mayor-quits", as: TempNewsroom.reporter, at: "2024-06-20T05:10:00Z",
                                      environment: ["GALLEY_FAULT": "after-branch-move"])
        #expect(crashed.status == 86, "\(crashed)")
        // The rename landed: git and (after catching up) the catalog know the story as mayor-quits.
        expectSuccess(try room.galley("board", as: TempNewsroom.editor))
        #expect(try room.sql("SELECT slug FROM stories") == "mayor-quits")

        // Either the next save just works, or doctor finds the stale work tree and --repair fixes it.
        try room.changeStory("mayor-quits") { $0 + "She leaves on Friday.\n" }
        var save = try room.galley("save", "mayor-quits", "-m", "Add the date", as: TempNewsroom.reporter, at: "2024-06-20T05:20:00Z")
        if save.status != 0 {
            let doctor = try room.galley("doctor")
            #expect(doctor.status == 65, "doctor does not see the work tree's old slug: \(doctor)\nthe save said: \(save)")
            #expect(doctor.stdout.contains(try room.storyPath("mayor-quits")), "\(doctor)")
            let repair = try room.galley("doctor", "--repair")
            #expect(repair.status == 0, "\(repair)")
            try room.changeStory("mayor-quits") { $0.contains("She leaves on Friday.") ? $0 : $0 + "She leaves on Friday.\n" }
            save = try room.galley("save", "mayor-quits", "-m", "Add the date", as: TempNewsroom.reporter, at: "2024-06-20T05:20:00Z")
        }
        expectSuccess(save)
    }

    @Test(.disabled(if: skipKnownBugs, "bug: a ref lock left by a process killed while moving the branch makes every write exit 75 'the newsroom kept changing under this command (8 attempts)' (the lock is not named), and `galley doctor --repair` will not remove it until it is 10 minutes old"))
    func aBranchLockLeftByAKilledProcessDoesNotBlockTheNewsroom() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Power cut in the old town")
        // What SIGKILL leaves when it lands between libgit2 creating the lock and renaming it over the ref.
        let lock = room.folder.appendingPathComponent(".git/refs/heads/main.lock")
        #expect(FileManager.default.createFile(atPath: lock.path, contents: Data()))
        try room.changeStory(slug) { $0 + "Repairs take two hours.\n" }
        var save = try room.galley("save", slug, "-m", "Add the repairs", as: TempNewsroom.reporter, at: "2024-06-20T05:10:00Z")
        if save.status != 0 {
            expectRefusal(save, exitCode: 75, mentioning: ["main.lock", "galley doctor --repair"])
            let repair = try room.galley("doctor", "--repair")
            #expect(repair.status == 0, "\(repair)")
            #expect(repair.stdout.contains("-> removed main.lock"), "\(repair)")
            save = try room.galley("save", slug, "-m", "Add the repairs", as: TempNewsroom.reporter, at: "2024-06-20T05:10:00Z")
        }
        expectSuccess(save)
    }

    @Test(.disabled(if: skipKnownBugs, "bug: a save that loses the branch race and then finds nothing left to save (the winner committed the same work tree) exits 0 printing 'Saved SLUG r2 (<winner's commit>): <winner's message>', a revision it did not make; the stale revision number from its first attempt is reported"))
    func aSaveWithNothingLeftAfterLosingTheRaceDoesNotClaimTheWinnersRevision() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Schools close early")
        try room.changeStory(slug) { $0 + "Classes end at noon.\n" }
        let gate = PauseGate(in: room)
        let first = try room.startGalley(["save", slug, "-m", "Reporter's save"], as: TempNewsroom.reporter, at: "2024-06-20T05:10:00Z",
                                         environment: gate.environment)
        try room.waitForCommits(["\(slug) r2: Reporter's save"])
        // The editor saves the same work tree first.
        let second = try room.galley("save", slug, "-m", "Editor's save", as: TempNewsroom.editor, at: "2024-06-20T05:11:00Z")
        expectSuccess(second)
        #expect(second.stdout.hasPrefix("Saved \(slug) r2 "), "\(second)")
        gate.open()
        let late = try first.wait()
        expectSuccess(late)
        // Nothing was left to save: it must say so (or name whose revision holds its work), not claim r2.
        #expect(try room.sql("SELECT revision FROM stories") == "2")
        #expect(late.stdout == "Nothing to save: \(slug) is unchanged since r2.\n", "\(late)")
    }

    @Test(.disabled(if: skipKnownBugs, "bug: a save that loses the branch race is re-decided on the new head with the work tree it read before, so it commits a revision without the line the winning save (exit 0) had just committed; the acknowledged line silently leaves the latest revision"))
    func aSaveThatLosesTheRaceKeepsTheLineTheWinnerCommitted() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Floods in the valley")
        try room.changeStory(slug) { $0 + "Line A: the river rose overnight.\n" }
        // The first save reads the work tree (line A), writes its commit and waits at the gate.
        let gate = PauseGate(in: room)
        let first = try room.startGalley(["save", slug, "-m", "A"], as: TempNewsroom.reporter, at: "2024-06-20T05:10:00Z",
                                         environment: gate.environment)
        try room.waitForCommits(["\(slug) r2: A"])
        // Meanwhile the editor adds line B and saves: it lands first.
        try room.changeStory(slug) { $0 + "Line B: two villages are cut off.\n" }
        let second = try room.galley("save", slug, "-m", "B", as: TempNewsroom.editor, at: "2024-06-20T05:11:00Z")
        expectSuccess(second)
        gate.open()
        let late = try first.wait()
        // The late save may land (on top, with both lines) or be refused as a conflict; it must not
        // drop line B, which an exit-0 save committed.
        #expect(late.status == 0 || late.status == 75, "\(late)")
        let head = try room.gitText("show", "HEAD:\(try room.storyPath(slug))")
        #expect(head.contains("Line B: two villages are cut off."), "the latest revision lost line B:\n\(head)\n\(late)")
    }
}

// MARK: - The crash run

/// One newsroom, `operations` commands, each run normally, with a `GALLEY_FAULT` point armed, or
/// killed with SIGKILL; after every crash, the checks of issue 8.
private final class CrashRun {
    enum Action: String, CaseIterable { case create, save, submit, reject, approve, rename, bundle }
    enum Mode {
        case normal
        case fault(String)
        /// SIGKILL after `delay` microseconds; early kills follow the brief (0-30 ms), late ones
        /// (30-150 ms) reach the write path of a debug build, which starts in about 40 ms.
        case kill(early: Bool, delay: UInt32)
    }

    struct StoryRow {
        var id: String
        var slug: String
        var path: String
        var state: String
        var revision: Int
        var live: Int
    }

    /// A command that exited 0, and what it must have left behind.
    struct Acknowledged {
        var step: Int
        var time: String
        var action: Action
        var storyID: String
        var slug: String
        /// The revision a save printed ("Saved SLUG rN").
        var revision: Int?
    }

    static let recordingFaults = ["after-git-objects", "after-branch-move", "inside-catalog-transaction"]
    static let bundleFault = "while-writing-bundle"
    static let maximumStories = 9

    let seed: UInt64
    let operations: Int
    let crashRenames: Bool
    let room: TempNewsroom
    var random: ReliabilityRandom
    var step = 0
    var acknowledged: [Acknowledged] = []
    var transcript: [String] = []
    /// Bundle folders an acknowledged `galley bundle` printed (named by the slug of the live
    /// revision, which a later unpublished rename does not change), by story, and whether a later
    /// bundle of that story crashed (then the folder may be gone: a swap killed half-way).
    var bundled: [String: (story: String, laterCrashed: Bool)] = [:]

    // Figures.
    var actionsRun: [Action: Int] = [:]
    var faultsInjected: [String: Int] = [:]
    var faultsNotReached = 0
    var earlyKills = 0, earlyKillsThatKilled = 0
    var lateKills = 0, lateKillsThatKilled = 0
    var landedWithoutAcknowledgement = 0
    /// Crashed commands whose commit landed anyway, by how they were crashed.
    var landedBy: [String: Int] = [:]
    var lastCrash = ""
    var staleLocks: [String] = []
    var missingAfterCreate = 0
    var oldSlugAfterRename = 0
    var leftoverBundleFolders = 0
    var failures = 0

    init(seed: UInt64, operations: Int, crashRenames: Bool) throws {
        self.seed = seed
        self.operations = operations
        self.crashRenames = crashRenames
        random = ReliabilityRandom(seed: seed)
        room = try TempNewsroom()
    }

    static let start = Date(timeIntervalSince1970: 1_718_863_200)  // 2024-06-20T06:00:00Z
    func instant(_ step: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: CrashRun.start.addingTimeInterval(TimeInterval(step * 60)))
    }

    func fail(_ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        failures += 1
        Issue.record("seed \(seed), step \(step): \(message)\nlast commands:\n\(transcript.suffix(12).joined(separator: "\n"))",
                     sourceLocation: sourceLocation)
    }

    func run() throws {
        let began = Date()
        for index in 1...3 {
            step = -index
            _ = try perform(.create, story: nil, mode: .normal)
        }
        for current in 0..<operations {
            step = current
            let (action, story) = try choose()
            let mode = chooseMode(for: action)
            let crashed = try perform(action, story: story, mode: mode)
            if crashed { try checkAfterCrash() }
            if step % 50 == 49 { try expectDoctorConsistent() }
        }
        step = operations
        try checkAcknowledged()
        try expectDoctorConsistent()
        try room.expectLinearHistory()
        try room.expectFsckClean()
        #expect(try room.catalogIntegrity() == "ok")
        try room.expectReindexReproducesTheCatalog()

        let crashes = faultsInjected.values.reduce(0, +) + earlyKillsThatKilled + lateKillsThatKilled
        let figures = """
            crash run (seed \(seed), renames crashed: \(crashRenames)): \(operations) operations in \(Int(Date().timeIntervalSince(began))) s \
            [\(Action.allCases.map { "\($0.rawValue) \(actionsRun[$0, default: 0])" }.joined(separator: ", "))]; \
            acknowledged \(acknowledged.count); crashes \(crashes): \
            faults \(CrashRun.recordingFaults.map { "\($0) \(faultsInjected[$0, default: 0])" }.joined(separator: ", ")), \
            \(CrashRun.bundleFault) \(faultsInjected[CrashRun.bundleFault, default: 0]) (not reached \(faultsNotReached)); \
            SIGKILL 0-30 ms \(earlyKills) (\(earlyKillsThatKilled) died, the rest had finished), \
            30-150 ms \(lateKills) (\(lateKillsThatKilled) died); \
            landed without acknowledgement \(landedWithoutAcknowledgement) \
            (\(landedBy.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))); stale locks \(staleLocks.count) \(staleLocks); \
            story files missing after a crashed new \(missingAfterCreate); old slug after a crashed rename \(oldSlugAfterRename); \
            leftover bundle temp folders \(leftoverBundleFolders); failures \(failures)
            """
        print(figures)
        if failures > 0 {
            let log = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("galley-reliability-crash-\(seed).log")
            try? (transcript.joined(separator: "\n") + "\n" + figures + "\n").write(to: log, atomically: true, encoding: .utf8)
            Issue.record("seed \(seed): the whole command sequence is in \(log.path)")
        }
    }

    // MARK: Choosing

    func stories() throws -> [StoryRow] {
        let rows = try room.sql("SELECT id, slug, path, state, revision, ifnull(live_revision, 0) FROM stories ORDER BY created_at, id")
        return rows.split(separator: "\n").map { line in
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            return StoryRow(id: f[0], slug: f[1], path: f[2], state: f[3], revision: Int(f[4]) ?? 0, live: Int(f[5]) ?? 0)
        }
    }

    func roll(_ bound: Int) -> Int { Int(random.next(upperBound: UInt64(bound))) }

    func choose() throws -> (Action, StoryRow?) {
        let rows = try stories()
        if rows.count < CrashRun.maximumStories && roll(100) < 4 { return (.create, nil) }
        let story = rows[roll(rows.count)]
        var options: [(Action, Int)] = [(.save, 5), (.rename, 1)]
        if story.state == "draft" || (story.state == "published" && story.revision > story.live) { options.append((.submit, 4)) }
        if story.state == "review" { options += [(.approve, 4), (.reject, 1)] }
        if story.live > 0 { options.append((.bundle, 2)) }
        var pick = roll(options.map(\.1).reduce(0, +))
        var action = Action.save
        for (candidate, weight) in options {
            if pick < weight { action = candidate; break }
            pick -= weight
        }
        // A rename refuses to run over unsaved work (a save that crashed before landing): save it first.
        if action == .rename, try isDirty(story) { action = .save }
        return (action, story)
    }

    func chooseMode(for action: Action) -> Mode {
        let dice = roll(100)
        if action == .rename && !crashRenames { return .normal }
        switch dice {
        case ..<55: return .normal
        case ..<80:
            return .fault(action == .bundle ? CrashRun.bundleFault : CrashRun.recordingFaults[roll(CrashRun.recordingFaults.count)])
        case ..<90: return .kill(early: true, delay: UInt32(roll(30_001)))
        default: return .kill(early: false, delay: UInt32(30_000 + roll(120_001)))
        }
    }

    func isDirty(_ story: StoryRow) throws -> Bool {
        let file = room.folder.appendingPathComponent(story.path + "/story.md")
        let committed = try room.git("show", "HEAD:\(story.path)/story.md")
        return FileManager.default.contents(atPath: file.path) != committed.stdoutData
    }

    // MARK: Running

    /// Runs one operation; true when it crashed (fault point reached or killed).
    func perform(_ action: Action, story: StoryRow?, mode: Mode) throws -> Bool {
        let time = instant(step)
        var arguments: [String]
        var actor = TempNewsroom.reporter
        var slug = story?.slug ?? ""
        let editors = [TempNewsroom.editor, TempNewsroom.admin]
        switch action {
        case .create:
            slug = "story-\(step < 0 ? "seed\(-step)" : "s\(step)")"
            arguments = ["new", "Council story \(slug)", "--slug", slug]
        case .save:
            let file = room.folder.appendingPathComponent(story!.path + "/story.md")
            guard var text = FileManager.default.contents(atPath: file.path) else {
                fail("\(file.path) is missing before a save")
                return false
            }
            text.append(Data("Line \(step): the council met again.\n".utf8))
            try text.write(to: file)
            if roll(5) == 0 { actor = editors[roll(2)] }
            arguments = ["save", slug, "-m", "Step \(step)"]
        case .submit:
            arguments = ["submit", slug]
        case .reject:
            actor = editors[roll(2)]
            arguments = ["reject", slug, "-m", "Needs a second source"]
        case .approve:
            actor = editors[roll(2)]
            arguments = ["approve", slug]
        case .rename:
            let base = slug.split(separator: "-").prefix(2).joined(separator: "-")
            arguments = ["rename", slug, "\(base)-r\(step)"]
        case .bundle:
            actor = TempNewsroom.editor
            arguments = ["bundle", slug]
        }
        actionsRun[action, default: 0] += 1

        var environment: [String: String] = [:]
        var label = "normal"
        switch mode {
        case .normal: break
        case .fault(let point):
            environment["GALLEY_FAULT"] = point
            label = "GALLEY_FAULT=\(point)"
        case .kill(let early, let delay):
            label = "SIGKILL after \(delay / 1000) ms"
            if early { earlyKills += 1 } else { lateKills += 1 }
        }
        let process = try room.launchGalley(arguments, as: actor, at: time, environment: environment)
        if case .kill(_, let delay) = mode {
            usleep(delay)
            process.kill()
        }
        guard let result = try process.wait(timeout: 120) else {
            process.kill()
            _ = try process.wait()
            fail("`\(process.command)` did not end within 120 s (killed)")
            return true
        }
        transcript.append("step \(step) [\(label)] GALLEY_USER=\(actor.email) GALLEY_NOW=\(time) \(process.command) -> \(result.status)"
            + (result.status != 0 && !result.stderr.isEmpty ? " \(result.stderr.trimmingCharacters(in: .newlines))" : ""))

        switch (mode, result.status) {
        case (_, 0):
            if case .fault(let point) = mode {
                faultsNotReached += 1
                fail("GALLEY_FAULT=\(point) was never reached by `\(process.command)`: \(result)")
            }
            try acknowledge(action, slug: action == .rename ? arguments[2] : slug, storyID: story?.id, time: time, result: result)
            return false
        case (.fault(let point), 86):
            faultsInjected[point, default: 0] += 1
            lastCrash = point
            if action == .bundle { markBundleCrashed(story!.id) }
            return true
        case (.kill(let early, _), 137):
            if early { earlyKillsThatKilled += 1 } else { lateKillsThatKilled += 1 }
            lastCrash = early ? "SIGKILL 0-30 ms" : "SIGKILL 30-150 ms"
            if action == .bundle { markBundleCrashed(story!.id) }
            return true
        default:
            fail("an operation that should have worked failed: \(result)")
            return false
        }
    }

    func acknowledge(_ action: Action, slug: String, storyID: String?, time: String, result: ProgramResult) throws {
        var revision: Int?
        switch action {
        case .save:
            let prefix = "Saved \(slug) r"
            guard result.stdout.hasPrefix(prefix), let number = Int(result.stdout.dropFirst(prefix.count).prefix { $0.isNumber }) else {
                fail("a save that appended a line did not save a revision: \(result)")
                return
            }
            revision = number
        case .bundle:
            let folder = URL(fileURLWithPath: result.line)
            guard folder.deletingLastPathComponent().standardizedFileURL.path == room.folder.appendingPathComponent("bundles").standardizedFileURL.path else {
                fail("`galley bundle \(slug)` printed \(result.line), not a folder of bundles/")
                return
            }
            bundled[folder.lastPathComponent] = (storyID!, false)
            if let problem = try room.bundleProblem(folder) {
                fail("the bundle `galley bundle \(slug)` acknowledged is not complete: \(problem)")
            }
        default: break
        }
        let id = try storyID ?? room.storyID(slug)
        acknowledged.append(Acknowledged(step: step, time: time, action: action, storyID: id, slug: slug, revision: revision))
    }

    // MARK: Checking

    func checkAfterCrash() throws {
        let time = instant(step)
        // A lock left behind would stop every write: see what doctor makes of it.
        let locks = room.gitLockFiles()
        if !locks.isEmpty { try handleStaleLocks(locks) }

        // The next command works without help, and brings the catalog up to date.
        let next = try room.galley("board", "--json", as: TempNewsroom.editor, at: time)
        if next.status != 0 { fail("the first command after the crash failed: \(next)") }

        // Did the crashed command land anyway? (Then it must be whole, like any other commit.)
        if try room.galleyCommits().contains(where: { $0.time == time }) {
            landedWithoutAcknowledgement += 1
            landedBy[lastCrash, default: 0] += 1
        }

        for story in try stories() {
            let file = room.folder.appendingPathComponent(story.path + "/story.md")
            guard let data = FileManager.default.contents(atPath: file.path) else {
                try handleMissingStoryFile(story)
                continue
            }
            let text = String(decoding: data, as: UTF8.self)
            if !text.contains("\nslug: \(story.slug)\n") { try handleOldSlug(story, text: text) }
        }
        try checkAcknowledged()
        try checkBundles()
        try room.expectFsckClean()
        let integrity = try room.catalogIntegrity()
        if integrity != "ok" { fail("PRAGMA integrity_check: \(integrity)") }
    }

    func checkAcknowledged() throws {
        let commits = try room.galleyCommits()
        let events = try room.catalogEvents()
        let revisions = try room.catalogRevisions()
        var byTime: [String: [TrailerCommit]] = [:]
        for commit in commits { byTime[commit.time, default: []].append(commit) }
        for ack in acknowledged where ack.action != .bundle {
            let what = "step \(ack.step) (\(ack.action.rawValue) \(ack.slug), acknowledged at \(ack.time))"
            guard let found = byTime[ack.time], found.count == 1, let commit = found.first else {
                fail("\(what): \(byTime[ack.time]?.count ?? 0) commits carry its Galley-Time in `git log`, not 1")
                continue
            }
            let event = ack.action == .create || ack.action == .save || ack.action == .rename ? ack.action.rawValue : "transition"
            let transition = event == "transition" ? ack.action.rawValue : ""
            if commit.event != event || commit.transition != transition || commit.story != ack.storyID {
                fail("\(what): its commit \(commit.id) says event '\(commit.event)', transition '\(commit.transition)', story \(commit.story)")
            }
            if let revision = ack.revision, commit.revision != revision {
                fail("\(what): it printed r\(revision), its commit says r\(commit.revision.map(String.init) ?? "none")")
            }
            guard let row = events[commit.id] else {
                fail("\(what): its commit \(commit.id) is in git but not in the catalog's events")
                continue
            }
            if row.kind != commit.event || row.transition != commit.transition || row.at != ack.time || row.story != ack.storyID {
                fail("\(what): the catalog's event for \(commit.id) is \(row)")
            }
            if event != "transition", let number = commit.revision, revisions["\(ack.storyID) r\(number)"] != commit.id {
                fail("\(what): the catalog maps r\(number) to \(revisions["\(ack.storyID) r\(number)"] ?? "nothing"), not \(commit.id)")
            }
        }
        // The catalog indexes exactly the Galley commits of the branch, up to its head.
        let onBranch = Set(commits.filter { !$0.event.isEmpty }.map(\.id))
        let indexed = Set(events.keys)
        if onBranch != indexed {
            fail("the catalog's events and git differ: \(onBranch.subtracting(indexed).count) commits not indexed, \(indexed.subtracting(onBranch).count) events without a commit")
        }
        let indexedCommit = try room.sql("SELECT indexed_commit FROM catalog_state")
        if indexedCommit != (try room.head()) { fail("the catalog is indexed up to \(indexedCommit), the branch is at \(try room.head())") }
        for (time, found) in byTime where found.count > 1 && time >= instant(0) {
            fail("\(found.count) commits carry Galley-Time \(time): one command made two commits")
        }
    }

    func checkBundles() throws {
        let folder = room.folder.appendingPathComponent("bundles")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        leftoverBundleFolders = names.filter { $0.hasPrefix(".") }.count
        for name in names where !name.hasPrefix(".") {
            if let problem = try room.bundleProblem(folder.appendingPathComponent(name)) { fail("a half-written bundle under its final name: \(problem)") }
        }
        for (name, entry) in bundled where !names.contains(name) && !entry.laterCrashed {
            fail("the acknowledged bundle bundles/\(name) is gone, and no later bundle of its story crashed")
        }
    }

    func markBundleCrashed(_ story: String) {
        for (name, entry) in bundled where entry.story == story { bundled[name] = (story, true) }
    }

    func expectDoctorConsistent() throws {
        var doctor = try room.galley("doctor", at: instant(step))
        // Half-written bundles a crash left in temporary folders are reported, and removed by --repair.
        let findings = doctor.stdout.split(separator: "\n").dropLast()
        if doctor.status == 65, !findings.isEmpty, findings.allSatisfy({ $0.hasPrefix("bundles: ") }) {
            _ = try room.galley("doctor", "--repair", at: instant(step))
            doctor = try room.galley("doctor", at: instant(step))
        }
        if doctor.status != 0 || doctor.stdout != "The newsroom is consistent.\n" { fail("galley doctor: \(doctor)") }
    }

    // MARK: What a crash can leave for a person (each reported in the figures)

    /// A lock file under .git after SIGKILL: doctor must list it. Doctor removes only locks older than
    /// 10 minutes, so a fresh one stays and every write exits 75 until then: a known bug (see
    /// `aBranchLockLeftByAKilledProcessDoesNotBlockTheNewsroom`). The run then ages the lock so that
    /// `--repair` removes it, and goes on.
    func handleStaleLocks(_ locks: [String]) throws {
        staleLocks += locks
        let doctor = try room.galley("doctor", at: instant(step))
        if doctor.status != 65 { fail("doctor does not report the lock files \(locks): \(doctor)") }
        for lock in locks where !doctor.stdout.contains(room.folder.appendingPathComponent(lock).path) {
            fail("doctor does not list \(lock): \(doctor)")
        }
        let repair = try room.galley("doctor", "--repair", at: instant(step))
        let remaining = room.gitLockFiles()
        if !remaining.isEmpty {
            withKnownIssue("bug: a fresh lock left by SIGKILL is not removed by `galley doctor --repair` (it waits 10 minutes)", isIntermittent: true) {
                Issue.record("seed \(seed), step \(step): \(remaining) left after `galley doctor --repair`: \(repair)")
            }
            for lock in remaining {
                try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3600)],
                                                      ofItemAtPath: room.folder.appendingPathComponent(lock).path)
            }
            let aged = try room.galley("doctor", "--repair", at: instant(step))
            for lock in remaining where !aged.stdout.contains("-> removed \(URL(fileURLWithPath: lock).lastPathComponent)") {
                fail("doctor --repair does not remove \(lock) even an hour old: \(aged)")
            }
        }
        if !room.gitLockFiles().isEmpty { fail("lock files remain after repair: \(room.gitLockFiles())") }
    }

    /// A `galley new` that landed but died before writing the work tree: doctor names the missing
    /// file and `--repair` restores it from git.
    func handleMissingStoryFile(_ story: StoryRow) throws {
        missingAfterCreate += 1
        let doctor = try room.galley("doctor", at: instant(step))
        let finding = "work tree: \(story.path)/story.md of \(story.slug) is missing from the work tree (galley doctor --repair fixes this)"
        if doctor.status != 65 || !doctor.stdout.contains(finding) { fail("doctor does not report the missing story file: \(doctor)") }
        let repair = try room.galley("doctor", "--repair", at: instant(step))
        if repair.status != 0 || !repair.stdout.contains("of \(story.slug) is missing from the work tree -> restored it from r\(story.revision)") {
            fail("doctor --repair did not restore \(story.path)/story.md: \(repair)")
        }
    }

    /// A rename that landed but died before writing the work tree. The right behaviour: doctor sees
    /// it and `--repair` puts the committed file back. Today doctor says "consistent" (the disabled
    /// variant of the run); the run then restores the file itself so that it can go on.
    func handleOldSlug(_ story: StoryRow, text: String) throws {
        oldSlugAfterRename += 1
        // Either doctor sees the stale file (it is an older revision, untouched) and --repair brings it
        // up to date, or the file was changed since and the next command that reads it takes it
        // under today's slug (`galley diff` reads the work tree as a save would).
        let doctor = try room.galley("doctor", at: instant(step))
        if doctor.status == 65 && doctor.stdout.contains(story.path) {
            _ = try room.galley("doctor", "--repair", at: instant(step))
        } else {
            _ = try room.galley("diff", story.slug, at: instant(step))
            let healed = String(decoding: try Data(contentsOf: room.folder.appendingPathComponent(story.path + "/story.md")), as: UTF8.self)
            if !healed.contains("\nslug: \(story.slug)\n") {
                fail("story.md of \(story.slug) still holds another slug after a crashed rename, and neither doctor nor the next command sees it: \(doctor)")
            }
        }
        let file = room.folder.appendingPathComponent(story.path + "/story.md")
        if !String(decoding: try Data(contentsOf: file), as: UTF8.self).contains("\nslug: \(story.slug)\n") {
            let committed = try room.git("show", "HEAD:\(story.path)/story.md")
            try committed.stdoutData.write(to: file)
        }
    }
}

// MARK: - The concurrency run

/// What every process of the concurrency run did.
private final class ConcurrencyLedger: @unchecked Sendable {
    struct Outcome {
        var worker: Int
        var index: Int
        var time: String
        var action: String
        var shared: Bool
        var slug: String
        var storyID: String
        var result: ProgramResult
        /// The line a save appended to the story file.
        var marker: String?
        var seconds: Double
    }

    private let lock = NSLock()
    private(set) var outcomes: [Outcome] = []
    private(set) var failures: [String] = []

    func add(_ outcome: Outcome) {
        lock.lock()
        outcomes.append(outcome)
        lock.unlock()
    }

    func fail(_ message: String) {
        lock.lock()
        failures.append(message)
        lock.unlock()
    }
}

/// One of the concurrent processes' sequences: its own two stories, and the shared ones.
private final class ConcurrencyWorker: @unchecked Sendable {
    struct OwnStory {
        var slug: String
        var id = ""
        var path = ""
        var created = false
        var state = "draft"
        var revision = 1
        var live = 0
        var dirty = false
    }

    let number: Int
    let operations: Int
    let room: TempNewsroom
    let ledger: ConcurrencyLedger
    let shared: [String]
    /// One lock per shared story file: the test's own read-append-write of it must not interleave.
    let fileLocks: [String: NSLock]
    var random: ReliabilityRandom
    var own: [OwnStory]
    static let timeLimit: TimeInterval = 120

    init(number: Int, operations: Int, room: TempNewsroom, ledger: ConcurrencyLedger, shared: [String], fileLocks: [String: NSLock], seed: UInt64) {
        self.number = number
        self.operations = operations
        self.room = room
        self.ledger = ledger
        self.shared = shared
        self.fileLocks = fileLocks
        random = ReliabilityRandom(seed: seed &+ UInt64(number) &* 7919)
        own = (1...2).map { OwnStory(slug: "w\(number)-story-\($0)") }
    }

    func roll(_ bound: Int) -> Int { Int(random.next(upperBound: UInt64(bound))) }

    static let start = Date(timeIntervalSince1970: 1_718_928_000)  // 2024-06-21T00:00:00Z
    func instant(_ index: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: ConcurrencyWorker.start.addingTimeInterval(TimeInterval((index * 8 + number) * 10)))
    }

    func run() {
        do {
            for index in 0..<operations { try operate(index) }
        } catch {
            ledger.fail("worker \(number): \(error)")
        }
    }

    func operate(_ index: Int) throws {
        if let pending = own.firstIndex(where: { !$0.created }) {
            let slug = own[pending].slug
            let result = try launch(["new", "Worker \(number) story \(pending + 1)", "--slug", slug], as: TempNewsroom.reporter,
                                    index: index, action: "create", shared: false, slug: slug, storyID: "", marker: nil)
            if result?.status == 0 {
                let rows = try room.sqlRows("SELECT id, path FROM stories WHERE slug = '\(slug)'")
                let fields = rows.rows.first?.split(separator: "|").map(String.init) ?? []
                guard fields.count == 2 else {
                    ledger.fail("worker \(number): \(slug) was created but is not in the catalog: \(rows)")
                    return
                }
                own[pending].id = fields[0]
                own[pending].path = fields[1]
                own[pending].created = true
            }
            return
        }
        if roll(100) < 40 { try operateShared(index) } else { try operateOwn(index) }
    }

    func choose(state: String, revision: Int, live: Int, renames: Bool) -> String {
        var options: [(String, Int)] = [("save", 5)]
        if renames { options.append(("rename", 1)) }
        if state == "draft" || (state == "published" && revision > live) { options.append(("submit", 4)) }
        if state == "review" { options += [("approve", 4), ("reject", 1)] }
        if live > 0 { options.append(("bundle", 1)) }
        var pick = roll(options.map(\.1).reduce(0, +))
        for (action, weight) in options {
            if pick < weight { return action }
            pick -= weight
        }
        return "save"
    }

    func operateOwn(_ index: Int) throws {
        let which = roll(own.count)
        var story = own[which]
        var action = choose(state: story.state, revision: story.revision, live: story.live, renames: true)
        if action == "rename" && story.dirty { action = "save" }
        let editors = [TempNewsroom.editor, TempNewsroom.admin]
        var marker: String?
        let arguments: [String]
        var actor = TempNewsroom.reporter
        var newSlug = story.slug
        switch action {
        case "save":
            marker = "Worker \(number) line \(index)."
            try append(marker!, to: story.path)
            arguments = ["save", story.slug, "-m", "w\(number) op \(index)"]
        case "rename":
            newSlug = "w\(number)-story-\(which + 1)-r\(index)"
            arguments = ["rename", story.slug, newSlug]
        case "submit":
            arguments = ["submit", story.slug]
        case "approve":
            actor = editors[roll(2)]
            arguments = ["approve", story.slug]
        case "reject":
            actor = editors[roll(2)]
            arguments = ["reject", story.slug, "-m", "Check the figures"]
        default:
            actor = TempNewsroom.editor
            arguments = ["bundle", story.slug]
        }
        guard let result = try launch(arguments, as: actor, index: index, action: action, shared: false, slug: story.slug,
                                      storyID: story.id, marker: marker) else { return }
        if result.status == 0 {
            switch action {
            case "save":
                story.revision += 1
                story.dirty = false
            case "rename":
                story.revision += 1
                story.slug = newSlug
            case "submit": story.state = "review"
            case "approve":
                story.state = "published"
                story.live = story.revision
            case "reject": story.state = "draft"
            default: break
            }
        } else if action == "save" {
            story.dirty = true
        }
        own[which] = story
    }

    func operateShared(_ index: Int) throws {
        let slug = shared[roll(shared.count)]
        let read = try room.sqlRows("SELECT id, path, state, revision, ifnull(live_revision, 0) FROM stories WHERE slug = '\(slug)'")
        let fields = read.rows.first?.split(separator: "|").map(String.init) ?? []
        guard fields.count == 5 else {
            ledger.fail("worker \(number): cannot read \(slug) from the catalog: \(read)")
            return
        }
        let action = choose(state: fields[2], revision: Int(fields[3]) ?? 0, live: Int(fields[4]) ?? 0, renames: false)
        let editors = [TempNewsroom.editor, TempNewsroom.admin]
        var marker: String?
        var actor = TempNewsroom.reporter
        let arguments: [String]
        switch action {
        case "save":
            marker = "Shared line by worker \(number) at \(index)."
            try fileLocks[slug]!.withLock { try append(marker!, to: fields[1]) }
            if roll(4) == 0 { actor = editors[roll(2)] }
            arguments = ["save", slug, "-m", "w\(number) op \(index)"]
        case "submit":
            arguments = ["submit", slug]
        case "approve":
            actor = editors[roll(2)]
            arguments = ["approve", slug]
        case "reject":
            actor = editors[roll(2)]
            arguments = ["reject", slug, "-m", "Another editor wants changes"]
        default:
            actor = TempNewsroom.editor
            arguments = ["bundle", slug]
        }
        _ = try launch(arguments, as: actor, index: index, action: action, shared: true, slug: slug, storyID: fields[0], marker: marker)
    }

    func append(_ line: String, to path: String) throws {
        let file = room.folder.appendingPathComponent(path + "/story.md")
        var data = try Data(contentsOf: file)
        data.append(Data((line + "\n").utf8))
        // Atomically, as an editor saves: a galley process reading the file meanwhile sees the old
        // text or the new, never a truncated one.
        try data.write(to: file, options: .atomic)
    }

    /// Runs one galley process with the time limit and records what it did.
    func launch(_ arguments: [String], as actor: Member, index: Int, action: String, shared: Bool, slug: String,
                storyID: String, marker: String?) throws -> ProgramResult? {
        let began = Date()
        let process = try room.launchGalley(arguments, as: actor, at: instant(index))
        guard let result = try process.wait(timeout: ConcurrencyWorker.timeLimit) else {
            process.kill()
            _ = try process.wait()
            ledger.fail("worker \(number) op \(index): `\(process.command)` as \(actor.email) still ran after \(Int(ConcurrencyWorker.timeLimit)) s (a hang; killed)")
            return nil
        }
        ledger.add(.init(worker: number, index: index, time: instant(index), action: action, shared: shared, slug: slug,
                         storyID: storyID, result: result, marker: marker, seconds: Date().timeIntervalSince(began)))
        return result
    }
}

private final class ConcurrencyRun {
    let seed: UInt64
    let workers: Int
    let operationsPerWorker: Int
    let room: TempNewsroom
    let shared = ["shared-1", "shared-2", "shared-3"]

    init(seed: UInt64, workers: Int, operationsPerWorker: Int) throws {
        self.seed = seed
        self.workers = workers
        self.operationsPerWorker = operationsPerWorker
        room = try TempNewsroom()
    }

    func run() throws {
        let began = Date()
        for (number, slug) in shared.enumerated() {
            _ = try room.newStory("Shared story \(number + 1)", ["--slug", slug])
        }
        let ledger = ConcurrencyLedger()
        let fileLocks = Dictionary(uniqueKeysWithValues: shared.map { ($0, NSLock()) })
        let group = DispatchGroup()
        let crew = (0..<workers).map {
            ConcurrencyWorker(number: $0, operations: operationsPerWorker, room: room, ledger: ledger, shared: shared, fileLocks: fileLocks, seed: seed)
        }
        for worker in crew {
            group.enter()
            let thread = Thread {
                worker.run()
                group.leave()
            }
            thread.start()
        }
        group.wait()
        let ran = Date().timeIntervalSince(began)
        let context = "seed \(seed), \(workers) processes × \(operationsPerWorker) operations"

        for failure in ledger.failures { Issue.record("\(context): \(failure)") }
        let outcomes = ledger.outcomes
        var refusals: [Int32: Int] = [:]
        for outcome in outcomes where outcome.result.status != 0 {
            refusals[outcome.result.status, default: 0] += 1
            let result = outcome.result
            let what = "\(context): worker \(outcome.worker) op \(outcome.index) at \(outcome.time)"
            if !galleyContractExitCodes.contains(result.status) {
                Issue.record("\(what): exit \(result.status) is outside the contract (a crash): \(result)")
            } else if result.status == 70 {
                Issue.record("\(what): an internal failure (70): \(result)")
            } else if !outcome.shared && result.status != 75 {
                Issue.record("\(what): an operation on the worker's own story was refused with \(result.status), not 75 (only a conflict can stop it): \(result)")
            }
            if result.status != 0 && (!result.stderr.hasPrefix("galley: error: ") || result.stderr.count < 25 || !result.stdout.isEmpty) {
                Issue.record("\(what): a refusal must say why on standard error, and print nothing else: \(result)")
            }
        }

        // Git: one line of history, and every acknowledged save or transition in it exactly once.
        try room.expectLinearHistory()
        let commits = try room.galleyCommits()
        #expect(commits.allSatisfy { $0.parents <= 1 }, "\(context): a commit with more than one parent")
        var byTime: [String: [TrailerCommit]] = [:]
        for commit in commits { byTime[commit.time, default: []].append(commit) }
        let events = try room.catalogEvents()
        let revisions = try room.catalogRevisions()
        let storyFiles = try Dictionary(uniqueKeysWithValues: room.sql("SELECT id, path FROM stories").split(separator: "\n").map { line in
            let fields = line.split(separator: "|").map(String.init)
            return (fields[0], fields[1])
        })
        var missing = 0
        var unchangedSaves = 0
        var misattributed: [String] = []
        for outcome in outcomes {
            let what = "\(context): worker \(outcome.worker) op \(outcome.index) (`\(outcome.result.command)` at \(outcome.time))"
            let found = byTime[outcome.time] ?? []
            if outcome.result.status != 0 {
                if !found.isEmpty { Issue.record("\(what) was refused with \(outcome.result.status) but changed the newsroom: \(found.map(\.id))") }
                continue
            }
            if outcome.action == "bundle" { continue }
            if outcome.action == "save" && outcome.result.stdout.hasPrefix("Nothing to save") {
                // Another save committed this line first: it must be in git.
                unchangedSaves += 1
                if !found.isEmpty { Issue.record("\(what) said nothing to save but made a commit") }
                let path = storyFiles[outcome.storyID] ?? ""
                let history = try room.gitText("log", "-p", "--format=", "--", "\(path)/story.md")
                if !history.contains("+\(outcome.marker ?? "?")") {
                    missing += 1
                    Issue.record("\(what) said nothing to save, but its line '\(outcome.marker ?? "")' is in no revision")
                }
                continue
            }
            guard found.count == 1, let commit = found.first else {
                if found.isEmpty, outcome.action == "save", let marker = outcome.marker,
                   try room.gitText("log", "-p", "--format=", "--", "\(storyFiles[outcome.storyID] ?? "")/story.md").contains("+\(marker)") {
                    // Its line is in git, committed by another save; but it printed "Saved" with a revision it did not make.
                    misattributed.append("\(what) printed '\(outcome.result.line)'")
                    continue
                }
                missing += 1
                Issue.record("\(what) exited 0 but \(found.count) commits carry its Galley-Time: \(outcome.result)")
                continue
            }
            let event = ["save", "rename", "create"].contains(outcome.action) ? outcome.action : "transition"
            if commit.event != event || (event == "transition" && commit.transition != outcome.action)
                || (!outcome.storyID.isEmpty && commit.story != outcome.storyID) {
                Issue.record("\(what): its commit says \(commit)")
            }
            if outcome.action == "save", let printed = Int(outcome.result.stdout.split(separator: " ").dropFirst(2).first?.dropFirst() ?? ""),
               printed != commit.revision {
                Issue.record("\(what) printed r\(printed), its commit says r\(commit.revision ?? 0)")
            }
            guard let row = events[commit.id], row.kind == event, row.at == outcome.time else {
                missing += 1
                Issue.record("\(what): its commit \(commit.id) is not in the catalog's events as \(event) at \(outcome.time): \(events[commit.id].map { "\($0)" } ?? "absent")")
                continue
            }
            if event != "transition", let number = commit.revision, revisions["\(commit.story) r\(number)"] != commit.id {
                missing += 1
                Issue.record("\(what): the catalog does not map \(commit.story) r\(number) to \(commit.id)")
            }
        }
        #expect(Set(commits.filter { !$0.event.isEmpty }.map(\.id)) == Set(events.keys), "\(context): the catalog's events are not git's commits")
        if !misattributed.isEmpty {
            withKnownIssue("bug: a save that lost the race and then had nothing left to save prints 'Saved SLUG rN' for the winner's revision (aSaveWithNothingLeftAfterLosingTheRaceDoesNotClaimTheWinnersRevision)",
                           isIntermittent: true) {
                Issue.record("\(misattributed.count) saves claimed a revision another save made: \(misattributed.prefix(3))")
            }
        }

        // Lines of exit-0 saves of the shared stories that a later revision dropped (a lost update).
        var dropped: [String] = []
        for slug in shared {
            let id = try room.storyID(slug)
            let path = try room.storyPath(slug)
            let acknowledgedLines = Set(outcomes.filter { $0.slug == slug && $0.action == "save" && $0.result.status == 0 }.compactMap(\.marker))
            let versions = try room.gitText("log", "--reverse", "--format=%H", "--grep=^Galley-Story: \(id)$", "--", path).split(separator: "\n")
            var seen = Set<String>()
            for version in versions {
                let text = try room.gitText("show", "\(version):\(path)")
                let lines = Set(text.split(separator: "\n").map(String.init)).intersection(acknowledgedLines)
                dropped += seen.subtracting(lines).map { "\(slug) at \(version.prefix(7)): '\($0)'" }
                seen.formUnion(lines)
            }
        }
        if !dropped.isEmpty {
            withKnownIssue("bug: a save that loses the branch race commits the work tree it read earlier, dropping lines an exit-0 save had committed (aSaveThatLosesTheRaceKeepsTheLineTheWinnerCommitted)",
                           isIntermittent: true) {
                Issue.record("\(context): \(dropped.count) acknowledged lines dropped by a later revision: \(dropped.prefix(5))")
            }
        }

        // The catalog is a replay of the log, nothing is corrupt, doctor agrees.
        let doctor = try room.galley("doctor")
        #expect(doctor.status == 0 && doctor.stdout == "The newsroom is consistent.\n", "\(context): \(doctor)")
        try room.expectFsckClean()
        #expect(try room.catalogIntegrity() == "ok")
        try room.expectReindexReproducesTheCatalog()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: room.folder.appendingPathComponent("bundles").path)) ?? [] where !name.hasPrefix(".") {
            if let problem = try room.bundleProblem(room.folder.appendingPathComponent("bundles/\(name)")) { Issue.record("\(context): \(problem)") }
        }

        var reasons: [String: Int] = [:]
        for outcome in outcomes where outcome.result.status != 0 {
            let message = outcome.result.stderr.split(separator: "\n").first.map(String.init) ?? ""
            let general = message.replacingOccurrences(of: #"(shared|w\d)-[a-z0-9-]*"#, with: "SLUG", options: .regularExpression)
                .replacingOccurrences(of: #"[0-9TZ:-]{20}"#, with: "TIME", options: .regularExpression)
                .replacingOccurrences(of: #"[a-z]+@radar\.id"#, with: "PERSON", options: .regularExpression)
                .replacingOccurrences(of: #"r\d+"#, with: "rN", options: .regularExpression)
            reasons["\(outcome.result.status) \(general)", default: 0] += 1
        }
        let acknowledged = outcomes.filter { $0.result.status == 0 }.count
        let slowest = outcomes.map(\.seconds).max() ?? 0
        var byAction: [String: Int] = [:]
        for outcome in outcomes { byAction[outcome.action, default: 0] += 1 }
        print("""
            concurrency run (\(context)): \(outcomes.count) commands in \(Int(ran)) s \
            [\(byAction.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))], \
            on shared stories \(outcomes.filter(\.shared).count); acknowledged \(acknowledged) (saves with nothing left to save \(unchangedSaves)); \
            refused \(refusals.values.reduce(0, +)) by exit code \(refusals.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")); \
            lost \(missing); saves claiming another's revision \(misattributed.count); lines dropped by a later revision \(dropped.count); hangs \(ledger.failures.filter { $0.contains("a hang") }.count); \
            slowest command \(String(format: "%.1f", slowest)) s; commits \(commits.count)
            refusals: \(reasons.sorted { $0.value > $1.value }.map { "\($0.value)× \($0.key)" }.joined(separator: " | "))
            """)
    }
}
