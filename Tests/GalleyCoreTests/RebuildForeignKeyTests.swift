import Foundation
@testable import GalleyCore
import GitKit
import GRDB
import Testing

/// A rebuild checks the catalog's foreign keys once, at its end, instead of at every insert
/// (issue 7); a history that breaks one must still stop it at the commit where a catch-up,
/// which checks every insert, stops, with the same error, and leave the catalog as it was.
@Suite struct RebuildForeignKeyTests {
    /// A newsroom with one story, and a way to add commits with any trailers, as a stranger's
    /// tool could.
    struct History {
        let fixture: NewsroomFixture
        let story: Story

        init() throws {
            fixture = try NewsroomFixture()
            story = try fixture.newsroom.createStory(NewStory(headline: "Harbour reopens"), by: fixture.rina)
        }

        /// Commits `trailers` on the head's tree (with git, not Galley); returns the commit.
        @discardableResult
        func commit(_ subject: String, _ trailers: [String]) throws -> ObjectID {
            let commit = try fixture.git(["-c", "user.name=Rina Reporter", "-c", "user.email=rina@radar.id", "commit-tree", "HEAD^{tree}",
                                          "-p", "HEAD", "-m", subject + "\n\n" + trailers.joined(separator: "\n")])
                .trimmingCharacters(in: .whitespacesAndNewlines)
            try fixture.git(["update-ref", "refs/heads/main", commit])
            return try #require(ObjectID(hex: commit))
        }

        /// A second revision of the story, saved by someone the newsroom does not have.
        func saveByAStranger() throws -> ObjectID {
            try commit("A stranger's save", ["Galley-Event: save", "Galley-Story: \(story.id)", "Galley-Slug: \(story.slug)",
                                             "Galley-Revision: 2", "Galley-Actor: stranger@elsewhere.example",
                                             "Galley-Time: 2024-06-20T06:00:00Z"])
        }

        /// A transition of a story the newsroom never had.
        func transitionOfNoStory() throws -> ObjectID {
            try commit("A transition of nothing", ["Galley-Event: transition", "Galley-Story: 01J0000000000000000000000A",
                                                   "Galley-Transition: submit", "Galley-From: draft", "Galley-To: review",
                                                   "Galley-Live: none", "Galley-Actor: rina@radar.id", "Galley-Time: 2024-06-20T06:05:00Z"])
        }

        /// The errors of a catch-up into an empty catalog and of a rebuild of one (by the serial
        /// path and read ahead), which must be one.
        func errors() throws -> [String] {
            let repository = try Repository.open(at: fixture.folder)
            var messages: [String] = []
            let caughtUp = try Catalog()
            messages.append(#expect(throws: GalleyError.self) { try caughtUp.catchUp(repository: repository, branch: "refs/heads/main") }?.message ?? "")
            for threshold in [Int.max, 1] {
                let rebuilt = try Catalog()
                messages.append(#expect(throws: GalleyError.self) {
                    try rebuilt.rebuild(repository: repository, branch: "refs/heads/main", readAheadFrom: threshold)
                }?.message ?? "")
            }
            return messages
        }
    }

    static func brokenKey(_ commit: ObjectID) -> String {
        "commit \(commit.short) cannot be indexed: FOREIGN KEY constraint failed; the commit was not written by this Galley; `git show` it to see what it holds"
    }

    @Test func aSaveBySomeoneOutsideTheNewsroomStopsARebuildWhereACatchUpStops() throws {
        let history = try History()
        let repository = try Repository.open(at: history.fixture.folder)
        // A catalog rebuilt before the bad commit: the failed rebuild leaves it so.
        let catalog = try Catalog()
        try catalog.rebuild(repository: repository, branch: "refs/heads/main")
        let before = try catalog.dump()
        #expect(before.contains(history.story.slug))

        let stranger = try history.saveByAStranger()
        #expect(try history.errors() == Array(repeating: Self.brokenKey(stranger), count: 3))
        let error = #expect(throws: GalleyError.self) { try catalog.rebuild(repository: repository, branch: "refs/heads/main") }
        #expect(error?.message == Self.brokenKey(stranger))
        #expect(try catalog.dump() == before)
        // The rebuild turned foreign keys off for its transaction only.
        #expect(try catalog.writer.read { try Int.fetchOne($0, sql: "PRAGMA foreign_keys") } == 1)
        #expect(try catalog.integrityCheck() == ["ok"])
    }

