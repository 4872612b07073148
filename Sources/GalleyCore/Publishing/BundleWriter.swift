import CSystem
import Foundation
import ZIPFoundation
#if canImport(Glibc)
import Glibc
/// The C library's calls, named apart from BundleWriter's own `rename` and `write`.
private let systemRename = Glibc.rename
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemRename = Darwin.rename
private let systemWrite = Darwin.write
#endif

/// Writes bundles to disk all at once: into a temporary sibling first, flushed to disk, then
/// moved into place, so the publishing side never picks up half a bundle (not even after a power
/// cut) and a failed build leaves the old one intact.
///
/// The flush is one `syncfs` for a whole batch of bundles rather than an `fsync` per file (as
/// `Data.write` does): `galley bundle --all` writes four files per story, and their fsyncs were
/// a seventh of its time. This is git's `core.fsyncMethod=batch` idea, with the flush that
/// Linux makes durable for every file system.
public enum BundleWriter {
    /// The fixed time stamped on every zip entry: archives of the same revision are identical.
    static let archiveDate = Date(timeIntervalSince1970: 315_532_800)  // 1980-01-01, the zip epoch

    /// A bundle written under its temporary name, waiting for the flush and the move into place.
    struct Staged {
        let slug: String
        let final: URL
        let temporary: URL
    }

    /// Writes `bundle` as `<out>/<slug>/` (or `<out>/<slug>.zip`) and returns where it went.
    @discardableResult
    public static func write(_ bundle: StoryBundle, into out: URL, zip: Bool) throws -> URL {
        try makeFolder(out)
        let staged = try stage(bundle, into: out, zip: zip)
        do {
            try flush(out)
        } catch {
            discard(staged)
            throw error
        }
        return try moveIntoPlace(staged)
    }

    /// Makes the bundle folder (and its parents) if it is not there.
    static func makeFolder(_ out: URL) throws {
        do {
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        } catch {
            throw GalleyError.cannotCreate("cannot create the bundle folder \(out.path): \(error.localizedDescription); check its permissions and free space, or pass --out DIR")
        }
    }

