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

/// What a person may do: `reporter`, `editor`, `admin`, or a role a custom workflow declares
/// (`copy-editor`). Editors may change any story; admins also manage people and the workflow.
public struct Role: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible, DatabaseValueConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public static let reporter = Role(rawValue: "reporter")
    public static let editor = Role(rawValue: "editor")
    public static let admin = Role(rawValue: "admin")
    /// The roles every newsroom has, whatever its workflow.
    public static let builtIn: [Role] = [.reporter, .editor, .admin]

    /// Parses a role name against the roles the newsroom knows, naming them when it is not one.
    public init(validating text: String, known: [Role] = Role.builtIn) throws {
        guard let role = known.first(where: { $0.rawValue == text }) else {
            throw GalleyError.badInput("unknown role '\(text)'; the roles are \(known.map(\.rawValue).joined(separator: ", "))")
        }
        self = role
    }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    /// True for roles that may edit any story and act as editors.
    public var isEditor: Bool { self == .editor || self == .admin }
}
