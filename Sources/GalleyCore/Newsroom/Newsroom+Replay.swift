import Foundation
import GitKit

/// Replaying local commits on top of the remote's, for `galley sync`. Each event is decided again
/// by the same use case that made it, run as of the event's own time on a copy of the newsroom
/// (so the commit's dates and trailers keep their original time), against the state the remote
/// left. What is no longer valid is recorded as superseded, with the reason; nothing is dropped.
extension Newsroom {
    /// The transition sync records when it sends a story back after conflicting edits.
    public static let conflictTransition = "sync-conflict"

    func replay(_ commits: [ObjectID], report: inout SyncReport) throws {
        // Local revision numbers → the numbers they were replayed as, per story: a later local
        // transition of "r5" means the revision that local r5 became.
        var renumbered: [String: [Int: Int]] = [:]
        for id in commits {
            let info = try git { try repository.commit(id) }
            let event = try EditorialEvent.read(message: info.message, commit: id)
            let replica = try self.replica(at: event.flatMap { Timestamp.parse($0.time) } ?? info.author.time, replaying: id)
            do {
                try replica.replayOne(info, event, renumbered: &renumbered, report: &report)
            } catch let error as GalleyError where [64, 65, 66, 77].contains(error.exitCode) {
                // The event is not valid against the remote's state: record why, and go on.
                try replica.recordSuperseded(info, event, reason: error.message, report: &report)
            }
        }
    }

    /// A copy of this newsroom whose clock stands at `time`, with the settings and workflow the
    /// branch holds now, recording every event as a replay of `id`.
    private func replica(at time: Date, replaying id: ObjectID) throws -> Newsroom {
        guard let head = try head() else { throw GalleyError.internalFailure("the branch vanished during sync") }
        let (settings, workflow) = try Newsroom.committedConfiguration(repository, at: head)
        let copy = Newsroom(root: root, settings: settings, workflow: workflow, clock: Clock(fixed: time),
                            repository: repository, catalog: catalog, branch: branch)
        copy.replaying = id
        return copy
    }

    private func replayOne(_ info: CommitInfo, _ event: EditorialEvent?, renumbered: inout [String: [Int: Int]],
                           report: inout SyncReport) throws {
        guard let event else { return try replayFiles(info, event: nil) }
        switch event.kind {
        case .founded:
            throw GalleyError.badInput("a second founding of the newsroom cannot be replayed")
        case .personAdded:
            guard let email = event.personEmail, let name = event.personName, let role = event.personRole else {
                throw GalleyError.badInput("the people event has no person")
            }
            try addPerson(email: email, name: name, role: role, by: try member(event.actor))
        case .roleChanged:
            guard let email = event.personEmail, let role = event.personRole else { throw GalleyError.badInput("the role change has no person") }
            try setRole(of: email, to: role, by: try member(event.actor))
        case .created, .imported:
            try replayNewStory(info, event, report: &report)
        case .saved, .restored, .renamed:
            try replayRevision(info, event, renumbered: &renumbered, report: &report)
        case .transition, .scheduled:
            try replayDecision(event, renumbered: renumbered)
        case .settingsChanged, .workflowChanged:
            try replayFiles(info, event: event)
        case .superseded:
            var copy = event
            copy.replayOf = nil
            try record(by: try person(event.actor)) { _ in PendingCommit(updates: [], event: copy, subject: info.subject) }
        }
    }

