import Foundation
@testable import GalleyCore
import GitKit
import Testing

/// A history long enough to be read ahead on a second thread (issue 7) gives the catalog the
/// serial path gives, row for row.
@Suite struct ReadAheadReindexTests {
    @Test func aHistoryAboveTheThresholdIndexesAsTheSerialPathDoes() throws {
        let fixture = try NewsroomFixture()
        let newsroom = fixture.newsroom
        // Each story: created, saved, submitted; every fourth also approved and every tenth sent back.
        var number = 0
        while try Repository.open(at: fixture.folder).history(from: fixture.head()).count < Catalog.lookaheadThreshold + 20 {
            let story = try newsroom.createStory(NewStory(headline: "Story number \(number)"), by: fixture.rina)
            try fixture.append("Paragraph \(number), ünïcode — 😀.\n", to: story)
            _ = try newsroom.saveStory(story.slug, message: "Second draft", minor: number % 3 == 0, by: fixture.rina)
            _ = try newsroom.transition(story.slug, "submit", by: fixture.rina)
            if number % 10 == 0 { _ = try newsroom.transition(story.slug, "reject", note: "Check the quote", by: fixture.editor) }
            else if number % 4 == 0 { _ = try newsroom.transition(story.slug, "approve", by: fixture.editor) }
            number += 1
        }
        let repository = try Repository.open(at: fixture.folder)
        let serial = try Catalog()
        try serial.rebuild(repository: repository, branch: "refs/heads/main", readAheadFrom: .max)
        let ahead = try Catalog()
        try ahead.rebuild(repository: repository, branch: "refs/heads/main")
        let expected = try serial.dump()
        #expect(expected.contains("Story number \(number - 1)"))
        #expect(try ahead.dump() == expected)
        #expect(try newsroom.catalogDump() == expected)
        // The first catch-up of an empty catalog reads the whole history ahead too.
        let caughtUp = try Catalog()
        try caughtUp.catchUp(repository: repository, branch: "refs/heads/main")
        #expect(try caughtUp.dump() == expected)

        // A commit made with plain git: the rebuild's reader reads no file ahead (which revision a
        // plain commit makes depends on the catalog), and the catalog is still the serial one.
        let story = try newsroom.story("story-number-3")
        try fixture.append("Edited with git.\n", to: story)
        try fixture.commitWithGit("Fix a typo")
        let serialWithGit = try Catalog()
        try serialWithGit.rebuild(repository: repository, branch: "refs/heads/main", readAheadFrom: .max)
        let aheadWithGit = try Catalog()
        try aheadWithGit.rebuild(repository: repository, branch: "refs/heads/main")
        let expectedWithGit = try serialWithGit.dump()
        #expect(expectedWithGit.contains("Edited with git."))
        #expect(expectedWithGit.contains("Fix a typo"))
        #expect(try aheadWithGit.dump() == expectedWithGit)

        // A merge (made with git): the walk stops there, and the history is indexed in its
        // topological order, as the serial path does.
        let merge = try fixture.git(["-c", "user.name=Rina Reporter", "-c", "user.email=rina@radar.id", "commit-tree", "HEAD^{tree}",
                                     "-p", "HEAD", "-p", "HEAD~2", "-m", "Merge an old line"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try fixture.git(["update-ref", "refs/heads/main", merge])
        #expect(try fixture.git(["rev-list", "--merges", "--count", "HEAD"]) == "1\n")
        let serialWithMerge = try Catalog()
        try serialWithMerge.rebuild(repository: repository, branch: "refs/heads/main", readAheadFrom: .max)
        let aheadWithMerge = try Catalog()
        try aheadWithMerge.rebuild(repository: repository, branch: "refs/heads/main")
        let expectedWithMerge = try serialWithMerge.dump()
        #expect(expectedWithMerge.contains(merge))
        #expect(try aheadWithMerge.dump() == expectedWithMerge)
    }
}
