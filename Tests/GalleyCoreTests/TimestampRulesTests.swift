import Foundation
@testable import GalleyCore
import GitKit
import Testing

/// "Last Updated" is an editorial fact: these tests walk a story through a day with GALLEY_NOW-style
/// fixed clocks and check every timestamp rule, then that `reindex` restores them all.
@Suite struct TimestampRulesTests {
    let fixture: NewsroomFixture

    init() throws {
        fixture = try NewsroomFixture(now: "2024-06-20T04:00:00Z")
    }

    /// The newsroom as a command run at `time` would see it.
    func at(_ time: String) throws -> Newsroom { try fixture.reopen(now: time) }

    func publishedStory() throws -> Story {
        let story = try at("2024-06-20T04:10:00Z").createStory(NewStory(headline: "Putin and Kim sign a pact"), by: fixture.rina)
        try at("2024-06-20T04:20:00Z").transition(story.slug, "submit", by: fixture.rina)
        return try at("2024-06-20T04:33:00Z").transition(story.slug, "approve", by: fixture.editor).0
    }

    func revise(_ story: Story, at time: String, minor: Bool = false) throws {
        try fixture.append("More at \(time).\n", to: story)
        _ = try at(time).saveStory(story.slug, message: "Update at \(time)", minor: minor, by: fixture.rina)
    }

    @Test func theFirstPublicationSetsPublishedAndLastUpdated() throws {
        let story = try publishedStory()
        #expect(story.publishedAt == "2024-06-20T04:33:00Z")
        #expect(story.lastUpdatedAt == "2024-06-20T04:33:00Z")
        #expect(story.liveRevision == 1)
        #expect(try at("2024-06-20T05:00:00Z").dateline(of: story) == "Thursday, 20 June 2024 | 11:33 WIB Last Updated 2024-06-20T04:33:00Z")
    }

    @Test func anUpdateMovesLastUpdatedAndAMinorOneDoesNot() throws {
        let story = try publishedStory()
        try revise(story, at: "2024-06-20T05:00:00Z")
        try at("2024-06-20T05:01:00Z").transition(story.slug, "submit", by: fixture.rina)
        let updated = try at("2024-06-20T05:02:00Z").transition(story.slug, "approve", by: fixture.editor).0
        #expect(updated.publishedAt == "2024-06-20T04:33:00Z")
        #expect(updated.lastUpdatedAt == "2024-06-20T05:02:00Z")
        #expect(updated.liveRevision == 2)

        try revise(story, at: "2024-06-20T06:00:00Z")
        try at("2024-06-20T06:01:00Z").transition(story.slug, "submit", by: fixture.rina)
        let minor = try at("2024-06-20T06:02:00Z").transition(story.slug, "approve", minor: true, by: fixture.editor).0
        #expect(minor.liveRevision == 3)
        #expect(minor.lastUpdatedAt == "2024-06-20T05:02:00Z")

        try revise(story, at: "2024-06-20T07:00:00Z", minor: true)
        try at("2024-06-20T07:01:00Z").transition(story.slug, "submit", by: fixture.rina)
        let typo = try at("2024-06-20T07:02:00Z").transition(story.slug, "approve", by: fixture.editor).0
        #expect(typo.liveRevision == 4)
        #expect(typo.lastUpdatedAt == "2024-06-20T05:02:00Z", "a revision saved as minor publishes without moving Last Updated")
    }

    @Test func unpublishingMovesNeitherTime() throws {
        let story = try publishedStory()
        let down = try at("2024-06-20T09:00:00Z").transition(story.slug, "unpublish", note: "Legal review", by: fixture.editor).0
        #expect(down.liveRevision == nil)
        #expect(down.state == "withdrawn")
        #expect(down.publishedAt == "2024-06-20T04:33:00Z")
        #expect(down.lastUpdatedAt == "2024-06-20T04:33:00Z")
    }

