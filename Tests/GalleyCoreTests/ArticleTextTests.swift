import Foundation
@testable import GalleyCore
import Testing

/// The byte passes over a body (its text and counts, the neutralized copy, fences, checksums)
/// must give what the `Character`-based code they replace gave.
@Suite struct ArticleTextTests {
    /// What `ArticleBody` computed before the bytes pass.
    func characterBased(_ html: String) -> (String, Int, Int) {
        let plain = ArticleBody.text(ofHTML: html)
        return (plain, plain.split(whereSeparator: { $0.isWhitespace }).count, plain.count)
    }

    func check(_ html: String, fast: Bool? = nil) {
        let text = ArticleText(html: html)
        let expected = characterBased(html)
        #expect(text.plain == expected.0, "\(Array(html.unicodeScalars))")
        #expect(text.words == expected.1, "\(Array(html.unicodeScalars))")
        #expect(text.characters == expected.2, "\(Array(html.unicodeScalars))")
        if let fast {
            let eligible = html.utf8.withContiguousStorageIfAvailable(ArticleText.eachScalarIsACharacter)
            #expect(eligible == fast, "\(Array(html.unicodeScalars))")
        }
    }

    /// Every scalar the bytes pass accepts, at the edges of lines, inside words and tags.
    @Test func everyAcceptedScalarCountsAsACharacterDoes() {
        let accepted = Array(0x01...0x7F).filter { $0 != 0x0D } + Array(0x80...0x2FF) + Array(0x2000...0x206F).filter { $0 != 0x200C && $0 != 0x200D }
            + Array(0x20A0...0x20CF)
        for value in accepted {
            let s = String(Unicode.Scalar(UInt32(value))!)
            check("<p>\(s)a\(s)b \(s) c\(s)</p>\n<p>\(s)</p><br>\(s)\(s)x<\(s)/p>y</H2\(s)>z&amp;\(s)&lt;", fast: true)
            check("\(s)\n \(s)\t\(s) \u{A0}w\(s)", fast: true)
        }
    }

    @Test func otherTextTakesTheCharacterPath() {
        for text in ["e\u{301} x", "a\r\nb", "😀 👍🏽", "Ελλάδα", "한국어", "\u{200D}", "\u{3000}x\u{3000}", "\u{1680}y"] {
            check("<p>\(text)</p>", fast: false)
        }
    }

    @Test func entitiesTagsAndBlocksAreHandledAsBefore() {
        for html in ["", "<p></p>", "&amp;lt;", "&l<b>t;</b>", "&lt;p&gt; &quot;q&quot; &#39;s&#39; &amp;amp; &", "a<b<c>d>e", "x>y<",
                     "<P>Upper</P><LI>item</LI><BR>br<Blockquote>q</BLOCKQUOTE>", "<p>  \t</p><p> two  words </p>",
                     "a\u{A0}\u{2009}b \u{2028} c\u{85}d\u{202F}", "<pre><code>code\n\n  kept\n</code></pre>", "<p>unclosed <tag"] {
            check(html)
        }
        check(ArticleBody(markdown: Fixtures.seedBody).html, fast: true)
    }

    /// `neutralized` as it was before its fast paths: every line walked.
    func neutralizedLineByLine(_ markdown: String) -> String {
        var out = ""
        var inFence = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                inFence.toggle()
                out += line + "\n"
                continue
            }
            out += inFence ? String(line) + "\n" : ArticleBody.neutralizedLine(String(line)) + "\n"
        }
        if !markdown.hasSuffix("\n"), out.hasSuffix("\n") { out.removeLast() }
        return out
    }

    @Test func theNeutralizedCopyIsTheSame() {
        let lines = ["", "plain", "``TeX'' quotes", "\u{1FEF}\u{1FEF}\u{1FEF}", "a \u{1FEF}b\u{1FEF} c", "<script>x</script>", "<b>x</b>", "[a](javascript:x)", "```", "  ```swift", "\u{A0}```", "```\u{301}",
                     "`` `x` ``", "a]b", "\t```", "````", "``", "x\r", "é <https://x.org/a>"]
        var texts = [Fixtures.seedBody, "", "\n", "a\r\n", "a\r\nb\n", "no newline", "ends\n\n"]
        for first in lines {
            for second in lines { texts += ["\(first)\n\(second)\n", "\(first)\n\(second)", "\(first)\n```\n\(second)\n```\n"] }
        }
        for text in texts { #expect(ArticleBody.neutralized(text) == neutralizedLineByLine(text), "\(text.debugDescription)") }
    }

    /// U+1FEF is canonically a backtick: Ink opens a fence with three of them, so the
    /// neutralized copy must too, or raw HTML after the fence would reach the page.
    @Test func aFenceOfGreekVariaIsAFenceAndHTMLAfterItStaysText() {
        let html = ArticleBody(markdown: "\u{1FEF}\u{1FEF}\u{1FEF}\nx\n```\n<script>alert(1)</script>\n").html
        #expect(!html.contains("<script>"), "\(html)")
    }

    @Test func linesAreCutAsSplittingCutThem() {
        for text in [Fixtures.seedBody, "", "\n", "\n\n", "a", "a\n", "a\nb", "\na\n\nb\n\n", "“x”\n\u{A0}\n", "é\n\u{301}x",
                     "a\r\nb", "a\rb\nc", "\r\n\r\n", "x\n\r\n"] {
            #expect(ArticleBody.lines(of: text) == text.split(separator: "\n", omittingEmptySubsequences: false), "\(text.debugDescription)")
        }
    }

    @Test func fencesAreFoundAsTrimmingFoundThem() {
        for line in ["```", " ```", "\t\t```x", "``", "` ``", "x```", "\u{A0}```", "\u{2003}```", "```\u{301}", "``\u{301}`", " \u{301}```",
                     "```é", "````", "   ", "", "``` ", "\u{85}```", "“Kutipan”", "\u{A0}“x", " \u{2003}x", "é```", "\u{301}```",
                     "\u{600}```", "\u{2028}```", "\u{3000}```", "\u{1FEF}```", "\u{1FEF}\u{1FEF}\u{1FEF}", " \u{1FEF}``", "“```"] {
            #expect(ArticleBody.isFence(Substring(line)) == line.trimmingCharacters(in: .whitespaces).hasPrefix("```"), "\(line.debugDescription)")
        }
    }

    @Test func checksumsAreLowercaseHex() {
        #expect(BundleManifest.sha256(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(BundleManifest.sha256(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

enum Fixtures {
    /// The seed article's body, as the benchmark newsroom's stories have it.
    static let seedBody = (try? String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/radardetik-putin-kim-2024-06-20.body.md"), encoding: .utf8)) ?? ""
}
