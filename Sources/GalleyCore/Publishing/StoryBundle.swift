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
/// with its SHA-256 and size, so the publishing side can check what it received. (Encodable
/// only for the tests, which compare `json()` with what `JSONEncoder` wrote before.)
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

    /// Lowercase hex, two digits a byte from a table (`String(format:)` per byte cost more
    /// than hashing a story's files).
    static func sha256(_ data: Data) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: data) {
            text.append(Hex.lowercaseDigits[Int(byte >> 4)])
            text.append(Hex.lowercaseDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The manifest as `JSONEncoder` wrote it (pretty-printed, sorted snake_case keys, nil
    /// fields left out, a final newline), so the same revision keeps the same bytes.
    func json() -> Data {
        var json = JSONWriter(layout: .pretty, capacity: 1024 + 160 * files.count)
        json.openObject()
        json.member("commit", commit)
        json.member("embargo", embargo)
        json.openArray("files")
        for file in files {
            json.openObject()
            json.member("path", file.path)
            json.member("sha256", file.sha256)
            json.member("size", file.size)
            json.close()
        }
        json.close()
        json.member("generator", generator)
        json.member("last_updated_at", lastUpdatedAt)
        json.member("ninjs_version", ninjsVersion)
        json.member("preview", preview)
        json.member("published_at", publishedAt)
        json.member("revision", revision)
        json.member("slug", slug)
        json.member("story_id", storyId)
        json.close()
        json.bytes.append(0x0A)
        return Data(json.bytes)
    }
}
