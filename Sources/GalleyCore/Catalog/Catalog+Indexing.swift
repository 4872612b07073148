import Foundation
import GitKit
import GRDB

extension Catalog {
    /// History runs this long or longer are read ahead by a second thread with its own
    /// repository handle (`Lookahead`): git reading (inflating commits and story files) then
    /// runs on one core while parsing and SQLite run on the other. Shorter runs, such as the
    /// catch-up at a command's start, are not worth a thread and a second open of the repository.
    public static let lookaheadThreshold = 512

    /// Indexes every commit up to the head of `branch` that the catalog has not seen yet, oldest first, in one
    /// transaction. Run at the start of every command, so a crash between moving the branch and
    /// writing SQLite loses nothing: the next command indexes what the crash left behind.
    /// Returns the commit the catalog is now indexed up to, which is the head the caller
    /// must build on: a head read separately could be newer than what the catalog has seen.
    /// Runs of at least `readAheadFrom` commits are read ahead on a second thread (`Lookahead`).
    @discardableResult
    public func catchUp(repository: Repository, branch: String,
                        readAheadFrom: Int = Catalog.lookaheadThreshold) throws -> ObjectID? {
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
            var indexer = try Indexer(repository: repository, db: db)
            try indexer.index(try repository.history(from: head, since: since), readAheadFrom: readAheadFrom)
            try db.execute(sql: "UPDATE catalog_state SET indexed_commit = ? WHERE id = 1", arguments: [head.hex])
            FaultInjection.reach(FaultInjection.insideCatalogTransaction)
            return head
        }
    }

    /// Drops every row and indexes the whole history again, in one transaction: `galley reindex`.
    /// Runs of at least `readAheadFrom` commits are read ahead on second threads: a history
    /// without merges by `RebuildReadAhead` (trailers and story files, during the walk), others
    /// by `Lookahead`s.
    public func rebuild(repository: Repository, branch: String, readAheadFrom: Int = Catalog.lookaheadThreshold) throws {
        // SQLite's foreign keys are off for the rebuild's transaction: with them on, emptying a
        // parent table goes row by row (SQLite does not truncate it) and every insert looks its
        // parents up. The indexer checks the rows' keys itself as it writes them
        // (`Indexer(checkingKeys:)`), and `foreignKeyViolation` checks the whole catalog once
        // more before the commit. The pragma cannot change inside a transaction, so it is set around it, in
        // the same access to the connection, and set back whatever happens.
        try withoutForeignKeys { db in
            // The history is walked on a thread of its own (with its own repository handle) while
            // this one empties the catalog, and a second thread parses the trailers and reads
            // story files as the walk hands commits over: nothing can be indexed before the walk
            // ends, since the oldest commit comes out last. A history without merges (any newsroom
            // that only Galley writes to) is walked with its messages, in one pass.
            let head = try repository.resolve(branch)
            let reader = head.map { RebuildReadAhead(gitDirectory: repository.gitDirectory, head: $0) }
            defer { reader?.stop() }
            // The rebuild is one transaction over every table: with SQLite's default 2 MB page
            // cache it spills pages to the WAL and reads them back many times over.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
            // The secondary indexes are dropped and made again at the end, in one sorted pass
            // each, instead of being updated at every insert and state change. IF EXISTS: a
            // damaged catalog may have lost one, and reindex is how it is repaired.
            for index in Catalog.secondaryIndexes {
                try db.execute(sql: "DROP INDEX IF EXISTS \(index.name)")
            }
            // The search index is made again, empty, rather than emptied: FTS5 deletes row by
            // row, reading each old row's text back to remove its terms from the index.
            try db.execute(sql: "DROP TABLE IF EXISTS story_search")
            for statement in Catalog.searchTable {
                try db.execute(sql: statement)
            }
            try Catalog.clear(db)
            try index(db, head: head, reader: reader)
            if let violation = try Catalog.foreignKeyViolation(db) { throw violation }
            for index in Catalog.secondaryIndexes {
                try db.execute(sql: index.sql)
            }
            try db.execute(sql: "UPDATE catalog_state SET indexed_commit = ? WHERE id = 1", arguments: [head?.hex])
        }

        /// Folds the walked history into the emptied catalog.
        func index(_ db: Database, head: ObjectID?, reader: RebuildReadAhead?) throws {
            if let head, let reader {
                let line = try reader.commits()
                var indexer = try Indexer(repository: repository, db: db, checkingKeys: true)
                if let line {
                    try indexer.index(line, readAhead: reader, readAheadFrom: readAheadFrom)
                } else {
                    // A merge: only a topological walk orders the history.
                    reader.stop()
                    try indexer.index(try repository.history(from: head), readAheadFrom: readAheadFrom)
                }
            }
        }
    }

    /// The last check of a rebuild made with SQLite's foreign keys off: nil when every row's
    /// people and stories exist. The indexer checks each row as it writes it, at its commit, so a
    /// row found here is one it let through: a bug, reported rather than committed.
    static func foreignKeyViolation(_ db: Database) throws -> GalleyError? {
        guard let violation = try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") else { return nil }
        let table: String = violation[0], parent: String = violation[2]
        return .internalFailure("the rebuilt catalog has a row of \(table) naming a row of \(parent) that does not exist, which the "
                                + "indexer should have refused; the catalog was left as it was. Please report it, with `galley doctor`'s findings")
    }

    /// Runs `body` in a write transaction with SQLite's foreign keys off, and turns them on again.
    private func withoutForeignKeys(_ body: (Database) throws -> Void) throws {
        try reportingBusy {
            try writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                do {
                    try db.inTransaction {
                        try body(db)
                        return .commit
                    }
                } catch {
                    try db.execute(sql: "PRAGMA foreign_keys = ON")
                    throw error
                }
                try db.execute(sql: "PRAGMA foreign_keys = ON")
            }
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try reportingBusy { try writer.write(body) }
    }

    private func reportingBusy<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
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

    /// Folds commits into the catalog, oldest first, inside the caller's transaction.
    ///
    /// Everything but the story files comes from the commits' trailers, written with cached
    /// prepared statements. The fields the catalog keeps from a story's file (slug, headline,
    /// byline, section, and the search index's text) are those of the story's *latest* revision,
    /// so each story touched is read from git once, in `finish()`, at the latest revision this
    /// run indexed: a rebuild reads 10,000 files for 10,000 stories, not one per revision. Until
    /// then a story's row carries the slug from its `Galley-Slug` trailer, which Galley writes
    /// equal to the file's.
    struct Indexer {
        let repository: Repository
        let db: Database
        /// Stories whose file is still to be read, in the order first touched, with the commit of
        /// the latest revision indexed.
        private var pendingOrder: [StoryID] = []
        private var pending: [StoryID: ObjectID] = [:]
        /// Stories created by this run: they have no search row yet to delete (`finish()`).
        private var created: Set<StoryID> = []
        /// The rowid of each story this run has looked up or created: its row is then read and
        /// written by that integer key, not found again through the index on its id's text.
        private var rowids: [StoryID: Int64] = [:]
        /// The stories this run has touched, by rowid, as their events leave them; written back
        /// to SQLite by `finish()` (`FoldedStory`).
        private var folded: [Int64: FoldedStory] = [:]
        /// The statements run per commit, prepared at their first use.
        private let statements: IndexStatements
        /// The newsroom's people, when this indexer checks the rows' foreign keys itself (a
        /// rebuild, which turns SQLite's off); nil when SQLite checks them.
        private var members: Set<String>?

        /// With `checkingKeys`, every row that names a person or a story is checked after its
        /// statement, where SQLite checks an immediate foreign key, so a broken history stops at
        /// the commit and with the error it would with SQLite's keys on, even when a later
        /// commit adds the missing parent (which SQLite's `foreign_key_check` at the end would
        /// no longer see).
        init(repository: Repository, db: Database, checkingKeys: Bool = false) throws {
            self.repository = repository
            self.db = db
            statements = IndexStatements(db)
            members = checkingKeys ? Set(try String.fetchAll(db, sql: "SELECT email FROM people")) : nil
        }

        /// Throws SQLite's foreign key error at `commit` when checking keys and `email` is not
        /// one of the newsroom's people.
        private func requireMember(_ email: String?, at commit: ObjectID) throws {
            guard let members, let email, !members.contains(email) else { return }
            throw broken(commit, "FOREIGN KEY constraint failed")
        }

        /// Folds `commits` (oldest first), then reads the touched stories' files (`finish()`).
        /// `reader`, when the rebuild's threads have walked these commits, has their trailers
        /// parsed and story files read ahead.
        mutating func index(_ commits: [ObjectID], readAhead reader: RebuildReadAhead? = nil, readAheadFrom threshold: Int) throws {
            guard commits.count >= threshold else {
                for id in commits {
                    try apply(id, event: try EditorialEvent.read(message: try repository.commitMessage(id), commit: id))
                }
                try finish(readAhead: false)
                return
            }
            if let reader {
                for (index, id) in commits.enumerated() {
                    guard let event = try reader.event(index) else { throw broken(id, "the reader stopped before it") }
                    try apply(id, event: event)
                }
                try finish(readAhead: true, readFiles: reader)
                return
            }
            let gitDirectory = repository.gitDirectory
            // The reader parses the trailers too: it has time to spare, and this thread has none.
            // A commit whose trailers are broken throws where the serial loop would have.
            let events = Lookahead<EditorialEvent?>(count: commits.count) {
                let reader = try Repository.open(at: gitDirectory)
                return { index in try EditorialEvent.read(message: try reader.commitMessage(commits[index]), commit: commits[index]) }
            }
            for id in commits {
                guard let event = try events.next() else { throw broken(id, "the reader stopped before it") }
                try apply(id, event: event)
            }
            try finish(readAhead: true)
        }

        func broken(_ id: ObjectID, _ what: String) -> GalleyError {
            Indexer.broken(id, what)
        }

        static func broken(_ id: ObjectID, _ what: String) -> GalleyError {
            .internalFailure("commit \(id.short) cannot be indexed: \(what); the commit was not written by this Galley; `git show` it to see what it holds")
        }

        /// Folds one commit, read as `event` (nil when Galley did not write it), into the catalog.
        mutating func apply(_ id: ObjectID, event: EditorialEvent?) throws {
            guard let event else {
                // A plain commit reads and writes the stories' rows in SQLite: they are written
                // back first, and read again after it.
                try writeBack()
                folded = [:]
                // Its story files are read again at this commit in `finish()`.
                for storyID in try Catalog.applyPlainCommit(try repository.commit(id), from: repository, to: db)
                where pending.updateValue(id, forKey: storyID) == nil {
                    pendingOrder.append(storyID)
                }
                return
            }
            do {
                switch event.kind {
                case .founded, .personAdded:
                    guard let email = event.personEmail, let name = event.personName, let role = event.personRole else {
                        throw broken(id, "a people event without Galley-Person, Galley-Person-Name and Galley-Role")
                    }
                    let person = Person(email: email, name: name, role: role, addedAt: event.time,
                                        addedBy: event.kind == .founded ? nil : event.actor)
                    try person.insert(db)
                    // The row is there when SQLite checks its key: a person may name themself.
                    members?.insert(email)
                    try requireMember(person.addedBy, at: id)
                case .roleChanged:
                    guard let email = event.personEmail, let role = event.personRole,
                          var person = try Person.fetchOne(db, key: email) else {
                        throw broken(id, "a role change for someone not in the newsroom")
                    }
                    person.role = role
                    try person.update(db)
                case .created, .imported, .saved, .restored, .renamed:
                    try applyRevision(event, commit: id)
                case .transition:
                    try applyTransition(event, commit: id)
                    if event.correction, let storyID = event.storyID, let revision = event.revision, let note = event.note {
                        try statements(.insertCorrection).execute(storyID.text, revision, event.time, note, id.hex)
                    }
                case .scheduled:
                    guard let storyID = event.storyID, let rowid = try rowid(of: storyID), var story = try story(rowid) else {
                        throw broken(id, "a schedule for a story that does not exist")
                    }
                    try statements(.schedule).execute(event.at, event.revision, event.actor, event.minor, event.note, rowid)
                    try requireMember(event.actor, at: id)
                    story.scheduled = true
                    folded[rowid] = story
                case .workflowChanged, .settingsChanged, .superseded:
                    break
                }
                try statements(.insertEvent).execute(id.hex, event.kind.rawValue, event.transition, event.storyID?.text, event.actor,
                                                     event.time, event.revision, event.fromState, event.toState, event.note,
                                                     event.lintOverride)
                try requireMember(event.actor, at: id)
                if members != nil, let storyID = event.storyID, try rowid(of: storyID) == nil {
                    throw broken(id, "FOREIGN KEY constraint failed")
                }
            } catch let error as DatabaseError {
                throw broken(id, error.message ?? "\(error)")
            }
        }

        private mutating func applyRevision(_ event: EditorialEvent, commit: ObjectID) throws {
            guard let storyID = event.storyID, let number = event.revision else {
                throw broken(commit, "a revision event without Galley-Story and Galley-Revision")
            }
            // Galley always writes Galley-Slug; without it, the file is read now for the slug.
            let slug = try event.slug?.text ?? StoryRead.read(storyID, at: commit, from: repository).file.slug.text
            if event.kind == .created || event.kind == .imported {
                guard number == 1 else { throw broken(commit, "a story created at revision \(number)") }
                created.insert(storyID)
                // The headline, byline and section are filled from the file in `finish()`.
                let story = FoldedStory(slug: slug, revision: 1, savedAt: event.time, state: event.toState ?? "draft",
                                        stateSince: event.time, liveRevision: event.liveRevision,
                                        publishedAt: event.liveRevision == nil ? nil : event.publishedAt,
                                        lastUpdatedAt: event.liveRevision == nil ? nil : event.lastUpdatedAt)
                try statements(.insertStory).execute(storyID.text, story.slug, event.actor, StoryLayout.folder(for: storyID), event.time,
                                                     story.savedAt, story.state, story.stateSince, story.liveRevision,
                                                     story.publishedAt, story.lastUpdatedAt)
                let rowid = db.lastInsertedRowID
                rowids[storyID] = rowid
                folded[rowid] = story
                try requireMember(event.actor, at: commit)
            } else {
                guard let rowid = try rowid(of: storyID), var story = try story(rowid) else {
                    throw broken(commit, "a revision of story \(storyID) which was never created")
                }
                guard number == story.revision + 1 else {
                    throw broken(commit, "revision r\(number) of \(story.slug) follows r\(story.revision)")
                }
                // The slug is set only when it changes (setting it rewrites its UNIQUE index's
                // entry, even to the same text), and at once (`FoldedStory`).
                if slug != story.slug {
                    try statements(.setSlug).execute(slug, rowid)
                    story.slug = slug
                }
                story.revision = number
                story.savedAt = event.time
                story.changed = true
                folded[rowid] = story
            }
            try statements(.insertRevision).execute(storyID.text, number, commit.hex, event.actor, event.time, event.message ?? "",
                                                    event.minor)
            try requireMember(event.actor, at: commit)
            if pending.updateValue(commit, forKey: storyID) == nil { pendingOrder.append(storyID) }
        }

        /// A transition moves the story's state and, when it publishes or unpublishes, its live revision.
        /// The first publication sets published and last-updated; a later one moves last-updated
        /// unless it is minor; unpublishing moves neither.
        private mutating func applyTransition(_ event: EditorialEvent, commit: ObjectID) throws {
            guard let storyID = event.storyID, let rowid = try rowid(of: storyID), var story = try story(rowid) else {
                throw broken(commit, "a transition of a story that does not exist")
            }
            let (slug, revision, state) = (story.slug, story.revision, story.state)
            var (liveRevision, publishedAt, lastUpdatedAt) = (story.liveRevision, story.publishedAt, story.lastUpdatedAt)
            guard let from = event.fromState, let to = event.toState, from == state else {
                throw broken(commit, "a transition from '\(event.fromState ?? "?")' of \(slug), which is in '\(state)'")
            }
            if let live = event.liveRevision, live > revision {
                throw broken(commit, "r\(live) of \(slug) made live, but it has only r\(revision)")
            }
            if let live = event.liveRevision, live != liveRevision {
                // A publication is minor when the transition says so (`approve --minor`) or when every
                // revision it brings live was saved as minor (`save --minor`, a typo fix).
                let majorRevisions = try statements(.majorRevisions).first(storyID.text, liveRevision ?? 0, live) { $0.int(0) } ?? 0
                // A correction is never minor: readers must see that the story changed.
                let minor = !event.correction && (event.minor || (liveRevision != nil && majorRevisions == 0))
                if publishedAt == nil {
                    publishedAt = event.time
                    lastUpdatedAt = event.time
                } else if !minor {
                    lastUpdatedAt = event.time
                }
                liveRevision = live
            } else if event.liveRevision == nil {
                liveRevision = nil
            }
            story.state = to
            story.stateSince = event.time
            (story.liveRevision, story.publishedAt, story.lastUpdatedAt) = (liveRevision, publishedAt, lastUpdatedAt)
            if story.scheduled {
                try statements(.settleSchedule).execute(rowid)
                story.scheduled = false
            }
            story.changed = true
            folded[rowid] = story
        }

        /// The story's row as this run has folded it, read from SQLite at its first touch; nil
        /// when there is no such row.
        private mutating func story(_ rowid: Int64) throws -> FoldedStory? {
            if let story = folded[rowid] { return story }
            let story = try statements(.foldedStory).first(rowid, read: FoldedStory.init)
            folded[rowid] = story
            return story
        }

        /// Writes each story whose row this run changed, and `finish()` has not written, back to
        /// SQLite, in rowid order.
        private mutating func writeBack() throws {
            for rowid in folded.keys.sorted() where folded[rowid]!.changed {
                let story = folded[rowid]!
                try statements(.writeStory).execute(story.revision, story.savedAt, story.state, story.stateSince, story.liveRevision,
                                                    story.publishedAt, story.lastUpdatedAt, rowid)
                folded[rowid]!.changed = false
            }
        }

        /// The story's rowid, looked up by its id once per run; nil when there is no such story.
        private mutating func rowid(of storyID: StoryID) throws -> Int64? {
            if let rowid = rowids[storyID] { return rowid }
            let rowid = try statements(.storyRowid).first(storyID.text) { Int64($0.int(0)) }
            rowids[storyID] = rowid
            return rowid
        }

        /// Reads each touched story's file at the latest revision indexed, once, and writes the
        /// story's row as its events left it (`FoldedStory`) with the file's slug, headline,
        /// byline, section and folder's tree, and its text into the search index.
        /// With `readAhead`, the files are read and parsed by a second thread while this one
        /// writes; `readFiles`, when it reads files, has read them already (those it has not are
        /// read here).
        mutating func finish(readAhead: Bool, readFiles: RebuildReadAhead? = nil) throws {
            let readFiles = readFiles?.readsFiles == true ? readFiles : nil
            let order = pendingOrder
            let commits = order.map { pending[$0]! }
            let gitDirectory = repository.gitDirectory
            let reads = readAhead && readFiles == nil ? Lookahead<StoryRead>(count: order.count) {
                let reader = try Repository.open(at: gitDirectory)
                return { index in try StoryRead.read(order[index], at: commits[index], from: reader) }
            } : nil
            for (index, storyID) in order.enumerated() {
                let commit = commits[index]
                let read: StoryRead
                if let readAhead = readFiles?.story(storyID, at: commit) {
                    read = try readAhead.get()
                } else if let reads {
                    guard let next = try reads.next() else { throw broken(commit, "the reader stopped before it") }
                    read = next
                } else {
                    read = try StoryRead.read(storyID, at: commit, from: repository)
                }
                let file = read.file
                do {
                    // No UPDATE ... RETURNING, here or above: SQLite runs RETURNING as a trigger, in a
                    // statement savepoint, at which FTS5 writes out its pending terms as a segment.
                    guard let rowid = try rowid(of: storyID), var story = try story(rowid) else { continue }
                    // The slug only when the file's differs from the trailer's (see `applyRevision`);
                    // then the row as the events left it, with the file's fields.
                    if file.slug.text != story.slug {
                        try statements(.setSlug).execute(file.slug.text, rowid)
                        story.slug = file.slug.text
                    }
                    try statements(.writeStoryAndFile).execute(
                        story.revision, story.savedAt, story.state, story.stateSince, story.liveRevision, story.publishedAt,
                        story.lastUpdatedAt, file.headline, file.byline, file.section, read.folderTree.hex, rowid)
                    story.changed = false
                    folded[rowid] = story
                    // A story this run created has no search row yet to delete.
                    // The search index holds the latest revision's text; its rowid is the story's.
                    if !created.contains(storyID) {
                        try statements(.deleteSearchRow).execute(rowid)
                    }
                    try statements(.insertSearchRow).execute(rowid, file.slug.text, file.headline, file.body)
                } catch let error as DatabaseError {
                    throw broken(commit, error.message ?? "\(error)")
                }
            }
            // The stories whose events this run folded but whose file it did not read (a
            // transition or a schedule only).
            try writeBack()
        }
    }

    /// A commit made with plain git (no Galley trailers, e.g. pushed by someone using git
    /// directly) that changes story files: each changed story file becomes a revision by the
    /// commit's author when they are a member, else by the story's author, at the commit's author
    /// time, with its subject as the message. A story file that does not parse is left to
    /// `galley doctor`; other files are not the catalog's concern. The commit's one events row
    /// names the first story it changed.
    /// Returns the stories it gave a revision.
    fileprivate static func applyPlainCommit(_ commit: CommitInfo, from repository: Repository, to db: Database) throws -> [StoryID] {
        guard commit.parents.count <= 1, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM stories") ?? 0 > 0 else { return [] }
        let storyFiles = try repository.changes(from: commit.parents.first, to: commit.id)
            .filter { $0.blob != nil && $0.path.hasPrefix("stories/") && $0.path.hasSuffix("/" + StoryLayout.storyFile) }
        var recorded = false
        var revised: [StoryID] = []
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
            // Its search row is written by `Indexer.finish()`, which reads the file again at this commit.
            if !recorded {
                var row = Event(id: nil, commitId: commit.id.hex, kind: EventKind.saved.rawValue, transition: nil, storyId: id.text,
                                actor: actor, at: time, revision: story.revision, fromState: nil, toState: nil, note: nil, lintOverride: nil)
                try row.insert(db)
                recorded = true
            }
            revised.append(id)
        }
        return revised
    }
}
