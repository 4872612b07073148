import Foundation
import Testing

/// `galley clone`, `remote` and `sync`: one newsroom on several machines through a bare git
/// remote. Every clone is a real `galley clone` in its own folder; git and sqlite3 read back what
/// each one holds.
@Suite struct SyncTests {
    /// A newsroom (the desk, founded by the admin) pushed to a bare repository, and helpers to clone it.
    final class Network {
        let desk: TempNewsroom
        let remote: URL

        init() throws {
            desk = try TempNewsroom()
            remote = desk.base.appendingPathComponent("remote.git", isDirectory: true)
            try #require(try desk.git("init", "--quiet", "--bare", remote.path, in: desk.outside).status == 0)
            expectSuccess(try desk.galley("remote", "add", "origin", remote.path))
            expectSuccess(try desk.galley("sync"))
        }

        func clone(_ name: String) throws -> TempNewsroom {
            try TempNewsroom(cloning: remote.path, of: desk, into: name)
        }
    }

    static let reporter = TempNewsroom.reporter
    static let editor = TempNewsroom.editor
    static let admin = TempNewsroom.admin

    /// Runs `galley sync --json` in `room` and decodes its report, failing unless it worked.
    @discardableResult
    func sync(_ room: TempNewsroom, at now: String = TempNewsroom.now, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let result = try room.galley("sync", "--json", at: now)
        try #require(result.status == 0, "\(result)", sourceLocation: sourceLocation)
        return try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], sourceLocation: sourceLocation)
    }

    func notices(_ report: [String: Any]) -> [[String: Any]] {
        report["notices"] as? [[String: Any]] ?? []
    }

    func summaries(_ report: [String: Any], _ key: String) -> [String] {
        (report[key] as? [[String: Any]] ?? []).compactMap { $0["summary"] as? String }
    }

    /// Every clone holds the same history and, compared as dumps, the same catalog, which is also
    /// what `galley reindex` rebuilds; git fsck is clean everywhere, the remote included.
    func expectConverged(_ rooms: [TempNewsroom], remote: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let heads = try rooms.map { try $0.head(sourceLocation: sourceLocation) }
        #expect(Set(heads).count == 1, "heads differ: \(heads)", sourceLocation: sourceLocation)
        #expect(try rooms[0].gitText("--git-dir", remote.path, "rev-parse", "main", sourceLocation: sourceLocation) == heads[0],
                sourceLocation: sourceLocation)
        let dumps = try rooms.map { try $0.catalogDump(sourceLocation: sourceLocation) }
        for (index, dump) in dumps.enumerated().dropFirst() {
            #expect(dump == dumps[0], "the catalog of clone \(index) differs from the first", sourceLocation: sourceLocation)
        }
        for room in rooms {
            try room.expectLinearHistory(sourceLocation: sourceLocation)
            try room.expectReindexReproducesTheCatalog(sourceLocation: sourceLocation)
            try room.expectFsckClean(sourceLocation: sourceLocation)
            #expect(try room.gitText("for-each-ref", "refs/galley/sync/pending", sourceLocation: sourceLocation) == "",
                    sourceLocation: sourceLocation)
        }
        let fsck = try rooms[0].git("--git-dir", remote.path, "fsck", "--strict", "--no-dangling")
        #expect(fsck.status == 0 && fsck.stderr.isEmpty, "\(fsck)", sourceLocation: sourceLocation)
    }

    // MARK: A day

    @Test func aScriptedDayOnThreeClonesEndsWithIdenticalCatalogs() throws {
        let network = try Network()
        let desk = network.desk
        let field = try network.clone("field")
        let copydesk = try network.clone("copydesk")
        #expect(try field.catalogDump() == desk.catalogDump())
        #expect(!FileManager.default.fileExists(atPath: field.folder.appendingPathComponent(".git/index").path))
        #expect(FileManager.default.fileExists(atPath: field.folder.appendingPathComponent(".git/hooks/pre-commit").path))

        // 05:00 Rina files two drafts from the field, offline, and submits the first.
        let floods = try field.newStory("Floods close the Jakarta toll road", at: "2024-06-20T05:00:00Z")
        try field.changeStory(floods) { $0 + "Water rose overnight in North Jakarta.\n" }
        try field.save(floods, "First paragraph", at: "2024-06-20T05:05:00Z")
        expectSuccess(try field.galley("submit", floods, as: SyncTests.reporter, at: "2024-06-20T05:06:00Z"))
        let shelters = try field.newStory("Governor visits shelters", at: "2024-06-20T05:10:00Z")
        let sent = try sync(field, at: "2024-06-20T05:15:00Z")
        #expect(summaries(sent, "sent") == ["\(floods) r1: create \"Floods close the Jakarta toll road\"", "\(floods) r2: First paragraph",
                                            "\(floods) r2: submit (draft -> review)", "\(shelters) r1: create \"Governor visits shelters\""])
        #expect(summaries(sent, "received").isEmpty)

        // 05:20 Sam on the copy desk sends it back.
        let received = try sync(copydesk, at: "2024-06-20T05:20:00Z")
        #expect(summaries(received, "received").count == 4)
        #expect(try copydesk.sql("SELECT state, revision FROM stories WHERE slug = '\(floods)'") == "review|2")
        expectSuccess(try copydesk.galley("reject", floods, "-m", "Name the agency that closed the road", as: SyncTests.editor,
                                          at: "2024-06-20T05:21:00Z"))
        try sync(copydesk, at: "2024-06-20T05:22:00Z")

        // 05:30 Rina revises and submits again.
        try sync(field, at: "2024-06-20T05:30:00Z")
        #expect(try field.sql("SELECT state FROM stories WHERE slug = '\(floods)'") == "draft")
        try field.changeStory(floods) { $0 + "Jasa Marga closed the road at 04:00.\n" }
        try field.save(floods, "Name Jasa Marga", at: "2024-06-20T05:31:00Z")
        expectSuccess(try field.galley("submit", floods, as: SyncTests.reporter, at: "2024-06-20T05:32:00Z"))
        try sync(field, at: "2024-06-20T05:33:00Z")

        // 06:00 Ed approves on the desk; 06:30 Sam corrects a detail of the live story.
        try sync(desk, at: "2024-06-20T06:00:00Z")
        expectSuccess(try desk.galley("approve", floods, "--force", as: SyncTests.admin, at: "2024-06-20T06:01:00Z"))
        try sync(desk, at: "2024-06-20T06:02:00Z")
        try sync(copydesk, at: "2024-06-20T06:30:00Z")
        try copydesk.changeStory(floods) { $0.replacingOccurrences(of: "04:00", with: "03:30") }
        expectSuccess(try copydesk.galley("save", floods, "-m", "The road closed at 03:30", as: SyncTests.editor, at: "2024-06-20T06:31:00Z"))
        expectSuccess(try copydesk.galley("correct", floods, "-m", "The road closed at 03:30, not 04:00.", as: SyncTests.editor,
                                          at: "2024-06-20T06:32:00Z"))
        try sync(copydesk, at: "2024-06-20T06:33:00Z")

        // Evening: everyone syncs.
        for room in [field, desk, copydesk] { try sync(room, at: "2024-06-20T12:00:00Z") }
        #expect(try desk.sql("SELECT state, revision, live_revision, published_at, last_updated_at FROM stories WHERE slug = '\(floods)'")
            == "published|4|4|2024-06-20T06:01:00Z|2024-06-20T06:32:00Z")
        #expect(try desk.sql("SELECT note FROM corrections") == "The road closed at 03:30, not 04:00.")
        #expect(try field.readStory(floods).contains("Jasa Marga closed the road at 03:30."))
        #expect(try field.storyCommits(floods, format: "%an|%(trailers:key=Galley-Event,valueonly,separator=)")
            == ["Sam Subeditor|transition", "Sam Subeditor|save", "Ed Editor|transition", "Rina Reporter|transition",
                "Rina Reporter|save", "Sam Subeditor|transition", "Rina Reporter|transition", "Rina Reporter|save", "Rina Reporter|create"])
        try expectConverged([desk, field, copydesk], remote: network.remote)
    }

    // MARK: The same story on two clones

    @Test func editsOfDifferentParagraphsOnTwoClonesAreMerged() throws {
        let network = try Network()
        let desk = network.desk
        let slug = try desk.newStory("Harbour reopens", at: "2024-06-20T04:30:00Z")
        try desk.changeStory(slug) { $0 + "First paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n" }
        try desk.save(slug, "Body", at: "2024-06-20T04:31:00Z")
        try sync(desk, at: "2024-06-20T04:32:00Z")
        let field = try network.clone("field")

        try field.changeStory(slug) { $0.replacingOccurrences(of: "First paragraph.", with: "First paragraph, from the quay.") }
        try field.save(slug, "Colour from the quay", at: "2024-06-20T05:00:00Z")
        try desk.changeStory(slug) { $0.replacingOccurrences(of: "Third paragraph.", with: "Third paragraph, with the port's figures.") }
        try desk.save(slug, "Port figures", as: SyncTests.editor, at: "2024-06-20T05:01:00Z")
        try sync(field, at: "2024-06-20T05:10:00Z")
        let report = try sync(desk, at: "2024-06-20T05:11:00Z")

        #expect(notices(report).map { $0["outcome"] as? String } == ["merged"])
        #expect(notices(report).first?["detail"] as? String == "r3 by sam@radar.id merged with rina@radar.id (r3) as r4")
        #expect(try desk.sql("SELECT number, author, message FROM revisions WHERE story_id = (SELECT id FROM stories WHERE slug = '\(slug)') ORDER BY number")
            == """
            1|rina@radar.id|Create story
            2|rina@radar.id|Body
            3|rina@radar.id|Colour from the quay
            4|sam@radar.id|Port figures [merged with rina@radar.id (r3)]
            """)
        let text = try desk.readStory(slug)
        #expect(text.hasSuffix("First paragraph, from the quay.\n\nSecond paragraph.\n\nThird paragraph, with the port's figures.\n"))
        #expect(try desk.gitText("show", "HEAD:\(desk.storyPath(slug))") + "\n" == text)
        try sync(field, at: "2024-06-20T05:12:00Z")
        try expectConverged([desk, field], remote: network.remote)
    }

    @Test func editsOfTheSameLinesKeepTheLocalVersionAndSendTheStoryBack() throws {
        let network = try Network()
        let desk = network.desk
        let slug = try desk.newStory("Bridge collapses", at: "2024-06-20T04:30:00Z")
        try desk.changeStory(slug) { $0 + "Three people were hurt.\n" }
        try desk.save(slug, "Casualties", at: "2024-06-20T04:31:00Z")
        expectSuccess(try desk.galley("submit", slug, as: SyncTests.reporter, at: "2024-06-20T04:32:00Z"))
        try sync(desk, at: "2024-06-20T04:33:00Z")
        let field = try network.clone("field")

        try field.changeStory(slug) { $0.replacingOccurrences(of: "Three people were hurt.", with: "Four people were hurt, police said.") }
        try field.save(slug, "Police figure", at: "2024-06-20T05:00:00Z")
        try desk.changeStory(slug) { $0.replacingOccurrences(of: "Three people were hurt.", with: "Five people were hurt, the hospital said.") }
        try desk.save(slug, "Hospital figure", as: SyncTests.editor, at: "2024-06-20T05:01:00Z")
        try sync(desk, at: "2024-06-20T05:10:00Z")
        let report = try sync(field, at: "2024-06-20T05:11:00Z")

        let conflict = try #require(notices(report).first)
        #expect(notices(report).count == 1)
        #expect(conflict["outcome"] as? String == "conflict")
        let detail = try #require(conflict["detail"] as? String)
        #expect(detail.contains("rina@radar.id saved r3 on another machine while sam@radar.id (r3) changed the same lines"))
        #expect(detail.contains("rina@radar.id's version is kept as r4"))
        #expect(try field.sql("SELECT state, revision FROM stories WHERE slug = '\(slug)'") == "draft|4")
        #expect(try field.sql("SELECT number || ' ' || author || ' ' || message FROM revisions WHERE number >= 3 ORDER BY number")
            == "3 sam@radar.id Hospital figure\n4 rina@radar.id Police figure [kept over conflicting edits by sam@radar.id (r3)]")
        #expect(try field.sql("SELECT transition, from_state, to_state, actor FROM events WHERE transition = 'sync-conflict'")
            == "sync-conflict|review|draft|rina@radar.id")
        // Both versions are in git; the work tree and r4 hold the local one, without conflict markers.
        #expect(try field.readStory(slug).contains("Four people were hurt, police said."))
        #expect(!(try field.readStory(slug).contains("<<<<<<<")))
        #expect(try field.gitText("show", "HEAD~1~1:\(field.storyPath(slug))").contains("Five people were hurt, the hospital said."))
        try sync(desk, at: "2024-06-20T05:12:00Z")
        try expectConverged([desk, field], remote: network.remote)
    }

    @Test func anApprovalAndARejectionOnTwoClonesLetTheFirstSyncedWinAndRecordTheOther() throws {
        let network = try Network()
        let desk = network.desk
        let slug = try desk.newStory("Election count begins", at: "2024-06-20T04:30:00Z")
        expectSuccess(try desk.galley("submit", slug, as: SyncTests.reporter, at: "2024-06-20T04:31:00Z"))
        try sync(desk, at: "2024-06-20T04:32:00Z")
        let copydesk = try network.clone("copydesk")

        expectSuccess(try desk.galley("approve", slug, "--force", as: SyncTests.admin, at: "2024-06-20T05:00:00Z"))
        expectSuccess(try copydesk.galley("reject", slug, "-m", "Needs the turnout", as: SyncTests.editor, at: "2024-06-20T05:01:00Z"))
        try sync(desk, at: "2024-06-20T05:02:00Z")
        let report = try sync(copydesk, at: "2024-06-20T05:03:00Z")

        #expect(notices(report).map { $0["outcome"] as? String } == ["superseded"])
        #expect(notices(report).first?["detail"] as? String
            == "reject not applied: cannot reject a story in published: 'reject' is allowed only from review; from published you can submit, correct, unpublish")
        #expect(try copydesk.sql("SELECT state, live_revision FROM stories") == "published|1")
        #expect(try copydesk.sql("SELECT kind, transition, actor, at FROM events ORDER BY id DESC LIMIT 1")
            == "supersede|reject|sam@radar.id|2024-06-20T05:01:00Z")
        let original = try copydesk.gitText("rev-parse", "refs/galley/sync/before")
        let superseded = try copydesk.gitText("log", "-1", "--format=%(trailers:key=Galley-Superseded,valueonly)")
        #expect(superseded.trimmingCharacters(in: .newlines) == original)
        // The rejection's note survives in the commit the superseded event names.
        let note = try copydesk.gitText("log", "-1", "--format=%(trailers:key=Galley-Note,valueonly)", original)
        #expect(note.trimmingCharacters(in: .newlines) == "Needs the turnout")
        try sync(desk, at: "2024-06-20T05:04:00Z")
        try expectConverged([desk, copydesk], remote: network.remote)
    }

    @Test func twoClonesApprovingTheSameUpdatePublishOnce() throws {
        let network = try Network()
        let desk = network.desk
        let slug = try desk.newStory("Rates held", at: "2024-06-20T04:30:00Z")
        expectSuccess(try desk.galley("submit", slug, as: SyncTests.reporter, at: "2024-06-20T04:31:00Z"))
        try sync(desk, at: "2024-06-20T04:32:00Z")
        let copydesk = try network.clone("copydesk")
        expectSuccess(try copydesk.galley("approve", slug, "--force", as: SyncTests.editor, at: "2024-06-20T05:00:00Z"))
        expectSuccess(try desk.galley("approve", slug, "--force", as: SyncTests.admin, at: "2024-06-20T05:01:00Z"))
        try sync(copydesk, at: "2024-06-20T05:02:00Z")
        let report = try sync(desk, at: "2024-06-20T05:03:00Z")
        #expect(notices(report).map { $0["outcome"] as? String } == ["superseded"])
        #expect(try desk.sql("SELECT COUNT(*) FROM events WHERE transition = 'approve' AND kind = 'transition'") == "1")
        #expect(try desk.sql("SELECT published_at FROM stories") == "2024-06-20T05:00:00Z")
        try sync(copydesk, at: "2024-06-20T05:04:00Z")
        try expectConverged([desk, copydesk], remote: network.remote)
    }

    @Test func aTransitionOfARevisionThatChangedRemotelyIsSupersededNotAppliedToTheNewText() throws {
        let network = try Network()
        let desk = network.desk
        let slug = try desk.newStory("Curfew lifted", at: "2024-06-20T04:30:00Z")
        expectSuccess(try desk.galley("submit", slug, as: SyncTests.reporter, at: "2024-06-20T04:31:00Z"))
        try sync(desk, at: "2024-06-20T04:32:00Z")
        let field = try network.clone("field")
        try field.changeStory(slug) { $0 + "A late paragraph.\n" }
        try field.save(slug, "Late paragraph", at: "2024-06-20T05:00:00Z")
        try sync(field, at: "2024-06-20T05:01:00Z")
        expectSuccess(try desk.galley("approve", slug, "--force", as: SyncTests.admin, at: "2024-06-20T05:02:00Z"))
        let report = try sync(desk, at: "2024-06-20T05:03:00Z")
        #expect(notices(report).first?["detail"] as? String
            == "approve not applied: rina@radar.id saved r2 on another machine after ed@radar.id decided to approve r1; read the story again and approve it if it still stands")
        #expect(try desk.sql("SELECT state, revision, live_revision FROM stories") == "review|2|")
    }

    @Test func storiesCreatedOfflineWithTheSameSlugBothSurvive() throws {
        let network = try Network()
        let field = try network.clone("field")
        let first = try network.desk.newStory("Power cut", as: SyncTests.editor, at: "2024-06-20T05:00:00Z")
        let second = try field.newStory("Power cut", at: "2024-06-20T05:01:00Z")
        #expect(first == "power-cut" && second == "power-cut")
        try sync(network.desk, at: "2024-06-20T05:02:00Z")
        let report = try sync(field, at: "2024-06-20T05:03:00Z")
        #expect(notices(report).map { $0["outcome"] as? String } == ["slug-changed"])
        #expect(try field.sql("SELECT slug, author FROM stories ORDER BY slug") == "power-cut|sam@radar.id\npower-cut-2|rina@radar.id")
        #expect(try field.readStory("power-cut-2").contains("slug: power-cut-2"))
        try sync(network.desk, at: "2024-06-20T05:04:00Z")
        try expectConverged([network.desk, field], remote: network.remote)
    }

    @Test func twoClonesSyncingAtTheSameMomentBothLand() throws {
        let network = try Network()
        let clones = [try network.clone("one"), try network.clone("two"), network.desk]
        var slugs: [String] = []
        for (index, room) in clones.enumerated() {
            for story in 1...3 {
                slugs.append(try room.newStory("Clone \(index) story \(story)", as: SyncTests.editor, at: "2024-06-20T05:0\(story):00Z"))
            }
        }
        let running = try clones.map { room in
            try ProgramRunner.start(GalleyBinary.url(), ["sync"], in: room.folder,
                                    environment: TestEnvironment.make(home: room.home, now: "2024-06-20T06:00:00Z"))
        }
        let results = try running.map { try $0.wait() }
        for result in results { expectSuccess(result) }
        for room in clones { try sync(room, at: "2024-06-20T06:10:00Z") }
        #expect(try clones[0].sql("SELECT slug FROM stories ORDER BY slug").components(separatedBy: "\n") == slugs.sorted())
        try expectConverged(clones, remote: network.remote)
    }

    // MARK: Git users

    @Test func aCommitMadeWithPlainGitIsPickedUpAsARevisionByItsAuthor() throws {
        let network = try Network()
        let desk = network.desk
        let slug = try desk.newStory("Market prices", at: "2024-06-20T04:30:00Z")
        try sync(desk, at: "2024-06-20T04:31:00Z")
        let path = try desk.storyPath(slug)
        let plain = desk.base.appendingPathComponent("plain")
        try #require(try desk.git("clone", "--quiet", network.remote.path, plain.path, in: desk.outside).status == 0)
        let file = plain.appendingPathComponent(path)
        try (String(contentsOf: file, encoding: .utf8) + "Rice rose 4% this week.\n").write(to: file, atomically: true, encoding: .utf8)
        for arguments in [["add", path], ["-c", "user.name=Sam Subeditor", "-c", "user.email=sam@radar.id", "commit", "--quiet", "-m", "Add the rice price"],
                          ["push", "--quiet", "origin", "HEAD:main"]] {
            let result = try desk.git(arguments: arguments, in: plain)
            try #require(result.status == 0, "\(result)")
        }
        let report = try sync(desk, at: "2024-06-20T05:00:00Z")
        #expect((report["received"] as? [[String: Any]])?.first?["kind"] as? String == "git")
        #expect(try desk.sql("SELECT number, author, message FROM revisions WHERE number = 2") == "2|sam@radar.id|Add the rice price")
        #expect(try desk.readStory(slug).hasSuffix("Rice rose 4% this week.\n"))
        try desk.expectReindexReproducesTheCatalog()
    }

    // MARK: Bad input

    @Test func anUnreachableRemoteIsExit69AndChangesNothing() throws {
        let room = try TempNewsroom()
        try room.newStory("Offline story")
        expectSuccess(try room.galley("remote", "add", "origin", "git://127.0.0.1:9/nowhere.git"))
        let before = try room.snapshot()
        expectRefusal(try room.galley("sync"), exitCode: 69, mentioning: ["cannot reach git://127.0.0.1:9/nowhere.git", "Nothing was changed here"])
        #expect(try room.snapshot() == before)
        let missing = room.base.appendingPathComponent("missing.git").path
        expectSuccess(try room.galley("remote", "add", "gone", missing))
        expectRefusal(try room.galley("sync", "gone"), exitCode: 69, mentioning: ["cannot reach \(missing)"])
        expectRefusal(try room.galley("sync", "upstream"), exitCode: 66, mentioning: ["no remote 'upstream'", "its remotes are gone, origin"])
        #expect(try room.snapshot() == before)
    }

    @Test func aRemoteThatIsNotThisNewsroomIsRefused() throws {
        let room = try TempNewsroom()
        // Another newsroom: founded under another name (the same founding would be the same commits).
        let other = room.base.appendingPathComponent("other")
        let bare = room.base.appendingPathComponent("other.git")
        expectSuccess(try room.galley(arguments: ["init", other.path, "--name", "Other Desk", "--time-zone", "Europe/Berlin",
                                                  "--editor", "boss@other.de", "--editor-name", "Boss"], in: room.outside))
        try #require(try room.git("init", "--quiet", "--bare", bare.path, in: room.outside).status == 0)
        expectSuccess(try room.galley("remote", "add", "origin", bare.path, "--newsroom", other.path))
        expectSuccess(try room.galley("sync", "--newsroom", other.path))
        expectSuccess(try room.galley("remote", "add", "origin", bare.path))
        let before = try room.snapshot()
        expectRefusal(try room.galley("sync"), exitCode: 69, mentioning: ["origin holds another newsroom", "no history in common"])
        #expect(try room.snapshot().head == before.head)
        #expect(try room.snapshot().catalog == before.catalog)

        // A plain git repository is not a newsroom at all, for sync and for clone.
        let plain = room.base.appendingPathComponent("plain.git")
        let work = room.base.appendingPathComponent("plain")
        for arguments in [["init", "--quiet", "--bare", plain.path], ["init", "--quiet", "-b", "main", work.path]] {
            try #require(try room.git(arguments: arguments, in: room.outside).status == 0)
        }
        try Data("hello\n".utf8).write(to: work.appendingPathComponent("README"))
        for arguments in [["add", "README"], ["-c", "user.name=X", "-c", "user.email=x@y.z", "commit", "--quiet", "-m", "readme"],
                          ["push", "--quiet", plain.path, "main"]] {
            try #require(try room.git(arguments: arguments, in: work).status == 0)
        }
        expectSuccess(try room.galley("remote", "add", "plain", plain.path))
        expectRefusal(try room.galley("sync", "plain"), exitCode: 69, mentioning: ["is not a Galley newsroom", "has no galley.yml"])
        let target = room.base.appendingPathComponent("clone-of-plain")
        expectRefusal(try room.galley("clone", plain.path, target.path, in: room.outside), exitCode: 69,
                      mentioning: ["is not a Galley newsroom"])
        #expect(!FileManager.default.fileExists(atPath: target.path))
        #expect(try room.snapshot().head == before.head)
    }

    @Test func badRemotesAndClonesAreRefusedWithTheirExitCodes() throws {
        let room = try TempNewsroom()
        expectRefusal(try room.galley("remote", "add", "origin", "https://ed:s3cret@git.radar.id/radar.git"), exitCode: 64,
                      mentioning: ["holds a password or token", "GALLEY_GIT_TOKEN"])
        #expect(!(try String(contentsOf: room.folder.appendingPathComponent(".git/config"), encoding: .utf8).contains("s3cret")))
        expectRefusal(try room.galley("remote", "add", "bad name", "/tmp/x.git"), exitCode: 64, mentioning: ["is not a remote name"])
        expectSuccess(try room.galley("remote", "add", "origin", "/srv/radar.git"))
        expectRefusal(try room.galley("remote", "add", "origin", "/srv/other.git"), exitCode: 65, mentioning: ["already exists (/srv/radar.git)"])
        #expect(try room.galley("remote", "list").stdout == "NAME    URL\norigin  /srv/radar.git\n")
        let notEmpty = room.outside
        try Data("x".utf8).write(to: notEmpty.appendingPathComponent("keep.txt"))
        expectRefusal(try room.galley("clone", room.folder.path, notEmpty.path, in: room.outside), exitCode: 73,
                      mentioning: ["already exists and is not empty"])
        #expect(FileManager.default.fileExists(atPath: notEmpty.appendingPathComponent("keep.txt").path))
        // Pushing into a newsroom's working folder would leave its files behind its history.
        let second = try TempNewsroom()
        try room.newStory("Nothing to push without a story")
        expectSuccess(try room.galley("remote", "add", "desk", second.folder.path))
        let before = try second.snapshot()
        expectRefusal(try room.galley("sync", "desk"), exitCode: 69, mentioning: ["is a working folder, not a bare repository", "git init --bare"])
        #expect(try second.snapshot() == before)
    }

    @Test func unsavedWorkThatSyncWouldReplaceStopsItBeforeAnythingChanges() throws {
        let network = try Network()
        let desk = network.desk
        let slug = try desk.newStory("Strike called off", at: "2024-06-20T04:30:00Z")
        try desk.changeStory(slug) { $0 + "Talks ran all night.\n\nBoth sides will speak at noon.\n\n" }
        try desk.save(slug, "Body", at: "2024-06-20T04:30:30Z")
        try sync(desk, at: "2024-06-20T04:31:00Z")
        let field = try network.clone("field")
        try desk.changeStory(slug) { $0 + "Unions signed at 02:00.\n" }
        try desk.save(slug, "Signing time", as: SyncTests.editor, at: "2024-06-20T05:00:00Z")
        try sync(desk, at: "2024-06-20T05:01:00Z")
        try field.changeStory(slug) { $0.replacingOccurrences(of: "Talks ran all night.", with: "Talks ran all night. Half-written paragraph") }
        let before = try field.snapshot()
        expectRefusal(try field.galley("sync", at: "2024-06-20T05:02:00Z"), exitCode: 65,
                      mentioning: ["hold changes nobody saved: \(try field.storyPath(slug))", "save them"])
        // The fetch moved only the remote-tracking reference, as `git fetch` would.
        let after = try field.snapshot()
        #expect(after.head == before.head)
        #expect(after.catalog == before.catalog)
        #expect(after.files == before.files)
        #expect(after.refs.split(separator: "\n").filter { !$0.hasPrefix("refs/remotes/") }
            == before.refs.split(separator: "\n").filter { !$0.hasPrefix("refs/remotes/") })
        try field.save(slug, "My paragraph", at: "2024-06-20T05:03:00Z")
        try sync(field, at: "2024-06-20T05:04:00Z")
        #expect(try field.readStory(slug).contains("Unions signed at 02:00."))
        #expect(try field.readStory(slug).contains("Half-written paragraph"))
    }

    @Test func aLinkInTheWorkTreeWhereSyncWouldWriteStopsItBeforeAnythingChanges() throws {
        let network = try Network()
        let desk = network.desk
        let field = try network.clone("field")
        let slug = try desk.newStory("Ferry resumes", at: "2024-06-21T02:00:00Z")
        try sync(desk, at: "2024-06-21T02:01:00Z")
        // The new story's day folder is, in the field clone, a link to a folder outside the newsroom.
        let outside = field.outside.appendingPathComponent("elsewhere", isDirectory: true)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        let day = field.folder.appendingPathComponent("stories/2024/06/21")
        try FileManager.default.createDirectory(at: day.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: day, withDestinationURL: outside)
        let before = try field.snapshot()
        expectRefusal(try field.galley("sync", at: "2024-06-21T02:02:00Z"), exitCode: 65,
                      mentioning: ["stories/2024/06/21 is a symbolic link", "follows no links"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path) == [])
        let after = try field.snapshot()
        #expect(after.head == before.head)
        #expect(after.catalog == before.catalog)
        // With a real folder there, the same sync brings the story in.
        try FileManager.default.removeItem(at: day)
        try sync(field, at: "2024-06-21T02:03:00Z")
        #expect(try field.readStory(slug).contains("Ferry resumes"))
    }

    // MARK: Over the network

    @Test
    func cloneAndSyncWorkOverGitsOwnProtocolAndARefusedPushLosesNothing() throws {
        let network = try Network()
        let daemon = try GitDaemon(serving: network.desk.base, home: network.desk.home)
        defer { daemon.stop() }
        let url = "git://127.0.0.1:\(daemon.port)/remote.git"
        let field = try TempNewsroom(cloning: url, of: network.desk, into: "field")
        #expect(try field.gitText("remote", "get-url", "origin") == url)
        let slug = try field.newStory("Filed over the network", at: "2024-06-20T05:00:00Z")
        let report = try sync(field, at: "2024-06-20T05:01:00Z")
        #expect(summaries(report, "sent") == ["\(slug) r1: create \"Filed over the network\""])
        try sync(network.desk, at: "2024-06-20T05:02:00Z")
        try expectConverged([network.desk, field], remote: network.remote)

        // The remote's administrator closes the branch: the push is refused, the local work stays.
        let hook = network.remote.appendingPathComponent("hooks/pre-receive")
        try Data("#!/bin/sh\necho 'the desk is closed for maintenance' >&2\nexit 1\n".utf8).write(to: hook)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
        let late = try field.newStory("Filed while the desk was closed", at: "2024-06-20T05:10:00Z")
        let before = try field.snapshot()
        expectRefusal(try field.galley("sync", at: "2024-06-20T05:11:00Z"), exitCode: 69,
                      mentioning: ["origin refused the push", "your work is kept here"])
        #expect(try field.snapshot().head == before.head)
        #expect(try field.snapshot().catalog == before.catalog)
        try FileManager.default.removeItem(at: hook)
        try sync(field, at: "2024-06-20T05:12:00Z")
        try sync(network.desk, at: "2024-06-20T05:13:00Z")
        #expect(try network.desk.sql("SELECT COUNT(*) FROM stories WHERE slug = '\(late)'") == "1")
    }
}

