import Foundation
@testable import GalleyCore
import Testing

@Suite struct LinterTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures")

    @Test func theSeedArticleHasExactlyTheFaultsItsEditorMissed() throws {
        let text = try String(contentsOf: LinterTests.fixtures.appendingPathComponent("radardetik-putin-kim-2024-06-20.txt"), encoding: .utf8)
        let findings = Linter().lint(text).map { $0.formatted(file: "seed.txt") }
        #expect(findings == [
            "seed.txt:12:1: warning: [mixed-quotes] straight quotation marks in a text that uses curly ones (“ ”)",
            "seed.txt:15:99: error: [house-spelling] 'progersif' is spelled 'progresif' (house dictionary: progersif -> progresif)",
            "seed.txt:15:269: error: [spaced-reduplication] spaced dash in the reduplicated word 'sewenang – wenang'; write 'sewenang-wenang'",
            "seed.txt:27:232: error: [tex-quotes] TeX-style quotes ``…''; use “…”",
            "seed.txt:30:139: warning: [doubled-space] doubled space (a no-break space beside a space); use one space",
            "seed.txt:33:76: warning: [doubled-space] doubled space (a no-break space beside a space); use one space",
            "seed.txt:33:216: warning: [doubled-space] doubled space (a no-break space beside a space); use one space",
            "seed.txt:42:192: warning: [doubled-space] doubled space (a no-break space beside a space); use one space",
            "seed.txt:42:291: error: [unclosed-quote] opening quotation mark “ is never closed in this paragraph",
            "seed.txt:48:158: warning: [doubled-space] doubled space (a no-break space beside a space); use one space",
        ])
    }

    @Test func aCleanArticleHasNoFindings() {
        let text = "“Perjanjian ini penting,” kata Putin.\n\nHubungan sewenang-wenang tidak progresif.\n"
        #expect(Linter().lint(text).isEmpty)
    }

    @Test func mechanicalFixesRepairSpacesTeXQuotesAndDashes() {
        let text = "Ia  bilang ``damai,'' tanpa sewenang – wenang.\nprogersif tetap."
        let (fixed, applied) = Linter.applyFixes(Linter().lint(text), to: text)
        #expect(fixed == "Ia bilang “damai,” tanpa sewenang-wenang.\nprogersif tetap.")
        #expect(applied.map(\.rule) == [.doubledSpace, .texQuotes, .spacedReduplication])
    }

    @Test func repeatedWordsAndUnopenedQuotesAreFound() {
        let findings = Linter().lint("Dia dia pergi ke ke pasar.\n\nkata dia.” Lalu pergi.")
        #expect(findings.map(\.rule) == [.repeatedWord, .repeatedWord, .unopenedQuote])
        #expect(findings.map(\.column) == [5, 18, 10])
    }

    @Test func severitiesComeFromTheNewsroom() {
        let linter = Linter(severities: [.doubledSpace: .error, .houseSpelling: .off])
        let findings = linter.lint("Dua  spasi progersif.")
        #expect(findings.map(\.rule) == [.doubledSpace])
        #expect(findings.first?.severity == .error)
    }

    @Test func theLinterNeverCrashesOnArbitraryText() {
        var random = SplitMix64(state: 42)
        let alphabet: [Unicode.Scalar] = ["a", " ", "\u{00A0}", "“", "”", "\"", "`", "'", "-", "–", "\n", "é", "\u{0301}", "\t", "1", "\u{FEFF}", "\r"]
        for _ in 0..<3000 {
            let length = Int.random(in: 0..<200, using: &random)
            var text = String.UnicodeScalarView()
            for _ in 0..<length { text.append(alphabet.randomElement(using: &random)!) }
            let string = String(text)
            let findings = Linter().lint(string)
            _ = Linter.applyFixes(findings, to: string)
        }
        let huge = String(repeating: "kata  lain ", count: 50_000)
        #expect(Linter().lint(huge).count == 50_000)
    }
}
