import Foundation
@testable import GalleyCore
import Testing

@Suite struct LintGuardTests {
    let fixture: NewsroomFixture
    let faulty = "Ia  bilang ``damai,'' dan progersif, tanpa sewenang – wenang.\n"

    init() throws {
        fixture = try NewsroomFixture()
    }

    @Test func lintErrorsBlockSubmissionAndNameEachFinding() throws {
        let story = try fixture.newsroom.createStory(NewStory(headline: "Faulty copy", body: Data(faulty.utf8)), by: fixture.rina)
        let error = #expect(throws: GalleyError.self) { try fixture.newsroom.transition(story.slug, "submit", by: fixture.rina) }
        #expect(error?.exitCode == 65)
        let path = story.path + "/story.md"
        #expect(error?.message.contains("\(path):8:12: error: [tex-quotes]") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("\(path):8:27: error: [house-spelling]") == true)
        #expect(try fixture.newsroom.story(story.slug).state == "draft")
    }

    @Test func anEditorMayOverrideAndTheOverrideIsRecorded() throws {
        let story = try fixture.newsroom.createStory(NewStory(headline: "Faulty copy", body: Data(faulty.utf8)), by: fixture.rina)
        let refused = #expect(throws: GalleyError.self) { try fixture.newsroom.transition(story.slug, "submit", force: true, by: fixture.rina) }
        #expect(refused?.exitCode == 77)
        try fixture.newsroom.transition(story.slug, "submit", force: true, by: fixture.editor)
        let event = try #require(try fixture.newsroom.events(of: story.slug).last)
        #expect(event.transition == "submit")
        #expect(event.lintOverride == "3 errors: [tex-quotes] 8:12, [house-spelling] 8:27, [spaced-reduplication] 8:44")
    }

    @Test func lintFixSavesTheMechanicalFixesAsARevision() throws {
        let story = try fixture.newsroom.createStory(NewStory(headline: "Faulty copy", body: Data(faulty.utf8)), by: fixture.rina)
        let (outcome, applied) = try fixture.newsroom.fixStory(story.slug, by: fixture.rina)
        #expect(applied.map(\.rule) == [.doubledSpace, .texQuotes, .spacedReduplication])
        #expect(outcome.revision?.number == 2)
        #expect(outcome.revision?.message == "Copy-desk fixes: 1 doubled-space, 1 spaced-reduplication, 1 tex-quotes")
        let file = try StoryFile.parse(Data(contentsOf: fixture.storyURL(story)))
        #expect(file.body == "Ia bilang “damai,” dan progersif, tanpa sewenang-wenang.\n")
        // The misspelling is the reporter's to fix: the dictionary entry is reported, not applied.
        #expect(try fixture.newsroom.lintStory(story.slug).findings.map(\.rule) == [.houseSpelling])
    }
}
