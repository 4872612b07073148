import Foundation
import Testing

/// The SQLite catalog is a view of git: rebuilt exactly by `galley reindex`, and caught up by the next
/// command after a crash between the git write and the SQLite write.
@Suite struct CatalogTests {
    /// A newsroom with history of every kind: stories, revisions, a minor one, people and a role change.
    static func busyNewsroom() throws -> TempNewsroom {
        let room = try TempNewsroom()
        let pact = try room.newStory("Putin and Kim sign a pact", ["--section", "world"], at: "2024-06-19T05:00:00Z")
        try room.changeStory(pact) { $0 + "Signed in Pyongyang.\n" }
        try room.save(pact, "Add the place", at: "2024-06-19T05:10:00Z")
        try room.changeStory(pact) { $0.replacingOccurrences(of: "Pyongyang", with: "Pyongyang, North Korea") }
        try room.succeed("save", pact, "-m", "Name the country", "--minor", as: TempNewsroom.reporter, at: "2024-06-19T05:20:00Z")
        let floods = try room.newStory("Floods in Jakarta", ["--slug", "jakarta-floods"], as: TempNewsroom.editor, at: "2024-06-20T05:00:00Z")
        try room.changeStory(floods) { $0 + "Water rose overnight.\n" }
        try room.save(floods, "Add the night", as: TempNewsroom.editor, at: "2024-06-20T05:30:00Z")
        try room.succeed("people", "add", "tono@radar.id", "--name", "Tono Reporter", "--role", "reporter", as: TempNewsroom.admin)
        try room.succeed("people", "role", "rina@radar.id", "editor", as: TempNewsroom.admin, at: "2024-06-20T06:00:00Z")
        return room
    }

    @Test func reindexRebuildsExactlyTheSameCatalogFromGitAlone() throws {
        let room = try CatalogTests.busyNewsroom()
        let before = try room.catalogDump()
        #expect(before.contains("INSERT INTO revisions"))
        #expect(try room.sql("SELECT count(*) FROM revisions") == "5")

        try room.deleteCatalog()
        #expect(!FileManager.default.fileExists(atPath: room.catalogPath))
        let result = try room.galley("reindex", at: "2030-01-01T00:00:00Z")
        expectSuccess(result)
        #expect(result.stdout == "Rebuilt the catalog from git: 4 people, 2 stories, 5 revisions, 10 events.\n")
        let after = try room.catalogDump()
        #expect(after == before)

        // Reindexing a catalog that is already complete changes nothing either.
        expectSuccess(try room.galley("reindex"))
        #expect(try room.catalogDump() == before)
    }

    /// A newsroom's catalog is made in WAL mode with 16 KiB pages (issue 7), and keeps both
    /// through a reindex, as the stock `sqlite3` shell reads them.
    @Test func theCatalogHasSixteenKiBPagesInWALMode() throws {
        let room = try TempNewsroom()
        _ = try room.newStory("Harbour reopens", at: "2024-06-19T05:00:00Z")
        #expect(try room.sql("PRAGMA page_size") == "16384")
        #expect(try room.sql("PRAGMA journal_mode") == "wal")
        expectSuccess(try room.galley("reindex", at: "2030-01-01T00:00:00Z"))
        #expect(try room.sql("PRAGMA page_size") == "16384")
        #expect(try room.sql("PRAGMA integrity_check") == "ok")
    }

    /// Each story's row keeps the git tree of its folder at its latest revision (bundles read the
    /// folder by it): the same tree `git rev-parse COMMIT:FOLDER` names, after saves, after a
    /// commit made with plain git, and after a reindex.
    @Test func eachStoryKeepsItsFoldersTreeAtItsLatestRevision() throws {
        let room = try CatalogTests.busyNewsroom()
        let floods = "jakarta-floods"
        try room.changeStory(floods) { $0 + "Edited with git.\n" }
        try room.gitText("add", "-A")
        // Past Galley's commit guard, as someone pushing from a plain clone would be.
        try room.gitText("-c", "user.name=Rina", "-c", "user.email=rina@radar.id", "commit", "-q", "--no-verify", "-m", "Fix with git")
        expectSuccess(try room.galley("status", as: TempNewsroom.reporter))
        func check() throws {
            let rows = try room.sql("""
                SELECT stories.path || ' ' || stories.folder_tree || ' ' || revisions.commit_id FROM stories
                JOIN revisions ON revisions.story_id = stories.id AND revisions.number = stories.revision ORDER BY stories.rowid
                """).split(separator: "\n")
            #expect(rows.count == 2)
            for row in rows {
                let parts = row.split(separator: " ").map(String.init)
                try #require(parts.count == 3, "\(row)")
                #expect(try room.gitText("rev-parse", "\(parts[2]):\(parts[0])") == parts[1], "\(row)")
            }
        }
        try check()
        #expect(try room.sql("SELECT revision FROM stories WHERE slug = '\(floods)'") == "3")
        expectSuccess(try room.galley("reindex"))
        try check()
    }