    @Test func aCorrectionPublishesWithAPublicNoteAndMovesLastUpdated() throws {
        let story = try publishedStory()
        try revise(story, at: "2024-06-20T05:00:00Z")
        let refused = #expect(throws: GalleyError.self) {
            try at("2024-06-20T05:30:00Z").transition(story.slug, "correct", by: fixture.editor)
        }
        #expect(refused?.exitCode == 64)
        let corrected = try at("2024-06-20T05:30:00Z").transition(story.slug, "correct", note: "An earlier version misnamed the treaty.", by: fixture.editor).0
        #expect(corrected.liveRevision == 2)
        #expect(corrected.lastUpdatedAt == "2024-06-20T05:30:00Z")
        let corrections = try fixture.newsroom.corrections(of: story.slug)
        #expect(corrections.map(\.note) == ["An earlier version misnamed the treaty."])
        #expect(corrections.map(\.at) == ["2024-06-20T05:30:00Z"])
        #expect(corrections.map(\.revision) == [2])
    }

    @Test func aCorrectionMovesLastUpdatedEvenForARevisionSavedAsMinor() throws {
        let story = try publishedStory()
        try revise(story, at: "2024-06-20T05:00:00Z", minor: true)
        let corrected = try at("2024-06-20T05:30:00Z").transition(story.slug, "correct", note: "Fixed a name.", by: fixture.editor).0
        #expect(corrected.lastUpdatedAt == "2024-06-20T05:30:00Z")
    }

    @Test func aScheduledApprovalIsPublishedOnceWhenDue() throws {
        let story = try at("2024-06-20T04:10:00Z").createStory(NewStory(headline: "Embargoed results"), by: fixture.rina)
        try at("2024-06-20T04:20:00Z").transition(story.slug, "submit", by: fixture.rina)
        let scheduled = try at("2024-06-20T04:30:00Z").schedule(story.slug, "approve", at: Timestamp.parse("2024-06-20T11:00:00Z")!, by: fixture.editor)
        #expect(scheduled.scheduledAt == "2024-06-20T11:00:00Z")
        #expect(scheduled.state == "review")
        #expect(try at("2024-06-20T10:59:59Z").publishDue().isEmpty)
        let due = try at("2024-06-20T11:00:30Z").publishDue()
        #expect(due == [DuePublication(slug: story.slug, revision: 1, scheduledAt: "2024-06-20T11:00:00Z", outcome: "published", reason: nil)])
        let live = try fixture.newsroom.story(story.slug)
        #expect(live.liveRevision == 1)
        #expect(live.publishedAt == "2024-06-20T11:00:30Z")
        #expect(live.scheduledAt == nil)
        #expect(try at("2024-06-20T11:01:00Z").publishDue().isEmpty, "a second run publishes nothing twice")
    }

    @Test func aStorySavedAfterSchedulingIsHeld() throws {
        let story = try at("2024-06-20T04:10:00Z").createStory(NewStory(headline: "Changed after scheduling"), by: fixture.rina)
        try at("2024-06-20T04:20:00Z").transition(story.slug, "submit", by: fixture.rina)
        _ = try at("2024-06-20T04:30:00Z").schedule(story.slug, "approve", at: Timestamp.parse("2024-06-20T11:00:00Z")!, by: fixture.editor)
        try revise(story, at: "2024-06-20T05:00:00Z")
        let due = try at("2024-06-20T11:00:00Z").publishDue()
        #expect(due.map(\.outcome) == ["held"])
        #expect(try fixture.newsroom.story(story.slug).liveRevision == nil)
    }

    @Test func reindexRestoresEveryTimestamp() throws {
        let story = try publishedStory()
        try revise(story, at: "2024-06-20T05:00:00Z")
        _ = try at("2024-06-20T05:30:00Z").transition(story.slug, "correct", note: "Fixed a name.", by: fixture.editor)
        let before = try fixture.newsroom.catalogDump()
        #expect(before.contains("2024-06-20T05:30:00Z"))
        try FileManager.default.removeItem(at: fixture.folder.appendingPathComponent(".galley"))
        #expect(try at("2024-06-21T00:00:00Z").catalogDump() == before)
    }

    @Test func renamingKeepsTheIdAndHistoryAndRestoringAddsARevision() throws {
        let story = try at("2024-06-20T04:10:00Z").createStory(NewStory(headline: "First name"), by: fixture.rina)
        try revise(story, at: "2024-06-20T04:20:00Z")
        let renamed = try at("2024-06-20T04:30:00Z").renameStory(story.slug, to: "second-name", by: fixture.rina)
        #expect(renamed.story.id == story.id)
        #expect(renamed.story.slug == "second-name")
        #expect(renamed.revision?.number == 3)
        #expect(throws: GalleyError.self) { try fixture.newsroom.story("first-name") }
        let restored = try at("2024-06-20T04:40:00Z").restoreStory("second-name", to: 1, by: fixture.rina)
        #expect(restored.revision?.number == 4)
        let (_, _, text) = try fixture.newsroom.storyText(RevisionReference(slug: "second-name", revision: 4))
        let file = try StoryFile.parse(text)
        #expect(file.slug.text == "second-name")
        #expect(file.body == "")
        #expect(try Data(contentsOf: fixture.storyURL(restored.story)) == text)
    }

    @Test func restoringOverUnsavedWorkIsRefused() throws {
        let story = try at("2024-06-20T04:10:00Z").createStory(NewStory(headline: "Unsaved work"), by: fixture.rina)
        try revise(story, at: "2024-06-20T04:20:00Z")
        try fixture.append("Not saved yet.\n", to: story)
        let error = #expect(throws: GalleyError.self) { try at("2024-06-20T04:30:00Z").restoreStory(story.slug, to: 1, by: fixture.rina) }
        #expect(error?.exitCode == 65)
        #expect(try String(contentsOf: fixture.storyURL(story), encoding: .utf8).hasSuffix("Not saved yet.\n"))
    }
}
