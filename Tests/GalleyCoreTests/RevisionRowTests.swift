import Foundation
@testable import GalleyCore
import Testing

/// Revisions are read by column (`Revision.init(row:)`) through a cached statement; every
/// field must come back as it was saved.
@Suite struct RevisionRowTests {
    @Test func aRevisionIsReadBackWhole() throws {
        let fixture = try NewsroomFixture()
        let story = try fixture.newsroom.createStory(NewStory(headline: "Putin and Kim"), by: fixture.rina)
        try fixture.append("Another paragraph.\n", to: story)
        _ = try fixture.reopen(now: "2024-06-20T05:00:00Z").saveStory(story.slug, message: "Add \"quotes\" é", minor: true, by: fixture.rina)
        let newsroom = try fixture.reopen()
        let id = try #require(StoryID(story.id))
        let all = try newsroom.catalog.revisions(of: id)
        #expect(all.map(\.number) == [1, 2])
        for revision in all {
            #expect(try newsroom.catalog.revision(of: id, number: revision.number) == revision)
        }
        let second = try #require(try newsroom.catalog.revision(of: id, number: 2))
        #expect(second.storyId == story.id)
        #expect(second.author == fixture.rina.email)
        #expect(second.message == "Add \"quotes\" é")
        #expect(second.minor)
        #expect(second.savedAt == "2024-06-20T05:00:00Z")
        #expect(second.commitId.count == 40)
        #expect(!all[0].minor)
        #expect(try newsroom.catalog.revision(of: id, number: 3) == nil)
    }
}
