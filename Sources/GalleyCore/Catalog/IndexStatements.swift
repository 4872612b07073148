import GRDB

extension Catalog {
    /// The SQL the indexer runs per commit and per story, each statement prepared at its first
    /// use in a run and kept for the rest of it (`IndexStatement`).
    final class IndexStatements {
        private let db: Database
        private var prepared = [IndexStatement?](repeating: nil, count: 17)

        init(_ db: Database) {
            self.db = db
        }

        /// The statement of `sql`, kept at `key` (finding it hashes no text).
        private func statement(_ key: Int, _ sql: String) throws -> IndexStatement {
            if let statement = prepared[key] { return statement }
            let statement = try IndexStatement(db, sql)
            prepared[key] = statement
            return statement
        }

        func insertEvent() throws -> IndexStatement {
            try statement(0, """
                INSERT INTO events (commit_id, kind, transition, story_id, actor, at, revision, from_state, to_state, note, lint_override)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        }

        /// A story as its creating revision leaves it; headline, byline and section come from its file later.
        func insertStory() throws -> IndexStatement {
            try statement(1, """
                INSERT INTO stories (id, slug, headline, byline, section, author, path, created_at, saved_at, revision,
                    state, state_since, live_revision, published_at, last_updated_at, scheduled_at, scheduled_revision,
                    scheduled_by, scheduled_minor, scheduled_note)
                VALUES (?, ?, '', NULL, NULL, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, NULL, NULL, NULL, 0, NULL)
                """)
        }

        func insertRevision() throws -> IndexStatement {
            try statement(2, "INSERT INTO revisions (story_id, number, commit_id, author, saved_at, message, minor) VALUES (?, ?, ?, ?, ?, ?, ?)")
        }

        func insertCorrection() throws -> IndexStatement {
            try statement(3, "INSERT INTO corrections (story_id, revision, at, note, commit_id) VALUES (?, ?, ?, ?, ?)")
        }

        func storyRowid() throws -> IndexStatement {
            try statement(4, "SELECT rowid FROM stories WHERE id = ?")
        }

        func slugAndRevision() throws -> IndexStatement {
            try statement(5, "SELECT slug, revision FROM stories WHERE rowid = ?")
        }

        func saveRevision() throws -> IndexStatement {
            try statement(6, "UPDATE stories SET revision = ?, saved_at = ? WHERE rowid = ?")
        }

        func saveRevisionAndSlug() throws -> IndexStatement {
            try statement(7, "UPDATE stories SET slug = ?, revision = ?, saved_at = ? WHERE rowid = ?")
        }

        func storyState() throws -> IndexStatement {
            try statement(8, "SELECT slug, revision, state, live_revision, published_at, last_updated_at FROM stories WHERE rowid = ?")
        }

        /// How many revisions of a story in a range of numbers were not saved as minor.
        func majorRevisions() throws -> IndexStatement {
            try statement(9, "SELECT COUNT(*) FROM revisions WHERE story_id = ? AND number > ? AND number <= ? AND minor = 0")
        }

        /// Any move through the workflow also settles a pending schedule.
        func transition() throws -> IndexStatement {
            try statement(10, """
                UPDATE stories SET state = ?, state_since = ?, live_revision = ?, published_at = ?, last_updated_at = ?,
                scheduled_at = NULL, scheduled_revision = NULL, scheduled_by = NULL, scheduled_minor = 0, scheduled_note = NULL
                WHERE rowid = ?
                """)
        }

        func schedule() throws -> IndexStatement {
            try statement(11, """
                UPDATE stories SET scheduled_at = ?, scheduled_revision = ?, scheduled_by = ?, scheduled_minor = ?,
                scheduled_note = ? WHERE rowid = ?
                """)
        }

        func slug() throws -> IndexStatement {
            try statement(12, "SELECT slug FROM stories WHERE rowid = ?")
        }

        func fileFields() throws -> IndexStatement {
            try statement(13, "UPDATE stories SET headline = ?, byline = ?, section = ? WHERE rowid = ?")
        }

        func fileFieldsAndSlug() throws -> IndexStatement {
            try statement(14, "UPDATE stories SET slug = ?, headline = ?, byline = ?, section = ? WHERE rowid = ?")
        }

        func deleteSearchRow() throws -> IndexStatement {
            try statement(15, "DELETE FROM story_search WHERE rowid = ?")
        }

        func insertSearchRow() throws -> IndexStatement {
            try statement(16, "INSERT INTO story_search(rowid, slug, headline, body) VALUES (?, ?, ?, ?)")
        }
    }
}