    /// Writes the bundle's files under a temporary name beside its final place (`.SLUG.N.PID.tmp`),
    /// not yet flushed to disk. Nothing is left behind when it fails.
    static func stage(_ bundle: StoryBundle, into out: URL, zip: Bool) throws -> Staged {
        // `isDirectory` given: without it Foundation asks the file system (a stat per name, 3% of
        // `bundle --all`), for a trailing slash that `.path` drops anyway.
        let final = out.appendingPathComponent(zip ? bundle.slug + ".zip" : bundle.slug, isDirectory: !zip)
        // Numbered: two live stories can share a slug (one's rename waits for its publication),
        // and their bundles must not be staged under one name. The process number comes last,
        // where `galley doctor` reads it to tell a stopped build's leftovers from a running one.
        let temporary = out.appendingPathComponent(".\(bundle.slug).\(stagings.next()).\(ProcessInfo.processInfo.processIdentifier).tmp",
                                                   isDirectory: !zip)
        do {
            if zip {
                // A crashed run of a process with the same number may have left one behind.
                if exists(temporary.path) { try? FileManager.default.removeItem(at: temporary) }
                try writeArchive(bundle, to: temporary)
            } else {
                do {
                    try makeDirectory(temporary.path)
                } catch let failure as SystemCallFailure where failure.code == EEXIST {
                    // A crashed run of a process with the same number left one behind.
                    try? FileManager.default.removeItem(at: temporary)
                    try makeDirectory(temporary.path)
                }
                for path in bundle.paths {
                    // Asset paths may name folders inside the bundle (`images/photo.jpg`).
                    var folder = temporary.path
                    for component in path.split(separator: "/").dropLast() {
                        folder += "/" + component
                        if !exists(folder) { try makeDirectory(folder) }
                    }
                    try writeFile(bundle.files[path]!, to: temporary.path + "/" + path)
                }
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw GalleyError.cannotCreate("cannot write the bundle \(final.path): \(describe(error)); check the folder's permissions and free space, or pass --out DIR")
        }
        FaultInjection.reach(FaultInjection.whileWritingBundle)
        return Staged(slug: bundle.slug, final: final, temporary: temporary)
    }

    /// Flushes everything written in the bundle folder's file system to disk: once for every
    /// bundle staged since the last flush.
    static func flush(_ out: URL) throws {
        let folder = open(out.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { throw flushFailure(out, errno) }
        defer { close(folder) }
        guard galley_syncfs(folder) == 0 else { throw flushFailure(out, errno) }
    }

    private static func flushFailure(_ out: URL, _ code: Int32) -> GalleyError {
        .cannotCreate("cannot flush the bundles in \(out.path) to disk: \(String(cString: strerror(code))); check the disk and its free space, then build them again")
    }

    /// Swaps in the staged bundle, so that at every moment there is one complete bundle under the
    /// final name or none: in one rename when nothing is there (or a zip replaces a zip, or a
    /// folder an empty folder), else the old one is moved aside first and removed last.
    static func moveIntoPlace(_ staged: Staged) throws -> URL {
        let final = staged.final, temporary = staged.temporary
        // Most bundles are new: one rename puts them in place, without looking first. Where one
        // is there already (the rename refuses a folder that is not empty, or a file for a folder
        // or the other way round), it is moved aside first.
        if systemRename(temporary.path, final.path) == 0 { return final }
        let refused = errno
        let previous = final.deletingLastPathComponent()
            .appendingPathComponent(".\(staged.slug).\(stagings.next()).\(ProcessInfo.processInfo.processIdentifier).old",
                                    isDirectory: final.hasDirectoryPath)
        var hadPrevious = false
        do {
            guard [EEXIST, ENOTEMPTY, ENOTDIR, EISDIR].contains(refused) else {
                throw SystemCallFailure(path: final.path, code: refused)
            }
            if exists(final.path) {
                if exists(previous.path) { try? FileManager.default.removeItem(at: previous) }
                try rename(final.path, to: previous.path)
                hadPrevious = true
            }
            try rename(temporary.path, to: final.path)
        } catch {
            // The old bundle goes back under its name: a failed build leaves it as it was.
            if hadPrevious, !exists(final.path) { try? rename(previous.path, to: final.path) }
            discard(staged)
            throw GalleyError.cannotCreate("cannot write the bundle \(final.path): \(describe(error)); check the folder's permissions and free space, or pass --out DIR")
        }
        if hadPrevious { try? FileManager.default.removeItem(at: previous) }
        return final
    }

    /// Numbers the temporary names of this process's stagings.
    private static let stagings = StagingNumbers()

    private final class StagingNumbers: @unchecked Sendable {
        private let lock = NSLock()
        private var last = 0

        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            last += 1
            return last
        }
    }

    /// Removes a staged bundle that will not be moved into place.
    static func discard(_ staged: Staged) {
        try? FileManager.default.removeItem(at: staged.temporary)
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

    // MARK: The system calls, with errors that name the file

    /// A failed system call on a file, described as the C library describes it.
    struct SystemCallFailure: Error {
        let path: String
        let code: Int32
    }

    private static func describe(_ error: Error) -> String {
        if let failure = error as? SystemCallFailure {
            return "\(failure.path): \(String(cString: strerror(failure.code)))"
        }
        return error.localizedDescription
    }

    private static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    private static func makeDirectory(_ path: String) throws {
        guard mkdir(path, 0o777) == 0 else { throw SystemCallFailure(path: path, code: errno) }
    }

    private static func rename(_ from: String, to: String) throws {
        guard systemRename(from, to) == 0 else { throw SystemCallFailure(path: from, code: errno) }
    }

    /// Writes a new file in one go (the permissions `Data.write` gives: 0666 less the umask).
    private static func writeFile(_ data: Data, to path: String) throws {
        let file = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard file >= 0 else { throw SystemCallFailure(path: path, code: errno) }
        var failure: Int32 = 0
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = systemWrite(file, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if close(file) != 0, failure == 0 { failure = errno }
        if failure != 0 { throw SystemCallFailure(path: path, code: failure) }
    }
}
