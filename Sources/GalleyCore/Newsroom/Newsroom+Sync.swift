import Foundation
import GitKit

extension Newsroom {
    /// How many times a push is retried when another clone pushed first.
    static let maximumPushAttempts = 6
    /// Points at the local head while a sync replays it; its presence means a sync was interrupted.
    static let syncPendingReference = "refs/galley/sync/pending"
    /// The local head before the last sync that had to replay local commits (like git's ORIG_HEAD):
    /// what a superseded event or a conflicting settings change held is still there.
    static let syncBeforeReference = "refs/galley/sync/before"

    /// Fetches from `remote`, puts the local commits on top of the remote's (replaying each event
    /// through the workflow), pushes with compare-and-swap (retrying when another clone pushed
    /// first), and leaves the catalog and work tree caught up. See docs/sync.md.
    public func sync(remote name: String = "origin", credentials: Credentials) throws -> SyncReport {
        guard let url = try git({ try repository.remoteURL(name) }) else {
            let known = try remotes().map(\.name)
            throw GalleyError.notFound("the newsroom has no remote '\(name)'"
                + (known.isEmpty ? "; add one with `galley remote add \(name) URL`" : "; its remotes are \(known.joined(separator: ", "))"))
        }
        let lock = try SyncLock(stateFolder: root.appendingPathComponent(Newsroom.stateFolder))
        defer { lock.release() }
        var report = SyncReport(remote: name)
        let tracking = "refs/remotes/\(name)/" + branch.replacingOccurrences(of: "refs/heads/", with: "")
        // An interrupted sync left local commits to replay: finish that first.
        if try git({ try repository.resolve(Newsroom.syncPendingReference) }) != nil {
            try resumeReplay(report: &report)
        }
        var refusedAt: ObjectID?
        for attempt in 1...Newsroom.maximumPushAttempts {
            try transfer(url) { try repository.fetch(remote: name, refspecs: ["+\(branch):\(tracking)"], credentials: credentials) }
            let remoteTip = try git { try repository.resolve(tracking) }
            if let remoteTip, try git({ try repository.file(at: NewsroomSettings.fileName, in: remoteTip) }) == nil {
                throw GalleyError.unavailable("\(name) (\(url)) is not a Galley newsroom: its \(branch) has no \(NewsroomSettings.fileName); check the remote")
            }
            try integrate(remoteTip, remoteName: name, report: &report)
            guard let local = try head(), local != remoteTip else {
                report.head = remoteTip?.hex
                return report
            }
            let outgoing = try git { try repository.history(from: local, since: remoteTip) }
            let outcome = try push(local, over: remoteTip, to: name, url: url, credentials: credentials)
            if outcome.rejected.isEmpty {
                // libgit2 moves the remote-tracking reference itself; set it anyway for transports that do not.
                try git { try repository.setReference(tracking, to: local, logMessage: "galley sync: pushed") }
                report.sent += try outgoing.map(describe)
                report.head = local.hex
                return report
            }
            let reason = outcome.rejected.values.sorted().joined(separator: "; ")
            // Refused twice against the same remote commit: the remote will not take it (a hook, a
            // protected branch), not a race with another clone.
            if refusedAt == remoteTip || attempt == Newsroom.maximumPushAttempts {
                throw GalleyError.unavailable("\(name) refused the push of \(branch) (\(reason)); your work is kept here, "
                    + "nothing was lost; ask whoever runs \(url) why, then run `galley sync` again")
            }
            refusedAt = remoteTip
            report.retries += 1
            usleep(UInt32.random(in: 20_000...100_000) * UInt32(attempt))
        }
        throw GalleyError.conflict("\(name) kept changing while this sync ran; run `galley sync` again")
    }

    /// Pushes the branch, moving the remote's branch only if it still points at `remoteTip`.
    /// Over a network, git's receive-pack makes that check; for a remote that is a folder on this
    /// machine, libgit2 would move the branch without it, so the commits are sent under a
    /// reference of their own and the branch is then moved here with a compare-and-swap.
    private func push(_ local: ObjectID, over remoteTip: ObjectID?, to name: String, url: String,
                      credentials: Credentials) throws -> PushOutcome {
        guard let folder = Newsroom.localRemoteFolder(url) else {
            return try transfer(url) { try repository.push(remote: name, refspecs: ["\(branch):\(branch)"], credentials: credentials) }
        }
        let remote: Repository
        do {
            remote = try Repository.open(at: folder)
        } catch let error as GitError {
            throw GalleyError.unavailable("cannot open \(url): \(error.message); check the path. Nothing was changed here")
        }
        guard remote.workTree == nil else {
            throw GalleyError.unavailable("\(url) is a working folder, not a bare repository: pushing would leave its files behind its history. "
                + "Sync through a bare repository (`git init --bare PATH`, then `galley remote add`)")
        }
        let incoming = "refs/galley/incoming/\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        _ = try transfer(url) { try repository.push(remote: name, refspecs: ["+\(branch):\(incoming)"], credentials: credentials) }
        defer { try? remote.deleteReference(incoming) }
        do {
            try remote.updateReference(branch, to: local, expecting: remoteTip, logMessage: "galley sync: push")
            // A bare repository made with plain `git init --bare` names an unborn master as its
            // HEAD; point it at the newsroom's branch so clones and git itself find the history.
            if remoteTip == nil, let head = try? remote.headBranch(), head != branch, try remote.resolve(head) == nil {
                try remote.setHead(branch)
            }
            return PushOutcome(rejected: [:])
        } catch let error as GitError where error.isConflict {
            return PushOutcome(rejected: [branch: "the branch moved (another clone pushed first)"])
        } catch let error as GitError {
            throw GalleyError.internalFailure("git: \(error)")
        }
    }