    /// A story created on this clone: created again, under another slug if the remote took it.
    private func replayNewStory(_ info: CommitInfo, _ event: EditorialEvent, report: inout SyncReport) throws {
        guard let id = event.storyID else { throw GalleyError.badInput("the new story has no id") }
        if try catalog.story(id: id) != nil { return }
        let path = StoryLayout.storyPath(for: id)
        guard var data = try git({ try repository.file(at: path, in: info.id) }) else {
            throw GalleyError.badInput("the new story's \(path) is missing from commit \(info.id.short)")
        }
        var file = try StoryFile.parse(data, file: path)
        if let taken = try catalog.story(slug: file.slug.text) {
            let free = try freeSlug(like: file.slug)
            data = try rewritingSlug(in: data, to: free.text)
            file = try StoryFile.parse(data, file: path)
            report.notices.append(SyncNotice(outcome: .slugChanged, story: free.text, actor: event.actor, commit: info.id.hex,
                detail: "\(taken.author) already has a story '\(taken.slug)' (\"\(taken.headline)\"); this one is now '\(free)'"))
        }
        let actor = try member(event.actor)
        _ = try commitNewStory(file, source: path, by: actor) { made in
            let slug = made.slug
            made = event
            made.slug = slug
            made.replayOf = nil
        }
    }

    /// A revision saved on this clone. Untouched on the remote: applied as is. Changed on both
    /// sides in different places: merged. Changed in the same lines: the local version is kept as
    /// a new revision and the story goes back to the workflow's first state, naming both authors.
    private func replayRevision(_ info: CommitInfo, _ event: EditorialEvent, renumbered: inout [String: [Int: Int]],
                                report: inout SyncReport) throws {
        guard let id = event.storyID, let number = event.revision else { throw GalleyError.badInput("the revision has no story") }
        guard let current = try catalog.story(id: id) else {
            throw GalleyError.notFound("the story \(event.slug?.text ?? id.text) is not in the remote's newsroom")
        }
        let actor = try member(event.actor)
        try requireMayEdit(current, actor)
        guard let head = try head() else { throw GalleyError.internalFailure("the branch vanished during sync") }
        let base = try git { try info.parents.first.map { try repository.files(under: current.path, in: $0) } ?? [:] }
        let ours = try git { try repository.files(under: current.path, in: info.id) }
        let theirs = try git { try repository.files(under: current.path, in: head) }
        var result = theirs
        var mergedText: Data?
        var conflicting = false
        for name in Set(base.keys).union(ours.keys).sorted() {
            let (was, mine, other) = (base[name], ours[name], theirs[name])
            if mine == was || mine == other { continue }
            if other == was {
                result[name] = mine
                continue
            }
            if name == StoryLayout.storyFile, let was, let mine, let other {
                let merge = try git { try TextMerge.merge(ancestor: repository.blob(was), ours: repository.blob(mine), theirs: repository.blob(other)) }
                if merge.clean, (try? StoryFile.parse(merge.text)) != nil {
                    mergedText = merge.text
                    continue
                }
            }
            conflicting = true
        }
        var files = try (conflicting ? ours : result).mapValues { blob in try git { try repository.blob(blob) } }
        if !conflicting, let mergedText { files[StoryLayout.storyFile] = mergedText }
        guard let text = files[StoryLayout.storyFile] else { throw GalleyError.badInput("the revision has no \(StoryLayout.storyFile)") }
        let slug = try StoryFile.parse(text).slug
        if slug.text != current.slug, let taken = try catalog.story(slug: slug.text), taken.id != current.id {
            let free = try freeSlug(like: slug)
            files[StoryLayout.storyFile] = try rewritingSlug(in: text, to: free.text)
            report.notices.append(SyncNotice(outcome: .slugChanged, story: free.text, actor: event.actor, commit: info.id.hex,
                detail: "'\(slug)' is taken by \"\(taken.headline)\"; the story is now '\(free)'"))
        }
        // The revisions the remote added that this clone did not have when it saved.
        let replayedHere = Set(renumbered[id.text]?.values.map { $0 } ?? [])
        let others = try catalog.revisions(of: id).filter { $0.number >= number && !replayedHere.contains($0.number) }
        let otherText = others.map { "\($0.author) (r\($0.number))" }.joined(separator: ", ")
        var message = event.message ?? "Save"
        if conflicting {
            message += " [kept over conflicting edits by \(otherText)]"
        } else if mergedText != nil {
            message += " [merged with \(otherText)]"
        }
        let outcome = try commitRevision(of: current, files: { _ in files }, basedOn: nil, kind: event.kind,
                                         message: message, minor: event.minor, by: actor)
        let saved = outcome.revision?.number ?? outcome.story.revision
        renumbered[id.text, default: [:]][number] = saved
        if conflicting {
            let note = "conflicting edits: \(event.actor) saved r\(number) on another machine while \(otherText) changed the same lines; "
                + "\(event.actor)'s version is kept as r\(saved); compare with `galley diff \(outcome.story.slug) \(saved - 1) \(saved)`, merge by hand and submit again"
            try sendBack(id, note: note, by: actor)
            report.notices.append(SyncNotice(outcome: .conflict, story: outcome.story.slug, actor: event.actor, commit: info.id.hex, detail: note))
        } else if mergedText != nil {
            report.notices.append(SyncNotice(outcome: .merged, story: outcome.story.slug, actor: event.actor, commit: info.id.hex,
                detail: "r\(number) by \(event.actor) merged with \(otherText) as r\(saved)"))
        }
    }

