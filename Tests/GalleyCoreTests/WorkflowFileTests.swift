import Foundation
@testable import GalleyCore
import Testing

@Suite struct WorkflowFileTests {
    /// The project's `workflows/` folder, found from this test file's path.
    static let workflowsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("workflows")

    @Test(arguments: ["default", "copydesk"])
    func theBuiltInWorkflowsAreExactlyTheProjectsFiles(_ name: String) throws {
        let file = try String(contentsOf: WorkflowFileTests.workflowsFolder.appendingPathComponent("\(name).yml"), encoding: .utf8)
        #expect(BuiltInWorkflows.texts[name] == file, "run scripts/embed-workflows after changing workflows/\(name).yml")
        #expect(WorkflowFile.check(Data(file.utf8), file: "\(name).yml").isEmpty)
    }

    @Test func theDefaultWorkflowHasTheStatesAndTransitionsTheDeskExpects() throws {
        let workflow = try WorkflowFile.builtIn("default").0
        #expect(workflow.initial == "draft")
        #expect(workflow.states.map(\.name) == ["draft", "review", "published", "withdrawn"])
        #expect(workflow.transitions.map(\.name) == ["submit", "reject", "approve", "correct", "unpublish", "reopen"])
        let approve = try #require(workflow.transition(named: "approve"))
        #expect(approve.from == ["review"])
        #expect(approve.to == "published")
        #expect(approve.guards == [.notAuthor, .lintClean])
        #expect(approve.effect == .publish)
        #expect(workflow.transition(named: "reject")?.guards == [.noteRequired])
    }

    @Test func theCopydeskWorkflowDeclaresItsOwnRole() throws {
        let workflow = try WorkflowFile.builtIn("copydesk").0
        #expect(workflow.knownRoles.map(\.rawValue) == ["reporter", "editor", "admin", "copy-editor"])
        #expect(workflow.states.map(\.name) == ["draft", "review", "copyedit", "approved", "published", "withdrawn"])
    }

    @Test func everyProblemIsReportedWithItsLineAndColumn() {
        let text = """
            name: broken
            initial: start
            states:
              draft: Writing.
              review: Reading.
              limbo: Nobody gets here.
            transitions:
              submit:
                from: [draft, drafted]
                to: reviewed
                roles: [author, chief]
                guards: [be_nice]
              reject:
                from: [review]
                to: draft
                roles: []

            """
        #expect(WorkflowFile.check(Data(text.utf8), file: "w.yml") == [
            "w.yml:2:10: the initial state 'start' is not one of the states (draft, review, limbo)",
            "w.yml:9:19: the transition 'submit' starts from an unknown state 'drafted'",
            "w.yml:10:9: the transition 'submit' goes to an unknown state 'reviewed'",
            "w.yml:11:21: unknown role 'chief' in 'submit'; declare it under 'roles:' or use one of admin, author, editor, reporter",
            "w.yml:12:14: unknown guard 'be_nice'; the guards are not_author, note_required, lint_clean, changes_pending, live",
            "w.yml:13:3: the transition 'reject' has no roles: nobody could make it",
        ])
    }

    @Test func unreachableStatesAndAMissingInitialStateAreReported() {
        let unreachable = "initial: draft\nstates:\n  draft: a\n  limbo: b\ntransitions:\n  stay:\n    from: [draft]\n    to: draft\n    roles: [editor]\n"
        #expect(WorkflowFile.check(Data(unreachable.utf8), file: "w.yml") == [
            "w.yml:4:3: the state 'limbo' cannot be reached from 'draft' by any transition",
        ])
        let noInitial = "states:\n  draft: a\ntransitions:\n  stay:\n    from: [draft]\n    to: draft\n    roles: [editor]\n"
        #expect(WorkflowFile.check(Data(noInitial.utf8), file: "w.yml") == ["w.yml:1:1: the workflow has no initial state; add 'initial: STATE'"])
    }

    @Test func parsingABrokenWorkflowFailsWithEveryProblem() {
        let error = #expect(throws: GalleyError.self) { try WorkflowFile.parse(Data("initial: x\n".utf8), file: "w.yml") }
        #expect(error?.exitCode == 65)
        #expect(error?.message.contains("w.yml:1:1: the workflow declares no states") == true)
    }
}
