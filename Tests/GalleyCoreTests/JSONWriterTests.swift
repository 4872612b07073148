import Foundation
@testable import GalleyCore
import Testing

/// `galley board --json` writes its rows with `JSONWriter` instead of `JSONEncoder`; the text
/// must be the same, byte for byte, as the command line's encoder makes.
@Suite struct JSONWriterTests {
    func encoderText<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var data = try encoder.encode(value)
        data.append(0x0A)
        return Array(data)
    }

    /// The board's text as `galley board --json` writes it (field by field), after checking that
    /// the generic `object(_:)` path writes the same.
    func writerText(_ entries: [BoardEntry], flushAt: Int = 1 << 20) -> [UInt8] {
        var out: [UInt8] = []
        var writer = JSONWriter(flushAt: flushAt) { out += $0 }
        writer.beginArray()
        for entry in entries { entry.write(to: &writer) }
        writer.endArray()
        var generic: [UInt8] = []
        var other = JSONWriter(flushAt: flushAt) { generic += $0 }
        other.beginArray()
        for entry in entries { other.object(entry.jsonFields) }
        other.endArray()
        #expect(generic == out)
        return out
    }

    @Test func boardEntriesAreWrittenAsJSONEncoderWritesThem() throws {
        let awkward = "a\"b\\c/d\n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f} é 😀 \u{2028} <>&' “kutip”"
        let entries = [
            BoardEntry(slug: "putin-kim", headline: awkward, author: "rina@radar.id", state: "review",
                       stateSince: "2024-06-20T04:33:00Z", secondsInState: 600, revision: 3, liveRevision: nil,
                       lastUpdatedAt: nil, status: "review"),
            BoardEntry(slug: "volcano", headline: "Gunung", author: "sam@radar.id", state: "published",
                       stateSince: "2024-06-20T04:33:00Z", secondsInState: 0, revision: 12, liveRevision: 11,
                       lastUpdatedAt: "2024-06-21T00:00:00Z", status: "published, r12 not yet submitted"),
        ]
        #expect(writerText(entries) == (try encoderText(entries)))
        #expect(writerText(entries, flushAt: 1) == (try encoderText(entries)))
        #expect(writerText([]) == (try encoderText([BoardEntry]())))
    }

    @Test func integersAreWrittenAsJSONEncoderWritesThem() throws {
        let entries = [Int.max, Int.min, 0, -1, 9, 10, 99, 100, 1_000_000_007].map { number in
            BoardEntry(slug: "s", headline: "h", author: "a@b.id", state: "draft", stateSince: "2024-06-20T04:33:00Z",
                       secondsInState: number, revision: number, liveRevision: 0 &- number, lastUpdatedAt: nil, status: "draft")
        }
        #expect(writerText(entries) == (try encoderText(entries)))
    }

    @Test func theFastTimestampParserAgreesWithTheFullOne() {
        for text in ["2024-06-20T04:33:29Z", "1970-01-01T00:00:00Z", "2000-02-29T23:59:59Z", "2100-03-01T12:00:00Z",
                     "1969-12-31T23:59:59Z", "2024-06-20T11:33:29+07:00", "2024-06-20T04:33:29.250Z", "2023-02-29T00:00:00Z",
                     "2024-13-01T00:00:00Z", "not a time", ""] {
            #expect(Timestamp.parseFast(text) == Timestamp.parse(text), "\(text)")
        }
    }
}
