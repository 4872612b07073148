import Foundation
@testable import GalleyCore
import Testing

@Suite struct ImportTests {
    static let seedURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/radardetik-putin-kim-2024-06-20.txt")

    @Test func theSeedArticleImportsExactly() throws {
        let text = try String(contentsOf: ImportTests.seedURL, encoding: .utf8)
        let article = try ScrapedText.parse(text, file: "seed.txt")
        #expect(article.headline == "Presiden Rusia Vladimir Putin Teken Kerja Sama Pertahanan Bersama Kim Jong Un di Korea Utara")
        #expect(article.published.map(Timestamp.format) == "2024-06-20T04:33:00Z")
        #expect(article.lastUpdated.map(Timestamp.format) == "2024-06-20T04:33:29Z")
        #expect(article.caption == "Presiden Rusia Vladimir Putin ketika melakukan kunjungan ke Korea Utara bertemu dengan Kim Jong Un")
        #expect(article.credit == "BBC")
        #expect(article.dateline == "RADARDETIK.ID")
        #expect(article.paragraphs.count == 12)
        #expect(article.paragraphs.first?.hasPrefix("Hubungan yang panas antara Korea Utara") == true)
        #expect(article.paragraphs.last?.hasSuffix("kata Jean-Pierre.") == true)
        for boilerplate in ["Iklan", "Notification", "×", "Berita Terbaru Update"] {
            #expect(!article.paragraphs.contains(boilerplate))
            #expect(!article.body.contains(boilerplate))
        }
    }

    @Test(arguments: [
        ("Thursday, 20 June 2024 | 11:33 WIB Last Updated 2024-06-20T04:33:29Z", "2024-06-20T04:33:00Z", "2024-06-20T04:33:29Z"),
        ("Kamis, 20 Juni 2024 11:33 WIB", "2024-06-20T04:33:00Z", nil),
        ("Kamis, 20 Juni 2024 | 12:33 WITA", "2024-06-20T04:33:00Z", nil),
        ("Kamis, 20 Juni 2024 13.33 WIT", "2024-06-20T04:33:00Z", nil),
        ("Updated 5:02 PM EDT, June 20, 2024", "2024-06-20T21:02:00Z", "2024-06-20T21:02:00Z"),
        ("June 20, 2024 12:05 AM EST", "2024-06-20T05:05:00Z", nil),
        ("20 June 2024 09:00 CEST", "2024-06-20T07:00:00Z", nil),
    ] as [(String, String, String?)])
    func datelinesInCommonFormsBecomeUTC(_ line: String, _ published: String, _ updated: String?) throws {
        let times = try #require(DatelineParser.parse(line))
        #expect(Timestamp.format(times.published) == published)
        #expect(times.updated.map(Timestamp.format) == updated)
    }

    @Test(arguments: ["Presiden Rusia bertemu Kim", "31 February 2024 10:00 WIB", "Kamis, 20 Juni 2024", "20 June 2024 25:00 WIB"])
    func linesThatAreNotDatelinesAreNotTakenForOne(_ line: String) {
        #expect(DatelineParser.parse(line) == nil)
    }

    /// A Markdown article with front matter, as a newsroom exports one (also the fuzzer's seed).
    static let markdownSample = """
            ---
            headline: "Kim: pakta ini defensif"
            slug: kim-pakta-defensif
            byline: Rina Reporter
            tags: [Korea Utara]
            published: 2024-06-20T11:33:00+07:00
            last_updated: 2024-06-20T04:40:00Z
            ---
            Paragraf pertama.

            - satu
            - dua
            """

    @Test func aMarkdownArticleKeepsItsFieldsAndTimes() throws {
        let text = ImportTests.markdownSample
        let article = try MarkdownArticle.parse(text, file: "kim.md")
        #expect(article.headline == "Kim: pakta ini defensif")
        #expect(article.slug == "kim-pakta-defensif")
        #expect(article.published.map(Timestamp.format) == "2024-06-20T04:33:00Z")
        #expect(article.lastUpdated.map(Timestamp.format) == "2024-06-20T04:40:00Z")
        #expect(article.body == "Paragraf pertama.\n\n- satu\n- dua\n")
        let error = #expect(throws: GalleyError.self) { try MarkdownArticle.parse("---\nheadline: X\nid: 01J0SXYWC04VQCVJS4RMZNP4M9\n---\n", file: "x.md") }
        #expect(error?.message.hasPrefix("x.md:3:1: unknown field 'id'") == true)
    }

