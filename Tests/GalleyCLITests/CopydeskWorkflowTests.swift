import Foundation
import Testing

/// The workflow is data: a newsroom founded with the longer copy-desk workflow works end to end
/// through `galley transition`, and `galley workflow check` finds what is wrong with a workflow file.
@Suite struct CopydeskWorkflowTests {
    static let copyEditor = Member(email: "cora@radar.id", name: "Cora Copy", role: "copy-editor")

    /// The project's own folder (for `workflows/*.yml`).
    static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A newsroom founded with `--workflow copydesk`, staffed with a reporter, an editor and a copy editor.
    static func copydeskNewsroom() throws -> TempNewsroom {
        let room = try TempNewsroom(founded: false)
        let founded = try room.galley(arguments: ["init", room.folder.path, "--workflow", "copydesk"] + TempNewsroom.initOptions,
                                      at: TempNewsroom.foundedAt, in: room.outside)
        try #require(founded.status == 0, "\(founded)")
        for member in [TempNewsroom.reporter, TempNewsroom.editor, copyEditor] {
            let added = try room.galley("people", "add", member.email, "--name", member.name, "--role", member.role,
                                        as: TempNewsroom.admin, at: TempNewsroom.foundedAt)
            try #require(added.status == 0, "\(added)")
        }
        return room
    }