    @Test func reindexCountsInTheSingularForOne() throws {
        let room = try TempNewsroom()
        expectSuccess(try room.galley("new", "Floods in Jakarta", "--slug", "jakarta-floods", as: TempNewsroom.reporter))
        let result = try room.galley("reindex")
        expectSuccess(result)
        // Three people (founded with an admin, a reporter and an editor), one story of one revision.
        #expect(result.stdout == "Rebuilt the catalog from git: 3 people, 1 story, 1 revision, 4 events.\n")
    }

    @Test func reindexMovesAnUnreadableCatalogAsideAndRebuildsIt() throws {
        let room = try CatalogTests.busyNewsroom()
        let before = try room.catalogDump()
        try room.deleteCatalog()
        let garbage = Data("this is not an SQLite database\n".utf8)
        try garbage.write(to: URL(fileURLWithPath: room.catalogPath))

        let refused = try room.galley("log", "jakarta-floods")
        #expect(refused.status == 70, "\(refused)")
        #expect(refused.stderr.contains("galley reindex"), "\(refused)")

        let result = try room.galley("reindex")
        expectSuccess(result)
        #expect(result.stderr.contains("moved aside to \(room.catalogPath).unreadable-"), "\(result)")
        #expect(try room.catalogDump() == before)
        let state = room.folder.appendingPathComponent(".galley")
        let aside = try #require(try FileManager.default.contentsOfDirectory(atPath: state.path)
            .first { $0.hasPrefix("catalog.sqlite.unreadable-") })
        #expect(FileManager.default.contents(atPath: state.appendingPathComponent(aside).path) == garbage)
    }

    @Test func aCrashAfterTheBranchMovedIsCaughtUpByTheNextCommand() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Strike closes the port")
        let indexed = try room.head()
        try room.changeStory(slug) { $0 + "Ships wait offshore.\n" }

        let crashed = try room.galley("save", slug, "-m", "Add the ships", as: TempNewsroom.reporter, at: "2024-06-20T05:10:00Z",
                                      environment: ["GALLEY_FAULT": "after-branch-move"])
        #expect(crashed.status == 86, "\(crashed)")
        // git has the revision; the catalog does not know it yet.
        let head = try room.head()
        #expect(head != indexed)
        #expect(try room.gitText("log", "-1", "--format=%s") == "\(slug) r2: Add the ships")
        #expect(try room.sql("SELECT number FROM revisions ORDER BY number") == "1")
        #expect(try room.sql("SELECT indexed_commit FROM catalog_state") == indexed)

        // The next command, whatever it is, catches up first.
        let log = try room.galley("log", slug)
        expectSuccess(log)
        #expect(log.lines.dropFirst(2).first == " r2  2024-06-20T05:10:00Z  rina@radar.id  Add the ships")
        #expect(try room.sql("SELECT number, commit_id, message FROM revisions WHERE number = 2") == "2|\(head)|Add the ships")
        #expect(try room.sql("SELECT revision FROM stories") == "2")
        #expect(try room.sql("SELECT indexed_commit FROM catalog_state") == head)

        // Caught up is the same as rebuilt from scratch.
        let caughtUp = try room.catalogDump()
        try room.deleteCatalog()
        expectSuccess(try room.galley("reindex"))
        #expect(try room.catalogDump() == caughtUp)
        try room.expectFsckClean()
    }

    @Test func aCrashInsideTheCatalogTransactionLeavesTheCatalogAsItWasUntilTheNextCommand() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Strike closes the port")
        let catalogBefore = try room.catalogDump()
        try room.changeStory(slug) { $0 + "Ships wait offshore.\n" }

        let crashed = try room.galley("save", slug, "-m", "Add the ships", as: TempNewsroom.reporter,
                                      environment: ["GALLEY_FAULT": "inside-catalog-transaction"])
        #expect(crashed.status == 86, "\(crashed)")
        #expect(try room.gitText("log", "-1", "--format=%s") == "\(slug) r2: Add the ships")
        #expect(try room.catalogDump() == catalogBefore)

        let shown = try room.galley("show", "\(slug)@r2")
        expectSuccess(shown)
        #expect(shown.stdout.hasSuffix("Ships wait offshore.\n"))
        #expect(try room.sql("SELECT indexed_commit FROM catalog_state") == room.head())
    }

    @Test func aCrashBeforeTheBranchMovedLosesNothingButThatSave() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Strike closes the port")
        try room.changeStory(slug) { $0 + "Ships wait offshore.\n" }
        let before = try room.snapshot()

        let crashed = try room.galley("save", slug, "-m", "Add the ships", as: TempNewsroom.reporter,
                                      environment: ["GALLEY_FAULT": "after-git-objects"])
        #expect(crashed.status == 86, "\(crashed)")
        try room.expectUnchanged(since: before)

        let saved = try room.galley("save", slug, "-m", "Add the ships", as: TempNewsroom.reporter)
        expectSuccess(saved)
        #expect(saved.stdout.hasPrefix("Saved \(slug) r2 "))
        try room.expectFsckClean()
    }

    @Test func aBranchMovedBackWithGitIsFollowedByTheCatalog() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Strike closes the port")
        try room.changeStory(slug) { $0 + "Ships wait offshore.\n" }
        try room.save(slug, "Add the ships", at: "2024-06-20T05:10:00Z")
        #expect(try room.sql("SELECT count(*) FROM revisions") == "2")

        // Someone rewinds the branch with plain git: revision 2 is no longer in the history.
        try room.gitText("update-ref", "refs/heads/main", "HEAD~1")
        let log = try room.galley("log", slug)
        expectSuccess(log)
        #expect(log.lines.count == 3)
        #expect(log.lines.last == " r1  2024-06-20T05:00:00Z  rina@radar.id  Create story")
        #expect(try room.sql("SELECT number FROM revisions") == "1")
        #expect(try room.sql("SELECT revision FROM stories") == "1")
        #expect(try room.sql("SELECT indexed_commit FROM catalog_state") == room.head())

        let followed = try room.catalogDump()
        try room.deleteCatalog()
        expectSuccess(try room.galley("reindex"))
        #expect(try room.catalogDump() == followed)
    }

    @Test func concurrentCommandsOnDifferentStoriesAllLandInOneLinearHistory() throws {
        let room = try TempNewsroom()
        let headlines = (1...4).map { "Race story \($0)" }
        let running = try headlines.map { try room.startGalley(["new", $0], as: TempNewsroom.reporter) }
        let results = try running.map { try $0.wait() }
        for result in results { expectSuccess(result) }
        #expect(Set(results.map(\.stdout)) == Set((1...4).map { "race-story-\($0)\n" }))

        #expect(try room.gitText("rev-list", "--count", "HEAD") == "7")
        #expect(try room.gitText("rev-list", "--merges", "--count", "HEAD") == "0")
        #expect(try room.sql("SELECT slug FROM stories ORDER BY slug") == (1...4).map { "race-story-\($0)" }.joined(separator: "\n"))
        #expect(try room.sql("SELECT indexed_commit FROM catalog_state") == room.head())
        let caughtUp = try room.catalogDump()
        try room.deleteCatalog()
        expectSuccess(try room.galley("reindex"))
        #expect(try room.catalogDump() == caughtUp)
        try room.expectFsckClean()
    }

    @Test
    func racingCreatesOfOneSlugLetExactlyOneWin() throws {
        let room = try TempNewsroom()
        for round in 1...25 {
            let running = try (1...4).map { _ in try room.startGalley(["new", "Same headline \(round)"], as: TempNewsroom.reporter) }
            let results = try running.map { try $0.wait() }
            #expect(results.filter { $0.status == 0 }.count == 1, "round \(round): \(results)")
            for result in results where result.status != 0 {
                expectRefusal(result, exitCode: 65, mentioning: ["is already used by"])
            }
        }
        #expect(try room.gitText("log", "--format=%s", "--grep=create").components(separatedBy: "\n").count == 25)
        expectSuccess(try room.galley("whoami", as: TempNewsroom.reporter))
    }
}
