import Foundation
@testable import GalleyCore
import Testing

@Suite struct DatelineTests {
    func date(_ text: String) -> Date { Timestamp.parse(text)! }

    func dateline(_ zone: String, _ locale: String = "en_GB", pattern: String = Dateline.defaultPattern) throws -> Dateline {
        try Dateline(pattern: pattern, timeZone: TimeZone(identifier: zone)!, locale: Locale(identifier: locale))
    }

    @Test func theSeedArticlesDatelineIsReproducedExactly() throws {
        let line = try dateline("Asia/Jakarta").render(published: date("2024-06-20T04:33:00Z"), updated: date("2024-06-20T04:33:29Z"))
        #expect(line == "Thursday, 20 June 2024 | 11:33 WIB Last Updated 2024-06-20T04:33:29Z")
    }

    @Test func indonesianLocaleNamesTheDayAndMonthInIndonesian() throws {
        let line = try dateline("Asia/Jakarta", "id").render(published: date("2024-06-20T04:33:00Z"), updated: nil)
        #expect(line == "Kamis, 20 Juni 2024 | 11:33 WIB")
    }

    @Test(arguments: [
        ("Asia/Jakarta", "2024-06-20T04:33:00Z", "Thursday, 20 June 2024 | 11:33 WIB"),
        ("Asia/Makassar", "2024-06-20T04:33:00Z", "Thursday, 20 June 2024 | 12:33 WITA"),
        ("Asia/Jayapura", "2024-06-20T04:33:00Z", "Thursday, 20 June 2024 | 13:33 WIT"),
        ("America/New_York", "2024-07-04T16:00:00Z", "Thursday, 4 July 2024 | 12:00 EDT"),
        ("America/New_York", "2024-01-15T17:00:00Z", "Monday, 15 January 2024 | 12:00 EST"),
        // The day New York springs forward: 01:59 EST, then 03:00 EDT.
        ("America/New_York", "2024-03-10T06:59:00Z", "Sunday, 10 March 2024 | 01:59 EST"),
        ("America/New_York", "2024-03-10T07:00:00Z", "Sunday, 10 March 2024 | 03:00 EDT"),
        ("Europe/Berlin", "2024-10-27T00:30:00Z", "Sunday, 27 October 2024 | 02:30 CEST"),
        ("Europe/Berlin", "2024-10-27T01:30:00Z", "Sunday, 27 October 2024 | 02:30 CET"),
        ("UTC", "2024-06-20T04:33:00Z", "Thursday, 20 June 2024 | 04:33 UTC"),
    ])
    func theZoneLabelIsTheLocalAbbreviation(_ zone: String, _ published: String, _ expected: String) throws {
        #expect(try dateline(zone).render(published: date(published), updated: nil) == expected)
    }

    @Test func aLabelInTheSettingsOverridesTheDatabase() throws {
        var line = try dateline("Asia/Jakarta")
        line.zoneLabel = "WIB."
        #expect(line.render(published: date("2024-06-20T04:33:00Z"), updated: nil) == "Thursday, 20 June 2024 | 11:33 WIB.")
    }

    @Test func aCustomPatternIsFollowed() throws {
        let line = try dateline("Asia/Jakarta", "id", pattern: "{published:d/M/yyyy HH:mm} {zone}[ · Diperbarui {updated:HH:mm} {updated-zone}]")
        #expect(line.render(published: date("2024-06-20T04:33:00Z"), updated: date("2024-06-20T09:00:00Z")) == "20/6/2024 11:33 WIB · Diperbarui 16:00 WIB")
    }

    @Test(arguments: ["{published:HH:mm} {zoen}", "[unclosed", "{published:HH:mm"])
    func aBrokenPatternIsRefused(_ pattern: String) {
        #expect(throws: GalleyError.self) { try dateline("UTC", pattern: pattern) }
    }
}
