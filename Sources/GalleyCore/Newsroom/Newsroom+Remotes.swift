import Foundation
import GitKit

extension Newsroom {
    /// The newsroom's git remotes.
    public func remotes() throws -> [RemoteInfo] {
        try git { try repository.remotes() }
    }

    /// Adds a remote. A URL carrying a password or token is refused: git would keep it in
    /// `.git/config`, and credentials never go into the repository (use `GALLEY_GIT_TOKEN`).
    public func addRemote(_ name: String, url: String) throws {
        try Newsroom.checkRemoteURL(url)
        guard !name.isEmpty, name.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]*$"#, options: .regularExpression) != nil else {
            throw GalleyError.usage("'\(name)' is not a remote name; use letters, digits, '.', '_' or '-' (e.g. origin)")
        }
        if let existing = try git({ try repository.remoteURL(name) }) {
            throw GalleyError.badInput("the remote '\(name)' already exists (\(existing)); choose another name")
        }
        try git { try repository.addRemote(name, url: url) }
    }

    static func checkRemoteURL(_ url: String) throws {
        guard !url.isEmpty, !url.contains("\0"), !url.contains(where: \.isNewline) else {
            throw GalleyError.usage("the remote URL is empty or holds control characters")
        }
        if let parsed = URL(string: url), parsed.scheme != nil, parsed.password != nil {
            throw GalleyError.usage("the URL holds a password or token, which git would store in .git/config; "
                + "give the URL without it and set GALLEY_GIT_TOKEN (or use git's credential helper)")
        }
    }

    /// Clones the newsroom at `url` into `folder` through libgit2, writes its work tree and builds
    /// its catalog from git. On any failure the half-made folder is removed.
    public static func clone(from url: String, into folder: URL, credentials: Credentials, clock: Clock) throws -> (Newsroom, CatalogSummary) {
        try checkRemoteURL(url)
        let manager = FileManager.default
        if let contents = try? manager.contentsOfDirectory(atPath: folder.path), !contents.isEmpty {
            throw GalleyError.cannotCreate("\(folder.path) already exists and is not empty; clone into a new folder")
        }
        let existed = manager.fileExists(atPath: folder.path)
        do {
            let repository: Repository
            do {
                repository = try Repository.clone(from: url, into: folder, credentials: credentials)
            } catch let error as GitError {
                throw GalleyError.unavailable("cannot clone \(url): \(error.message); check the address and your access "
                    + "(ssh agent or GALLEY_SSH_KEY, GALLEY_GIT_TOKEN for https)")
            }
            // A bare remote made with `git init --bare` may name an unborn default branch (master)
            // while the newsroom's history is on main: take main, or the only branch there is.
            if let branch = try? repository.headBranch(), try git({ try repository.resolve(branch) }) == nil {
                let branches = try git { try repository.references(under: "refs/remotes/origin/") }.filter { !$0.hasSuffix("/HEAD") }
                if let chosen = branches.first(where: { $0.hasSuffix("/main") }) ?? (branches.count == 1 ? branches.first : nil),
                   let tip = try git({ try repository.resolve(chosen) }) {
                    let local = "refs/heads/" + chosen.replacingOccurrences(of: "refs/remotes/origin/", with: "")
                    try git { try repository.setReference(local, to: tip, logMessage: "galley clone") }
                    try git { try repository.setHead(local) }
                }
            }
            guard let branch = try? repository.headBranch(), let head = try git({ try repository.resolve(branch) }),
                  try git({ try repository.file(at: NewsroomSettings.fileName, in: head) }) != nil else {
                throw GalleyError.unavailable("\(url) is not a Galley newsroom (its default branch has no \(NewsroomSettings.fileName)); check the address")
            }
            for change in try git({ try repository.changes(from: nil, to: head) }) {
                try writeWorkTreeFile(change, root: folder, repository: repository)
            }
            try installCommitGuard(in: repository.gitDirectory)
            let (summary, _) = try reindex(at: folder, clock: clock)
            return (try open(at: folder, clock: clock), summary)
        } catch {
            if existed {
                for item in (try? manager.contentsOfDirectory(atPath: folder.path)) ?? [] {
                    try? manager.removeItem(at: folder.appendingPathComponent(item))
                }
            } else {
                try? manager.removeItem(at: folder)
            }
            throw error
        }
    }

    /// Writes one changed file of a commit into the work tree (or removes it, with empty folders).
    static func writeWorkTreeFile(_ change: TreeChange, root: URL, repository: Repository) throws {
        let url = try incomingURL(change.path, in: root)
        if let blob = change.blob {
            try AtomicFile.write(try git { try repository.blob(blob) }, to: url)
            if change.executable { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path) }
        } else {
            try? FileManager.default.removeItem(at: url)
            var folder = url.deletingLastPathComponent()
            while folder.path.count > root.path.count,
                  (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.isEmpty == true {
                try? FileManager.default.removeItem(at: folder)
                folder = folder.deletingLastPathComponent()
            }
        }
    }

    /// Where a file that came from a remote goes in the work tree. A hostile remote could send tree
    /// entries no git would write; none may leave the work tree or reach into `.git`, and none is
    /// written through a link in the work tree (workTreeURL refuses those).
    static func incomingURL(_ path: String, in root: URL) throws -> URL {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if workTreePathProblem(path) != nil || parts.contains(where: { $0.lowercased() == ".git" }) {
            throw GalleyError.badInput("the remote's history holds a file named '\(shown(path))', which would be written outside the newsroom; it was not written")
        }
        return try workTreeURL(path, in: root)
    }
}

extension Credentials {
    /// Credentials from the environment (`GALLEY_SSH_KEY`, `GALLEY_SSH_PASSPHRASE`, `GALLEY_GIT_TOKEN`,
    /// `GALLEY_GIT_USER`) and, for an ssh key, the clone's own `git config galley.sshKey`. None of
    /// these is ever written by Galley.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                                       newsroom: Newsroom? = nil) -> Credentials {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let key = value("GALLEY_SSH_KEY") ?? newsroom.flatMap { try? $0.repository.configString("galley.sshKey") }
        return Credentials(sshKey: key.map { URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath) },
                           sshPassphrase: value("GALLEY_SSH_PASSPHRASE"), token: value("GALLEY_GIT_TOKEN"),
                           tokenUser: value("GALLEY_GIT_USER") ?? "git")
    }
}