    @Test func initWithTheCopydeskWorkflowInstallsItAndKnowsTheCopyEditorRole() throws {
        let room = try CopydeskWorkflowTests.copydeskNewsroom()
        let builtIn = try String(contentsOf: CopydeskWorkflowTests.projectRoot.appendingPathComponent("workflows/copydesk.yml"), encoding: .utf8)
        #expect(try room.gitText("show", "HEAD:workflow.yml") + "\n" == builtIn)
        #expect(try room.sql("SELECT email, role FROM people ORDER BY email") == """
            cora@radar.id|copy-editor
            ed@radar.id|admin
            rina@radar.id|reporter
            sam@radar.id|editor
            """)
        #expect(try room.gitText("log", "-1", "--format=%s|%(trailers:key=Galley-Role,valueonly,separator=%x2C)")
            == "Add Cora Copy <cora@radar.id> as copy-editor|copy-editor")
        let whoami = try room.galley("whoami", as: CopydeskWorkflowTests.copyEditor)
        expectSuccess(whoami)
        #expect(whoami.stdout == "Cora Copy <cora@radar.id>, copy-editor of Radar Detik\n")
        // A role no workflow declares is refused.
        let before = try room.snapshot()
        let unknownRole = try room.galley("people", "add", "pat@radar.id", "--name", "Pat", "--role", "proofreader", as: TempNewsroom.admin)
        #expect(unknownRole.status == 65, "\(unknownRole)")
        #expect(unknownRole.stderr.contains("proofreader"), "\(unknownRole)")
        try room.expectUnchanged(since: before)
    }

    @Test func workflowShowListsTheStatesAndTransitions() throws {
        let room = try CopydeskWorkflowTests.copydeskNewsroom()
        let shown = try room.galley("workflow", "show")
        expectSuccess(shown)
        #expect(trimmedLines(shown.stdout) == [
            "Workflow copydesk; new stories start in draft.",
            "",
            "STATE      MEANING",
            "draft      Being written or revised by its reporter.",
            "review     Waiting for an editor to accept it.",
            "copyedit   With the copy desk for style, spelling and facts.",
            "approved   Copy-edited and ready; waiting to be published.",
            "published  Live.",
            "withdrawn  Taken down.",
            "",
            "TRANSITION  FROM                                      TO         WHO                       GUARDS                              EFFECT",
            "submit      draft,published                           review     author,editor,admin       changes_pending,lint_clean          none",
            "accept      review                                    copyedit   editor,admin              not_author                          none",
            "reject      review,copyedit,approved                  draft      editor,admin,copy-editor  note_required                       none",
            "copyedited  copyedit                                  approved   copy-editor               not_author                          none",
            "publish     approved                                  published  editor,admin              not_author,lint_clean               publish",
            "correct     published,review,copyedit,approved,draft  published  editor,admin              live,changes_pending,note_required  correct",
            "unpublish   published,review,copyedit,approved,draft  withdrawn  editor,admin              live,note_required                  unpublish",
            "reopen      withdrawn                                 draft      author,editor,admin                                           none",
        ])
        // `workflow` alone shows it too, and --json parses.
        #expect(try room.galley("workflow").stdout == shown.stdout)
        let json = try jsonObject(try room.galley("workflow", "show", "--json"))
        #expect(json["name"] as? String == "copydesk")
        #expect(json["initial"] as? String == "draft")
        #expect(json["roles"] as? [String] == ["copy-editor"])
        let states = try #require(json["states"] as? [[String: Any]])
        #expect(states.map { $0["name"] as? String } == ["draft", "review", "copyedit", "approved", "published", "withdrawn"])
        let transitions = try #require(json["transitions"] as? [[String: Any]])
        #expect(transitions.map { $0["name"] as? String }
            == ["submit", "accept", "reject", "copyedited", "publish", "correct", "unpublish", "reopen"])
    }

    @Test func aStoryGoesThroughTheCopyDeskToPublished() throws {
        let room = try CopydeskWorkflowTests.copydeskNewsroom()
        let reporter = TempNewsroom.reporter, editor = TempNewsroom.editor, copyEditor = CopydeskWorkflowTests.copyEditor
        let slug = try room.newStory("Ferry sinks off Bali", at: "2024-06-20T05:00:00Z")
        #expect(try room.sql("SELECT state FROM stories") == "draft")

        func move(_ name: String, as person: Member, at time: String, _ expected: String,
                  sourceLocation: SourceLocation = #_sourceLocation) throws {
            let result = try room.galley("transition", slug, name, as: person, at: time)
            expectSuccess(result, sourceLocation: sourceLocation)
            #expect(result.stdout == "\(slug): \(name), \(expected)\n", sourceLocation: sourceLocation)
        }
        try move("submit", as: reporter, at: "2024-06-20T05:10:00Z", "draft -> review (r1)")
        try move("accept", as: editor, at: "2024-06-20T05:20:00Z", "review -> copyedit (r1)")

        // Only the copy desk marks copy editing done: not the reporter, not an editor.
        let before = try room.snapshot()
        let byReporter = try room.galley("transition", slug, "copyedited", as: reporter, at: "2024-06-20T05:25:00Z")
        expectRefusal(byReporter, exitCode: 77, mentioning: ["rina@radar.id is reporter and may not copyedited", "'copyedited' is for copy-editor"])
        let byEditor = try room.galley("transition", slug, "copyedited", as: editor, at: "2024-06-20T05:25:00Z")
        expectRefusal(byEditor, exitCode: 77, mentioning: ["sam@radar.id is editor and may not copyedited"])
        // The default workflow's names mean nothing here.
        let approve = try room.galley("approve", slug, as: editor, at: "2024-06-20T05:25:00Z")
        expectRefusal(approve, exitCode: 65, mentioning: ["the workflow 'copydesk' has no transition 'approve'",
                                                          "its transitions are submit, accept, reject, copyedited, publish, correct, unpublish, reopen"])
        // Publishing skips no step.
        let early = try room.galley("transition", slug, "publish", as: editor, at: "2024-06-20T05:25:00Z")
        expectRefusal(early, exitCode: 65, mentioning: ["cannot publish a story in copyedit", "allowed only from approved"])
        try room.expectUnchanged(since: before)

        try move("copyedited", as: copyEditor, at: "2024-06-20T05:30:00Z", "copyedit -> approved (r1)")
        let byCopyEditor = try room.galley("transition", slug, "publish", as: copyEditor, at: "2024-06-20T05:35:00Z")
        expectRefusal(byCopyEditor, exitCode: 77, mentioning: ["cora@radar.id is copy-editor and may not publish"])
        try move("publish", as: editor, at: "2024-06-20T05:40:00Z", "approved -> published (r1); live revision r1")

        #expect(try room.sql("SELECT state, live_revision, published_at, last_updated_at FROM stories")
            == "published|1|2024-06-20T05:40:00Z|2024-06-20T05:40:00Z")
        let history = try room.galley("history", slug)
        expectSuccess(history)
        #expect(trimmedLines(history.stdout) == [
            "WHEN (UTC)            WHO            EVENT       STATE                  REV  NOTE",
            "2024-06-20T05:00:00Z  rina@radar.id  create      draft                  r1",
            "2024-06-20T05:10:00Z  rina@radar.id  submit      draft -> review        r1",
            "2024-06-20T05:20:00Z  sam@radar.id   accept      review -> copyedit     r1",
            "2024-06-20T05:30:00Z  cora@radar.id  copyedited  copyedit -> approved   r1",
            "2024-06-20T05:40:00Z  sam@radar.id   publish     approved -> published  r1",
        ])
        #expect(try room.storyCommits(slug, format: "%ae|" + galleyTrailerFormat) == [
            "sam@radar.id|transition|publish|approved|published|1||1|sam@radar.id|2024-06-20T05:40:00Z",
            "cora@radar.id|transition|copyedited|copyedit|approved|none||1|cora@radar.id|2024-06-20T05:30:00Z",
            "sam@radar.id|transition|accept|review|copyedit|none||1|sam@radar.id|2024-06-20T05:20:00Z",
            "rina@radar.id|transition|submit|draft|review|none||1|rina@radar.id|2024-06-20T05:10:00Z",
            "rina@radar.id|create|||draft|||1|rina@radar.id|2024-06-20T05:00:00Z",
        ])
        let board = try room.galley("board", at: "2024-06-20T06:00:00Z")
        expectSuccess(board)
        #expect(board.lines.first == "PUBLISHED (1)")
        #expect(board.lines.last?.hasPrefix("\(slug)  rina@radar.id  20m       r1    2024-06-20T05:40:00Z  published") == true, "\(board)")
        // A story can be sent back from the copy desk too, with a note.
        let second = try room.newStory("Jakarta votes", at: "2024-06-20T06:00:00Z")
        expectSuccess(try room.galley("transition", second, "submit", as: reporter, at: "2024-06-20T06:01:00Z"))
        expectSuccess(try room.galley("transition", second, "accept", as: editor, at: "2024-06-20T06:02:00Z"))
        let noNote = try room.galley("transition", second, "reject", as: copyEditor, at: "2024-06-20T06:03:00Z")
        expectRefusal(noNote, exitCode: 64, mentioning: ["'reject' needs a note"])
        let sentBack = try room.galley("transition", second, "reject", "-m", "Check the turnout figure", as: copyEditor, at: "2024-06-20T06:03:00Z")
        expectSuccess(sentBack)
        #expect(sentBack.stdout == "\(second): reject, copyedit -> draft (r1)\n")
        let boardAfter = try room.galley("board", "--state", "draft", at: "2024-06-20T06:10:00Z")
        expectSuccess(boardAfter)
        #expect(boardAfter.lines.first == "DRAFT (1)")

        try room.expectLinearHistory()
        try room.expectReindexReproducesTheCatalog()
    }

    // MARK: workflow check

    /// A workflow file with an unknown state (twice), an unreachable state and a transition nobody may make.
    static let broken = """
        name: broken
        initial: draft
        states:
          draft: Being written.
          review: With an editor.
          published: Live.
          archived: Nothing leads here.
        transitions:
          submit:
            from: [draft]
            to: review
            roles: [author]
          approve:
            from: [review, limbo]
            to: published
            roles: []
          spike:
            from: [review]
            to: trash
            roles: [editor]

        """

    @Test func workflowCheckReportsEveryProblemWithItsLineAndColumn() throws {
        let room = try TempNewsroom(founded: false)
        _ = try room.outsideFile("broken.yml", Data(CopydeskWorkflowTests.broken.utf8))
        let result = try room.galley("workflow", "check", "broken.yml", in: room.outside)
        #expect(result.status == 65, "\(result)")
        #expect(result.stdout == "")
        #expect(result.stderr.components(separatedBy: "\n").filter { !$0.isEmpty }.sorted() == [
            "broken.yml:13:3: error: the transition 'approve' has no roles: nobody could make it",
            "broken.yml:14:20: error: the transition 'approve' starts from an unknown state 'limbo'",
            "broken.yml:19:9: error: the transition 'spike' goes to an unknown state 'trash'",
            "broken.yml:7:3: error: the state 'archived' cannot be reached from 'draft' by any transition",
        ])
    }

    @Test func workflowCheckReportsAMissingInitialState() throws {
        let room = try TempNewsroom(founded: false)
        _ = try room.outsideFile("no-initial.yml", Data("""
            name: no-initial
            states:
              draft: Being written.
              review: With an editor.
            transitions:
              submit:
                from: [draft]
                to: review
                roles: [author]

            """.utf8))
        let result = try room.galley("workflow", "check", "no-initial.yml", in: room.outside)
        #expect(result.status == 65, "\(result)")
        #expect(result.stdout == "")
        #expect(result.stderr == "no-initial.yml:1:1: error: the workflow has no initial state; add 'initial: STATE'\n")

        // An initial state the file does not declare is pointed at where it is written.
        _ = try room.outsideFile("bad-initial.yml", Data("""
            name: bad-initial
            initial: drafting
            states:
              draft: Being written.
            transitions:
              reopen:
                from: [draft]
                to: draft
                roles: [editor]

            """.utf8))
        let bad = try room.galley("workflow", "check", "bad-initial.yml", in: room.outside)
        #expect(bad.status == 65, "\(bad)")
        #expect(bad.stderr == "bad-initial.yml:2:10: error: the initial state 'drafting' is not one of the states (draft)\n")
    }

    @Test(arguments: ["default", "copydesk"])
    func theProjectsWorkflowsAreSound(_ name: String) throws {
        let room = try TempNewsroom(founded: false)
        let result = try room.galley("workflow", "check", "workflows/\(name).yml", in: CopydeskWorkflowTests.projectRoot)
        expectSuccess(result)
        #expect(result.stdout == "workflows/\(name).yml: the workflow is sound.\n")
        #expect(result.stderr == "")
    }

    @Test func workflowCheckOfAMissingFileIs66() throws {
        let room = try TempNewsroom(founded: false)
        let result = try room.galley("workflow", "check", "nowhere.yml", in: room.outside)
        #expect(result.status == 66, "\(result)")
    }

    // MARK: workflow use

    @Test func onlyAnAdminMayChangeTheWorkflow() throws {
        let room = try TempNewsroom()
        let before = try room.snapshot()
        for person in [TempNewsroom.editor, TempNewsroom.reporter] {
            let result = try room.galley("workflow", "use", "copydesk", as: person)
            expectRefusal(result, exitCode: 77, mentioning: ["only an admin may change the workflow", "\(person.email) is \(person.role)"])
        }
        try room.expectUnchanged(since: before)

        let used = try room.galley("workflow", "use", "copydesk", as: TempNewsroom.admin, at: "2024-06-20T05:00:00Z")
        expectSuccess(used)
        #expect(used.stdout == "The newsroom now uses the workflow 'copydesk' (6 states, 8 transitions).\n")
        #expect(try room.gitText("log", "-1", "--format=%an|%s|%(trailers:key=Galley-Event,valueonly,separator=%x2C)")
            == "Ed Editor|Use the workflow 'copydesk' from workflows/copydesk.yml|workflow")
        #expect(try room.galley("workflow", "show").lines.first == "Workflow copydesk; new stories start in draft.")
        // The newsroom now runs on it: a copy editor can be added.
        expectSuccess(try room.galley("people", "add", "cora@radar.id", "--name", "Cora Copy", "--role", "copy-editor", as: TempNewsroom.admin))
        try room.expectReindexReproducesTheCatalog()
    }

    @Test func aWorkflowThatWouldStrandAStoryIsRefused() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Jakarta votes")
        _ = try room.outsideFile("tiny.yml", Data("""
            name: tiny
            initial: writing
            states:
              writing: Being written.
            transitions:
              reopen:
                from: [writing]
                to: writing
                roles: [editor]

            """.utf8))
        let before = try room.snapshot()
        let result = try room.galley("workflow", "use", room.outside.appendingPathComponent("tiny.yml").path, as: TempNewsroom.admin)
        expectRefusal(result, exitCode: 65, mentioning: ["has no state for \(slug) (draft)"])
        try room.expectUnchanged(since: before)
    }
}
