import Foundation
import GitKit

/// One thing `galley doctor` found wrong, and whether `--repair` can put it right from git.
public struct DoctorFinding: Codable, Equatable, Sendable {
    public var check: String
    public var problem: String
    public var repairable: Bool
    /// What `--repair` did about it, when it ran.
    public var repaired: String?
}

extension Newsroom {
    /// A lock file older than this is left over from a crash, not held by a running command.
    static let staleLockAge: TimeInterval = 10 * 60

    /// Checks git against the catalog and the work tree without changing anything (unless
    /// `repair`): unindexed commits, rows that differ from a replay of the log, live revisions that
    /// do not exist, stale lock files, story files that do not parse, SQLite's own integrity check.
    public static func doctor(at root: URL, clock: Clock, repair: Bool) throws -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        // Locks first: a stale branch lock would stop the repair itself.
        let gitDirectory = root.appendingPathComponent(".git")
        let presence = try WriterPresence(stateFolder: try catalogURL(root).deletingLastPathComponent())
        let nobodyWriting = presence.nobodyElseWriting()
        for lock in lockFiles(in: gitDirectory) {
            let age = (try? FileManager.default.attributesOfItem(atPath: lock.path)[.modificationDate] as? Date).map { Date().timeIntervalSince($0) } ?? 0
            // A branch lock with no galley writing is left over from one that died; any lock
            // older than a command ever takes is stale too.
            let stale = age > staleLockAge || (nobodyWriting && lock.path.contains("/refs/heads/"))
            var finding = DoctorFinding(check: "locks", problem: "\(lock.path) exists (\(Int(age))s old)"
                                            + (stale ? "; no galley command holds it" : "; a command may be running"),
                                        repairable: stale)
            if repair && stale {
                try? FileManager.default.removeItem(at: lock)
                finding.repaired = "removed \(lock.lastPathComponent)"
            }
            findings.append(finding)
        }
        let newsroom: Newsroom
        do {
            newsroom = try openWithoutCatalog(at: root, clock: clock) { try Catalog(url: $0) }
        } catch let error as GalleyError where error.exitCode == 70 {
            var finding = DoctorFinding(check: "catalog", problem: error.message, repairable: true)
            if repair {
                let (summary, aside) = try reindex(at: root, clock: clock)
                finding.repaired = "rebuilt the catalog from git (\(summary.stories) stories)" + (aside.map { "; the old file is at \($0.path)" } ?? "")
            }
            return findings + [finding]
        }
        let integrity = try newsroom.catalog.integrityCheck()
        if integrity != ["ok"] {
            findings.append(DoctorFinding(check: "catalog", problem: "SQLite integrity check: \(integrity.prefix(3).joined(separator: "; "))", repairable: true))
        }
        let head = try newsroom.head()
        let indexed = try newsroom.catalog.indexedCommit()
        if let head, indexed != head {
            let behind = (try? indexed.map { try newsroom.repository.history(from: head, since: $0).count } ?? newsroom.repository.history(from: head).count) ?? 0
            findings.append(DoctorFinding(check: "catch-up", problem: "the catalog has not indexed \(behind) commit\(behind == 1 ? "" : "s") on the branch (an interrupted command)", repairable: true))
        }
        // Replay the whole log into a scratch catalog and compare it with the real one.
        let replay = try Catalog()
        let damaged: GitError? = try git {
            do {
                try replay.rebuild(repository: newsroom.repository, branch: newsroom.branch)
                return nil
            } catch let error as GitError where error.isDamagedObject {
                return error
            }
        }
        if let damaged {
            // The log cannot be replayed past a damaged object, and nothing else can be trusted to compare.
            return findings + [DoctorFinding(check: "objects", problem: Newsroom.damagedObject(damaged).message, repairable: false)]
        }
        let expected = try replay.dump()
        if indexed == head {
            let actual = try newsroom.catalog.dump()
            if actual != expected {
                let missing = Set(expected.split(separator: "\n")).subtracting(actual.split(separator: "\n"))
                let extra = Set(actual.split(separator: "\n")).subtracting(expected.split(separator: "\n"))
                findings.append(DoctorFinding(
                    check: "catalog", problem: "the catalog differs from a replay of git: \(missing.count) row\(missing.count == 1 ? "" : "s") missing, \(extra.count) extra"
                        + (missing.sorted().first.map { " (first missing: \($0.prefix(120)))" } ?? ""),
                    repairable: true))
            }
        }
        for story in try replay.stories(state: nil, author: nil) {
            if let live = story.liveRevision, live > story.revision {
                findings.append(DoctorFinding(check: "live", problem: "\(story.slug): live revision r\(live) does not exist (latest r\(story.revision))", repairable: false))
            }
            let url: URL
            do {
                url = try workTreeURL(story.path + "/" + StoryLayout.storyFile, in: root)
            } catch let error as GalleyError {
                // Neither read nor repaired through a link: a person decides what it should be.
                findings.append(DoctorFinding(check: "work tree", problem: "\(story.slug): \(error.message)", repairable: false))
                continue
            }
            let revisions = try replay.revisions(of: StoryID(story.id)!)
            if let data = FileManager.default.contents(atPath: url.path) {
                // A file equal to an older revision, not the latest: a rename, restore or fix was
                // interrupted before it rewrote the work tree. Nothing of the person's is in it.
                let texts = try revisions.compactMap { revision -> (Int, Data)? in
                    guard let commit = ObjectID(hex: revision.commitId),
                          let text = try git({ try newsroom.repository.file(at: story.path + "/" + StoryLayout.storyFile, in: commit) }) else { return nil }
                    return (revision.number, text)
                }
                if let latest = texts.last, latest.1 != data, let older = texts.last(where: { $0.1 == data }) {
                    var finding = DoctorFinding(check: "work tree", problem: "\(story.path)/\(StoryLayout.storyFile) of \(story.slug) holds r\(older.0), not the latest r\(latest.0) (an interrupted command)", repairable: true)
                    if repair {
                        try AtomicFile.write(latest.1, to: url)
                        finding.repaired = "brought it up to r\(latest.0)"
                    }
                    findings.append(finding)
                    continue
                }
                do {
                    _ = try StoryFile.parse(data, file: story.path + "/" + StoryLayout.storyFile)
                } catch let error as GalleyError {
                    findings.append(DoctorFinding(check: "work tree", problem: "\(error.message) (fix it, or `galley edit \(story.slug)` after moving it away)", repairable: false))
                }
            } else {
                var finding = DoctorFinding(check: "work tree", problem: "\(story.path)/\(StoryLayout.storyFile) of \(story.slug) is missing from the work tree", repairable: true)
                if repair, let commit = revisions.last.flatMap({ ObjectID(hex: $0.commitId) }),
                   let text = try git({ try newsroom.repository.file(at: story.path + "/" + StoryLayout.storyFile, in: commit) }) {
                    try AtomicFile.write(text, to: url)
                    finding.repaired = "restored it from r\(story.revision)"
                }
                findings.append(finding)
            }
        }
        // Bundles a crash left half-written in a temporary folder (the published one is intact).
        // (A bundles/ that is a link out of the newsroom is not looked into.)
        let bundles = try? workTreeURL("bundles", in: root)
        for name in bundles.flatMap({ try? FileManager.default.contentsOfDirectory(atPath: $0.path) }) ?? [] where name.hasPrefix(".")
            && (name.hasSuffix(".tmp") || name.hasSuffix(".old")) {
            let pid = name.split(separator: ".").dropLast().last.flatMap { Int32($0) } ?? 0
            guard pid > 0, kill(pid, 0) != 0, errno == ESRCH else { continue }
            var finding = DoctorFinding(check: "bundles", problem: "bundles/\(name) was left by a bundle build that stopped", repairable: true)
            if repair {
                try? FileManager.default.removeItem(at: bundles!.appendingPathComponent(name))
                finding.repaired = "removed it"
            }
            findings.append(finding)
        }
        if repair, findings.contains(where: { ["catalog", "catch-up"].contains($0.check) && $0.repaired == nil }) {
            let (summary, _) = try reindex(at: root, clock: clock)
            for index in findings.indices where ["catalog", "catch-up"].contains(findings[index].check) {
                findings[index].repaired = "rebuilt the catalog from git (\(summary.stories) stories, \(summary.events) events)"
            }
        }
        return findings
    }

    /// Lock files libgit2 or git leave when a process dies holding them.
    static func lockFiles(in gitDirectory: URL) -> [URL] {
        var locks: [URL] = []
        let manager = FileManager.default
        for name in ["HEAD.lock", "index.lock", "config.lock", "packed-refs.lock"] {
            let url = gitDirectory.appendingPathComponent(name)
            if manager.fileExists(atPath: url.path) { locks.append(url) }
        }
        if let walker = manager.enumerator(at: gitDirectory.appendingPathComponent("refs"), includingPropertiesForKeys: nil) {
            for case let url as URL in walker where url.pathExtension == "lock" { locks.append(url) }
        }
        return locks.sorted { $0.path < $1.path }
    }
}
