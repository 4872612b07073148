import Foundation
import GitKit
import GRDB

/// The SQLite view of the newsroom's git log: one owner of the database connection, migrated on open.
/// It is never committed and can always be rebuilt from git (`galley reindex`).
public final class Catalog {
    let writer: DatabaseQueue

    /// Opens (creating if needed) the catalog file at `url`: WAL, foreign keys, a busy timeout so
    /// concurrent commands wait for each other instead of failing.
    public init(url: URL) throws {
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.foreignKeysEnabled = true
        // WAL, set here rather than with GRDB's `journalMode = .wal`: that option makes an empty
        // write transaction whenever the -wal file is missing, which it is after every command
        // (the last connection removes it). WAL mode is kept in the file, so it is only set when
        // the file is not in it yet.
        //
        // synchronous = OFF: the catalog is a cache of git, which stays the record. SQLite then
        // hands writes to the kernel without flushing them, as git and libgit2 do with their own
        // objects by default. A killed or crashed command cannot damage the file (only a power
        // cut or kernel crash could, and `galley reindex` rebuilds it from git), and every
        // command saves the four fdatasyncs of creating the WAL and checkpointing it on close,
        // which cost milliseconds on a busy disk.
        config.prepareDatabase { db in
            if try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" {
                // A new file: its page size first, which a file in WAL mode can no longer change.
                try db.execute(sql: "PRAGMA page_size = \(Catalog.pageSize)")
                guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
                    throw DatabaseError(message: "could not activate WAL mode")
                }
            }
            try db.execute(sql: "PRAGMA synchronous = OFF")
        }
        do {
            var queue = try DatabaseQueue(path: url.path, configuration: config)
            // The catalog is a cache of git: one made by a Galley with another schema is not
            // migrated in place but discarded, and the next catch-up rebuilds it from git.
            let (version, migrated, complete) = try queue.read { db in
                (try Int32.fetchOne(db, sql: "PRAGMA user_version") ?? 0, try db.tableExists("grdb_migrations"),
                 try Catalog.migrator.hasCompletedMigrations(db))
            }
            if version != Catalog.schemaFingerprint && (version != 0 || migrated) {
                try queue.close()
                for suffix in ["", "-wal", "-shm"] {
                    try? FileManager.default.removeItem(atPath: url.path + suffix)
                }
                queue = try DatabaseQueue(path: url.path, configuration: config)
            }
            // A catalog of this schema, fully migrated, is opened without a write transaction:
            // a command that only reads writes nothing (and syncs nothing).
            if version != Catalog.schemaFingerprint || !complete {
                try Catalog.migrator.migrate(queue)
            }
            if version != Catalog.schemaFingerprint {
                try queue.write { try $0.execute(sql: "PRAGMA user_version = \(Catalog.schemaFingerprint)") }
            }
            writer = queue
        } catch let error as DatabaseError {
            throw GalleyError.internalFailure(
                "the catalog \(url.path) cannot be opened (\(error.message ?? "\(error)")); run `galley reindex` to rebuild it from git")
        }
    }

    /// An empty in-memory catalog, for tests.
    public init() throws {
        var config = Configuration()
        config.foreignKeysEnabled = true
        writer = try DatabaseQueue(configuration: config)
        try Catalog.migrator.migrate(writer)
    }

    /// Named migrations. The catalog is a cache of git, never migrated in place: a change to the
    /// schema changes its fingerprint (below), and a catalog with another fingerprint is discarded
    /// and rebuilt from git. So `v1` holds the whole schema and is edited when the schema changes.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: schemaV1)
        }
        return migrator
    }

    /// The catalog file's page size: 16 KiB rather than SQLite's 4 KiB. Each story's text (about
    /// 4 KB, in the search index's content) then fits in its table's leaf page instead of
    /// spilling into an overflow page, and a file a quarter as many pages long is faster to empty
    /// and refill: a 100,000-story reindex took 29.4 s instead of 32.9 s (docs/performance.md,
    /// "Reindex, eighth round"). A file keeps the page size it was made with; it is part of the
    /// fingerprint, so a catalog made with another is made again.
    static let pageSize = 16_384

    /// A fingerprint of the schema (FNV-1a of the page size and the migrations' SQL), kept in
    /// `PRAGMA user_version`.
    static let schemaFingerprint: Int32 = {
        var hash: UInt32 = 2_166_136_261
        for byte in "PRAGMA page_size = \(pageSize);\n\(schemaV1)".utf8 {
            hash = (hash ^ UInt32(byte)) &* 16_777_619
        }
        return Int32(bitPattern: hash & 0x7FFF_FFFF | 1)
    }()

    static let schemaV1 = """
                CREATE TABLE catalog_state (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    indexed_commit TEXT
                );
                INSERT INTO catalog_state (id, indexed_commit) VALUES (1, NULL);
                CREATE TABLE people (
                    email TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    added_at TEXT NOT NULL,
                    added_by TEXT REFERENCES people(email)
                );
                CREATE TABLE stories (
                    id TEXT PRIMARY KEY NOT NULL,
                    slug TEXT NOT NULL UNIQUE,
                    headline TEXT NOT NULL,
                    byline TEXT,
                    section TEXT,
                    author TEXT NOT NULL REFERENCES people(email),
                    path TEXT NOT NULL UNIQUE,
                    created_at TEXT NOT NULL,
                    saved_at TEXT NOT NULL,
                    revision INTEGER NOT NULL CHECK (revision >= 1),
                    state TEXT NOT NULL,
                    state_since TEXT NOT NULL,
                    live_revision INTEGER,
                    published_at TEXT,
                    last_updated_at TEXT,
                    scheduled_at TEXT,
                    scheduled_revision INTEGER,
                    scheduled_by TEXT REFERENCES people(email),
                    scheduled_minor INTEGER NOT NULL DEFAULT 0,
                    scheduled_note TEXT,
                    -- The git tree of the story's folder at its latest revision: bundles read it by this id.
                    folder_tree TEXT
                );
                CREATE TABLE revisions (
                    story_id TEXT NOT NULL REFERENCES stories(id),
                    number INTEGER NOT NULL CHECK (number >= 1),
                    -- Not unique: a commit made with plain git may change several stories.
                    commit_id TEXT NOT NULL,
                    author TEXT NOT NULL REFERENCES people(email),
                    saved_at TEXT NOT NULL,
                    message TEXT NOT NULL,
                    minor INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (story_id, number)
                );
                CREATE TABLE events (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    -- One event per commit: unique by events_by_commit, which a rebuild makes at its end.
                    commit_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    transition TEXT,
                    story_id TEXT REFERENCES stories(id),
                    actor TEXT NOT NULL REFERENCES people(email),
                    at TEXT NOT NULL,
                    revision INTEGER,
                    from_state TEXT,
                    to_state TEXT,
                    note TEXT,
                    lint_override TEXT
                );
                CREATE INDEX events_by_story ON events(story_id, id);
                -- A separate index, not a UNIQUE column: a rebuild drops it and makes it again in one
                -- sorted pass (a commit id is random, so each insert into it lands on a random page).
                CREATE UNIQUE INDEX events_by_commit ON events(commit_id);
                CREATE TABLE corrections (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    story_id TEXT NOT NULL REFERENCES stories(id),
                    revision INTEGER NOT NULL,
                    at TEXT NOT NULL,
                    note TEXT NOT NULL,
                    commit_id TEXT NOT NULL UNIQUE
                );
                CREATE INDEX corrections_by_story ON corrections(story_id, id);
                CREATE INDEX stories_by_schedule ON stories(scheduled_at) WHERE scheduled_at IS NOT NULL;
                CREATE INDEX stories_by_state ON stories(state, saved_at);
                -- Full-text search over each story's latest revision; rowid = the story's rowid.
                CREATE VIRTUAL TABLE story_search USING fts5(slug, headline, body, tokenize = 'unicode61 remove_diacritics 2');
                -- FTS5 holds up to 64 MB of new terms in memory before writing them out as a segment (its
                -- own default is 1 MB): a reindex of 100,000 stories writes fewer, larger segments and
                -- indexes 40% faster. Kept in story_search_config; a small write flushes at its commit.
                INSERT INTO story_search(story_search, rank) VALUES ('hashsize', 67108864);
                """

    /// The schema's statements in order, each without its comment lines and surrounding space:
    /// the one source a rebuild takes the definitions it drops and makes again from.
    /// Comment lines go first: a comment may hold a semicolon.
    static let schemaStatements: [String] = schemaV1.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.drop { $0 == " " }.hasPrefix("--") }
        .joined(separator: "\n")
        .split(separator: ";")
        .compactMap { statement in
            let text = statement.trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }

    /// The secondary indexes (`CREATE INDEX` and `CREATE UNIQUE INDEX`, not those SQLite makes
    /// for keys and UNIQUE columns), by name, as the schema defines them.
    static let secondaryIndexes: [(name: String, sql: String)] = schemaStatements.compactMap { sql in
        guard let prefix = ["CREATE INDEX ", "CREATE UNIQUE INDEX "].first(where: sql.hasPrefix) else { return nil }
        return (String(sql.dropFirst(prefix.count).prefix { $0 != " " }), sql)
    }

    /// The full-text search table, and its settings, as the schema defines them.
    static let searchTable: [String] = schemaStatements.filter {
        $0.hasPrefix("CREATE VIRTUAL TABLE story_search ") || $0.hasPrefix("INSERT INTO story_search(story_search, rank) ")
    }

    // MARK: Reads

    /// The last commit the catalog has indexed.
    public func indexedCommit() throws -> ObjectID? {
        try writer.read { db in
            try String.fetchOne(db, sql: "SELECT indexed_commit FROM catalog_state WHERE id = 1").flatMap(ObjectID.init(hex:))
        }
    }

    public func person(_ email: String) throws -> Person? {
        try writer.read { db in try Person.fetchOne(db, key: email) }
    }

    public func people() throws -> [Person] {
        try writer.read { db in try Person.order(Column("email")).fetchAll(db) }
    }

    public func story(slug: String) throws -> Story? {
        try writer.read { db in try Story.filter(Column("slug") == slug).fetchOne(db) }
    }

    public func story(id: StoryID) throws -> Story? {
        try writer.read { db in try Story.fetchOne(db, key: id.text) }
    }

    /// Stories, optionally only those in `state` or by `author`.
    public func stories(state: String?, author: String?) throws -> [Story] {
        try writer.read { db in
            var request = Story.all()
            if let state { request = request.filter(Column("state") == state) }
            if let author { request = request.filter(Column("author") == author) }
            return try request.fetchAll(db)
        }
    }

    /// The board's columns of every story (optionally only those in `state` or by `author`), in
    /// the order of `stateOrder` (states it does not name last), then oldest in state first, then
    /// by slug. Sorted and filtered by SQLite and read by column index: no records, no Codable.
    /// The board's rows in board order, handed to `each` one at a time as SQLite reads them, so
    /// a board of a hundred thousand stories is never held in memory twice.
    public func boardRows(stateOrder: [String], state: String?, author: String?, _ each: (BoardRow) throws -> Void) throws {
        var sql = """
            SELECT slug, headline, author, state, state_since, revision, live_revision, last_updated_at,
                   scheduled_at, scheduled_revision
            FROM stories
            """
        var arguments = StatementArguments()
        var conditions: [String] = []
        if let state { conditions.append("state = ?"); arguments += [state] }
        if let author { conditions.append("author = ?"); arguments += [author] }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY "
        if !stateOrder.isEmpty {
            sql += "CASE state"
            for (index, name) in stateOrder.enumerated() {
                sql += " WHEN ? THEN \(index)"
                arguments += [name]
            }
            sql += " ELSE \(stateOrder.count) END, "
        }
        sql += "state_since, slug"
        try writer.read { db in
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try cursor.next() {
                try each(BoardRow(slug: row[0], headline: row[1], author: row[2], state: row[3], stateSince: row[4],
                                  revision: row[5], liveRevision: row[6], lastUpdatedAt: row[7],
                                  scheduledAt: row[8], scheduledRevision: row[9]))
            }
        }
    }

    public func revisions(of id: StoryID) throws -> [Revision] {
        try writer.read { db in
            try Revision.filter(Column("story_id") == id.text).order(Column("number")).fetchAll(db)
        }
    }

    /// One revision of a story, or nil when the catalog has no such revision.
    /// One statement, prepared once per connection: `bundle --all` asks this for every live story.
    public func revision(of id: StoryID, number: Int) throws -> Revision? {
        try writer.read { db in
            let statement = try db.cachedStatement(sql: "SELECT * FROM revisions WHERE story_id = ? AND number = ?")
            return try Revision.fetchOne(statement, arguments: [id.text, number])
        }
    }

    public func corrections(of id: StoryID) throws -> [Correction] {
        try writer.read { db in
            try Correction.filter(Column("story_id") == id.text).order(Column("id")).fetchAll(db)
        }
    }

    /// Stories whose scheduled publication time is at or before `time`.
    public func storiesDue(at time: String) throws -> [Story] {
        try writer.read { db in
            try Story.filter(Column("scheduled_at") != nil && Column("scheduled_at") <= time).order(Column("scheduled_at")).fetchAll(db)
        }
    }

    public func events(of id: StoryID) throws -> [Event] {
        try writer.read { db in
            try Event.filter(Column("story_id") == id.text).order(Column("id")).fetchAll(db)
        }
    }

    /// Stories whose latest revision matches every word of `query` (a trailing `*` matches a
    /// prefix), best first, with a snippet of the body around the match.
    public func search(_ query: String, limit: Int = 50) throws -> [(Story, String)] {
        let terms = query.split(whereSeparator: \.isWhitespace).map { word -> String in
            let prefix = word.hasSuffix("*")
            let text = (prefix ? word.dropLast() : word).replacingOccurrences(of: "\"", with: "\"\"")
            return "\"\(text)\"" + (prefix ? "*" : "")
        }.filter { $0 != "\"\"" && $0 != "\"\"*" }
        guard !terms.isEmpty else { return [] }
        return try writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT stories.*, snippet(story_search, 2, '[', ']', '…', 12) AS snippet
                FROM story_search JOIN stories ON stories.rowid = story_search.rowid
                WHERE story_search MATCH ? ORDER BY rank LIMIT ?
                """, arguments: [terms.joined(separator: " "), limit])
            return try rows.map { (try Story(row: $0), $0["snippet"] ?? "") }
        }
    }

    /// SQLite's own check of the file: `["ok"]` when sound.
    public func integrityCheck() throws -> [String] {
        try writer.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
    }

    /// Every table's rows as text, in a fixed order: what `reindex` must reproduce exactly.
    public func dump() throws -> String {
        try writer.read { db in
            var out = ""
            for table in ["people", "stories", "revisions", "events", "corrections", "catalog_state"] {
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid")
                for row in rows { out += "\(table) \(row.description)\n" }
            }
            // The search index's content (not its internal segments, which depend on how the
            // writes were batched, as any index's pages do).
            for row in try Row.fetchAll(db, sql: "SELECT rowid, slug, headline, body FROM story_search ORDER BY rowid") {
                out += "story_search \(row.description)\n"
            }
            return out
        }
    }
}
