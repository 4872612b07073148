import Foundation
import Testing

/// `approve --at` takes the time as the desk says it: a wall-clock time in the newsroom's zone, or
/// ISO 8601 with a zone.
@Suite struct LocalTimeTests {
    @Test(arguments: ["2024-06-20T14:00", "2024-06-20 14:00", "2024-06-20T14:00:00", "2024-06-20T14:00:00+07:00", "2024-06-20T07:00:00Z"])
    func approveAtReadsAWallClockTimeInTheNewsroomsZone(_ time: String) throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Harvest comes early", ["--slug", "harvest"], at: "2024-06-20T04:30:00Z")
        try room.succeed("submit", slug, as: TempNewsroom.reporter, at: "2024-06-20T04:40:00Z")
        let scheduled = try room.galley("approve", slug, "--at", time, "--json", as: TempNewsroom.editor, at: "2024-06-20T05:00:00Z")
        expectSuccess(scheduled)
        // 14:00 in Asia/Jakarta (UTC+7) is 07:00 UTC.
        #expect(try jsonObject(scheduled)["scheduled_at"] as? String == "2024-06-20T07:00:00Z", "\(scheduled)")
    }

    @Test func aTimeGalleyCannotReadIsAUsageErrorNamingTheNewsroomsZone() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Harvest comes early", ["--slug", "harvest"], at: "2024-06-20T04:30:00Z")
        try room.succeed("submit", slug, as: TempNewsroom.reporter, at: "2024-06-20T04:40:00Z")
        let before = try room.snapshot()
        for text in ["tonight", "2024-06-20T25:00", "20/06/2024 14:00"] {
            let result = try room.galley("approve", slug, "--at", text, as: TempNewsroom.editor, at: "2024-06-20T05:00:00Z")
            expectRefusal(result, exitCode: 64, mentioning: ["--at \(text) is not an ISO 8601 time", "the newsroom's time, Asia/Jakarta"])
        }
        try room.expectUnchanged(since: before)
    }
}
