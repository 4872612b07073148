/// An editorial workflow read from a workflow file: the states a story can be in, and the
/// transitions between them with who may make each and under which guards.
public struct Workflow: Equatable, Sendable {
    public var name: String
    /// The state a new story starts in.
    public var initial: String
    /// State names in the order the file declares them, with their descriptions.
    public var states: [WorkflowState]
    /// Roles beyond reporter, editor and admin that this workflow uses (`copy-editor`).
    public var roles: [Role]
    public var transitions: [Transition]

    /// The transition with this name, if the workflow has one.
    public func transition(named name: String) -> Transition? {
        transitions.first { $0.name == name }
    }

    /// Every role a person in a newsroom with this workflow may hold.
    public var knownRoles: [Role] {
        Role.builtIn + roles.filter { !Role.builtIn.contains($0) }
    }
}

/// One state of a workflow.
public struct WorkflowState: Equatable, Sendable, Codable {
    public var name: String
    public var description: String
}

/// A move from one of several states to another.
public struct Transition: Equatable, Sendable, Codable {
    public var name: String
    public var from: [String]
    public var to: String
    /// Roles allowed to make it; `author` means the story's own author, whatever their role.
    public var roles: [String]
    public var guards: [Guard]
    public var effect: Effect
    /// One line telling people what the transition is for.
    public var help: String?

    /// The pseudo-role naming the story's author.
    public static let authorRole = "author"
}

/// A condition a transition checks besides the state and the role.
public enum Guard: String, Equatable, Sendable, Codable, CaseIterable {
    /// The actor may not be the story's author (no approving your own story).
    case notAuthor = "not_author"
    /// A note (`-m`) must be given, e.g. to say why a story is sent back.
    case noteRequired = "note_required"
    /// The latest revision must have no lint errors (`galley lint`); editors may override with --force.
    case lintClean = "lint_clean"
    /// The story must have revisions that are not live yet (something to review).
    case changesPending = "changes_pending"
    /// The story must be live (have a published revision).
    case live
}

/// What a transition does to the live revision.
public enum Effect: String, Equatable, Sendable, Codable, CaseIterable {
    /// Nothing: only the state changes.
    case none
    /// The story's latest revision becomes the live one.
    case publish
    /// Like publish, and the note becomes a public correction shown with the story.
    case correct
    /// The story is taken down: it has no live revision any more.
    case unpublish
}
