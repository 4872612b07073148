import Foundation
import GitKit

/// The kinds of editorial events Galley records as commits.
public enum EventKind: String, Sendable, CaseIterable {
    /// The newsroom was created (with its founding admin).
    case founded = "found"
    case personAdded = "person-add"
    case roleChanged = "person-role"
    /// A story was created: its revision 1.
    case created = "create"
    /// A story arrived from outside, as a draft or already published with its original times.
    case imported = "import"
    /// A new revision of a story was saved.
    case saved = "save"
    /// A new revision that restores an earlier one's content.
    case restored = "restore"
    /// A new revision that changes the story's slug (its id stays).
    case renamed = "rename"
    /// A workflow transition (submit, approve...) moved a story to another state.
    case transition
    /// A transition (approve) was scheduled for a later time.
    case scheduled = "schedule"
    /// The newsroom's settings files (galley.yml, the house dictionary, the page template) changed.
    case settingsChanged = "settings"
    /// The newsroom's workflow file was replaced.
    case workflowChanged = "workflow"
    /// An event made on another clone that was no longer valid when `galley sync` replayed it
    /// (another editor acted first); it records what was not applied and why.
    case superseded = "supersede"
}

/// One editorial event as written in a commit's trailers. The catalog is rebuilt from these
/// trailers (who, when, which revision, which state) and, for revisions, from the story file in
/// the same commit (slug, headline, byline); never from the commit's dates.
public struct EditorialEvent: Equatable, Sendable {
    public var kind: EventKind
    public var actor: String
    public var time: String
    public var storyID: StoryID?
    public var slug: Slug?
    public var revision: Int?
    public var minor: Bool = false
    /// The reason given for a revision (`-m`).
    public var message: String?
    public var note: String?
    /// For transitions: its name, the states before and after, and the live revision after it.
    public var transition: String?
    public var fromState: String?
    /// For transitions and for `create` (the workflow's initial state).
    public var toState: String?
    /// The live revision after a transition; nil means the story is not live.
    public var liveRevision: Int?
    /// The transition's note is a public correction.
    public var correction = false
    /// For `schedule`: when the transition is due.
    public var at: String?
    /// Lint errors an editor overrode with `--force`, as `rule line:col` items.
    public var lintOverride: String?
    /// For an import that arrives published: its original publication and last-update times.
    public var publishedAt: String?
    public var lastUpdatedAt: String?
    /// For people events: who, under what name, with what role.
    public var personEmail: String?
    public var personName: String?
    public var personRole: Role?
    /// For `supersede`: the commit (made on another clone, never pushed) whose event was not applied.
    public var superseded: String?
    /// Set by `galley sync` on every event it replays: the local commit it was replayed from.
    public var replayOf: String?

    public init(kind: EventKind, actor: String, time: String) {
        self.kind = kind
        self.actor = actor
        self.time = time
    }

    /// Trailer keys, documented in docs/architecture.md.
    enum Key {
        static let event = "Galley-Event"
        static let actor = "Galley-Actor"
        static let time = "Galley-Time"
        static let story = "Galley-Story"
        static let slug = "Galley-Slug"
        static let revision = "Galley-Revision"
        static let minor = "Galley-Minor"
        static let message = "Galley-Message"
        static let note = "Galley-Note"
        static let person = "Galley-Person"
        static let personName = "Galley-Person-Name"
        static let role = "Galley-Role"
        static let transition = "Galley-Transition"
        static let from = "Galley-From"
        static let to = "Galley-To"
        static let live = "Galley-Live"
        static let correction = "Galley-Correction"
        static let at = "Galley-At"
        static let lintOverride = "Galley-Lint-Override"
        static let publishedAt = "Galley-Published-At"
        static let superseded = "Galley-Superseded"
        static let replayOf = "Galley-Replay-Of"
        static let lastUpdatedAt = "Galley-Last-Updated-At"
    }

    /// The trailers that encode this event, in a fixed order.
    public var trailers: [Trailer] {
        var list = [Trailer(Key.event, kind.rawValue)]
        if let storyID { list.append(Trailer(Key.story, storyID.text)) }
        if let slug { list.append(Trailer(Key.slug, slug.text)) }
        if let revision { list.append(Trailer(Key.revision, String(revision))) }
        if let transition { list.append(Trailer(Key.transition, transition)) }
        if let fromState { list.append(Trailer(Key.from, fromState)) }
        if let toState { list.append(Trailer(Key.to, toState)) }
        if kind == .transition { list.append(Trailer(Key.live, liveRevision.map(String.init) ?? "none")) }
        if correction { list.append(Trailer(Key.correction, "yes")) }
        if let at { list.append(Trailer(Key.at, at)) }
        if let lintOverride { list.append(Trailer(Key.lintOverride, lintOverride)) }
        if kind == .imported, toState != nil, publishedAt != nil { list.append(Trailer(Key.live, liveRevision.map(String.init) ?? "none")) }
        if let publishedAt { list.append(Trailer(Key.publishedAt, publishedAt)) }
        if let lastUpdatedAt { list.append(Trailer(Key.lastUpdatedAt, lastUpdatedAt)) }
        if minor { list.append(Trailer(Key.minor, "yes")) }
        if let message { list.append(Trailer(Key.message, message)) }
        if let note { list.append(Trailer(Key.note, note)) }
        if let personEmail { list.append(Trailer(Key.person, personEmail)) }
        if let personName { list.append(Trailer(Key.personName, personName)) }
        if let personRole { list.append(Trailer(Key.role, personRole.rawValue)) }
        if let superseded { list.append(Trailer(Key.superseded, superseded)) }
        if let replayOf { list.append(Trailer(Key.replayOf, replayOf)) }
        list.append(Trailer(Key.actor, actor))
        list.append(Trailer(Key.time, time))
        return list
    }

