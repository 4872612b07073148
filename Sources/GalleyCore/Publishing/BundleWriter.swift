import Foundation
import ZIPFoundation

/// Writes bundles to disk all at once: into a temporary sibling first, then moved into place, so
/// the publishing side never picks up half a bundle and a failed build leaves the old one intact.
public enum BundleWriter {
    /// The fixed time stamped on every zip entry: archives of the same revision are identical.
    static let archiveDate = Date(timeIntervalSince1970: 315_532_800)  // 1980-01-01, the zip epoch

    /// Writes `bundle` as `<out>/<slug>/` (or `<out>/<slug>.zip`) and returns where it went.
    @discardableResult
    public static func write(_ bundle: StoryBundle, into out: URL, zip: Bool) throws -> URL {
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: out, withIntermediateDirectories: true)
        } catch {
            throw GalleyError.cannotCreate("cannot create the bundle folder \(out.path): \(error.localizedDescription); check its permissions and free space, or pass --out DIR")
        }
        let final = out.appendingPathComponent(zip ? bundle.slug + ".zip" : bundle.slug)
        let temporary = out.appendingPathComponent(".\(bundle.slug).\(ProcessInfo.processInfo.processIdentifier).tmp")
        try? manager.removeItem(at: temporary)
        do {
            if zip {
                try writeArchive(bundle, to: temporary)
            } else {
                for path in bundle.paths {
                    let url = temporary.appendingPathComponent(path)
                    try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try bundle.files[path]!.write(to: url)
                }
            }
            FaultInjection.reach(FaultInjection.whileWritingBundle)
            // Swap in the new bundle: the old one is moved aside first and removed last, so at
            // every moment there is one complete bundle under the final name or none.
            let previous = out.appendingPathComponent(".\(bundle.slug).\(ProcessInfo.processInfo.processIdentifier).old")
            let hadPrevious = manager.fileExists(atPath: final.path)
            if hadPrevious {
                try? manager.removeItem(at: previous)
                try manager.moveItem(at: final, to: previous)
            }
            try manager.moveItem(at: temporary, to: final)
            if hadPrevious { try? manager.removeItem(at: previous) }
        } catch let error as GalleyError {
            try? manager.removeItem(at: temporary)
            throw error
        } catch {
            try? manager.removeItem(at: temporary)
            throw GalleyError.cannotCreate("cannot write the bundle \(final.path): \(error.localizedDescription); check the folder's permissions and free space, or pass --out DIR")
        }
        return final
    }

    /// A zip with entries in path order, deflated, all stamped with the same fixed time.
    static func writeArchive(_ bundle: StoryBundle, to url: URL) throws {
        let archive = try Archive(url: url, accessMode: .create)
        for path in bundle.paths {
            let data = bundle.files[path]!
            try archive.addEntry(with: "\(bundle.slug)/\(path)", type: .file, uncompressedSize: Int64(data.count),
                                 modificationDate: archiveDate, permissions: 0o644, compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }
}
