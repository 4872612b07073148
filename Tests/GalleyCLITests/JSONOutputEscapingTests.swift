import Foundation
import Testing

/// Hostile text in a story reaches every `--json` output as valid JSON that reads back exactly as
/// written: closing script tags, handlers, both quotes, backslashes, `javascript:` links, U+2028
/// and U+2029. (NUL and other control characters are refused at the door: PathSafetyTests.)
@Suite struct JSONOutputEscapingTests {
    static let line = "</script><img src=x onerror=alert(1)> \"dq\" 'sq' \\ & javascript:alert(2) <!--"
    static let paragraph = "Zanzibar \(line) \u{2028}next\u{2029}para"

    @Test func everyJSONOutputCarriesHostileTextExactly() throws {
        let room = try TempNewsroom()
        let body = try room.outsideFile("hostile.md", Data("\(Self.paragraph)\n".utf8))
        let slug = try room.newStory(Self.line, ["--slug", "hostile", "--byline", Self.line, "--section", Self.line, "--body-file", body.path])
        try room.changeStory(slug) { $0 + "\nMore \(Self.line).\n" }
        try room.save(slug, Self.line)
        try room.succeed("submit", slug, "-m", Self.line, as: TempNewsroom.reporter)

        let show = try jsonObject(try room.succeed("show", slug, "--json"))
        #expect(show["headline"] as? String == Self.line)
        #expect(show["byline"] as? String == Self.line)
        #expect(show["section"] as? String == Self.line)
        #expect((show["body"] as? String)?.hasPrefix(Self.paragraph + "\n") == true, "\(show["body"] ?? "")")

        let log = try jsonArray(try room.succeed("log", slug, "--json"))
        #expect(log.contains { ($0["message"] as? String) == Self.line }, "\(log)")

        let history = try jsonArray(try room.succeed("history", slug, "--json"))
        #expect(history.contains { ($0["note"] as? String) == Self.line }, "\(history)")

        let board = try jsonArray(try room.succeed("board", "--json"))
        #expect(board.contains { ($0["headline"] as? String) == Self.line }, "\(board)")

        let search = try room.succeed("search", "zanzibar", "--json")
        let found = try JSONSerialization.jsonObject(with: search.stdoutData)
        let hits = (found as? [[String: Any]]) ?? ((found as? [String: Any])?["results"] as? [[String: Any]]) ?? []
        #expect(hits.contains { ($0["headline"] as? String) == Self.line }, "\(search)")

        // The human outputs print it as it is (a terminal shows text, it runs nothing).
        #expect(try room.succeed("show", slug).stdout.contains(Self.line))
        print("escaping: hostile text read back exactly from show, log, history, board and search --json")
    }
}
