import Foundation
import Testing

/// init → people add → new → save → log → show, read back with galley, git and sqlite3.
@Suite struct RoundTripTests {
    static let headline = "Putin and Kim sign a defence pact"
    static let slug = "putin-and-kim-sign-a-defence-pact"
    static let body = "Putin and Kim signed a pact in Pyongyang on Wednesday.\n\nEach promises to defend the other.\n"

    @Test func initFoundsANewsroomWithItsAdminInOneCommit() throws {
        let room = try TempNewsroom(founded: false)
        let result = try room.galley(arguments: ["init", room.folder.path] + TempNewsroom.initOptions,
                                     at: "2024-06-20T04:00:00Z", in: room.outside)
        expectSuccess(result)
        #expect(result.stdout == "Created the newsroom Radar Detik in \(room.folder.path) (admin: ed@radar.id).\n")
        #expect(result.stderr.contains("galley people add EMAIL --name NAME --role reporter"))

        #expect(try room.gitText("log", "--format=%an <%ae>|%s") == "Ed Editor <ed@radar.id>|Found the newsroom Radar Detik")
        let committed = try room.gitText("ls-tree", "-r", "--name-only", "HEAD").components(separatedBy: "\n")
        #expect(committed == [".gitignore", "galley.yml", "house-dictionary.yml", "people.yml", "workflow.yml"])
        #expect(committed.allSatisfy { !$0.hasPrefix(".galley") })
        #expect(try room.gitText("symbolic-ref", "HEAD") == "refs/heads/main")
        let settings = try room.gitText("show", "HEAD:galley.yml").components(separatedBy: "\n")
        #expect(settings.contains("name: Radar Detik"))
        #expect(settings.contains("time_zone: Asia/Jakarta"))
        #expect(settings.contains("locale: en_GB"))
        #expect(try room.gitText("show", "HEAD:people.yml") == """
            # The people of this newsroom. Galley writes this file: change it with `galley people`.
            people:
              - email: ed@radar.id
                name: Ed Editor
                role: admin
            """)
        // The work tree shows what git holds, and the catalog is ignored, never committed.
        let files = try room.workTreeFiles()
        #expect(files.keys.sorted() == committed)
        for path in committed {
            #expect(try files[path] == room.git("cat-file", "blob", "HEAD:\(path)").stdoutData, "\(path)")
        }
        #expect(try room.git("check-ignore", "-q", ".galley/catalog.sqlite").status == 0)
        #expect(try room.sql("SELECT email, name, role, added_at, added_by FROM people")
            == "ed@radar.id|Ed Editor|admin|2024-06-20T04:00:00Z|")
        #expect(try room.sql("SELECT indexed_commit FROM catalog_state") == room.head())
    }

    @Test func initPrintsJSONWhenAsked() throws {
        let room = try TempNewsroom(founded: false)
        let result = try room.galley(arguments: ["init", room.folder.path, "--json"] + TempNewsroom.initOptions, in: room.outside)
        expectSuccess(result)
        let json = try jsonObject(result)
        #expect(json["path"] as? String == room.folder.path)
        #expect(json["name"] as? String == "Radar Detik")
        #expect(json["admin"] as? String == "ed@radar.id")
    }

    @Test func peopleAddedByTheAdminAreListedCommittedAndCatalogued() throws {
        let room = try TempNewsroom()
        let list = try room.galley("people", "list")
        expectSuccess(list)
        #expect(list.stdout == """
            EMAIL          ROLE      NAME
            ed@radar.id    admin     Ed Editor
            rina@radar.id  reporter  Rina Reporter
            sam@radar.id   editor    Sam Subeditor

            """)
        #expect(try room.gitText("log", "--format=%an|%s") == """
            Ed Editor|Add Sam Subeditor <sam@radar.id> as editor
            Ed Editor|Add Rina Reporter <rina@radar.id> as reporter
            Ed Editor|Found the newsroom Radar Detik
            """)
        #expect(try room.gitText("show", "HEAD:people.yml") == """
            # The people of this newsroom. Galley writes this file: change it with `galley people`.
            people:
              - email: ed@radar.id
                name: Ed Editor
                role: admin
              - email: rina@radar.id
                name: Rina Reporter
                role: reporter
              - email: sam@radar.id
                name: Sam Subeditor
                role: editor
            """)
        #expect(try room.sql("SELECT email, role, added_by FROM people ORDER BY email") == """
            ed@radar.id|admin|
            rina@radar.id|reporter|ed@radar.id
            sam@radar.id|editor|ed@radar.id
            """)

        let added = try room.galley("people", "add", "tono@radar.id", "--name", "Tono Reporter", "--role", "reporter",
                                    as: TempNewsroom.admin)
        expectSuccess(added)
        #expect(added.stdout == "Added Tono Reporter <tono@radar.id> as reporter.\n")
        #expect(try room.sql("SELECT name, role, added_at, added_by FROM people WHERE email = 'tono@radar.id'")
            == "Tono Reporter|reporter|2024-06-20T05:00:00Z|ed@radar.id")
    }

    @Test func newSaveLogShowRoundTrip() throws {
        let room = try TempNewsroom()
        let bodyFile = try room.outsideFile("pact.md", Data(RoundTripTests.body.utf8))

        // new: prints the slug, commits revision 1 in the story's own folder.
        let created = try room.galley("new", RoundTripTests.headline, "--section", "world", "--body-file", bodyFile.path,
                                      as: TempNewsroom.reporter, at: "2024-06-20T05:00:00Z")
        expectSuccess(created)
        #expect(created.stdout == RoundTripTests.slug + "\n")
        let slug = RoundTripTests.slug
        let id = try room.storyID(slug)
        let path = "stories/2024/06/20/\(id)/story.md"
        #expect(try room.storyPath(slug) == path)
        let revision1 = """
            ---
            id: \(id)
            slug: \(slug)
            headline: \(RoundTripTests.headline)
            byline: Rina Reporter
            section: world
            ---

            \(RoundTripTests.body)
            """
        #expect(try room.readStory(slug) == revision1)
        #expect(try room.gitText("cat-file", "blob", "HEAD:\(path)") + "\n" == revision1)
        #expect(try room.gitText("log", "-1", "--format=%an <%ae>|%s")
            == "Rina Reporter <rina@radar.id>|\(slug) r1: create \"\(RoundTripTests.headline)\"")
        let commit1 = try room.head()

        // save: a changed story becomes revision 2.
        try room.changeStory(slug) { $0 + "\n\"We are allies,\" Kim said.\n" }
        let saved = try room.galley("save", slug, "-m", "Add Kim's quote", as: TempNewsroom.reporter, at: "2024-06-20T05:10:00Z")
        expectSuccess(saved)
        let commit2 = try room.head()
        #expect(commit2 != commit1)
        #expect(saved.stdout == "Saved \(slug) r2 (\(commit2.prefix(7))): Add Kim's quote\n")
        #expect(try room.gitText("rev-parse", "HEAD~1") == commit1)
        let revision2 = revision1 + "\n\"We are allies,\" Kim said.\n"
        #expect(try room.gitText("cat-file", "blob", "HEAD:\(path)") + "\n" == revision2)

        // log: newest first, times in UTC whatever the machine's zone.
        let log = try room.galley("log", slug)
        expectSuccess(log)
        #expect(log.stdout == """
            \(slug): \(RoundTripTests.headline)
            REV  SAVED (UTC)           AUTHOR         MESSAGE
             r2  2024-06-20T05:10:00Z  rina@radar.id  Add Kim's quote
             r1  2024-06-20T05:00:00Z  rina@radar.id  Create story

            """)

        // show: the latest revision, byte for byte as git holds it; SLUG@rN an earlier one.
        let shown = try room.galley("show", slug)
        expectSuccess(shown)
        #expect(shown.stdout == revision2)
        let shownR1 = try room.galley("show", "\(slug)@r1")
        expectSuccess(shownR1)
        #expect(shownR1.stdout == revision1)

        // The catalog maps revision numbers to the commits git holds.
        #expect(try room.sql("SELECT number, commit_id, author, saved_at, message, minor FROM revisions WHERE story_id = '\(id)' ORDER BY number") == """
            1|\(commit1)|rina@radar.id|2024-06-20T05:00:00Z|Create story|0
            2|\(commit2)|rina@radar.id|2024-06-20T05:10:00Z|Add Kim's quote|0
            """)
        #expect(try room.sql("SELECT slug, headline, byline, section, author, path, created_at, saved_at, revision, state FROM stories") ==
            "\(slug)|\(RoundTripTests.headline)|Rina Reporter|world|rina@radar.id|stories/2024/06/20/\(id)|2024-06-20T05:00:00Z|2024-06-20T05:10:00Z|2|draft")
        #expect(try room.sql("SELECT kind, story_id, actor, at, revision FROM events WHERE story_id IS NOT NULL ORDER BY id") == """
            create|\(id)|rina@radar.id|2024-06-20T05:00:00Z|1
            save|\(id)|rina@radar.id|2024-06-20T05:10:00Z|2
            """)
        #expect(try room.sql("SELECT indexed_commit FROM catalog_state") == commit2)
    }

    @Test func headlinesThatLookLikeYAMLSurviveTheRoundTrip() throws {
        let room = try TempNewsroom()
        let headlines = ["null", "Yes", "2024-06-20", "Kim: \"we are allies\"", "# one", "“Cinta damai” kata Kim", "100",
                         "@radar", "'quoted'", "a \\ backslash", "Kim #1", "~", "[1, 2]", "{a: b}", "Off", "Kim:", "!!str x"]
        for (index, headline) in headlines.enumerated() {
            let slug = "headline-\(index)"
            try room.newStory(headline, ["--slug", slug])
            let shown = try jsonObject(room.galley("show", slug, "--json"))
            #expect(shown["headline"] as? String == headline, "\(headline)")
            #expect(try room.sql("SELECT headline FROM stories WHERE slug = '\(slug)'") == headline, "\(headline)")
        }
        let catalog = try room.catalogDump()
        try room.deleteCatalog()
        expectSuccess(try room.galley("reindex"))
        #expect(try room.catalogDump() == catalog)
    }

    @Test func showAtEachRevisionPrintsThatRevisionAsGitHoldsIt() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Flood waters rise in Jakarta")
        let path = try room.storyPath(slug)
        for (number, minute) in [(2, "10"), (3, "20")] {
            try room.changeStory(slug) { $0 + "Paragraph \(number).\n" }
            try room.save(slug, "Add paragraph \(number)", at: "2024-06-20T05:\(minute):00Z")
        }
        let commits = try room.sql("SELECT commit_id FROM revisions ORDER BY number").components(separatedBy: "\n")
        #expect(commits.count == 3)
        for (index, commit) in commits.enumerated() {
            let atGit = try room.git("cat-file", "blob", "\(commit):\(path)")
            for reference in ["\(slug)@r\(index + 1)", "\(slug)@\(index + 1)"] {
                let shown = try room.galley("show", reference)
                expectSuccess(shown)
                #expect(shown.stdoutData == atGit.stdoutData, "\(reference)")
            }
        }
        #expect(try room.galley("show", slug).stdoutData == room.git("cat-file", "blob", "HEAD:\(path)").stdoutData)
    }

    @Test func savingUnchangedStoryMakesNoRevision() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Markets calm after the election")
        let before = try room.snapshot()
        let result = try room.galley("save", slug, "-m", "Nothing really", as: TempNewsroom.reporter)
        expectSuccess(result)
        #expect(result.stdout == "Nothing to save: \(slug) is unchanged since r1.\n")
        try room.expectUnchanged(since: before)
        #expect(try room.gitText("rev-list", "--count", "HEAD") == "4")

        let json = try jsonObject(room.galley("save", slug, "-m", "Nothing really", "--json", as: TempNewsroom.reporter))
        #expect(json["saved"] as? Bool == false)
        #expect(json["revision"] == nil)
        #expect((json["story"] as? [String: Any])?["revision"] as? Int == 1)
        try room.expectUnchanged(since: before)
    }

    @Test func aMinorRevisionIsMarkedInTheLogTheTrailersAndTheCatalog() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Train fares go up")
        try room.changeStory(slug) { $0 + "Fares rise by a tenth.\n" }
        let result = try room.galley("save", slug, "-m", "Fix a typo", "--minor", as: TempNewsroom.reporter)
        expectSuccess(result)
        let log = try room.galley("log", slug)
        #expect(log.lines.dropFirst(2).first == " r2  2024-06-20T05:00:00Z  rina@radar.id  Fix a typo (minor)")
        #expect(try room.gitText("log", "-1", "--format=%(trailers:key=Galley-Minor,valueonly,separator=%x2C)") == "yes")
        #expect(try room.sql("SELECT number, minor FROM revisions ORDER BY number") == "1|0\n2|1")
    }

    @Test func jsonOutputsParseWithTheExpectedKeysAndValues() throws {
        let room = try TempNewsroom()
        let bodyFile = try room.outsideFile("pact.md", Data(RoundTripTests.body.utf8))

        let created = try jsonObject(room.galley("new", RoundTripTests.headline, "--section", "world", "--body-file", bodyFile.path,
                                                 "--json", as: TempNewsroom.reporter))
        let id = try room.storyID(RoundTripTests.slug)
        #expect(created["id"] as? String == id)
        #expect(created["slug"] as? String == RoundTripTests.slug)
        #expect(created["headline"] as? String == RoundTripTests.headline)
        #expect(created["author"] as? String == "rina@radar.id")
        #expect(created["revision"] as? Int == 1)
        #expect(created["state"] as? String == "draft")
        #expect(created["path"] as? String == "stories/2024/06/20/\(id)")
        #expect(created["created_at"] as? String == "2024-06-20T05:00:00Z")

        try room.changeStory(RoundTripTests.slug) { $0 + "More.\n" }
        let saved = try jsonObject(room.galley("--json", "save", RoundTripTests.slug, "-m", "More", as: TempNewsroom.reporter,
                                               at: "2024-06-20T05:10:00Z"))
        #expect(saved["saved"] as? Bool == true)
        let revision = try #require(saved["revision"] as? [String: Any])
        #expect(revision["number"] as? Int == 2)
        #expect(try revision["commit_id"] as? String == room.head())
        #expect(revision["message"] as? String == "More")
        #expect(revision["minor"] as? Bool == false)
        #expect(revision["author"] as? String == "rina@radar.id")
        #expect(revision["saved_at"] as? String == "2024-06-20T05:10:00Z")
        #expect((saved["story"] as? [String: Any])?["revision"] as? Int == 2)

        let log = try jsonArray(room.galley("log", RoundTripTests.slug, "--json"))
        #expect(log.map { $0["number"] as? Int } == [1, 2])
        #expect(log.map { $0["message"] as? String } == ["Create story", "More"])
        #expect(try log.map { $0["commit_id"] as? String } == [room.gitText("rev-parse", "HEAD~1"), room.head()])

        let shown = try jsonObject(room.galley("show", "\(RoundTripTests.slug)@r1", "--json"))
        #expect(shown["id"] as? String == id)
        #expect(shown["slug"] as? String == RoundTripTests.slug)
        #expect(shown["revision"] as? Int == 1)
        #expect(try shown["commit"] as? String == room.gitText("rev-parse", "HEAD~1"))
        #expect(shown["saved_at"] as? String == "2024-06-20T05:00:00Z")
        #expect(shown["author"] as? String == "rina@radar.id")
        #expect(shown["headline"] as? String == RoundTripTests.headline)
        #expect(shown["byline"] as? String == "Rina Reporter")
        #expect(shown["section"] as? String == "world")
        #expect((shown["tags"] as? [Any])?.isEmpty == true)
        #expect(shown["body"] as? String == RoundTripTests.body)

        let people = try jsonArray(room.galley("people", "list", "--json"))
        #expect(people.map { $0["email"] as? String } == ["ed@radar.id", "rina@radar.id", "sam@radar.id"])
        #expect(people.map { $0["role"] as? String } == ["admin", "reporter", "editor"])
        #expect(people.map { $0["name"] as? String } == ["Ed Editor", "Rina Reporter", "Sam Subeditor"])

        let me = try jsonObject(room.galley("whoami", "--json", as: TempNewsroom.editor))
        #expect(me["email"] as? String == "sam@radar.id")
        #expect(me["role"] as? String == "editor")
        #expect(me["added_by"] as? String == "ed@radar.id")

        let reindexed = try jsonObject(room.galley("reindex", "--json"))
        #expect(reindexed["people"] as? Int == 3)
        #expect(reindexed["stories"] as? Int == 1)
        #expect(reindexed["revisions"] as? Int == 2)
        #expect(reindexed["events"] as? Int == 5)
        #expect(try reindexed["indexed_commit"] as? String == room.head())
    }
}
