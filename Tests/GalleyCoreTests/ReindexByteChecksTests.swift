import Foundation
@testable import GalleyCore
import GitKit
import Testing

/// Reindex's third round (issue 7) replaced checks on Characters and Foundation with checks on
/// bytes; each must answer as the check it replaced, which is kept here to compare with.
@Suite struct ReindexByteChecksTests {
    static let idLike = [
        "01J0Z5Q3C4M2X9V7B6N8T1R5K3", "01j0z5q3c4m2x9v7b6n8t1r5k3", "01J0Z5Q3C4M2X9V7B6N8T1R5K", "01J0Z5Q3C4M2X9V7B6N8T1R5K33",
        "01J0Z5Q3C4M2X9V7B6N8T1R5KI", "01J0Z5Q3C4M2X9V7B6N8T1R5KL", "01J0Z5Q3C4M2X9V7B6N8T1R5KO", "01J0Z5Q3C4M2X9V7B6N8T1R5KU",
        "01J0Z5Q3C4M2X9V7B6N8T1R5K\u{301}", "01J0Z5Q3C4M2X9V7B6N8T1R5KÉ", "01J0Z5Q3C4M2X9V7B6N8T1R5K\r\n", "",
        "01J0Z5Q3C4M2X9V7B6N8T1R5K ", "7ZZZZZZZZZZZZZZZZZZZZZZZZZ", "00000000000000000000000000",
    ]

    @Test func aStoryIdIsAcceptedExactlyWhenEveryCharacterIsADigit() {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        for text in Self.idLike {
            let byCharacters = text.count == 26 && text.allSatisfy { alphabet.contains($0) }
            #expect((StoryID(text) != nil) == byCharacters, "\(text.debugDescription)")
        }
    }

    @Test func theCreationTimeIsDecodedAsByCharacters() throws {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        for text in Self.idLike {
            guard let id = StoryID(text) else { continue }
            var millis: UInt64 = 0
            for char in text.prefix(10) { millis = millis << 5 | UInt64(alphabet.firstIndex(of: char)!) }
            #expect(id.creationTime == Date(timeIntervalSince1970: TimeInterval(millis) / 1000))
        }
        let made = StoryID.generate(at: Date(timeIntervalSince1970: 1_718_856_000.123))
        #expect(made.creationTime.timeIntervalSince1970 == 1_718_856_000.123)
    }

    static let values = [
        "", " ", "\t", "\n", " \u{A0}", "\u{2028}", "\u{3000}", "\u{85}", "\u{200B}", "a", " a", "\u{A0}x", "\u{7F}",
        "key: value", "key:\u{301} value", "a :\u{20}\u{301}b", "a: \u{301}b", "a #b", "a \u{301}#b", "a#b", "a:b", "x:",
        "\u{600}: x", "Jakarta: rain", "\"quoted\"", "true", "0x1F", "2024-06-20", "naïve: café #1",
    ]

    @Test func aBlankValueIsWhatFoundationTrimsToNothing() {
        for text in Self.values {
            #expect(StoryFile.isBlank(text) == text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(text.debugDescription)")
        }
    }

    @Test func yamlQuotesAValueExactlyAsWithFoundationsSearch() {
        /// `YAMLWriter.needsQuotes` as it was, with Foundation's `contains`.
        func before(_ text: String) -> Bool {
            let reserved: Set<String> = ["", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n"]
            if reserved.contains(text.lowercased()) { return true }
            if text.first!.isWhitespace || text.last!.isWhitespace { return true }
            if Double(text) != nil || text.hasPrefix("0x") || text.hasPrefix("0o") { return true }
            if let first = text.unicodeScalars.first, "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return true }
            if text.contains(": ") || text.contains(" #") || text.hasSuffix(":") { return true }
            if text.first!.isNumber && text.contains("-") { return true }
            for scalar in text.unicodeScalars where scalar.value < 0x20 || scalar.value == 0x7F
                || (0x80...0x9F).contains(scalar.value) || scalar.value == 0xFEFF || scalar.value == 0x2028 || scalar.value == 0x2029 {
                return true
            }
            return false
        }
        for text in Self.values where !text.isEmpty {
            #expect(YAMLWriter.needsQuotes(text) == before(text), "\(text.debugDescription)")
        }
    }

    /// A commit made with plain git gets its search row from the file at that commit, written once
    /// by the indexer's last pass, both when a command catches up and when the catalog is rebuilt.
    @Test func aPlainGitCommitIsSearchableAfterCatchUpAndRebuild() throws {
        let fixture = try NewsroomFixture()
        let story = try fixture.newsroom.createStory(NewStory(headline: "Harbour reopens"), by: fixture.rina)
        let url = fixture.storyURL(story)
        var text = try String(contentsOf: url, encoding: .utf8)
        text = text.replacingOccurrences(of: "headline: Harbour reopens", with: "headline: Harbour reopens early")
        text += "The ferries sail at dawn.\n"
        try Data(text.utf8).write(to: url)
        try fixture.commitWithGit("Fix the headline")
        let newsroom = try fixture.reopen()
        _ = try newsroom.catchUp()
        let found = try newsroom.search("ferries")
        #expect(found.map(\.0.headline) == ["Harbour reopens early"])
        #expect(try newsroom.search("reopens").count == 1)
        let caughtUp = try newsroom.catalogDump()
        #expect(caughtUp.contains("Fix the headline"))
        _ = try newsroom.reindex()
        #expect(try newsroom.catalogDump() == caughtUp)
    }

    @Test func aCarriageReturnIsFoundAsInTheBytes() {
        let texts = ["", "plain", "a\r\nb", "a\rb", "\r", "no return\n", "é\u{301}\r", String(repeating: "x", count: 5000) + "\r",
                     NSString(string: "bridged\r").description, NSString(string: "bridged").description]
        for text in texts {
            #expect(text.containsCarriageReturn == text.utf8.contains(UInt8(ascii: "\r")), "\(text.debugDescription)")
        }
    }
}
