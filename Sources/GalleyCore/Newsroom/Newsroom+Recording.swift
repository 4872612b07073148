import Foundation
import GitKit

/// What a use case wants committed: the tree changes and the event that explains them.
struct PendingCommit {
    var updates: [TreeUpdate]
    var event: EditorialEvent
    /// The first line of the commit message, for people reading `git log`.
    var subject: String
}

extension Newsroom {
    /// How many times a write is retried when another process moved the branch first.
    static let maximumAttempts = 8

    /// The one write path: catch up, let `prepare` decide against the current head (nil: nothing
    /// to do), write the commit's objects, move the branch with compare-and-swap, then index it.
    /// When another writer wins the race, everything is decided again on top of its commit.
    @discardableResult
    func record(by person: Person, _ prepare: (_ head: ObjectID?) throws -> PendingCommit?) throws -> ObjectID? {
        try moveBranch { parent in
            guard var pending = try prepare(parent) else { return nil }
            if let replaying { pending.event.replayOf = replaying.hex }
            // The commit's date is the event's own time, so `git log` and the trailers agree.
            let signature = Signature(name: person.name, email: person.email, time: Timestamp.parse(pending.event.time) ?? clock.now)
            let message = pending.event.commitMessage(subject: pending.subject)
            // Read the event back before anything is written: a commit the catalog could not
            // index would stop every later command, so it must never reach the branch.
            let readBack = try git { try EditorialEvent.read(message: message, commit: ObjectID(hex: String(repeating: "0", count: 40))!) }
            guard readBack == pending.event else {
                throw GalleyError.internalFailure("the event for '\(pending.subject)' does not read back the same from its trailers; nothing was written")
            }
            return BranchCommit(updates: pending.updates, author: signature, committer: signature, message: message, logMessage: pending.subject)
        }
    }

    /// A commit as it goes on the branch.
    struct BranchCommit {
        var updates: [TreeUpdate]
        var author: Signature
        var committer: Signature
        var message: String
        /// The reflog's line for the branch move.
        var logMessage: String
    }

    /// Puts the commit `make` builds on the branch, with compare-and-swap: catch up, build on
    /// exactly the commit the catalog was brought up to, write, move the branch if nobody moved
    /// it meanwhile (else build again on top of theirs), then index. Every write goes through here,
    /// Galley's events (`record`) and plain git commits replayed by sync alike.
    @discardableResult
    func moveBranch(_ make: (_ parent: ObjectID?) throws -> BranchCommit?) throws -> ObjectID? {
        let presence = try WriterPresence(stateFolder: root.appendingPathComponent(Newsroom.stateFolder))
        presence.enter()
        defer { presence.leave() }
        for attempt in 1...Newsroom.maximumAttempts {
            // Every check `make` does against the catalog holds for the parent; if another writer
            // moved the branch since, the compare-and-swap below fails and everything is decided again.
            let parent = try catchUp()
            guard let draft = try make(parent) else { return nil }
            let commit = try git {
                try repository.commit(parent: parent, updates: draft.updates, author: draft.author, committer: draft.committer, message: draft.message)
            }
            FaultInjection.reach(FaultInjection.afterGitObjects)
            FaultInjection.pause(FaultInjection.beforeBranchMove)
            do {
                try repository.updateReference(branch, to: commit, expecting: parent, logMessage: draft.logMessage)
            } catch let error as GitError where error.isConflict {
                if error.code == GitErrorCode.locked {
                    // The branch is locked: by a writer now, or by one that died holding it.
                    presence.leave()
                    if presence.nobodyElseWriting() { try removeStaleBranchLock() }
                    presence.enter()
                }
                if attempt == Newsroom.maximumAttempts { break }
                usleep(UInt32.random(in: 2_000...20_000) * UInt32(attempt))
                continue
            } catch let error as GitError {
                throw GalleyError.internalFailure("git: \(error)")
            }
            FaultInjection.reach(FaultInjection.afterBranchMove)
            try catchUp()
            return commit
        }
        throw GalleyError.conflict("the newsroom kept changing under this command (\(Newsroom.maximumAttempts) attempts); run it again")
    }

    /// Removes the branch's lock file left by a galley process that died while moving the branch
    /// (nobody else is writing, so it cannot be a live one), saying so on standard error.
    func removeStaleBranchLock() throws {
        let lock = repository.gitDirectory.appendingPathComponent(branch + ".lock")
        guard FileManager.default.fileExists(atPath: lock.path) else { return }
        try? FileManager.default.removeItem(at: lock)
        FileHandle.standardError.write(Data("galley: removed \(lock.path), left by a galley command that stopped while writing\n".utf8))
    }

    /// Writes a file of the work tree after its commit landed, so the folder shows what git holds.
    func writeToWorkTree(_ data: Data, at path: String) throws {
        try AtomicFile.write(data, to: try workTreeURL(path))
    }
}