    /// Sends a story back to the workflow's first state after a sync conflict (the live revision stays live).
    private func sendBack(_ id: StoryID, note: String, by actor: Person) throws {
        try record(by: actor) { _ in
            guard let story = try catalog.story(id: id), story.state != workflow.initial else { return nil }
            var event = EditorialEvent(kind: .transition, actor: actor.email, time: Timestamp.format(clock.now))
            event.storyID = id
            event.slug = try Slug(validating: story.slug)
            event.revision = story.revision
            event.transition = Newsroom.conflictTransition
            event.fromState = story.state
            event.toState = workflow.initial
            event.liveRevision = story.liveRevision
            event.note = note
            return PendingCommit(updates: [], event: event,
                                 subject: "\(story.slug) r\(story.revision): back to \(workflow.initial) after a sync conflict")
        }
    }

    /// A transition or schedule made on this clone: made again, through the workflow engine, only
    /// if the story is still at the revision the person acted on.
    private func replayDecision(_ event: EditorialEvent, renumbered: [String: [Int: Int]]) throws {
        guard let id = event.storyID, let number = event.revision, let name = event.transition else {
            throw GalleyError.badInput("the event names no story or transition")
        }
        guard let current = try catalog.story(id: id) else {
            throw GalleyError.notFound("the story \(event.slug?.text ?? id.text) is not in the remote's newsroom")
        }
        let actor = try member(event.actor)
        if name == Newsroom.conflictTransition {
            return try sendBack(id, note: event.note ?? "sync conflict", by: actor)
        }
        let expected = renumbered[id.text]?[number] ?? number
        guard current.revision == expected else {
            let later = try catalog.revisions(of: id).filter { $0.number > expected }
            throw GalleyError.badInput("\(later.map { "\($0.author) saved r\($0.number)" }.joined(separator: ", ")) on another machine "
                + "after \(event.actor) decided to \(name) r\(expected); read the story again and \(name) it if it still stands")
        }
        if event.kind == .scheduled {
            guard let at = event.at.flatMap(Timestamp.parse) else { throw GalleyError.badInput("the schedule has no time") }
            _ = try schedule(current.slug, name, at: at, note: event.note, minor: event.minor, force: event.lintOverride != nil, by: actor)
        } else {
            _ = try transition(current.slug, name, note: event.note, minor: event.minor, force: event.lintOverride != nil, by: actor)
        }
    }

