import Foundation
import GitKit

/// The two reading threads of a rebuild: one walks the history, newest first, and hands each
/// commit's message over as it inflates it; the other parses those messages' trailers as they
/// come and, whenever it waits for the walk, reads story files ahead of the indexer.
///
/// Nothing can be indexed before the walk ends: the oldest commit comes out last. So the work
/// that does not need the catalog is done during the walk, on the core the walk leaves idle:
/// parsing the trailers, and reading each story's file at its latest revision. Walking newest
/// first, the first revision event (`created`, `imported`, `saved`, `restored`, `renamed`) met for
/// a story is its latest, the commit the indexer's `finish()` reads the file at. A commit
/// without Galley's trailers (made with plain git) makes which revision is latest depend on the
/// catalog, and a broken trailer ends the rebuild anyway: with either, nothing read ahead is handed
/// out and the indexer reads every file as before. The indexer takes a file only when it wants
/// that story at that same commit, and reads any other itself: the catalog cannot differ from a
/// serial rebuild's.
///
/// During the walk, files are read in the order met (the newest latest revision first); after it,
/// the rest in the order the stories were created, which is the order `finish()` takes them in:
/// it must write the search index in ascending rowid order, or FTS5 writes out its pending terms
/// at every row. The files read during the walk wait until taken.
///
/// Items come out as a serial loop would give them: a trailer that does not parse is the
/// indexer's error at its commit, after the events before it; a missing or broken story file is
/// its error at that story. A merge stops the walk: the history is not a line, `commits()` says
/// so, and the caller indexes it in `Repository.history(from:)`'s order instead. The parsed
/// trailers are held until taken (the indexer needs the oldest first, which is parsed last), and
/// the files read ahead until taken. Dropping the reader, or `stop()`, ends both threads.
final class RebuildReadAhead {
    /// The state the threads hold (and tests, to see them end).
    let shared: Shared

    /// Walks the first-parent line from `head` in the repository at `gitDirectory`.
    convenience init(gitDirectory: URL, head: ObjectID) {
        self.init(gitDirectory: gitDirectory) { each in
            try Repository.open(at: gitDirectory).walkLine(from: head, each)
        }
    }

    /// `walk` runs on the walking thread and hands each commit with its root tree and message,
    /// newest first, to the function it is given, stopping when that returns false; it returns
    /// false at a merge.
    /// The walk hands commits over `batch` at a time.
    init(gitDirectory: URL, batch: Int = 256,
         walk: @escaping @Sendable (_ each: (LineCommit) throws -> Bool) throws -> Bool) {
        precondition(batch > 0)
        // The threads hold only the shared state, so dropping this object stops them (`deinit`).
        let shared = Shared(batch: batch)
        self.shared = shared
        let walker = Thread { shared.walk(walk) }
        walker.name = "galley-rebuild-walk"
        let reader = Thread { shared.read(gitDirectory: gitDirectory) }
        reader.name = "galley-rebuild-reader"
        walker.start()
        reader.start()
    }

    deinit {
        shared.stop()
    }

    /// Waits for the walk: the history's commits, oldest first, or nil when it met a merge. Throws
    /// the walk's error.
    func commits() throws -> [ObjectID]? {
        try shared.commits()
    }

    /// The trailers of commit `index` (oldest first), nil for a commit Galley did not write.
    /// Throws where parsing them failed. Nil, not an event, only if the reader stopped before
    /// this commit. Waits until every trailer is parsed.
    func event(_ index: Int) throws -> EditorialEvent?? {
        try shared.event(index)
    }

    /// True when story files are read ahead; false when the indexer must read every one (it then
    /// reads them ahead itself, on a `Lookahead`). Waits until every trailer is parsed.
    var readsFiles: Bool {
        shared.readsFiles
    }

    /// The story's file read at `commit`, when this reader read it there (waiting until it has);
    /// nil when it did not, and the caller must read it.
    func story(_ storyID: StoryID, at commit: ObjectID) -> Result<StoryRead, any Error>? {
        shared.story(storyID, at: commit)
    }

