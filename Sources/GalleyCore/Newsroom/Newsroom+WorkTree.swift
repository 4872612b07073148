import Foundation

extension Newsroom {
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
