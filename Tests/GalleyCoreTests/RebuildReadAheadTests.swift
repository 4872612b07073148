import Foundation
@testable import GalleyCore
import GitKit
import Testing

/// The second thread of a rebuild (issue 7): the trailers in order, each story's file read at its
/// latest revision and at no other commit, nothing read ahead for a history with a commit made
/// with plain git, and each error where a serial rebuild meets it.
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
            let line = try #require(try Repository.open(at: fixture.folder).linearHistory(from: fixture.head()))
            (ids, messages) = (line.ids, line.messages)
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

        func reader() -> RebuildReadAhead {
            RebuildReadAhead(gitDirectory: fixture.folder, commits: ids, messages: messages)
        }
    }

    @Test func theTrailersComeOutInOrderAsEditorialEventReadsThem() throws {
        let history = try History()
        let reader = history.reader()
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

        let reader = history.reader()
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
        let other = history.reader()
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
        let line = try #require(try Repository.open(at: history.fixture.folder).linearHistory(from: history.fixture.head()))
        (history.ids, history.messages) = (line.ids, line.messages)
        let reader = history.reader()
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
        let reader = history.reader()
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
        let reader = history.reader()
        #expect(try reader.event(0)??.kind == .saved)
        let harbourID = try #require(StoryID(history.harbour.id))
        let read = try #require(reader.story(harbourID, at: founding))
        let error = #expect(throws: GalleyError.self) { try read.get() }
        #expect(error?.message == "commit \(founding.short) cannot be indexed: \(history.harbour.path)/story.md is missing; the commit was not written by this Galley; `git show` it to see what it holds")
    }

    @Test func stoppingEarlyEndsTheReader() throws {
        let history = try History()
        let stopped = history.reader()
        stopped.stop()
        stopped.stop()
        // Dropped after one event, with 200,000 commits' trailers still to parse: its deinit stops
        // the thread (which holds only the shared state) before it returns.
        let many = 200_000
        var shared: RebuildReadAhead.Shared?
        do {
            let dropped = RebuildReadAhead(gitDirectory: history.fixture.folder,
                                           commits: Array(repeating: history.ids.last!, count: many),
                                           messages: Array(repeating: history.messages.last!, count: many))
            _ = try dropped.event(0)
            shared = dropped.shared
            #expect(!dropped.shared.hasExited)
        }
        #expect(shared?.hasExited == true)
        let unreadable = RebuildReadAhead(gitDirectory: history.fixture.folder.appendingPathComponent("no-such-folder"),
                                          commits: history.ids, messages: history.messages)
        for index in history.ids.indices { _ = try unreadable.event(index) }
        // A reader that cannot open the repository leaves the files to the indexer.
        let harbourID = try #require(StoryID(history.harbour.id))
        #expect(unreadable.story(harbourID, at: history.ids.last!) == nil)
        #expect(!unreadable.readsFiles)
    }
}