/// `git daemon` on 127.0.0.1 with pushes enabled, serving the folders below `base`, stopped by the test.
/// Started as a `KillableProgram`: Foundation's `Process` would leave the daemon with SIGCHLD and
/// SIGTERM blocked, so it neither reaped its connections nor stopped when asked.
final class GitDaemon {
    let port: Int
    private let program: KillableProgram

    init(serving base: URL, home: URL) throws {
        let git = try ProgramRunner.tool("git", package: "git")
        let environment = TestEnvironment.make(home: home, now: TempNewsroom.now)
        // The daemon itself, not the `git` wrapper: terminating the wrapper would leave it running.
        let execPath = try ProgramRunner.run(git, ["--exec-path"], in: base, environment: environment)
        let daemon = URL(fileURLWithPath: execPath.line).appendingPathComponent("git-daemon")
        var lastError = ""
        for _ in 1...20 {
            let port = Int.random(in: 20_000...60_000)
            let program = try KillableProgram.start(daemon, ["--reuseaddr", "--listen=127.0.0.1", "--port=\(port)", "--base-path=\(base.path)",
                                                           "--export-all", "--enable=receive-pack", "--informative-errors", base.path],
                                                  in: base, environment: environment)
            // Ready when git itself can list the remote's references.
            for _ in 1...30 {
                let probe = try ProgramRunner.run(git, ["ls-remote", "git://127.0.0.1:\(port)/remote.git"], in: base, environment: environment)
                if probe.status == 0 {
                    self.port = port
                    self.program = program
                    return
                }
                lastError = probe.stderr
                usleep(100_000)
            }
            program.kill()
            _ = try? program.wait(timeout: 10)
        }
        throw HarnessError("git daemon did not start on 127.0.0.1: \(lastError)")
    }

    func stop() {
        program.kill()
        _ = try? program.wait(timeout: 10)
    }
}
