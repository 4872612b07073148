import Foundation
@testable import GalleyCore
import Testing

/// Every (state × transition × role × author-or-not) of the default workflow, against the rules
/// the desk agreed on, written out here independently of the workflow file.
@Suite struct TransitionEngineTests {
    static let workflow = try! WorkflowFile.builtIn("default").0

    enum Actor: String, CaseIterable {
        case reporterAuthor, otherReporter, editorAuthor, otherEditor, admin

        var person: Person {
            let (email, role): (String, Role) = switch self {
            case .reporterAuthor: ("rina@radar.id", .reporter)
            case .otherReporter: ("tono@radar.id", .reporter)
            case .editorAuthor: ("eva@radar.id", .editor)
            case .otherEditor: ("ed@radar.id", .editor)
            case .admin: ("boss@radar.id", .admin)
            }
            return Person(email: email, name: rawValue, role: role, addedAt: "2024-06-20T00:00:00Z", addedBy: nil)
        }
        var isAuthor: Bool { self == .reporterAuthor || self == .editorAuthor }
        var isEditor: Bool { self == .editorAuthor || self == .otherEditor || self == .admin }
    }

    /// The stories the table runs against: each state, and a live story with an update pending.
    static let stories: [(String, StorySnapshot)] = [
        ("draft", StorySnapshot(state: "draft", author: "", revision: 1, liveRevision: nil)),
        ("draft-update", StorySnapshot(state: "draft", author: "", revision: 3, liveRevision: 2)),
        ("review", StorySnapshot(state: "review", author: "", revision: 1, liveRevision: nil)),
        ("published", StorySnapshot(state: "published", author: "", revision: 2, liveRevision: 2)),
        ("published-update", StorySnapshot(state: "published", author: "", revision: 3, liveRevision: 2)),
        ("withdrawn", StorySnapshot(state: "withdrawn", author: "", revision: 2, liveRevision: nil)),
    ]

    /// The expected exit code (0 allowed) and, when allowed, the state and live revision after.
    static func expected(_ transition: String, _ story: StorySnapshot, _ actor: Actor) -> (code: Int32, to: String?, live: Int?) {
        let deny65: (Int32, String?, Int?) = (65, nil, nil)
        let deny77: (Int32, String?, Int?) = (77, nil, nil)
        switch transition {
        case "submit":
            guard ["draft", "published"].contains(story.state) else { return deny65 }
            guard actor.isAuthor || actor.isEditor else { return deny77 }
            guard story.revision > (story.liveRevision ?? 0) else { return deny65 }
            return (0, "review", story.liveRevision)
        case "reject":
            guard story.state == "review" else { return deny65 }
            guard actor.isEditor else { return deny77 }
            return (0, "draft", story.liveRevision)
        case "approve":
            guard story.state == "review" else { return deny65 }
            guard actor.isEditor else { return deny77 }
            guard !actor.isAuthor else { return deny77 }
            return (0, "published", story.revision)
        case "correct":
            guard ["published", "review", "draft"].contains(story.state) else { return deny65 }
            guard actor.isEditor else { return deny77 }
            guard let live = story.liveRevision, story.revision > live else { return deny65 }
            return (0, "published", story.revision)
        case "unpublish":
            guard ["published", "review", "draft"].contains(story.state) else { return deny65 }
            guard actor.isEditor else { return deny77 }
            guard story.liveRevision != nil else { return deny65 }
            return (0, "withdrawn", nil)
        case "reopen":
            guard story.state == "withdrawn" else { return deny65 }
            guard actor.isAuthor || actor.isEditor else { return deny77 }
            return (0, "draft", nil)
        default:
            return deny65
        }
    }

    static let cases: [(String, String, Actor)] = ["submit", "reject", "approve", "correct", "unpublish", "reopen"].flatMap { transition in
        stories.flatMap { story in Actor.allCases.map { (transition, story.0, $0) } }
    }

