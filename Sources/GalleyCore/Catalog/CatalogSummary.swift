import GRDB

/// How much the catalog holds: what `reindex` reports.
public struct CatalogSummary: Codable, Equatable, Sendable {
    public var people: Int
    public var stories: Int
    public var revisions: Int
    public var events: Int
    public var indexedCommit: String?
}

extension Catalog {
    public func summary() throws -> CatalogSummary {
        try writer.read { db in
            CatalogSummary(
                people: try Person.fetchCount(db), stories: try Story.fetchCount(db),
                revisions: try Revision.fetchCount(db), events: try Event.fetchCount(db),
                indexedCommit: try String.fetchOne(db, sql: "SELECT indexed_commit FROM catalog_state"))
        }
    }
}
