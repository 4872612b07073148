import Foundation
import GitKit

/// The second thread of a rebuild over a history whose messages the walk has read: it parses
/// every commit's trailers, and then reads and parses each story's file at its latest revision,
/// ahead of the indexer.
///
/// The indexer's thread is saturated folding the events into SQLite while parsing the trailers
/// takes a third of another core; the story files, read after the last event, kept both cores
/// busy. Reading them while the events are folded leaves the indexer's last phase only its
/// SQLite work. Which file each story needs is known once every trailer is parsed: the file at
/// the story's last revision event (`created`, `imported`, `saved`, `restored`, `renamed`), the
/// commit the indexer's `finish()` reads it at. A commit without Galley's trailers (made with plain
/// git) makes that depend on the catalog, so then no file is read ahead and the indexer reads
/// them as before. The indexer takes a file only when it wants that story at that same commit,
/// and reads any other itself: the catalog cannot differ from a serial rebuild's.
///
/// Items come out as a serial loop would give them: a trailer that does not parse is the
/// indexer's error at its commit, after the events before it; a missing or broken story file is
/// its error at that story. The parsed trailers are held until taken (the reader is far ahead:
/// it needs them all before it knows which files to read), and the files read ahead until taken,
/// at most every story's latest text: the price of the overlap, about 300 MB at 100,000 stories.
/// Dropping the reader, or `stop()`, ends its thread.
final class RebuildReadAhead {
    /// The state the thread holds (and tests, to see the thread end).
    let shared: Shared

    init(gitDirectory: URL, commits: [ObjectID], messages: [String]) {
        // The thread holds only the shared state, so dropping this object stops it (`deinit`).
        let shared = Shared(count: commits.count)
        self.shared = shared
        let thread = Thread {
            shared.run(gitDirectory: gitDirectory, commits: commits, messages: messages)
        }
        thread.name = "galley-rebuild-reader"
        thread.start()
    }

    deinit {
        shared.stop()
    }

    /// The trailers of commit `index` (oldest first), nil for a commit Galley did not write.
    /// Throws where parsing them failed. Nil, not an event, only if the reader stopped before
    /// this commit.
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

    /// Tells the reader to stop and waits until it has (and has closed its repository).
    func stop() {
        shared.stop()
    }
}

extension RebuildReadAhead {
    /// The reader's state, shared by its thread and the indexer under one condition.
    final class Shared: @unchecked Sendable {
        private let condition = NSCondition()
        /// Parsed trailers, oldest first; an item is emptied once taken.
        private var events: [Result<EditorialEvent?, any Error>?] = []
        /// Story files read ahead and not yet taken, with the commit each was read at.
        private var files: [StoryID: (commit: ObjectID, read: Result<StoryRead, any Error>)] = [:]
        /// The stories whose files are read ahead; set once every trailer has been parsed, and left
        /// nil when none is (a commit without Galley's trailers, a broken trailer, no repository).
        private var planned: Set<StoryID>?
        private var eventsDone = false
        private var filesDone = false
        private var cancelled = false
        private var exited = false
        private var consumerWaiting = false

        /// How many trailers are parsed between two hand-overs (each takes the lock).
        private static let batch = 256

        init(count: Int) {
            events.reserveCapacity(count)
        }

        /// True once the reading thread has returned.
        var hasExited: Bool {
            condition.lock()
            defer { condition.unlock() }
            return exited
        }

        func event(_ index: Int) throws -> EditorialEvent?? {
            condition.lock()
            defer { condition.unlock() }
            while index >= events.count && !eventsDone {
                consumerWaiting = true
                condition.wait()
            }
            consumerWaiting = false
            guard index < events.count, let item = events[index] else { return nil }
            events[index] = nil
            // The last one taken: the array's own storage (every slot, about 300 bytes each) goes too.
            if eventsDone && index == events.count - 1 { events = [] }
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
            while files[storyID] == nil && !filesDone {
                consumerWaiting = true
                condition.wait()
            }
            consumerWaiting = false
            guard let taken = files.removeValue(forKey: storyID), taken.commit == commit else { return nil }
            return taken.read
        }

        /// Waits, with the lock held, until every trailer is parsed (or the reader has stopped).
        private func waitForEvents() {
            while !eventsDone {
                consumerWaiting = true
                condition.wait()
            }
            consumerWaiting = false
        }

        func stop() {
            condition.lock()
            cancelled = true
            condition.broadcast()
            while !exited { condition.wait() }
            files.removeAll()
            events = []
            condition.unlock()
        }

        func run(gitDirectory: URL, commits: [ObjectID], messages: [String]) {
            defer {
                condition.lock()
                eventsDone = true
                filesDone = true
                exited = true
                condition.broadcast()
                condition.unlock()
            }
            // The story each file is wanted for, oldest first touched, at its latest revision.
            var order: [StoryID] = []
            var latest: [StoryID: ObjectID] = [:]
            var plain = false
            var parsed: [Result<EditorialEvent?, any Error>?] = []
            parsed.reserveCapacity(Self.batch)
            for (index, commit) in commits.enumerated() {
                let item = Result { try EditorialEvent.read(message: messages[index], commit: commit) }
                switch item {
                case .success(let event?):
                    if event.kind.isRevision, let storyID = event.storyID, latest.updateValue(commit, forKey: storyID) == nil {
                        order.append(storyID)
                    }
                case .success(nil):
                    plain = true
                case .failure:
                    break
                }
                parsed.append(item)
                let failed = if case .failure = item { true } else { false }
                if parsed.count == Self.batch || index == commits.count - 1 || failed {
                    condition.lock()
                    events.append(contentsOf: parsed)
                    if failed { eventsDone = true }
                    let stop = cancelled
                    if consumerWaiting { condition.broadcast() }
                    condition.unlock()
                    parsed.removeAll(keepingCapacity: true)
                    // After a failure the indexer stops at that commit: nothing more is wanted.
                    if stop || failed { return }
                }
            }
            // Without a repository of its own (it could not be opened), the indexer reads every file.
            let reader = plain ? nil : try? Repository.open(at: gitDirectory)
            condition.lock()
            eventsDone = true
            if reader != nil { planned = Set(order) }
            if consumerWaiting { condition.broadcast() }
            condition.unlock()
            guard let reader else { return }
            for storyID in order {
                let commit = latest[storyID]!
                let read = Result { try StoryRead.read(storyID, at: commit, from: reader) }
                condition.lock()
                files[storyID] = (commit, read)
                let stop = cancelled
                if consumerWaiting { condition.broadcast() }
                condition.unlock()
                if stop { return }
            }
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
