import Foundation

/// Writes files so that a crash leaves either the old bytes or the new ones, never half of each.
enum AtomicFile {
    static func write(_ data: Data, to url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw GalleyError.cannotCreate("cannot write \(url.path): \(error.localizedDescription); check the folder's permissions and free space")
        }
    }
}
