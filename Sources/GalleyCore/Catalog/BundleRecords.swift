import GitKit
import GRDB

/// What `galley bundle --all` needs from the catalog for every live story (its live revision,
/// its corrections, the names of people), read in one go before the workers start. Read per
/// story, that was three queries each through the one connection both workers share, which
/// kept them waiting on each other.
public struct BundleRecords: Sendable {
    /// Each live story's live revision, by story id.
    var liveRevisions: [String: Revision] = [:]
    /// The git tree of the story's folder at its live revision, by story id, when that is its
    /// latest revision (the one whose tree the catalog keeps): the folder is then read by it.
    var liveFolderTrees: [String: ObjectID] = [:]
    /// Each story's corrections in the order they were published, by story id.
    var corrections: [String: [Correction]] = [:]
    /// People's names, by email.
    var names: [String: String] = [:]
}

extension Catalog {
    /// The live revisions, corrections and names of the newsroom, in one read.
    public func bundleRecords() throws -> BundleRecords {
        try writer.read { db in
            var records = BundleRecords()
            let live = try Row.fetchCursor(db, sql: """
                SELECT revisions.*, CASE WHEN stories.revision = revisions.number THEN stories.folder_tree END AS live_folder_tree
                FROM revisions
                JOIN stories ON stories.id = revisions.story_id AND stories.live_revision = revisions.number
                """)
            while let row = try live.next() {
                let revision = try Revision(row: row)
                records.liveRevisions[revision.storyId] = revision
                if let tree = (row["live_folder_tree"] as String?).flatMap(ObjectID.init(hex:)) {
                    records.liveFolderTrees[revision.storyId] = tree
                }
            }
            for correction in try Correction.order(Column("id")).fetchAll(db) {
                records.corrections[correction.storyId, default: []].append(correction)
            }
            for person in try Person.fetchAll(db) {
                records.names[person.email] = person.name
            }
            return records
        }
    }
}
