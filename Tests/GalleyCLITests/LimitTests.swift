import Foundation
import Testing

/// A story file over the size limit (2 MiB) or with a line over the line limit (64 KiB) is refused
/// quickly, through every door (save, import, a body file), with the limit in the message, exit 65,
/// and nothing changed. Just at the limit is accepted.
@Suite struct LimitTests {
    static let sizeLimit = 2 * 1024 * 1024
    static let lineLimit = 64 * 1024
    /// A refusal must not read or parse the whole thing slowly: well under what a person waits for.
    static let quickly: TimeInterval = 5

    /// Runs `galley` and returns its result with how long it took.
    static func timed(_ room: TempNewsroom, _ arguments: [String]) throws -> (ProgramResult, TimeInterval) {
        let start = Date()
        let result = try room.galley(arguments: arguments, as: TempNewsroom.reporter)
        return (result, Date().timeIntervalSince(start))
    }

    static func longLine(_ bytes: Int) -> String { String(repeating: "kata ", count: bytes / 5) + String(repeating: "x", count: bytes % 5) }

    @Test func aLineOverTheLimitIsRefusedOnSave() throws {
        let (room, slug) = try BadInputTests.newsroomWithAStory()
        let path = try room.storyPath(slug)
        try room.changeStory(slug) { $0 + "\n" + Self.longLine(Self.lineLimit + 1) + "\n" }
        let before = try room.snapshot()
        let (result, seconds) = try Self.timed(room, ["save", slug, "-m", "Paste a long line"])
        expectRefusal(result, exitCode: 65, mentioning: [
            "\(path):13: the line is longer than \(Self.lineLimit) bytes; a line of a story may be at most \(Self.lineLimit) bytes",
            "Break it into paragraphs",
        ])
        #expect(seconds < Self.quickly, "took \(seconds) s")
        try room.expectUnchanged(since: before)
        print("limits: save of a \(Self.lineLimit + 1)-byte line refused with exit \(result.status) in \(String(format: "%.2f", seconds)) s")
    }

    @Test func aLineJustAtTheLimitIsAccepted() throws {
        let (room, slug) = try BadInputTests.newsroomWithAStory()
        try room.changeStory(slug) { $0 + "\n" + Self.longLine(Self.lineLimit) + "\n" }
        try room.save(slug, "A long paragraph")
        #expect(try room.sql("SELECT revision FROM stories") == "2")
    }

    @Test func aFileOverTheSizeLimitIsRefusedOnSaveQuickly() throws {
        let (room, slug) = try BadInputTests.newsroomWithAStory()
        let path = try room.storyPath(slug)
        let lines = String(repeating: "Satu kalimat pendek.\n", count: Self.sizeLimit / 21 + 1)
        try room.changeStory(slug) { $0 + lines }
        let before = try room.snapshot()
        let (result, seconds) = try Self.timed(room, ["save", slug, "-m", "Paste a lot"])
        expectRefusal(result, exitCode: 65, mentioning: ["\(path) is", "a story file may be at most \(Self.sizeLimit) bytes"])
        #expect(seconds < Self.quickly, "took \(seconds) s")
        try room.expectUnchanged(since: before)
        print("limits: save of a \(try Data(contentsOf: room.storyFile(slug)).count)-byte file refused with exit \(result.status) in \(String(format: "%.2f", seconds)) s")
    }

    @Test func anImportOverEitherLimitIsRefusedQuickly() throws {
        let room = try TempNewsroom()
        let big = try room.outsideFile("big.txt", Data(("Judul besar\n\n" + String(repeating: "Satu kalimat pendek.\n", count: Self.sizeLimit / 21 + 1)).utf8))
        let wide = try room.outsideFile("wide.md", Data(("# Judul lebar\n\n" + Self.longLine(Self.lineLimit + 1) + "\n").utf8))
        let before = try room.snapshot()

        let (bigResult, bigSeconds) = try Self.timed(room, ["import", big.path])
        #expect(bigResult.status == 65, "\(bigResult)")
        #expect(bigResult.stderr.contains("\(big.path) is \(try Data(contentsOf: big).count) bytes; a story file may be at most \(Self.sizeLimit) bytes"), "\(bigResult)")
        #expect(bigSeconds < Self.quickly, "took \(bigSeconds) s")

        let (wideResult, wideSeconds) = try Self.timed(room, ["import", wide.path])
        #expect(wideResult.status == 65, "\(wideResult)")
        #expect(wideResult.stderr.contains("\(wide.path):3: the line is longer than \(Self.lineLimit) bytes"), "\(wideResult)")
        #expect(wideSeconds < Self.quickly, "took \(wideSeconds) s")

        let (bodyResult, _) = try Self.timed(room, ["new", "Lebar", "--body-file", wide.path])
        expectRefusal(bodyResult, exitCode: 65, mentioning: ["\(wide.path):3: the line is longer than \(Self.lineLimit) bytes"])
        try room.expectUnchanged(since: before)
        print("limits: import over 2 MiB refused in \(String(format: "%.2f", bigSeconds)) s, import with a 64 KiB+1 line in \(String(format: "%.2f", wideSeconds)) s, both exit 65")
    }
}