    @Test(arguments: cases)
    func everyCombinationIsAllowedOrRefusedAsTheDeskAgreed(_ transition: String, _ storyName: String, _ actor: Actor) throws {
        var story = try #require(TransitionEngineTests.stories.first { $0.0 == storyName }?.1)
        story.author = actor.isAuthor ? actor.person.email : "someone-else@radar.id"
        let want = TransitionEngineTests.expected(transition, story, actor)
        do {
            let outcome = try TransitionEngine.decide(TransitionEngineTests.workflow, story: story, actor: actor.person,
                                                      transition: transition, note: "a note")
            #expect(want.code == 0, "\(transition) of a \(storyName) story by \(actor) was allowed")
            #expect(outcome.to == want.to)
            #expect(outcome.from == story.state)
            #expect(outcome.liveRevision == want.live)
        } catch let error as GalleyError {
            #expect(error.exitCode == want.code, "\(transition) of a \(storyName) story by \(actor): \(error.message)")
        }
    }

    @Test func aRefusalFromTheWrongStateNamesTheStatesItIsAllowedFrom() {
        let story = StorySnapshot(state: "draft", author: "rina@radar.id", revision: 1, liveRevision: nil)
        let error = #expect(throws: GalleyError.self) {
            try TransitionEngine.decide(TransitionEngineTests.workflow, story: story, actor: Actor.otherEditor.person, transition: "approve", note: nil)
        }
        #expect(error == .badInput("cannot approve a story in draft: 'approve' is allowed only from review; from draft you can submit, correct, unpublish"))
    }

    @Test func approvingYourOwnStoryIsRefused() {
        let story = StorySnapshot(state: "review", author: "eva@radar.id", revision: 1, liveRevision: nil)
        let error = #expect(throws: GalleyError.self) {
            try TransitionEngine.decide(TransitionEngineTests.workflow, story: story, actor: Actor.editorAuthor.person, transition: "approve", note: nil)
        }
        #expect(error == .notPermitted("eva@radar.id wrote this story and may not approve it; another editor must"))
    }

    @Test(arguments: ["reject", "unpublish"])
    func aNoteIsRequiredToSendBackOrTakeDown(_ transition: String) {
        let story = StorySnapshot(state: transition == "reject" ? "review" : "published", author: "rina@radar.id", revision: 1, liveRevision: 1)
        for note in [nil, "", "   "] {
            let error = #expect(throws: GalleyError.self) {
                try TransitionEngine.decide(TransitionEngineTests.workflow, story: story, actor: Actor.otherEditor.person, transition: transition, note: note)
            }
            #expect(error?.exitCode == 64)
        }
    }

    @Test func anUnknownTransitionNamesTheOnesThatExist() {
        let story = StorySnapshot(state: "draft", author: "rina@radar.id", revision: 1, liveRevision: nil)
        let error = #expect(throws: GalleyError.self) {
            try TransitionEngine.decide(TransitionEngineTests.workflow, story: story, actor: Actor.admin.person, transition: "spike", note: nil)
        }
        #expect(error == .badInput("the workflow 'default' has no transition 'spike'; its transitions are submit, reject, approve, correct, unpublish, reopen"))
    }

    @Test func aFailingLintBlocksSubmission() {
        let story = StorySnapshot(state: "draft", author: "rina@radar.id", revision: 1, liveRevision: nil)
        let error = #expect(throws: GalleyError.self) {
            try TransitionEngine.decide(TransitionEngineTests.workflow, story: story, actor: Actor.reporterAuthor.person,
                                        transition: "submit", note: nil, lintClean: false)
        }
        #expect(error?.exitCode == 65)
    }

    @Test func aCopydeskRoleIsHonoured() throws {
        let copydesk = try WorkflowFile.builtIn("copydesk").0
        let story = StorySnapshot(state: "copyedit", author: "rina@radar.id", revision: 1, liveRevision: nil)
        let copyEditor = Person(email: "cara@radar.id", name: "Cara", role: Role(rawValue: "copy-editor"), addedAt: "", addedBy: nil)
        #expect(try TransitionEngine.decide(copydesk, story: story, actor: copyEditor, transition: "copyedited", note: nil).to == "approved")
        #expect(throws: GalleyError.self) {
            try TransitionEngine.decide(copydesk, story: story, actor: Actor.otherEditor.person, transition: "copyedited", note: nil)
        }
    }
}
