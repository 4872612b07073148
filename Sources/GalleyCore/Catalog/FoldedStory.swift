extension Catalog {
    /// The columns of a story's row that its events change, as the indexer folds them: read once
    /// when a run first touches the story (or set when it creates it), changed in memory by each
    /// revision and transition, and written back once per run (`Indexer.finish()`). A rebuild of
    /// 100,000 stories would otherwise read and rewrite a row at each of its 400,000 revisions and
    /// transitions. The slug and the schedule are the exceptions, written at once: the stories'
    /// UNIQUE slugs are then checked at the commit that makes them clash, and the write-back
    /// sets no foreign key column (with SQLite's keys on, such an UPDATE runs in a statement
    /// savepoint, at which FTS5 writes out its pending terms: at every story of a catch-up).
    struct FoldedStory {
        var slug: String
        var revision: Int
        var savedAt: String
        var state: String
        var stateSince: String
        var liveRevision: Int?
        var publishedAt: String?
        var lastUpdatedAt: String?
        /// True when a publication is scheduled (`scheduled_at` is set).
        var scheduled: Bool
        /// True when a column differs from the row in SQLite.
        var changed = false

        /// The columns `read` selects, in order, from the row.
        static let columns = """
            slug, revision, saved_at, state, state_since, live_revision, published_at, last_updated_at,
            scheduled_at IS NOT NULL
            """

        init(slug: String, revision: Int, savedAt: String, state: String, stateSince: String, liveRevision: Int?,
             publishedAt: String?, lastUpdatedAt: String?) {
            self.slug = slug
            self.revision = revision
            self.savedAt = savedAt
            self.state = state
            self.stateSince = stateSince
            self.liveRevision = liveRevision
            self.publishedAt = publishedAt
            self.lastUpdatedAt = lastUpdatedAt
            scheduled = false
        }

        init(_ row: IndexStatement.Columns) {
            self.init(slug: row.text(0), revision: row.int(1), savedAt: row.text(2), state: row.text(3), stateSince: row.text(4),
                      liveRevision: row.optionalInt(5), publishedAt: row.optionalText(6), lastUpdatedAt: row.optionalText(7))
            scheduled = row.int(8) != 0
        }
    }
}
