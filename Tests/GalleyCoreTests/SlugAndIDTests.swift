import Foundation
@testable import GalleyCore
import Testing

@Suite struct SlugTests {
    @Test(arguments: [
        ("a/b", "a slug may not contain '/' or '\\' (it names one story, not a path) (try 'a-b')"),
        ("..", "a slug may not contain '..'"),
        ("two words", "a slug may not contain spaces; use '-' between words (try 'two-words')"),
        ("Capital", "a slug must be lowercase (try 'capital')"),
        ("café", "a slug may contain only a-z, 0-9 and '-', not 'é' (try 'cafe')"),
        ("-lead", "a slug may not start or end with '-' (try 'lead')"),
        ("a--b", "a slug may not contain '--' (try 'a-b')"),
        ("", "a slug may not be empty"),
    ])
    func aBadSlugNamesTheRuleItBreaks(_ text: String, _ problem: String) {
        let error = #expect(throws: GalleyError.self) { try Slug(validating: text) }
        #expect(error == .badInput("invalid slug '\(text)': \(problem)"))
    }

    @Test func aHeadlineBecomesASlug() {
        #expect(Slug.normalizing("Presiden Rusia Vladimir Putin Teken Kerja Sama Pertahanan Bersama Kim Jong Un di Korea Utara")?.text
                == "presiden-rusia-vladimir-putin-teken-kerja-sama-pertahanan")
        #expect(Slug.normalizing("Café “Olé” — Kim’s 2nd visit")?.text == "cafe-ole-kims-2nd-visit")
        #expect(Slug.normalizing("«»!?") == nil)
    }

    @Test func aValidSlugIsAccepted() throws {
        #expect(try Slug(validating: "putin-kim-2024").text == "putin-kim-2024")
    }
}

@Suite struct StoryIDTests {
    @Test func anIdEncodesItsCreationTimeAndShardsByDay() throws {
        let time = try #require(Timestamp.parse("2024-06-20T04:33:29Z"))
        let id = StoryID.generate(at: time)
        #expect(id.text.count == 26)
        #expect(id.creationTime == time)
        #expect(StoryLayout.folder(for: id) == "stories/2024/06/20/\(id.text)")
        #expect(StoryID("not-an-id") == nil)
    }

    @Test func theShardIsTheCreationDayInUTCAcrossYearsAndLeapDays() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var time = try #require(Timestamp.parse("1999-12-25T23:59:59Z"))
        while time < Timestamp.parse("2101-01-10T00:00:00Z")! {
            let id = StoryID.generate(at: time)
            let parts = calendar.dateComponents([.year, .month, .day], from: id.creationTime)
            let expected = String(format: "stories/%04d/%02d/%02d/%@", parts.year!, parts.month!, parts.day!, id.text)
            #expect(StoryLayout.folder(for: id) == expected)
            time += 86_400 * 3 + 3_599.5
        }
    }

    @Test func slugsAreCheckedTheSameByTheFastAndTheFullRules() {
        for text in ["a", "a-b", "abc-123", "-a", "a-", "a--b", "", "A", "a b", "a_b", "é", String(repeating: "a", count: 80),
                     String(repeating: "a", count: 81), "a/b", ".."] {
            #expect(Slug.problem(with: text) == Slug.slowProblem(with: text), "\(text)")
        }
    }

    @Test func idsMadeLaterSortLater() throws {
        let early = StoryID.generate(at: try #require(Timestamp.parse("2024-06-20T04:33:29Z")))
        let late = StoryID.generate(at: try #require(Timestamp.parse("2024-06-20T04:33:30Z")))
        #expect(early < late)
    }
}

@Suite struct TimestampTests {
    @Test func timestampsAreISO8601InUTC() throws {
        let date = try #require(Timestamp.parse("2024-06-20T11:33:29+07:00"))
        #expect(Timestamp.format(date) == "2024-06-20T04:33:29Z")
        #expect(Timestamp.parse("20 June 2024") == nil)
    }

    @Test func galleyNowFixesTheClock() throws {
        let clock = try Clock.fromEnvironment(["GALLEY_NOW": "2024-06-20T04:33:29.750Z"])
        #expect(Timestamp.format(clock.now) == "2024-06-20T04:33:29Z")
        let error = #expect(throws: GalleyError.self) { try Clock.fromEnvironment(["GALLEY_NOW": "yesterday"]) }
        #expect(error?.exitCode == 64)
    }

    @Test func revisionReferencesParse() throws {
        #expect(try RevisionReference(parsing: "putin-kim@r2") == RevisionReference(slug: "putin-kim", revision: 2))
        #expect(try RevisionReference(parsing: "putin-kim") == RevisionReference(slug: "putin-kim", revision: nil))
        #expect(throws: GalleyError.self) { try RevisionReference(parsing: "putin-kim@rx") }
        #expect(throws: GalleyError.self) { try RevisionReference(parsing: "putin-kim@r0") }
    }
}
