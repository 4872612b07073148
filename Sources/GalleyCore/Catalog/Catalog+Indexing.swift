import Foundation
import GitKit
import GRDB

extension Catalog {
    /// Indexes every commit up to the head of `branch` that the catalog has not seen yet, oldest first, in one
    /// transaction. Run at the start of every command, so a crash between moving the branch and
    /// writing SQLite loses nothing: the next command indexes what the crash left behind.
    /// Returns the commit the catalog is now indexed up to, which is the head the caller
    /// must build on: a head read separately could be newer than what the catalog has seen.
    @discardableResult
    public func catchUp(repository: Repository, branch: String) throws -> ObjectID? {
        // Cheap check first, outside any write lock: most commands find nothing to do.
        if let head = try repository.resolve(branch), try indexedCommit() == head { return head }
        return try write { db in
            // The head is read under the write lock: a head read earlier could be older than what
            // another process has indexed since, and would look like rewritten history.
            guard let head = try repository.resolve(branch) else { return nil }
            let indexed = try String.fetchOne(db, sql: "SELECT indexed_commit FROM catalog_state").flatMap(ObjectID.init(hex:))
            if indexed == head { return head }
            var since = indexed
            if let indexed, try !(repository.contains(indexed) && repository.isAncestor(indexed, of: head)) {
                // History was rewritten under us (a forced reset): start again from the root.
                try Catalog.clear(db)
                since = nil
            }
            let commits = try repository.history(from: head, since: since)
            for commit in commits {
                try Catalog.apply(commit, from: repository, to: db)
            }
            try db.execute(sql: "UPDATE catalog_state SET indexed_commit = ? WHERE id = 1", arguments: [head.hex])
            FaultInjection.reach(FaultInjection.insideCatalogTransaction)
            return head
        }
    }

    /// Drops every row and indexes the whole history again, in one transaction: `galley reindex`.
    public func rebuild(repository: Repository, branch: String) throws {
        try write { db in
            try Catalog.clear(db)
            let head = try repository.resolve(branch)
            if let head {
                for commit in try repository.history(from: head) {
                    try Catalog.apply(commit, from: repository, to: db)
                }
            }
            try db.execute(sql: "UPDATE catalog_state SET indexed_commit = ? WHERE id = 1", arguments: [head?.hex])
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            throw GalleyError.conflict("the catalog is busy (another galley command holds it); try again")
        }
    }

    static func clear(_ db: Database) throws {
        try db.execute(sql: """
            DELETE FROM story_search; DELETE FROM corrections; DELETE FROM events; DELETE FROM revisions; DELETE FROM stories; DELETE FROM people;
            DELETE FROM sqlite_sequence;
            UPDATE catalog_state SET indexed_commit = NULL;
            """)
    }

    /// Folds one commit into the catalog. Commits Galley did not write are skipped.
    static func apply(_ id: ObjectID, from repository: Repository, to db: Database) throws {
        let commit = try repository.commit(id)
        guard let event = try EditorialEvent.read(message: commit.message, commit: id) else {
            return try applyPlainCommit(commit, from: repository, to: db)
        }
        func broken(_ what: String) -> GalleyError {
            .internalFailure("commit \(id.short) cannot be indexed: \(what); the commit was not written by this Galley; `git show` it to see what it holds")
        }
        do {
            switch event.kind {
            case .founded, .personAdded:
                guard let email = event.personEmail, let name = event.personName, let role = event.personRole else {
                    throw broken("a people event without Galley-Person, Galley-Person-Name and Galley-Role")
                }
                try Person(email: email, name: name, role: role, addedAt: event.time,
                           addedBy: event.kind == .founded ? nil : event.actor).insert(db)
            case .roleChanged:
                guard let email = event.personEmail, let role = event.personRole,
                      var person = try Person.fetchOne(db, key: email) else {
                    throw broken("a role change for someone not in the newsroom")
                }
                person.role = role
                try person.update(db)
            case .created, .imported, .saved, .restored, .renamed:
                try applyRevision(event, commit: commit, repository: repository, db: db, broken: broken)
            case .transition:
                try applyTransition(event, db: db, broken: broken)
                if event.correction, let storyID = event.storyID, let revision = event.revision, let note = event.note {
                    var correction = Correction(id: nil, storyId: storyID.text, revision: revision, at: event.time, note: note, commitId: id.hex)
                    try correction.insert(db)
                }
            case .scheduled:
                guard let storyID = event.storyID, var story = try Story.fetchOne(db, key: storyID.text) else {
                    throw broken("a schedule for a story that does not exist")
                }
                story.scheduledAt = event.at
                story.scheduledRevision = event.revision
                story.scheduledBy = event.actor
                story.scheduledMinor = event.minor
                story.scheduledNote = event.note
                try story.update(db)
            case .workflowChanged, .settingsChanged, .superseded:
                break
            }
            var row = Event(id: nil, commitId: id.hex, kind: event.kind.rawValue, transition: event.transition,
                            storyId: event.storyID?.text, actor: event.actor, at: event.time, revision: event.revision,
                            fromState: event.fromState, toState: event.toState, note: event.note, lintOverride: event.lintOverride)
            try row.insert(db)
        } catch let error as DatabaseError {
            throw broken(error.message ?? "\(error)")
        }
    }

