import Clibgit2
import Foundation

/// A git object id (SHA-1), held as its 40-character hex form so it is a plain value.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The 40 lowercase hex digits.
    public let hex: String

    /// Parses 40 hex digits; returns nil for anything else.
    public init?(hex: String) {
        guard hex.utf8.count == 40, hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0) }) else { return nil }
        self.hex = hex.lowercased()
    }

    /// Writes the 40 digits straight into the string's own storage: one allocation per id, where
    /// a C buffer, an array and a copy cost three. A reindex makes one for every commit it walks.
    init(_ oid: git_oid) {
        hex = withUnsafeBytes(of: oid.id) { raw in
            String(unsafeUninitializedCapacity: 40) { digits in
                for (index, byte) in raw.enumerated() {
                    digits[2 &* index] = ObjectID.hexDigits[Int(byte &>> 4)]
                    digits[2 &* index &+ 1] = ObjectID.hexDigits[Int(byte & 0x0F)]
                }
                return 40
            }
        }
    }

    /// The lowercase digit of each nibble, as git writes ids.
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

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

extension ObjectID {
    /// The id `data` has as a blob (`git hash-object --no-filters`), computed without writing it:
    /// a file whose id is a blob's holds exactly that blob's bytes.
    public static func ofBlob(_ data: Data) -> ObjectID {
        var oid = git_oid()
        data.withUnsafeBytes { bytes in
            // Fails only for an unknown object type; blob is a known one.
            _ = git_odb_hash(&oid, bytes.baseAddress, bytes.count, GIT_OBJECT_BLOB)
        }
        return ObjectID(oid)
    }
}
