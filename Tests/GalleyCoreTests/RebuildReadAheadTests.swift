import Foundation
@testable import GalleyCore
import GitKit
import Testing

/// The reading threads of a rebuild (issue 7): the history walked newest first and handed over as
/// it is read, the trailers in order, each story's file read at its latest revision and at no
/// other commit (already while the walk runs), nothing read ahead for a history with a commit made
/// with plain git or a merge, and each error where a serial rebuild meets it.
@Suite struct RebuildReadAheadTests {
    /// A newsroom whose harbour story is created and saved twice, and whose ferry story is created
    /// and submitted; with the history's commits and messages, oldest first.
    struct History {
        let fixture: NewsroomFixture
        let harbour: Story
        let ferry: Story
        var ids: [ObjectID]
        var messages: [String]

        init() throws {
            fixture = try NewsroomFixture()
            let newsroom = fixture.newsroom
            harbour = try newsroom.createStory(NewStory(headline: "Harbour reopens"), by: fixture.rina)
            ferry = try newsroom.createStory(NewStory(headline: "Ferries return"), by: fixture.tono)
            try fixture.append("The first ships came in at dawn.\n", to: harbour)
            _ = try newsroom.saveStory(harbour.slug, message: "Add the ships", minor: false, by: fixture.rina)
            _ = try newsroom.transition(ferry.slug, "submit", by: fixture.tono)
            try fixture.append("The port authority confirmed it.\n", to: harbour)
            _ = try newsroom.saveStory(harbour.slug, message: "Confirm", minor: false, by: fixture.rina)
            (ids, messages) = try History.line(in: fixture.folder, from: fixture.head())
        }

        /// The first-parent line from `head`, oldest first, as `Repository.walkLine` hands it over.
        static func line(in folder: URL, from head: ObjectID) throws -> (ids: [ObjectID], messages: [String]) {
            var walked: [LineCommit] = []
            try #require(try Repository.open(at: folder).walkLine(from: head) { walked.append($0); return true })
            return (walked.reversed().map(\.id), walked.reversed().map(\.message))
        }