    private static func applyRevision(_ event: EditorialEvent, commit: CommitInfo, repository: Repository, db: Database,
                                      broken: (String) -> GalleyError) throws {
        guard let storyID = event.storyID, let number = event.revision else {
            throw broken("a revision event without Galley-Story and Galley-Revision")
        }
        let folder = StoryLayout.folder(for: storyID)
        guard let data = try repository.file(at: folder + "/" + StoryLayout.storyFile, in: commit.id) else {
            throw broken("\(folder)/\(StoryLayout.storyFile) is missing")
        }
        let file = try StoryFile.parse(data, file: folder + "/" + StoryLayout.storyFile)
        if event.kind == .created || event.kind == .imported {
            guard number == 1 else { throw broken("a story created at revision \(number)") }
            try Story(id: storyID.text, slug: file.slug.text, headline: file.headline, byline: file.byline,
                      section: file.section, author: event.actor, path: folder, createdAt: event.time,
                      savedAt: event.time, revision: 1, state: event.toState ?? "draft", stateSince: event.time, liveRevision: event.liveRevision,
                      publishedAt: event.liveRevision == nil ? nil : event.publishedAt,
                      lastUpdatedAt: event.liveRevision == nil ? nil : event.lastUpdatedAt,
                      scheduledAt: nil, scheduledRevision: nil, scheduledBy: nil).insert(db)
        } else {
            guard var story = try Story.fetchOne(db, key: storyID.text) else {
                throw broken("a revision of story \(storyID) which was never created")
            }
            guard number == story.revision + 1 else {
                throw broken("revision r\(number) of \(story.slug) follows r\(story.revision)")
            }
            story.slug = file.slug.text
            story.headline = file.headline
            story.byline = file.byline
            story.section = file.section
            story.revision = number
            story.savedAt = event.time
            try story.update(db)
        }
        try Revision(storyId: storyID.text, number: number, commitId: commit.id.hex, author: event.actor,
                     savedAt: event.time, message: event.message ?? "", minor: event.minor).insert(db)
        // The search index holds the latest revision's text.
        if let rowid = try Int64.fetchOne(db, sql: "SELECT rowid FROM stories WHERE id = ?", arguments: [storyID.text]) {
            try db.execute(sql: "DELETE FROM story_search WHERE rowid = ?", arguments: [rowid])
            try db.execute(sql: "INSERT INTO story_search(rowid, slug, headline, body) VALUES (?, ?, ?, ?)",
                           arguments: [rowid, file.slug.text, file.headline, file.body])
        }
    }

