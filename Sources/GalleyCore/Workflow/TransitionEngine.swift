/// The state of a story as the workflow engine needs it.
public struct StorySnapshot: Equatable, Sendable {
    public var state: String
    public var author: String
    /// The latest revision.
    public var revision: Int
    /// The revision readers see, if any.
    public var liveRevision: Int?

    public init(state: String, author: String, revision: Int, liveRevision: Int?) {
        self.state = state
        self.author = author
        self.revision = revision
        self.liveRevision = liveRevision
    }
}

/// What an allowed transition does.
public struct TransitionOutcome: Equatable, Sendable {
    public var transition: Transition
    public var from: String
    public var to: String
    /// The live revision after the transition.
    public var liveRevision: Int?
}

/// The workflow engine: a pure function of (workflow, story, actor, transition, note), so every
/// rule can be tested exhaustively without a newsroom. Checks run in a fixed order: the
/// transition exists (65), the story is in a state it starts from (65), the actor's role may
/// make it (77), then the guards (not_author 77, note_required 64, the others 65).
public enum TransitionEngine {
    public static func decide(_ workflow: Workflow, story: StorySnapshot, actor: Person, transition name: String,
                              note: String?, lintClean: Bool = true) throws -> TransitionOutcome {
        guard let transition = workflow.transition(named: name) else {
            throw GalleyError.badInput("the workflow '\(workflow.name)' has no transition '\(name)'; its transitions are \(workflow.transitions.map(\.name).joined(separator: ", "))")
        }
        guard transition.from.contains(story.state) else {
            let possible = workflow.transitions.filter { $0.from.contains(story.state) }.map(\.name)
            throw GalleyError.badInput(
                "cannot \(name) a story in \(story.state): '\(name)' is allowed only from \(transition.from.joined(separator: " or "))"
                + (possible.isEmpty ? "" : "; from \(story.state) you can \(possible.joined(separator: ", "))"))
        }
        let isAuthor = story.author == actor.email
        let roleAllowed = transition.roles.contains(actor.role.rawValue) || (isAuthor && transition.roles.contains(Transition.authorRole))
        guard roleAllowed else {
            throw GalleyError.notPermitted(
                "\(actor.email) is \(actor.role.rawValue) and may not \(name); '\(name)' is for \(transition.roles.map { $0 == Transition.authorRole ? "the story's author" : $0 }.joined(separator: ", ")); ask one of them")
        }
        for guardValue in transition.guards {
            switch guardValue {
            case .notAuthor where isAuthor:
                throw GalleyError.notPermitted("\(actor.email) wrote this story and may not \(name) it; another editor must")
            case .noteRequired where (note ?? "").trimmingCharacters(in: .whitespaces).isEmpty:
                throw GalleyError.usage("'\(name)' needs a note saying why: add -m \"...\"")
            case .lintClean where !lintClean:
                throw GalleyError.badInput("the story does not pass lint; run `galley lint` and fix what it reports before you \(name)")
            case .changesPending where story.revision <= (story.liveRevision ?? 0):
                throw GalleyError.badInput("nothing to \(name): r\(story.revision) is already live; save a new revision first")
            case .live where story.liveRevision == nil:
                throw GalleyError.badInput("cannot \(name): the story is not live; `galley history SLUG` shows what happened to it")
            default:
                continue
            }
        }
        let live: Int?
        switch transition.effect {
        case .none: live = story.liveRevision
        case .publish, .correct: live = story.revision
        case .unpublish: live = nil
        }
        return TransitionOutcome(transition: transition, from: story.state, to: transition.to, liveRevision: live)
    }
}
