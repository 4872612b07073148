import Foundation
@testable import GalleyCore
import Testing

/// A small seeded generator, so a failing sequence can be replayed exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random sequences of operations by random people, checking the workflow's invariants after
/// each one, and at the end that replaying the git log rebuilds exactly the same catalog.
@Suite struct WorkflowPropertyTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func randomNewsroomDaysKeepTheInvariants(seed: UInt64) throws {
        var random = SplitMix64(state: seed)
        let fixture = try NewsroomFixture()
        let newsroom = fixture.newsroom
        let people = [fixture.admin, fixture.editor, fixture.rina, fixture.tono]
        let states = Set(newsroom.workflow.states.map(\.name))
        var slugs: [String] = []
        var allowed = 0

        for step in 0..<200 {
            let actor = people.randomElement(using: &random)!
            if slugs.isEmpty || Int.random(in: 0..<10, using: &random) == 0 {
                slugs.append(try newsroom.createStory(NewStory(headline: "Story \(seed) \(step)"), by: actor).slug)
                continue
            }
            let slug = slugs.randomElement(using: &random)!
            let before = try newsroom.story(slug)
            let operation = ["save", "submit", "reject", "approve", "unpublish", "reopen"].randomElement(using: &random)!
            let note: String? = Bool.random(using: &random) ? "note \(step)" : nil
            do {
                if operation == "save" {
                    try fixture.append("Paragraph \(step).\n", to: before)
                    _ = try newsroom.saveStory(slug, message: "step \(step)", by: actor)
                } else {
                    try newsroom.transition(slug, operation, note: note, by: actor)
                }
                allowed += 1
            } catch let error as GalleyError {
                #expect([64, 65, 77].contains(error.exitCode), "step \(step): \(operation) by \(actor.email): \(error.message)")
                // A refused operation changes nothing.
                #expect(try newsroom.story(slug) == before, "step \(step): a refused \(operation) changed the story")
                if operation == "save" {
                    // Put the work tree back as git has it, as the reporter would after a refusal.
                    let (_, _, data) = try newsroom.storyText(RevisionReference(slug: slug, revision: nil))
                    try data.write(to: fixture.storyURL(before))
                }
                continue
            }
            let after = try newsroom.story(slug)
            #expect(states.contains(after.state))
            if after.liveRevision != before.liveRevision {
                #expect(["approve", "unpublish"].contains(operation), "step \(step): \(operation) moved the live revision")
            }
            if operation == "approve" { #expect(after.liveRevision == after.revision) }
            if operation == "unpublish" { #expect(after.liveRevision == nil) }
            if let live = after.liveRevision { #expect(live <= after.revision) }
            #expect(after.publishedAt == nil || after.lastUpdatedAt != nil)
        }
        #expect(allowed > 30, "the sequence should exercise the workflow, not only refusals")
        let dump = try newsroom.catalogDump()
        _ = try newsroom.reindex()
        #expect(try newsroom.catalogDump() == dump)
    }
}
