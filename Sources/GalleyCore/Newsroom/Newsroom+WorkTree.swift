import Foundation
import GitKit

extension Newsroom {
    /// The bytes of the blob `blob` read from the work-tree file at `url`, when that file holds
    /// exactly them (its blob id is `blob`); nil otherwise, and the caller reads the blob from git.
    /// Git packs a story's text as a delta on other texts, up to 50 deep, so a blob read from git
    /// inflates a chain of them; most live stories are in the work tree as they were published.
    /// The id check makes the copy byte-for-byte the blob: what is being edited, or anything but a
    /// plain file (a link is not followed, a pipe not waited on), is never used.
    static func workTreeCopy(of blob: ObjectID, at url: URL) -> Data? {
        let file = Glibc.open(url.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else { return nil }
        defer { Glibc.close(file) }
        var info = stat()
        // Story files are at most a few megabytes (`save` refuses more); anything larger is git's to read.
        guard fstat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size <= 64 << 20 else { return nil }
        var data = Data(count: Int(info.st_size))
        let complete = data.withUnsafeMutableBytes { buffer -> Bool in
            var done = 0
            while done < buffer.count {
                let count = read(file, buffer.baseAddress! + done, buffer.count - done)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                done += count
            }
            return true
        }
        guard complete, ObjectID.ofBlob(data) == blob else { return nil }
        return data
    }

    /// The words every refusal of a symbolic link in the newsroom carries.
    static let linkRefusal = "Galley reads and writes only inside the newsroom and follows no links there"

    /// The work-tree URL of `path` (relative to the newsroom root), refused when reading or writing
    /// it could reach outside the newsroom: an absolute path, a `..` or `.` component, a control
    /// character, or a symbolic link anywhere between the root and the file. A story folder or
    /// `bundles/` replaced by a link (by hand, or pulled from a remote) must not make Galley commit
    /// or overwrite files elsewhere on the machine.
    func workTreeURL(_ path: String) throws -> URL {
        try Newsroom.workTreeURL(path, in: root)
    }

    static func workTreeURL(_ path: String, in root: URL) throws -> URL {
        if let problem = workTreePathProblem(path) {
            throw GalleyError.badInput(problem)
        }
        var url = root
        var relative = ""
        var exists = true
        for component in path.split(separator: "/") {
            url.appendPathComponent(String(component))
            relative += (relative.isEmpty ? "" : "/") + component
            var info = stat()
            // Once a part is not there, nothing below it can be a link either.
            exists = exists && lstat(url.path, &info) == 0
            if exists && info.st_mode & S_IFMT == S_IFLNK {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)).map { " (to \($0))" } ?? ""
                throw GalleyError.badInput(
                    "\(relative) is a symbolic link\(target); \(linkRefusal). Replace it with a real folder or file (`git status` shows what git holds)")
            }
        }
        return url
    }

    /// `path` as a message may show it: control characters written as `\u{…}`, so a hostile
    /// name cannot move the cursor or recolour the terminal.
    static func shown(_ path: String) -> String {
        path.unicodeScalars.map { $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
    }

    /// Why `path` cannot name a place inside the newsroom, or nil.
    static func workTreePathProblem(_ path: String) -> String? {
        let text = shown(path)
        if path.isEmpty || path.hasPrefix("/") { return "'\(text)' is not a path inside the newsroom" }
        if path.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "'\(text)' contains a control character; a path in the newsroom may not"
        }
        if path.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) {
            return "'\(text)' may not leave the newsroom ('..', '.' and empty parts are not allowed)"
        }
        return nil
    }

    /// The default bundle folder, refused (exit 73) when `bundles/` is a link out of the newsroom.
    func checkedBundlesFolder() throws -> URL {
        do {
            return try workTreeURL("bundles")
        } catch let error as GalleyError {
            throw GalleyError.cannotCreate("\(error.message); to write bundles there on purpose, pass it with --out")
        }
    }
}
