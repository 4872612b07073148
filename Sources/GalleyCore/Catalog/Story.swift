import GRDB

/// A story as the catalog sees it: identity, current headline, workflow state and timestamps.
public struct Story: Codable, Equatable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "stories"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: String
    public var slug: String
    public var headline: String
    public var byline: String?
    public var section: String?
    /// The person who created the story.
    public var author: String
    /// The story folder relative to the newsroom root.
    public var path: String
    public var createdAt: String
    /// When the latest revision was saved.
    public var savedAt: String
    /// The latest revision number.
    public var revision: Int
    /// The workflow state (`draft` until the workflow moves it).
    public var state: String
    /// When the story entered its state (for "2h in review" on the board).
    public var stateSince: String
    /// The revision readers see; nil until first published.
    public var liveRevision: Int?
    public var publishedAt: String?
    public var lastUpdatedAt: String?
    /// When a scheduled publication is due, which revision it publishes, and who scheduled it.
    public var scheduledAt: String?
    public var scheduledRevision: Int?
    public var scheduledBy: String?
    /// The scheduled publication is minor (does not move Last Updated), and its note.
    public var scheduledMinor: Bool = false
    public var scheduledNote: String?
}

extension Story {
    /// Read by column name, without Codable's decoder and its per-row snake-case key conversion
    /// (`bundle --all` reads every story before it starts, so does `galley status`).
    public init(row: Row) throws {
        id = row["id"]
        slug = row["slug"]
        headline = row["headline"]
        byline = row["byline"]
        section = row["section"]
        author = row["author"]
        path = row["path"]
        createdAt = row["created_at"]
        savedAt = row["saved_at"]
        revision = row["revision"]
        state = row["state"]
        stateSince = row["state_since"]
        liveRevision = row["live_revision"]
        publishedAt = row["published_at"]
        lastUpdatedAt = row["last_updated_at"]
        scheduledAt = row["scheduled_at"]
        scheduledRevision = row["scheduled_revision"]
        scheduledBy = row["scheduled_by"]
        scheduledMinor = row["scheduled_minor"]
        scheduledNote = row["scheduled_note"]
    }
}

/// The columns of a story that the board shows (`Catalog.boardRows`).
public struct BoardRow: Equatable, Sendable {
    public var slug: String
    public var headline: String
    public var author: String
    public var state: String
    public var stateSince: String
    public var revision: Int
    public var liveRevision: Int?
    public var lastUpdatedAt: String?
    public var scheduledAt: String?
    public var scheduledRevision: Int?
}

/// A public correction: the note readers see with the story, and when it was published.
public struct Correction: Codable, Equatable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "corrections"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var storyId: String
    /// The revision the correction published.
    public var revision: Int
    public var at: String
    public var note: String
    public var commitId: String

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// One saved revision of a story: its number, the commit holding it, who saved it and why.
public struct Revision: Codable, Equatable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "revisions"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var storyId: String
    public var number: Int
    public var commitId: String
    public var author: String
    public var savedAt: String
    public var message: String
    /// A minor revision (a typo fix) that does not move "Last Updated" when published.
    public var minor: Bool
}

extension Revision {
    /// Read by column name, without Codable's decoder and its per-row snake-case key conversion.
    public init(row: Row) throws {
        storyId = row["story_id"]
        number = row["number"]
        commitId = row["commit_id"]
        author = row["author"]
        savedAt = row["saved_at"]
        message = row["message"]
        minor = row["minor"]
    }
}

/// One entry of the audit trail: every editorial event, which is also one git commit.
public struct Event: Codable, Equatable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "events"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var commitId: String
    /// `create`, `save`, `transition`, `person-add`...
    public var kind: String
    /// For transitions: the workflow transition's name (`submit`, `approve`).
    public var transition: String?
    public var storyId: String?
    public var actor: String
    public var at: String
    public var revision: Int?
    public var fromState: String?
    public var toState: String?
    public var note: String?
    /// Lint errors an editor overrode with `--force`.
    public var lintOverride: String?

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
