import GRDB

extension Catalog {
    /// The SQL the indexer runs per commit and per story, each statement prepared at its first
    /// use in a run and kept for the rest of it (`IndexStatement`): `statements(.insertEvent)`.
    final class IndexStatements {
        enum Query: Int, CaseIterable {
            case insertEvent, insertStory, insertRevision, insertCorrection
            case storyRowid, foldedStory, setSlug, majorRevisions, schedule, settleSchedule
            case writeStory, writeStoryAndFile, deleteSearchRow, insertSearchRow

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
                case .foldedStory: "SELECT \(FoldedStory.columns) FROM stories WHERE rowid = ?"
                case .setSlug: "UPDATE stories SET slug = ? WHERE rowid = ?"
                case .schedule:
                    """
                    UPDATE stories SET scheduled_at = ?, scheduled_revision = ?, scheduled_by = ?, scheduled_minor = ?,
                    scheduled_note = ? WHERE rowid = ?
                    """
                // Any move through the workflow settles a pending schedule: it happened, or it no longer applies.
                case .settleSchedule:
                    """
                    UPDATE stories SET scheduled_at = NULL, scheduled_revision = NULL, scheduled_by = NULL, scheduled_minor = 0,
                    scheduled_note = NULL WHERE rowid = ?
                    """
                // How many revisions of a story in a range of numbers were not saved as minor.
                case .majorRevisions: "SELECT COUNT(*) FROM revisions WHERE story_id = ? AND number > ? AND number <= ? AND minor = 0"
                // A folded story written back: its events' columns, with its file's when it was
                // read. Not the slug, written only when it changes (`setSlug`): setting it
                // rewrites its UNIQUE index's entry, even to the same text.
                case .writeStory: "UPDATE stories SET \(IndexStatements.foldedColumns) WHERE rowid = ?"
                case .writeStoryAndFile:
                    "UPDATE stories SET \(IndexStatements.foldedColumns), headline = ?, byline = ?, section = ?, folder_tree = ? WHERE rowid = ?"
                case .deleteSearchRow: "DELETE FROM story_search WHERE rowid = ?"
                case .insertSearchRow: "INSERT INTO story_search(rowid, slug, headline, body) VALUES (?, ?, ?, ?)"
                }
            }
        }

        /// The columns a folded story writes back, but its slug (`FoldedStory`).
        static let foldedColumns = """
            revision = ?, saved_at = ?, state = ?, state_since = ?, live_revision = ?, published_at = ?, last_updated_at = ?
            """

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
