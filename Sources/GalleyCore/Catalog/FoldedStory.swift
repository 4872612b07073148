extension Catalog {
    /// The columns of a story's row that its events change, as the indexer folds them: read once
    /// when a run first touches the story (or set when it creates it), changed in memory by each
    /// revision, transition and schedule, and written back once per run (`Indexer.finish()`).
    /// A rebuild of 100,000 stories would otherwise read and rewrite a row at each of its
    /// 400,000 revisions and transitions. The slug is the exception: a change to it is written at
    /// once, so the stories' UNIQUE slugs are checked at the commit that makes them clash.
    struct FoldedStory {
        var slug: String
        var revision: Int
        var savedAt: String
        var state: String
        var stateSince: String
        var liveRevision: Int?
        var publishedAt: String?
        var lastUpdatedAt: String?
        var scheduledAt: String?
        var scheduledRevision: Int?
        var scheduledBy: String?
        var scheduledMinor: Bool
        var scheduledNote: String?
        /// True when a column differs from the row in SQLite.
        var changed = false

        /// The columns `read` selects, in order, from the row.
        static let columns = """
            slug, revision, saved_at, state, state_since, live_revision, published_at, last_updated_at,
            scheduled_at, scheduled_revision, scheduled_by, scheduled_minor, scheduled_note
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
            scheduledMinor = false
        }

        init(_ row: IndexStatement.Columns) {
            self.init(slug: row.text(0), revision: row.int(1), savedAt: row.text(2), state: row.text(3), stateSince: row.text(4),
                      liveRevision: row.optionalInt(5), publishedAt: row.optionalText(6), lastUpdatedAt: row.optionalText(7))
            scheduledAt = row.optionalText(8)
            scheduledRevision = row.optionalInt(9)
            scheduledBy = row.optionalText(10)
            scheduledMinor = row.int(11) != 0
            scheduledNote = row.optionalText(12)
        }

        /// Any move through the workflow settles a pending schedule: it happened, or it no longer applies.
        mutating func settleSchedule() {
            scheduledAt = nil
            scheduledRevision = nil
            scheduledBy = nil
            scheduledMinor = false
            scheduledNote = nil
        }
    }
}