    /// A transition moves the story's state and, when it publishes or unpublishes, its live revision.
    /// The first publication sets published and last-updated; a later one moves last-updated
    /// unless it is minor; unpublishing moves neither.
    private static func applyTransition(_ event: EditorialEvent, db: Database, broken: (String) -> GalleyError) throws {
        guard let storyID = event.storyID, var story = try Story.fetchOne(db, key: storyID.text) else {
            throw broken("a transition of a story that does not exist")
        }
        guard let from = event.fromState, let to = event.toState, from == story.state else {
            throw broken("a transition from '\(event.fromState ?? "?")' of \(story.slug), which is in '\(story.state)'")
        }
        if let live = event.liveRevision, live > story.revision {
            throw broken("r\(live) of \(story.slug) made live, but it has only r\(story.revision)")
        }
        if let live = event.liveRevision, live != story.liveRevision {
            // A publication is minor when the transition says so (`approve --minor`) or when every
            // revision it brings live was saved as minor (`save --minor`, a typo fix).
            let majorRevisions = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM revisions WHERE story_id = ? AND number > ? AND number <= ? AND minor = 0
                """, arguments: [storyID.text, story.liveRevision ?? 0, live]) ?? 0
            // A correction is never minor: readers must see that the story changed.
            let minor = !event.correction && (event.minor || (story.liveRevision != nil && majorRevisions == 0))
            if story.publishedAt == nil {
                story.publishedAt = event.time
                story.lastUpdatedAt = event.time
            } else if !minor {
                story.lastUpdatedAt = event.time
            }
            story.liveRevision = live
        } else if event.liveRevision == nil {
            story.liveRevision = nil
        }
        story.state = to
        story.stateSince = event.time
        // Any move through the workflow settles a pending schedule: it happened, or it no longer applies.
        story.scheduledAt = nil
        story.scheduledRevision = nil
        story.scheduledBy = nil
        story.scheduledMinor = false
        story.scheduledNote = nil
        try story.update(db)
    }

    /// A commit made with plain git (no Galley trailers, e.g. pushed by someone using git
    /// directly) that changes story files: each changed story file becomes a revision by the
    /// commit's author when they are a member, else by the story's author, at the commit's author
    /// time, with its subject as the message. A story file that does not parse is left to
    /// `galley doctor`; other files are not the catalog's concern. The commit's one events row
    /// names the first story it changed.
    private static func applyPlainCommit(_ commit: CommitInfo, from repository: Repository, to db: Database) throws {
        guard commit.parents.count <= 1, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM stories") ?? 0 > 0 else { return }
        let storyFiles = try repository.changes(from: commit.parents.first, to: commit.id)
            .filter { $0.blob != nil && $0.path.hasPrefix("stories/") && $0.path.hasSuffix("/" + StoryLayout.storyFile) }
        var recorded = false
        for change in storyFiles {
            let parts = change.path.split(separator: "/")
            guard parts.count == 6, let id = StoryID(String(parts[4])), StoryLayout.storyPath(for: id) == change.path,
                  var story = try Story.fetchOne(db, key: id.text),
                  let file = try? StoryFile.parse(try repository.blob(change.blob!), file: change.path),
                  file.id == id else { continue }
            if file.slug.text != story.slug, try Story.fetchOne(db, sql: "SELECT * FROM stories WHERE slug = ?", arguments: [file.slug.text]) != nil {
                continue
            }
            let email = commit.author.email
            let actor = try Person.fetchOne(db, key: email) != nil ? email : story.author
            let time = Timestamp.format(commit.author.time)
            story.slug = file.slug.text
            story.headline = file.headline
            story.byline = file.byline
            story.section = file.section
            story.revision += 1
            story.savedAt = time
            try story.update(db)
            try Revision(storyId: id.text, number: story.revision, commitId: commit.id.hex, author: actor,
                         savedAt: time, message: commit.subject.isEmpty ? "Saved with git" : commit.subject, minor: false).insert(db)
            if let rowid = try Int64.fetchOne(db, sql: "SELECT rowid FROM stories WHERE id = ?", arguments: [id.text]) {
                try db.execute(sql: "DELETE FROM story_search WHERE rowid = ?", arguments: [rowid])
                try db.execute(sql: "INSERT INTO story_search(rowid, slug, headline, body) VALUES (?, ?, ?, ?)",
                               arguments: [rowid, file.slug.text, file.headline, file.body])
            }
            if !recorded {
                var row = Event(id: nil, commitId: commit.id.hex, kind: EventKind.saved.rawValue, transition: nil, storyId: id.text,
                                actor: actor, at: time, revision: story.revision, fromState: nil, toState: nil, note: nil, lintOverride: nil)
                try row.insert(db)
                recorded = true
            }
        }
    }
}
