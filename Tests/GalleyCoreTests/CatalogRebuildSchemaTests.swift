import Foundation
@testable import GalleyCore
import GitKit
import GRDB
import Testing

/// A rebuild drops and makes again parts of the schema (issue 7); the catalog after it must have
/// the same tables, indexes and definitions as a freshly migrated one.
@Suite struct CatalogRebuildSchemaTests {
    static func schema(_ catalog: Catalog) throws -> [String] {
        try catalog.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name")
                .map { $0.description }
        }
    }

    @Test func theSchemaHoldsFiveSecondaryIndexes() {
        #expect(Catalog.secondaryIndexes.map(\.name)
                == ["events_by_story", "events_by_commit", "corrections_by_story", "stories_by_schedule", "stories_by_state"])
        #expect(Catalog.secondaryIndexes.allSatisfy {
            ($0.sql.hasPrefix("CREATE INDEX \($0.name) ON ") || $0.sql.hasPrefix("CREATE UNIQUE INDEX \($0.name) ON ")) && !$0.sql.contains("\n")
        })
    }

    /// A commit is indexed once: the unique index on the events' commit ids refuses a second row,
    /// before and after a rebuild (which drops the index and makes it again).
    @Test func anEventsCommitIsUniqueBeforeAndAfterARebuild() throws {
        let fixture = try NewsroomFixture()
        _ = try fixture.newsroom.createStory(NewStory(headline: "Unique commits"), by: fixture.rina)
        let catalog = try Catalog()
        let repository = try Repository.open(at: fixture.folder)
        try catalog.catchUp(repository: repository, branch: "refs/heads/main")
        func insertTwice() throws {
            try catalog.writer.write { db in
                try db.execute(sql: """
                    INSERT INTO events (commit_id, kind, actor, at)
                    SELECT commit_id, kind, actor, at FROM events ORDER BY id DESC LIMIT 1
                    """)
            }
        }
        let before = #expect(throws: DatabaseError.self) { try insertTwice() }
        #expect(before?.message == "UNIQUE constraint failed: events.commit_id")
        try catalog.rebuild(repository: repository, branch: "refs/heads/main")
        let after = #expect(throws: DatabaseError.self) { try insertTwice() }
        #expect(after?.message == "UNIQUE constraint failed: events.commit_id")
    }

    /// The catalog's pages are 16 KiB (issue 7: a 4 KB story then fits in one page), and the page
    /// size is part of the schema's fingerprint: a catalog with the same tables and SQLite's
    /// 4 KiB pages, as Galley made it before, is made again when opened, with 16 KiB pages.
    @Test func aCatalogWithFourKiBPagesIsMadeAgainWithSixteen() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("galley-pages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("catalog.sqlite")
        var before: UInt32 = 2_166_136_261
        for byte in Catalog.schemaV1.utf8 { before = (before ^ UInt32(byte)) &* 16_777_619 }
        let earlierFingerprint = Int32(bitPattern: before & 0x7FFF_FFFF | 1)
        #expect(earlierFingerprint != Catalog.schemaFingerprint)
        let earlier = try DatabaseQueue(path: url.path)
        try earlier.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA page_size = 4096")
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: Catalog.schemaV1)
            try db.execute(sql: "PRAGMA user_version = \(earlierFingerprint)")
        }
        #expect(try earlier.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } == 4096)
        try earlier.close()

        let catalog = try Catalog(url: url)
        let (pageSize, version, journal) = try catalog.writer.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA page_size"), try Int32.fetchOne(db, sql: "PRAGMA user_version"),
             try String.fetchOne(db, sql: "PRAGMA journal_mode"))
        }
        #expect(pageSize == 16_384)
        #expect(version == Catalog.schemaFingerprint)
        #expect(journal == "wal")
        #expect(try catalog.indexedCommit() == nil)
    }

    @Test func theSearchTableComesFromTheSchema() {
        #expect(Catalog.searchTable == ["CREATE VIRTUAL TABLE story_search USING fts5(slug, headline, body, tokenize = 'unicode61 remove_diacritics 2')",
                                        "INSERT INTO story_search(story_search, rank) VALUES ('hashsize', 67108864)"])
    }

    /// The search table's settings (FTS5 keeps them in its `_config` table).
    static func searchSettings(_ catalog: Catalog) throws -> [String] {
        try catalog.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT k, v FROM story_search_config ORDER BY k").map { $0.description }
        }
    }

    @Test func aRebuildKeepsTheSchema() throws {
        let fixture = try NewsroomFixture()
        let story = try fixture.newsroom.createStory(NewStory(headline: "Schema check"), by: fixture.rina)
        _ = try fixture.newsroom.transition(story.slug, "submit", by: fixture.rina)
        let fresh = try Catalog()
        let before = try Self.schema(fresh)
        #expect(before.count > 10)
        let settings = try Self.searchSettings(fresh)
        #expect(settings.contains("[k:\"hashsize\" v:67108864]"), "\(settings)")
        let repository = try Repository.open(at: fixture.folder)
        try fresh.rebuild(repository: repository, branch: "refs/heads/main")
        #expect(try Self.schema(fresh) == before)
        #expect(try Self.searchSettings(fresh) == settings)
        #expect(try fresh.dump() == fixture.newsroom.catalogDump())
        #expect(try fresh.integrityCheck() == ["ok"])
        // A second rebuild over the rows of the first gives the same again.
        try fresh.rebuild(repository: repository, branch: "refs/heads/main")
        #expect(try Self.schema(fresh) == before)
        #expect(try fresh.dump() == fixture.newsroom.catalogDump())
    }

    /// Reindex repairs a damaged catalog: one that has lost an index or its search table is
    /// rebuilt with them, not refused because there was nothing to drop.
    @Test func aRebuildRestoresAnIndexAndTheSearchTableThatWereLost() throws {
        let fixture = try NewsroomFixture()
        _ = try fixture.newsroom.createStory(NewStory(headline: "Lost index"), by: fixture.rina)
        let catalog = try Catalog()
        let fresh = try Self.schema(catalog)
        try catalog.writer.write { db in
            try db.execute(sql: "DROP INDEX stories_by_state")
            try db.execute(sql: "DROP TABLE story_search")
        }
        #expect(try Self.schema(catalog) != fresh)
        try catalog.rebuild(repository: try Repository.open(at: fixture.folder), branch: "refs/heads/main")
        #expect(try Self.schema(catalog) == fresh)
        #expect(try catalog.dump() == fixture.newsroom.catalogDump())
    }
}
