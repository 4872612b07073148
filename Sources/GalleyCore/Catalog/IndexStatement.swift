import GRDB
import GRDBSQLite

/// A statement the indexer runs once or more per commit (tens of thousands of times in a
/// reindex): prepared once, its values bound and its rows read through SQLite's C API.
///
/// GRDB's `cachedStatement(sql:).execute(arguments:)` hashes the SQL text to find the statement,
/// boxes every value in an existential and an array, and checks its scheduling on each call: a
/// profile of `galley reindex` put that (retain/release, malloc, hashing) above SQLite's own work
/// on the indexer's thread. The statement still belongs to GRDB's connection and runs inside
/// its transaction; an error is thrown as GRDB's `DatabaseError`, as `execute` would.
final class IndexStatement {
    private let statement: Statement
    private let handle: OpaquePointer
    let sql: String

    init(_ db: Database, _ sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
        self.sql = sql
    }

    /// Runs the statement with `values` bound to its parameters, in order, to its end.
    func execute<each Value: IndexValue>(_ values: repeat each Value) throws {
        try bind(repeat each values)
        defer { sqlite3_reset(handle) }
        var code = sqlite3_step(handle)
        while code == SQLITE_ROW { code = sqlite3_step(handle) }
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    /// Runs the statement with `values` bound and reads its first row with `read`; nil when it
    /// has none.
    func first<Result, each Value: IndexValue>(_ values: repeat each Value,
                                                 read: (Columns) throws -> Result) throws -> Result? {
        try bind(repeat each values)
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else { throw failure(code) }
        return try read(Columns(handle: handle))
    }

    private func bind<each Value: IndexValue>(_ values: repeat each Value) throws {
        sqlite3_clear_bindings(handle)
        var index: Int32 = 0
        for value in repeat each values {
            index += 1
            let code = value.bind(to: handle, at: index)
            guard code == SQLITE_OK else { throw failure(code) }
        }
        precondition(index == sqlite3_bind_parameter_count(handle), "\(index) values for \(sql)")
    }

    private func failure(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code),
                      message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))), sql: sql)
    }

    /// The columns of the current row.
    struct Columns {
        let handle: OpaquePointer

        /// The text of a column that is not NULL (`optionalText` for one that may be).
        func text(_ column: Int32) -> String {
            assert(sqlite3_column_type(handle, column) != SQLITE_NULL, "column \(column) is NULL")
            guard let bytes = sqlite3_column_text(handle, column) else { return "" }
            let count = Int(sqlite3_column_bytes(handle, column))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }

        func optionalText(_ column: Int32) -> String? {
            guard sqlite3_column_type(handle, column) != SQLITE_NULL, let bytes = sqlite3_column_text(handle, column) else { return nil }
            return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
        }

        /// The integer of a column that is not NULL (`optionalInt` for one that may be).
        func int(_ column: Int32) -> Int {
            assert(sqlite3_column_type(handle, column) != SQLITE_NULL, "column \(column) is NULL")
            return Int(sqlite3_column_int64(handle, column))
        }

        func optionalInt(_ column: Int32) -> Int? {
            sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(handle, column))
        }
    }
}

/// A value the indexer binds to a statement's parameter: text, an integer, a flag, or nil.
protocol IndexValue {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32
}

/// SQLite copies the bytes before the call returns (`SQLITE_TRANSIENT`), so a Swift string's
/// C string need not outlive the binding.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

extension String: IndexValue {
    /// Bound as GRDB binds text: up to the first NUL (length -1), so both store the same bytes.
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        withCString { sqlite3_bind_text(statement, index, $0, -1, transient) }
    }
}

extension Int: IndexValue {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_int64(statement, index, Int64(self))
    }
}

extension Int64: IndexValue {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_int64(statement, index, self)
    }
}

extension Bool: IndexValue {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_int64(statement, index, self ? 1 : 0)
    }
}

extension Optional: IndexValue where Wrapped: IndexValue {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        switch self {
        case .none: sqlite3_bind_null(statement, index)
        case .some(let value): value.bind(to: statement, at: index)
        }
    }
}