    @Test func aPublishedImportIsLiveWithItsOriginalTimesAndReindexKeepsThem() throws {
        let fixture = try NewsroomFixture(now: "2026-11-28T00:00:00Z")
        let results = fixture.newsroom.importFiles([(ImportTests.seedURL, "seed.txt")], format: nil, published: true, by: fixture.editor)
        let story = try #require(results.first?.story)
        #expect(story.state == "published")
        #expect(story.liveRevision == 1)
        #expect(story.publishedAt == "2024-06-20T04:33:00Z")
        #expect(story.lastUpdatedAt == "2024-06-20T04:33:29Z")
        #expect(try fixture.newsroom.dateline(of: story) == "Thursday, 20 June 2024 | 11:33 WIB Last Updated 2024-06-20T04:33:29Z")
        let dump = try fixture.newsroom.catalogDump()
        _ = try fixture.newsroom.reindex()
        #expect(try fixture.newsroom.catalogDump() == dump)
    }

    @Test func aReporterImportsDraftsOnlyAndAFailingFileDoesNotStopTheOthers() throws {
        let fixture = try NewsroomFixture(now: "2026-11-28T00:00:00Z")
        let empty = fixture.folder.appendingPathComponent("empty.txt")
        try Data("Iklan\n\n×\n".utf8).write(to: empty)
        let latin1 = fixture.folder.appendingPathComponent("latin1.txt")
        try Data([0x43, 0x61, 0x66, 0xE9, 0x0A]).write(to: latin1)
        let refused = #expect(throws: GalleyError.self) {
            try fixture.newsroom.importArticle(try ScrapedText.parse(String(contentsOf: ImportTests.seedURL, encoding: .utf8), file: "s"),
                                               source: "s", published: true, by: fixture.rina)
        }
        #expect(refused?.exitCode == 77)
        let results = fixture.newsroom.importFiles([(empty, "empty.txt"), (ImportTests.seedURL, "seed.txt"), (latin1, "latin1.txt")],
                                                   format: .text, published: false, by: fixture.rina)
        #expect(results.map { $0.story?.state } == [nil, "draft", nil])
        #expect(results[0].error?.message == "empty.txt: no article text found (only site boilerplate or empty lines)")
        #expect(results[2].error?.message.hasPrefix("latin1.txt:1:4: invalid UTF-8") == true)
    }

    @Test func noInputMakesTheImporterCrash() throws {
        var random = SplitMix64(state: 7)
        let seed = try String(contentsOf: ImportTests.seedURL, encoding: .utf8)
        let pieces = seed.components(separatedBy: "\n")
        for round in 0..<2000 {
            var lines = pieces
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                switch Int.random(in: 0..<5, using: &random) {
                case 0: if !lines.isEmpty { lines.remove(at: Int.random(in: 0..<lines.count, using: &random)) }
                case 1: lines.shuffle(using: &random)
                case 2: lines.insert(String(repeating: "x", count: Int.random(in: 0..<5000, using: &random)), at: 0)
                case 3: lines.insert(["Kamis, 31 Juni 2024 99:99 WIB", "Foto:", "“", "––", "X – ", "Updated PM EDT"].randomElement(using: &random)!, at: Int.random(in: 0...lines.count, using: &random))
                default: lines = lines.map { String($0.shuffled(using: &random).prefix(Int.random(in: 0..<80, using: &random))) }
                }
            }
            do {
                let article = try ScrapedText.parse(lines.joined(separator: "\n"), file: "fuzz-\(round).txt")
                #expect(!article.headline.isEmpty)
            } catch let error as GalleyError {
                #expect(error.exitCode == 65, "\(error.message)")
            }
        }
    }
}