        /// The commit of the story's last revision event, as the indexer's `finish()` reads it.
        func latestRevision(of story: Story) throws -> ObjectID {
            let id = try #require(StoryID(story.id))
            let index = try #require(try messages.indices.last { index in
                let event = try EditorialEvent.read(message: messages[index], commit: ids[index])
                return event?.storyID == id && event?.kind.isRevision == true
            })
            return ids[index]
        }

        func file(of story: Story, at commit: ObjectID) throws -> StoryFile {
            let data = try #require(try Repository.open(at: fixture.folder).file(at: story.path + "/story.md", in: commit))
            return try StoryFile.parse(data, file: story.path + "/story.md")
        }

        /// The history's commits with their root trees and messages, oldest first, as a walk hands them over.
        var commits: [LineCommit] {
            get throws {
                let repository = try Repository.open(at: fixture.folder)
                return try ids.indices.map { LineCommit(id: ids[$0], tree: try repository.commit(ids[$0]).tree, message: messages[$0]) }
            }
        }

        /// A reader whose walk hands over this history's commits, newest first.
        func reader(batch: Int = 256) throws -> RebuildReadAhead {
            let commits = try self.commits
            return RebuildReadAhead(gitDirectory: fixture.folder, batch: batch) { each in
                for commit in commits.reversed() where try !each(commit) { return false }
                return true
            }
        }
    }

    @Test func theTrailersComeOutInOrderAsEditorialEventReadsThem() throws {
        let history = try History()
        // Walked from the repository's head: the same line `walkLine` hands over, oldest first.
        let walked = RebuildReadAhead(gitDirectory: history.fixture.folder, head: try history.fixture.head())
        #expect(try walked.commits() == history.ids)
        let reader = try history.reader(batch: 2)
        #expect(try reader.commits() == history.ids)
        for index in history.ids.indices {
            let event = try #require(try reader.event(index))
            #expect(event == (try EditorialEvent.read(message: history.messages[index], commit: history.ids[index])))
        }
    }

    @Test func eachStorysFileIsReadAtItsLatestRevisionOnly() throws {
        let history = try History()
        let harbourID = try #require(StoryID(history.harbour.id))
        let ferryID = try #require(StoryID(history.ferry.id))
        let latest = try history.latestRevision(of: history.harbour)
        #expect(latest == history.ids.last)

        let reader = try history.reader()
        for index in history.ids.indices { _ = try reader.event(index) }
        #expect(reader.readsFiles)
        let read = try #require(reader.story(harbourID, at: latest)).get()
        let file = read.file
        // With the tree of the story's folder at that commit, as git itself names it.
        #expect(try history.fixture.git(["rev-parse", "\(latest.hex):\(history.harbour.path)"]) == read.folderTree.hex + "\n")
        #expect(file == (try history.file(of: history.harbour, at: latest)))
        #expect(file.body.contains("The port authority confirmed it."))
        // The ferry story's latest revision is its creation: the submit did not write its file.
        let ferryLatest = try history.latestRevision(of: history.ferry)
        #expect(try reader.story(ferryID, at: ferryLatest)?.get().file == (try history.file(of: history.ferry, at: ferryLatest)))
        // A story the history never touched is the indexer's to read.
        let untouched = try #require(StoryID("01J0000000000000000000000A"))
        #expect(reader.story(untouched, at: latest) == nil)

        // Asked at another commit (not the one it read at), the reader gives nothing: the indexer reads it.
        let other = try history.reader()
        for index in history.ids.indices { _ = try other.event(index) }
        let creation = try #require(history.ids.first { id in
            try Repository.open(at: history.fixture.folder).commit(id).subject.hasPrefix(history.harbour.slug + " r1")
        })
        #expect(other.story(harbourID, at: creation) == nil)
    }

    @Test func aCommitMadeWithPlainGitLeavesEveryFileToTheIndexer() throws {
        var history = try History()
        try history.fixture.append("Edited with git.\n", to: history.harbour)
        try history.fixture.commitWithGit("Fix a typo")
        (history.ids, history.messages) = try History.line(in: history.fixture.folder, from: history.fixture.head())
        let reader = try history.reader()
        let events = try history.ids.indices.map { try #require(try reader.event($0)) }
        #expect(events.last! == nil)
        #expect(!reader.readsFiles)
        let latest = try history.latestRevision(of: history.harbour)
        let harbourID = try #require(StoryID(history.harbour.id))
        let ferryID = try #require(StoryID(history.ferry.id))
        #expect(reader.story(harbourID, at: latest) == nil)
        #expect(reader.story(ferryID, at: try history.latestRevision(of: history.ferry)) == nil)
    }

    @Test func aBrokenTrailerIsThrownAtItsCommitAfterTheOnesBefore() throws {
        var history = try History()
        let broken = history.messages.count - 2
        #expect(history.messages[broken].contains("Galley-Event: transition"))
        history.messages[broken] = history.messages[broken].replacingOccurrences(of: "Galley-Event: transition", with: "Galley-Event: frobbed")
        let expected = #expect(throws: GalleyError.self) {
            try EditorialEvent.read(message: history.messages[broken], commit: history.ids[broken])
        }
        let reader = try history.reader()
        for index in 0..<broken { #expect(try reader.event(index) != nil) }
        let error = #expect(throws: GalleyError.self) { try reader.event(broken) }
        #expect(error?.message == expected?.message)
        #expect(error?.message.contains("unknown event 'frobbed'") == true)
    }

    @Test func aMissingStoryFileIsTheIndexersErrorAtThatStory() throws {
        var history = try History()
        // The last save's trailers, on the founding commit: its tree has no story.
        let founding = history.ids[0]
        history.ids = [founding]
        history.messages = [history.messages.last!]
        let reader = try history.reader()
        #expect(try reader.event(0)??.kind == .saved)
        let harbourID = try #require(StoryID(history.harbour.id))
        let read = try #require(reader.story(harbourID, at: founding))
        let error = #expect(throws: GalleyError.self) { try read.get() }
        #expect(error?.message == "commit \(founding.short) cannot be indexed: \(history.harbour.path)/story.md is missing; the commit was not written by this Galley; `git show` it to see what it holds")
    }

    /// What a test's walk sees of its reader, from the walking thread.
    final class Watch: @unchecked Sendable {
        private let lock = NSLock()
        private var _shared: RebuildReadAhead.Shared?
        private var _seen = 0
        var shared: RebuildReadAhead.Shared? {
            get { lock.withLock { _shared } }
            set { lock.withLock { _shared = newValue } }
        }
        /// Files read ahead when the walk was about to end.
        var seen: Int {
            get { lock.withLock { _seen } }
            set { lock.withLock { _seen = newValue } }
        }
    }

    @Test func storyFilesAreReadWhileTheWalkRuns() throws {
        let history = try History()
        let (ids, commits) = (history.ids, try history.commits)
        // The walk hands every commit over, one at a time, and then (before it ends) waits up to
        // ten seconds for the reader to have read a story's file.
        let watch = Watch()
        let reader = RebuildReadAhead(gitDirectory: history.fixture.folder, batch: 1) { each in
            for commit in commits.reversed() where try !each(commit) { return false }
            let deadline = Date().addingTimeInterval(10)
            while (watch.shared?.filesReadAhead ?? 0) == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.001) }
            watch.seen = watch.shared?.filesReadAhead ?? 0
            return true
        }
        watch.shared = reader.shared
        #expect(try reader.commits() == ids)
        #expect(watch.seen >= 1)
        // What was read during the walk is what the indexer is handed.
        let harbourID = try #require(StoryID(history.harbour.id))
        let latest = try history.latestRevision(of: history.harbour)
        #expect(try reader.story(harbourID, at: latest)?.get().file == (try history.file(of: history.harbour, at: latest)))
    }

    @Test func stoppingEarlyEndsBothThreads() throws {
        let history = try History()
        let stopped = try history.reader()
        stopped.stop()
        stopped.stop()
        // Dropped while its walk would hand commits over for ever: its deinit stops both threads
        // (which hold only the shared state) before it returns.
        let commits = try history.commits
        let newest = commits.last!
        var shared: RebuildReadAhead.Shared?
        do {
            let dropped = RebuildReadAhead(gitDirectory: history.fixture.folder) { each in
                while try each(newest) {}
                return false
            }
            shared = dropped.shared
            #expect(!dropped.shared.hasExited)
            #expect(!dropped.shared.hasWalked)
        }
        #expect(shared?.hasExited == true)
        let unreadable = RebuildReadAhead(gitDirectory: history.fixture.folder.appendingPathComponent("no-such-folder")) { each in
            for commit in commits.reversed() where try !each(commit) { return false }
            return true
        }
        for index in history.ids.indices { _ = try unreadable.event(index) }
        // A reader that cannot open the repository leaves the files to the indexer.
        let harbourID = try #require(StoryID(history.harbour.id))
        #expect(unreadable.story(harbourID, at: history.ids.last!) == nil)
        #expect(!unreadable.readsFiles)
    }

    @Test func aMergeOrAWalkThatFailsIsSaidByCommits() throws {
        let history = try History()
        // The walk met a merge after handing over the newest commits: no line, nothing read ahead.
        let (ids, newest) = (history.ids, try history.commits.last!)
        let merged = RebuildReadAhead(gitDirectory: history.fixture.folder, batch: 1) { each in
            _ = try each(newest)
            return false
        }
        #expect(try merged.commits() == nil)
        #expect(!merged.readsFiles)
        #expect(merged.story(try #require(StoryID(history.harbour.id)), at: ids.last!) == nil)
        // A head the repository does not hold: the walk's own error.
        let missing = try #require(ObjectID(hex: String(repeating: "ab", count: 20)))
        let failed = RebuildReadAhead(gitDirectory: history.fixture.folder, head: missing)
        #expect(throws: GitError.self) { try failed.commits() }
        #expect(!failed.readsFiles)
    }
}