    /// A settings or workflow change, or a commit made with plain git: applied as is unless the
    /// remote changed the same files differently.
    private func replayFiles(_ info: CommitInfo, event: EditorialEvent?) throws {
        guard let head = try head() else { throw GalleyError.internalFailure("the branch vanished during sync") }
        let changes = try git { try repository.changes(from: info.parents.first, to: info.id) }
        var pending: [TreeChange] = []
        for change in changes {
            let was = try git { try info.parents.first.flatMap { try repository.entry(at: change.path, in: $0)?.id } }
            let other = try git { try repository.entry(at: change.path, in: head)?.id }
            if other == change.blob { continue }
            if other != was {
                throw GalleyError.badInput("\(change.path) was also changed on the other machine; this version is kept in "
                    + "\(Newsroom.syncBeforeReference) (`git show \(info.id.short):\(change.path)`); make the change again if it still stands")
            }
            pending.append(change)
        }
        guard !pending.isEmpty else { return }
        let updates = pending.map { change in
            change.blob.map { TreeUpdate.upsert(path: change.path, blob: $0, executable: change.executable) } ?? .remove(path: change.path)
        }
        guard var event else { return try recordPlainCommit(info, updates: updates) }
        event.replayOf = nil
        let copy = event
        try record(by: try person(event.actor)) { _ in PendingCommit(updates: updates, event: copy, subject: info.subject) }
    }

    /// Re-commits a plain git commit (no Galley trailers) with its own author and message.
    private func recordPlainCommit(_ info: CommitInfo, updates: [TreeUpdate]) throws {
        try moveBranch { _ in
            BranchCommit(updates: updates, author: info.author, committer: info.committer, message: info.message,
                         logMessage: "galley sync: replay \(info.id.short)")
        }
    }

    /// Records that a local event was not applied, and why, so `history` and `log` show it.
    private func recordSuperseded(_ info: CommitInfo, _ original: EditorialEvent?, reason: String, report: inout SyncReport) throws {
        let actor = original?.actor ?? info.author.email
        let signer = try person(actor)
        var event = EditorialEvent(kind: .superseded, actor: signer.email, time: Timestamp.format(clock.now))
        let story = try original?.storyID.flatMap { try catalog.story(id: $0) }
        event.storyID = story.flatMap { StoryID($0.id) }
        event.slug = try story.map { try Slug(validating: $0.slug) }
        event.revision = original?.revision
        event.transition = original?.transition ?? original?.kind.rawValue ?? "git"
        event.note = (signer.email == actor ? "" : "made by \(actor), not a member here: ")
            + reason.split(whereSeparator: \.isNewline).joined(separator: " ")
        event.superseded = info.id.hex
        let what = event.transition!
        try record(by: signer) { _ in
            PendingCommit(updates: [], event: event, subject: "\(story?.slug ?? "newsroom"): \(what) by \(actor) superseded on sync")
        }
        report.notices.append(SyncNotice(outcome: .superseded, story: story?.slug, actor: actor, commit: info.id.hex,
                                         detail: "\(what) not applied: \(event.note!)"))
    }

    /// The member who made an event; a person no longer in the newsroom cannot have it replayed.
    private func member(_ email: String) throws -> Person {
        guard let person = try catalog.person(email) else {
            throw GalleyError.notPermitted("\(email) is not a member of the newsroom on the remote")
        }
        return person
    }

    /// Who signs a record sync makes for `email`: that member, or (the catalog only names members)
    /// the newsroom's first admin when the remote does not know them.
    private func person(_ email: String) throws -> Person {
        if let person = try catalog.person(email) { return person }
        guard let admin = try catalog.people().first(where: { $0.role == .admin }) else {
            throw GalleyError.internalFailure("the newsroom has no admin to sign for \(email)")
        }
        return admin
    }

    /// `slug-2`, `slug-3`... the first one nobody uses.
    private func freeSlug(like slug: Slug) throws -> Slug {
        for suffix in 2...999 {
            if let candidate = try? Slug(validating: "\(slug.text)-\(suffix)"), try catalog.story(slug: candidate.text) == nil {
                return candidate
            }
        }
        throw GalleyError.badInput("no free slug like '\(slug)'; rename the story by hand")
    }
}