    /// Tells both threads to stop and waits until they have (and have closed their repositories).
    func stop() {
        shared.stop()
    }
}

extension RebuildReadAhead {
    /// The threads' state, shared by them and the indexer under one condition.
    final class Shared: @unchecked Sendable {
        private let condition = NSCondition()
        /// Commits with their trees and messages, newest first, handed over by the walk and not yet parsed.
        private var walked: [LineCommit] = []
        /// Every commit walked, newest first; set when the walk ends.
        private var walkedIDs: [ObjectID] = []
        private var walkEnded = false
        private var merged = false
        private var walkError: (any Error)?
        /// Parsed trailers, newest first as walked; an item is emptied once taken.
        private var events: [Result<EditorialEvent?, any Error>?] = []
        /// Story files read ahead and not yet taken, with the commit each was read at.
        private var files: [StoryID: (commit: ObjectID, read: Result<StoryRead, any Error>)] = [:]
        /// The stories whose files are read ahead; set once every trailer has been parsed, and left
        /// nil when none is handed out (a merge, a commit without Galley's trailers, a broken
        /// trailer, no repository).
        private var planned: Set<StoryID>?
        private var eventsDone = false
        private var filesDone = false
        private var cancelled = false
        private var walkerExited = false
        private var readerExited = false
        /// How many story files have been read ahead (tests see them read during the walk).
        private var filesRead = 0

        /// How many commits the walk hands over at once (each hand-over takes the lock).
        private let batchSize: Int

        init(batch: Int) {
            batchSize = batch
        }

        /// True once the walk has ended.
        var hasWalked: Bool {
            condition.lock()
            defer { condition.unlock() }
            return walkEnded
        }

        /// How many story files have been read ahead so far.
        var filesReadAhead: Int {
            condition.lock()
            defer { condition.unlock() }
            return filesRead
        }

        /// True once both threads have returned.
        var hasExited: Bool {
            condition.lock()
            defer { condition.unlock() }
            return walkerExited && readerExited
        }

        // MARK: The indexer's side

        func commits() throws -> [ObjectID]? {
            condition.lock()
            defer { condition.unlock() }
            while !walkEnded { condition.wait() }
            if let walkError { throw walkError }
            if merged { return nil }
            return walkedIDs.reversed()
        }

        func event(_ index: Int) throws -> EditorialEvent?? {
            condition.lock()
            defer { condition.unlock() }
            waitForEvents()
            // Walked newest first: the oldest commit is the last one parsed.
            let position = events.count - 1 - index
            guard index >= 0, position >= 0, let item = events[position] else { return nil }
            events[position] = nil
            // The last one taken: the array's own storage (every slot, about 300 bytes each) goes too.
            if position == 0 { events = [] }
            return .some(try item.get())
        }

        var readsFiles: Bool {
            condition.lock()
            defer { condition.unlock() }
            waitForEvents()
            return planned != nil
        }

        func story(_ storyID: StoryID, at commit: ObjectID) -> Result<StoryRead, any Error>? {
            condition.lock()
            defer { condition.unlock() }
            waitForEvents()
            guard planned?.contains(storyID) == true else { return nil }
            while files[storyID] == nil && !filesDone { condition.wait() }
            guard let taken = files.removeValue(forKey: storyID), taken.commit == commit else { return nil }
            return taken.read
        }

        /// Waits, with the lock held, until every trailer is parsed (or the reader has stopped).
        private func waitForEvents() {
            while !eventsDone { condition.wait() }
        }

        func stop() {
            condition.lock()
            cancelled = true
            condition.broadcast()
            while !(walkerExited && readerExited) { condition.wait() }
            files.removeAll()
            events = []
            walked = []
            condition.unlock()
        }

        // MARK: The walking thread

