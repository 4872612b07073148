import GRDB

extension Catalog {
    /// The SQL the indexer runs per commit and per story, each statement prepared at its first
    /// use in a run and kept for the rest of it (`IndexStatement`): `statements(.insertEvent)`.
    final class IndexStatements {
        enum Query: Int, CaseIterable {
            case insertEvent, insertStory, insertRevision, insertCorrection
            case storyRowid, slugAndRevision, saveRevision, saveRevisionAndSlug
            case storyState, majorRevisions, transition, schedule
            case slug, fileFields, fileFieldsAndSlug, deleteSearchRow, insertSearchRow

            var sql: String {
                switch self {
                case .insertEvent:
                    """
                    INSERT INTO events (commit_id, kind, transition, story_id, actor, at, revision, from_state, to_state, note, lint_override)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
                // A story as its creating revision leaves it; headline, byline and section come from its file later.
                case .insertStory:
                    """
                    INSERT INTO stories (id, slug, headline, byline, section, author, path, created_at, saved_at, revision,
                        state, state_since, live_revision, published_at, last_updated_at, scheduled_at, scheduled_revision,
                        scheduled_by, scheduled_minor, scheduled_note)
                    VALUES (?, ?, '', NULL, NULL, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, NULL, NULL, NULL, 0, NULL)
                    """
                case .insertRevision: "INSERT INTO revisions (story_id, number, commit_id, author, saved_at, message, minor) VALUES (?, ?, ?, ?, ?, ?, ?)"
                case .insertCorrection: "INSERT INTO corrections (story_id, revision, at, note, commit_id) VALUES (?, ?, ?, ?, ?)"
                case .storyRowid: "SELECT rowid FROM stories WHERE id = ?"
                case .slugAndRevision: "SELECT slug, revision FROM stories WHERE rowid = ?"
                case .saveRevision: "UPDATE stories SET revision = ?, saved_at = ? WHERE rowid = ?"
                case .saveRevisionAndSlug: "UPDATE stories SET slug = ?, revision = ?, saved_at = ? WHERE rowid = ?"
                case .storyState: "SELECT slug, revision, state, live_revision, published_at, last_updated_at FROM stories WHERE rowid = ?"
                // How many revisions of a story in a range of numbers were not saved as minor.
                case .majorRevisions: "SELECT COUNT(*) FROM revisions WHERE story_id = ? AND number > ? AND number <= ? AND minor = 0"
                // Any move through the workflow also settles a pending schedule.
                case .transition:
                    """
                    UPDATE stories SET state = ?, state_since = ?, live_revision = ?, published_at = ?, last_updated_at = ?,
                    scheduled_at = NULL, scheduled_revision = NULL, scheduled_by = NULL, scheduled_minor = 0, scheduled_note = NULL
                    WHERE rowid = ?
                    """
                case .schedule:
                    """
                    UPDATE stories SET scheduled_at = ?, scheduled_revision = ?, scheduled_by = ?, scheduled_minor = ?,
                    scheduled_note = ? WHERE rowid = ?
                    """
                case .slug: "SELECT slug FROM stories WHERE rowid = ?"
                case .fileFields: "UPDATE stories SET headline = ?, byline = ?, section = ?, folder_tree = ? WHERE rowid = ?"
                case .fileFieldsAndSlug: "UPDATE stories SET slug = ?, headline = ?, byline = ?, section = ?, folder_tree = ? WHERE rowid = ?"
                case .deleteSearchRow: "DELETE FROM story_search WHERE rowid = ?"
                case .insertSearchRow: "INSERT INTO story_search(rowid, slug, headline, body) VALUES (?, ?, ?, ?)"
                }
            }
        }

        private let db: Database
        private var prepared = [IndexStatement?](repeating: nil, count: Query.allCases.count)

        init(_ db: Database) {
            self.db = db
        }

        /// The prepared statement of `query` (found by its number: no hashing of SQL text).
        func callAsFunction(_ query: Query) throws -> IndexStatement {
            if let statement = prepared[query.rawValue] { return statement }
            let statement = try IndexStatement(db, query.sql)
            prepared[query.rawValue] = statement
            return statement
        }
    }
}
