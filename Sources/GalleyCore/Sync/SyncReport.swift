import Foundation

/// One commit that came in from the remote or went out to it, as `galley sync` lists it.
public struct SyncedCommit: Codable, Equatable, Sendable {
    public var commit: String
    /// The event kind (`save`, `transition`...), or `git` for a commit made with plain git.
    public var kind: String
    public var story: String?
    public var actor: String
    /// The commit's subject line, e.g. `jakarta-floods r3: add the governor's quote`.
    public var summary: String
}

/// What `galley sync` did to a local commit it had to replay on top of the remote's.
public struct SyncNotice: Codable, Equatable, Sendable {
    public enum Outcome: String, Codable, Sendable {
        /// Both sides changed the story in different places; the changes were merged.
        case merged
        /// Both sides changed the same lines: the local version was kept as a new revision and
        /// the story sent back to the workflow's first state.
        case conflict
        /// The event was no longer valid (another editor acted first); recorded as superseded.
        case superseded
        /// The story's slug was taken on the remote; the local story got another one.
        case slugChanged = "slug-changed"
    }

    public var outcome: Outcome
    public var story: String?
    public var actor: String
    /// The local commit that was replayed.
    public var commit: String
    public var detail: String
}

/// What `galley sync` did, for the terminal and for `--json`.
public struct SyncReport: Codable, Equatable, Sendable {
    public var remote: String
    public var received: [SyncedCommit] = []
    public var sent: [SyncedCommit] = []
    public var notices: [SyncNotice] = []
    /// How many pushes the remote refused because another clone pushed first.
    public var retries = 0
    /// The commit both sides hold at the end.
    public var head: String?

    public init(remote: String) {
        self.remote = remote
    }
}
