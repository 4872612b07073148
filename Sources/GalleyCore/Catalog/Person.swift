import GRDB

/// A member of the newsroom and the role that decides what they may do.
public struct Person: Codable, Equatable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "people"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var email: String
    public var name: String
    public var role: Role
    /// When they joined, ISO 8601 UTC.
    public var addedAt: String
    /// Who added them; nil for the person who founded the newsroom.
    public var addedBy: String?

    public init(email: String, name: String, role: Role, addedAt: String, addedBy: String?) {
        self.email = email
        self.name = name
        self.role = role
        self.addedAt = addedAt
        self.addedBy = addedBy
    }
}

/// What a person may do. Editors review and publish; admins also manage people.
public enum Role: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    case reporter, editor, admin

    /// Parses a role name, naming the valid ones when it is not one.
    public init(validating text: String) throws {
        guard let role = Role(rawValue: text) else {
            throw GalleyError.badInput("unknown role '\(text)'; the roles are \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = role
    }

    /// True for roles that may edit any story and act as editors.
    public var isEditor: Bool { self == .editor || self == .admin }
}