    /// SQLite's `foreign_key_check` at the end would no longer see the broken row once a later
    /// commit adds the person it names; the rebuild still stops at the row, as a catch-up does.
    @Test func aPersonAddedLaterDoesNotMendAnEarlierRow() throws {
        let history = try History()
        let stranger = try history.saveByAStranger()
        try history.commit("Add the stranger", ["Galley-Event: person-add", "Galley-Person: stranger@elsewhere.example",
                                                "Galley-Person-Name: A Stranger", "Galley-Role: reporter",
                                                "Galley-Actor: rina@radar.id", "Galley-Time: 2024-06-20T06:10:00Z"])
        #expect(try history.errors() == Array(repeating: Self.brokenKey(stranger), count: 3))
    }

    /// A person added by themself names a row that exists once theirs is inserted: SQLite, which
    /// checks the key at the statement's end, accepts it, and so does the rebuild's own check.
    @Test func aPersonWhoAddsThemselfIsAccepted() throws {
        let history = try History()
        try history.commit("A self-made member", ["Galley-Event: person-add", "Galley-Person: self@elsewhere.example",
                                                  "Galley-Person-Name: Self Made", "Galley-Role: reporter",
                                                  "Galley-Actor: self@elsewhere.example", "Galley-Time: 2024-06-20T06:10:00Z"])
        let repository = try Repository.open(at: history.fixture.folder)
        let caughtUp = try Catalog()
        try caughtUp.catchUp(repository: repository, branch: "refs/heads/main")
        let rebuilt = try Catalog()
        try rebuilt.rebuild(repository: repository, branch: "refs/heads/main")
        #expect(try caughtUp.dump().contains("self@elsewhere.example"))
        #expect(try rebuilt.dump() == caughtUp.dump())
    }

    @Test func theFirstBrokenCommitIsTheOneNamedWhicheverKindItIs() throws {
        // A broken foreign key, then a transition of a story that does not exist: the key.
        let keyFirst = try History()
        let stranger = try keyFirst.saveByAStranger()
        _ = try keyFirst.transitionOfNoStory()
        #expect(try keyFirst.errors() == Array(repeating: Self.brokenKey(stranger), count: 3))

        // The other way round: the transition.
        let transitionFirst = try History()
        let nothing = try transitionFirst.transitionOfNoStory()
        _ = try transitionFirst.saveByAStranger()
        let expected = "commit \(nothing.short) cannot be indexed: a transition of a story that does not exist; the commit was not written by this Galley; `git show` it to see what it holds"
        #expect(try transitionFirst.errors() == Array(repeating: expected, count: 3))
    }

    /// The rebuild's last check, for a row the indexer let through: named, not committed.
    @Test func aRowTheIndexerLetThroughIsReported() throws {
        let catalog = try Catalog()
        #expect(try catalog.writer.read { try Catalog.foreignKeyViolation($0) }.map(\.message) == nil)
        try catalog.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: """
                INSERT INTO events (commit_id, kind, actor, at) VALUES ('ab', 'settings', 'nobody@elsewhere.example', '2024-06-20T06:00:00Z')
                """)
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        let error = try catalog.writer.read { try Catalog.foreignKeyViolation($0) }
        #expect(error?.message == "the rebuilt catalog has a row of events naming a row of people that does not exist, which the "
                + "indexer should have refused; the catalog was left as it was. Please report it, with `galley doctor`'s findings")
    }
}