    /// The folder of a remote given as a path or a `file://` URL; nil for network remotes.
    static func localRemoteFolder(_ url: String) -> URL? {
        if url.hasPrefix("file://") { return URL(string: url).map { URL(fileURLWithPath: $0.path) } }
        if url.contains("://") || (url.contains(":") && !url.hasPrefix("/") && !url.hasPrefix(".")) { return nil }
        return URL(fileURLWithPath: url)
    }

    /// Runs a network transfer, turning its failure into "remote unavailable" (69).
    private func transfer<T>(_ url: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as GitError {
            throw GalleyError.unavailable("cannot reach \(url): \(error.message); check the address, the network and your access "
                + "(ssh agent, GALLEY_SSH_KEY or git config galley.sshKey; GALLEY_GIT_TOKEN for https). Nothing was changed here")
        }
    }

    /// Makes the local branch descend from `remoteTip`: a fast-forward when there is no local
    /// work, else the local commits replayed on top of the remote's.
    private func integrate(_ remoteTip: ObjectID?, remoteName: String, report: inout SyncReport) throws {
        guard let remoteTip, let local = try catchUp() else { return }
        if try git({ try repository.isAncestor(remoteTip, of: local) }) { return }
        guard try git({ try repository.mergeBase(local, remoteTip) }) != nil else {
            throw GalleyError.unavailable("\(remoteName) holds another newsroom (no history in common with this one); check the remote's URL")
        }
        report.received += try git { try repository.history(from: remoteTip, since: local) }.map(describe)
        // Nothing in the work tree that sync will replace may hold unsaved work.
        try requireSavedWorkTree(at: local, paths: try git { try repository.changes(from: local, to: remoteTip) })
        let ours = try git { try repository.history(from: local, since: remoteTip) }
        if ours.isEmpty {
            try git { try repository.updateReference(branch, to: remoteTip, expecting: local, logMessage: "galley sync: fast-forward to \(remoteName)") }
            try catchUp()
            try updateWorkTree(from: local, to: remoteTip)
            return
        }
        // Diverged. The local head is kept under a reference first, so a crash from here on loses
        // nothing: the next `galley sync` finds it and finishes the replay.
        try git { try repository.setReference(Newsroom.syncPendingReference, to: local, logMessage: "galley sync: replaying") }
        try git { try repository.updateReference(branch, to: remoteTip, expecting: local, logMessage: "galley sync: rebase onto \(remoteName)") }
        try catchUp()
        try replay(ours, report: &report)
        try finishReplay(from: local)
    }

    /// Finishes a sync that stopped while replaying (the pending reference is still there).
    private func resumeReplay(report: inout SyncReport) throws {
        guard let pending = try git({ try repository.resolve(Newsroom.syncPendingReference) }), let current = try catchUp() else { return }
        let base = try git { try repository.mergeBase(pending, current) }
        let replayed = Set(try git { try repository.history(from: current, since: base) }.compactMap { id in
            try EditorialEvent.read(message: try git { try repository.commit(id) }.message, commit: id)?.replayOf
        })
        let left = try git { try repository.history(from: pending, since: current) }.filter { !replayed.contains($0.hex) }
        try replay(left, report: &report)
        try finishReplay(from: pending)
    }

    private func finishReplay(from oldHead: ObjectID) throws {
        try git { try repository.setReference(Newsroom.syncBeforeReference, to: oldHead, logMessage: "galley sync: local head before the replay") }
        try git { try repository.deleteReference(Newsroom.syncPendingReference) }
        if let now = try head() { try updateWorkTree(from: oldHead, to: now) }
    }

    /// One commit as the sync report lists it.
    func describe(_ id: ObjectID) throws -> SyncedCommit {
        let info = try git { try repository.commit(id) }
        let event = (try? EditorialEvent.read(message: info.message, commit: id)) ?? nil
        return SyncedCommit(commit: id.hex, kind: event?.kind.rawValue ?? "git", story: event?.slug?.text,
                            actor: event?.actor ?? info.author.email, summary: info.subject)
    }

    /// Refuses to sync when a file sync would replace holds changes nobody saved, or could not be
    /// written safely (a link on its way, a path no git would write), before anything changes.
    func requireSavedWorkTree(at head: ObjectID, paths: [TreeChange]) throws {
        var unsaved: [String] = []
        for change in paths {
            let url = try Newsroom.incomingURL(change.path, in: root)
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            let committed = try git { try repository.file(at: change.path, in: head) }
            if committed != data { unsaved.append(change.path) }
        }
        guard unsaved.isEmpty else {
            throw GalleyError.badInput("sync would replace files that hold changes nobody saved: "
                + unsaved.prefix(5).joined(separator: ", ") + (unsaved.count > 5 ? " and \(unsaved.count - 5) more" : "")
                + "; save them (`galley save SLUG -m ...`) or move them away, then run `galley sync` again. Nothing was changed")
        }
    }

    /// Makes the work tree show `new` where it showed `old`, file by file.
    func updateWorkTree(from old: ObjectID, to new: ObjectID) throws {
        for change in try git({ try repository.changes(from: old, to: new) }) {
            try Newsroom.writeWorkTreeFile(change, root: root, repository: repository)
        }
    }
}

/// One `galley sync` at a time per newsroom folder: a second one is refused (75), not queued.
final class SyncLock {
    private let fd: Int32

    init(stateFolder: URL) throws {
        try? FileManager.default.createDirectory(at: stateFolder, withIntermediateDirectories: true)
        let path = stateFolder.appendingPathComponent("sync.lock").path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw GalleyError.cannotCreate("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw GalleyError.conflict("another `galley sync` is running in this newsroom; wait for it to finish")
        }
    }

    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