        func walk(_ walk: (_ each: (LineCommit) throws -> Bool) throws -> Bool) {
            var ids: [ObjectID] = []
            var batch: [LineCommit] = []
            batch.reserveCapacity(batchSize)
            /// Hands the batch over; false when the rebuild has stopped.
            func handOver() -> Bool {
                condition.lock()
                walked.append(contentsOf: batch)
                let stop = cancelled
                condition.broadcast()
                condition.unlock()
                batch.removeAll(keepingCapacity: true)
                return !stop
            }
            var outcome: Result<Bool, any Error>
            do {
                outcome = .success(try walk { commit in
                    ids.append(commit.id)
                    batch.append(commit)
                    return batch.count < batchSize || handOver()
                })
            } catch {
                outcome = .failure(error)
            }
            // The repository the walk opened is closed by now; what is left is handed over.
            condition.lock()
            walked.append(contentsOf: batch)
            switch outcome {
            case .success(let linear): merged = !linear && !cancelled
            case .failure(let error): walkError = error
            }
            walkedIDs = ids
            walkEnded = true
            walkerExited = true
            condition.broadcast()
            condition.unlock()
        }

        // MARK: The reading thread

        func read(gitDirectory: URL) {
            defer {
                condition.lock()
                eventsDone = true
                filesDone = true
                readerExited = true
                condition.broadcast()
                condition.unlock()
            }
            // Without a repository of its own (it could not be opened), the indexer reads every file.
            let repository = try? Repository.open(at: gitDirectory)
            // Each story's latest revision, with its commit's root tree, in the order met: newest first.
            var queue: [(storyID: StoryID, commit: ObjectID, root: ObjectID)] = []
            // Where each story's oldest revision event was met (counting from the newest commit).
            var created: [StoryID: Int] = [:]
            var position = 0
            var next = 0
            var readable = repository != nil
            while true {
                condition.lock()
                while walked.isEmpty && !walkEnded && !cancelled && !(readable && next < queue.count) {
                    condition.wait()
                }
                if cancelled {
                    condition.unlock()
                    return
                }
                let batch = walked
                walked = []
                let ended = walkEnded
                let usable = ended && !merged && walkError == nil
                condition.unlock()

                if !batch.isEmpty {
                    let parsed = batch.map { commit in
                        let item = Result { try EditorialEvent.read(message: commit.message, commit: commit.id) }
                        switch item {
                        case .success(let event?):
                            if event.kind.isRevision, let storyID = event.storyID,
                               created.updateValue(position, forKey: storyID) == nil {
                                queue.append((storyID, commit.id, commit.tree))
                            }
                        case .success(nil), .failure:
                            // A plain commit, or a rebuild that stops at a broken trailer.
                            readable = false
                        }
                        position += 1
                        return Optional(item)
                    }
                    condition.lock()
                    events.append(contentsOf: parsed)
                    // Nothing read ahead will be handed out: what was read goes now.
                    if !readable { files.removeAll() }
                    condition.broadcast()
                    condition.unlock()
                    continue
                }
                if ended {
                    condition.lock()
                    eventsDone = true
                    if usable && readable { planned = Set(queue.map(\.storyID)) }
                    condition.broadcast()
                    condition.unlock()
                    guard usable && readable else { return }
                    break
                }
                // The walk is still inflating commits: read one file ahead meanwhile.
                guard read(queue[next], from: repository!) else { return }
                next += 1
            }
            // The rest in the order the stories were created, the oldest first: the order they are taken in.
            for item in queue[next...].sorted(by: { created[$0.storyID]! > created[$1.storyID]! }) {
                guard read(item, from: repository!) else { return }
            }
        }

        /// Reads and keeps one story's file; false when the rebuild has stopped.
        private func read(_ item: (storyID: StoryID, commit: ObjectID, root: ObjectID), from repository: Repository) -> Bool {
            // From the commit's root tree, which the walk handed over: the commit is not read again.
            let read = Result { try StoryRead.read(item.storyID, at: item.commit, root: item.root, from: repository) }
            condition.lock()
            defer { condition.unlock() }
            files[item.storyID] = (item.commit, read)
            filesRead += 1
            condition.broadcast()
            return !cancelled
        }
    }
}

extension EventKind {
    /// The kinds that write a new revision of a story's file.
    var isRevision: Bool {
        switch self {
        case .created, .imported, .saved, .restored, .renamed: true
        default: false
        }
    }
}
