import Clibgit2

/// A git object id (SHA-1), held as its 40-character hex form so it is a plain value.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The 40 lowercase hex digits.
    public let hex: String

    /// Parses 40 hex digits; returns nil for anything else.
    public init?(hex: String) {
        guard hex.utf8.count == 40, hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0) }) else { return nil }
        self.hex = hex.lowercased()
    }

    init(_ oid: git_oid) {
        var copy = oid
        var buffer = [CChar](repeating: 0, count: 41)
        git_oid_tostr(&buffer, 41, &copy)
        self.hex = String(decoding: buffer.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The libgit2 form, for calls into the C library.
    var oid: git_oid {
        var oid = git_oid()
        _ = git_oid_fromstr(&oid, hex)
        return oid
    }

    public var description: String { hex }

    /// The abbreviated form people see in logs.
    public var short: String { String(hex.prefix(7)) }
}
