import Crypto
import Foundation

/// The files of one story's bundle, by path inside the bundle, before they are written.
public struct StoryBundle: Sendable {
    public var slug: String
    public var files: [String: Data]

    /// The paths in the fixed order they are written and archived.
    public var paths: [String] { files.keys.sorted() }
}

/// `manifest.json`: what the bundle is (story, revision, commit, times) and every file in it
/// with its SHA-256 and size, so the publishing side can check what it received.
struct BundleManifest: Encodable {
    struct File: Encodable {
        var path: String
        var sha256: String
        var size: Int
    }

    var storyId: String
    var slug: String
    var revision: Int
    var commit: String
    var publishedAt: String?
    var lastUpdatedAt: String?
    var embargo: String?
    /// True for `galley preview`: built from a revision that is not live, never for publication.
    var preview: Bool
    var ninjsVersion: String
    var generator: String
    var files: [File]

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}

/// The one JSON encoding of everything Galley writes into bundles: sorted keys, so the same
/// revision always gives the same bytes.
enum BundleJSON {
    static func encode<T: Encodable>(_ value: T, snakeCase: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if snakeCase { encoder.keyEncodingStrategy = .convertToSnakeCase }
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }

    /// JSON from plain dictionaries (ninjs, JSON-LD), keys sorted.
    static func object(_ value: [String: Any]) throws -> Data {
        var data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        data.append(0x0A)
        return data
    }
}