    /// Reads an event back from a commit message; nil for commits Galley did not write.
    public static func read(message: String, commit: ObjectID) throws -> EditorialEvent? {
        let trailers = try Trailers.parse(message)
        func value(_ key: String) -> String? { trailers.last { $0.key == key }?.value }
        guard let kindText = value(Key.event) else { return nil }
        func broken(_ what: String) -> GalleyError {
            .internalFailure("commit \(commit.short) has a broken Galley trailer: \(what); the commit was not written by this Galley; `git show` it to see what it holds")
        }
        guard let kind = EventKind(rawValue: kindText) else {
            throw broken("unknown event '\(kindText)' (written by a newer Galley? upgrade Galley)")
        }
        guard let actor = value(Key.actor), let time = value(Key.time), Timestamp.parseFast(time) != nil else {
            throw broken("missing \(Key.actor) or \(Key.time)")
        }
        var event = EditorialEvent(kind: kind, actor: actor, time: time)
        if let story = value(Key.story) {
            guard let id = StoryID(story) else { throw broken("\(Key.story) '\(story)'") }
            event.storyID = id
        }
        if let slug = value(Key.slug) {
            guard let valid = try? Slug(validating: slug) else { throw broken("\(Key.slug) '\(slug)'") }
            event.slug = valid
        }
        if let revision = value(Key.revision) {
            guard let number = Int(revision), number >= 1 else { throw broken("\(Key.revision) '\(revision)'") }
            event.revision = number
        }
        event.transition = value(Key.transition)
        event.fromState = value(Key.from)
        event.toState = value(Key.to)
        if kind == .transition {
            guard event.transition != nil, event.fromState != nil, event.toState != nil, let live = value(Key.live) else {
                throw broken("a transition without \(Key.transition), \(Key.from), \(Key.to) and \(Key.live)")
            }
            if live != "none" {
                guard let number = Int(live), number >= 1 else { throw broken("\(Key.live) '\(live)'") }
                event.liveRevision = number
            }
        }
        event.minor = value(Key.minor) == "yes"
        event.message = value(Key.message)
        event.note = value(Key.note)
        event.correction = value(Key.correction) == "yes"
        event.at = value(Key.at)
        event.lintOverride = value(Key.lintOverride)
        event.publishedAt = value(Key.publishedAt)
        event.lastUpdatedAt = value(Key.lastUpdatedAt)
        if kind == .imported, let live = value(Key.live), live != "none" {
            guard let number = Int(live), number == 1, event.publishedAt.flatMap(Timestamp.parse) != nil,
                  event.lastUpdatedAt.flatMap(Timestamp.parse) != nil else {
                throw broken("a published import without \(Key.publishedAt), \(Key.lastUpdatedAt) and \(Key.live): 1")
            }
            event.liveRevision = number
        }
        if kind == .scheduled {
            guard event.transition != nil, let at = event.at, Timestamp.parseFast(at) != nil, event.revision != nil else {
                throw broken("a schedule without \(Key.transition), \(Key.at) and \(Key.revision)")
            }
        }
        if event.correction, (event.note ?? "").isEmpty {
            throw broken("a correction without a note")
        }
        for key in [Key.superseded, Key.replayOf] {
            if let hex = value(key), ObjectID(hex: hex) == nil { throw broken("\(key) '\(hex)' is not a commit id") }
        }
        event.superseded = value(Key.superseded)
        event.replayOf = value(Key.replayOf)
        if kind == .superseded, event.superseded == nil || (event.note ?? "").isEmpty {
            throw broken("a supersede without \(Key.superseded) and \(Key.note)")
        }
        event.personEmail = value(Key.person)
        event.personName = value(Key.personName)
        if let role = value(Key.role) {
            guard !role.isEmpty else { throw broken("an empty \(Key.role)") }
            event.personRole = Role(rawValue: role)
        }
        return event
    }

    /// The full commit message: a subject people read in `git log`, then the trailers.
    public func commitMessage(subject: String) -> String {
        Trailers.message(subject: subject, trailers: trailers)
    }
}
