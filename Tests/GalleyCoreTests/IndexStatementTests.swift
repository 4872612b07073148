import Foundation
@testable import GalleyCore
import GRDB
import Testing

/// The indexer's statements bind and read through SQLite's C API (`IndexStatement`); what they
/// store must be what GRDB's `execute(arguments:)` stored: the same types, NULLs, empty texts and
/// non-ASCII bytes, and a failure must come out as GRDB's `DatabaseError`.
@Suite struct IndexStatementTests {
    let queue: DatabaseQueue

    init() throws {
        queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, note TEXT, n INTEGER, flag INTEGER NOT NULL)")
        }
    }

    /// Each row written as `typeof(x) || ':' || quote(x)`, per column, texts as their bytes in hex
    /// (`quote` stops at a NUL): what sqlite3 sees.
    func stored(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT typeof(name) || ':' || hex(name) || ' ' || typeof(note) || ':' || CASE WHEN note IS NULL THEN 'NULL' ELSE hex(note) END || ' ' ||
                   typeof(n) || ':' || quote(n) || ' ' || typeof(flag) || ':' || quote(flag) FROM t ORDER BY id
            """)
    }

    @Test func storesWhatGRDBStores() throws {
        let rows: [(String, String?, Int?, Bool)] = [
            ("plain", "a note", 7, true), ("", nil, nil, false), ("Ñoño — “kutip” 東京 🗞", "", -1, true),
            ("with\u{0}nul", "line\nbreak", Int.max, false),
        ]
        let byGRDB = try queue.write { db in
            for row in rows {
                try db.execute(sql: "INSERT INTO t (name, note, n, flag) VALUES (?, ?, ?, ?)", arguments: [row.0, row.1, row.2, row.3])
            }
            defer { try? db.execute(sql: "DELETE FROM t") }
            return try stored(db)
        }
        let byIndexStatement = try queue.write { db in
            let insert = try IndexStatement(db, "INSERT INTO t (name, note, n, flag) VALUES (?, ?, ?, ?)")
            for row in rows { try insert.execute(row.0, row.1, row.2, row.3) }
            return try stored(db)
        }
        #expect(byIndexStatement == byGRDB)
        #expect(byIndexStatement[1] == "text: null:NULL null:NULL integer:0")
        // GRDB binds text up to a NUL; so does IndexStatement (the indexer never sees one: story
        // files with a NUL are refused, and libgit2 hands over messages as C strings).
        #expect(byIndexStatement[3].hasPrefix("text:77697468 "))
    }

    @Test func readsColumnsBackAndNoRowAsNil() throws {
        try queue.write { db in
            try IndexStatement(db, "INSERT INTO t (name, note, n, flag) VALUES (?, ?, ?, ?)").execute("a", String?.none, 3, true)
            let select = try IndexStatement(db, "SELECT name, note, n FROM t WHERE name = ?")
            let row = try select.first("a") { ($0.text(0), $0.optionalText(1), $0.optionalInt(2), $0.int(2)) }
            #expect(row?.0 == "a" && row?.1 == nil && row?.2 == 3 && row?.3 == 3)
            #expect(try select.first("missing") { $0.text(0) } == nil)
            // Reused after a run that found nothing, with another value bound.
            #expect(try select.first("a") { $0.text(0) } == "a")
        }
    }

    @Test func aFailureIsADatabaseErrorAndTheStatementStaysUsable() throws {
        try queue.write { db in
            let insert = try IndexStatement(db, "INSERT INTO t (name, note, n, flag) VALUES (?, ?, ?, ?)")
            try insert.execute("same", String?.none, Int?.none, false)
            do {
                try insert.execute("same", String?.none, Int?.none, false)
                Issue.record("a second row with the same unique name was inserted")
            } catch let error as DatabaseError {
                #expect(error.resultCode == .SQLITE_CONSTRAINT)
                #expect(error.message?.contains("UNIQUE constraint failed: t.name") == true)
            }
            try insert.execute("other", "x", 1, true)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") == 2)
        }
    }
}
