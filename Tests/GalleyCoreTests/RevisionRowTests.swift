import Foundation
@testable import GalleyCore
import GRDB
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

    /// `Story(row:)` reads every column, optional or not, as Codable's decoder did.
    @Test func aStoryIsReadBackWholeByColumn() throws {
        let fixture = try NewsroomFixture()
        let story = try fixture.newsroom.createStory(NewStory(headline: "Putin and Kim", section: "dunia", byline: "Rina"), by: fixture.rina)
        try fixture.reopen(now: "2024-06-20T04:20:00Z").transition(story.slug, "submit", by: fixture.rina)
        _ = try fixture.reopen(now: "2024-06-20T04:30:00Z").schedule(story.slug, "approve", at: Timestamp.parse("2024-06-20T11:00:00Z")!,
                                                                    note: "After the briefing", minor: true, by: fixture.editor)
        let draft = try fixture.reopen(now: "2024-06-20T04:40:00Z").createStory(NewStory(headline: "Rice prices"), by: fixture.tono)
        let newsroom = try fixture.reopen()
        let decoded = try newsroom.catalog.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM stories ORDER BY created_at").map { row in
                (try Story(row: row), try RowDecodedStory(row: row).story)
            }
        }
        #expect(decoded.count == 2)
        for (byColumn, byCodable) in decoded { #expect(byColumn == byCodable) }
        let scheduled = decoded[0].0
        #expect(scheduled.byline == "Rina" && scheduled.section == "dunia" && scheduled.state == "review")
        #expect(scheduled.scheduledAt == "2024-06-20T11:00:00Z" && scheduled.scheduledBy == fixture.editor.email)
        #expect(scheduled.scheduledMinor && scheduled.scheduledNote == "After the briefing" && scheduled.scheduledRevision == 1)
        #expect(decoded[1].0.slug == draft.slug && decoded[1].0.liveRevision == nil && !decoded[1].0.scheduledMinor)
    }
}

/// A story decoded through Codable, as the catalog read stories before `Story(row:)`.
private struct RowDecodedStory: Decodable, FetchableRecord {
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    let story: Story
    init(from decoder: Decoder) throws { story = try Story(from: decoder) }
}
