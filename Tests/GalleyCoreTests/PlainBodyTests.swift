import Foundation
@testable import GalleyCore
import Testing

/// `PlainBody` renders plain paragraphs on bytes in place of Ink: wherever it answers, the answer
/// must be Ink's, byte for byte; wherever the body is more than paragraphs, it must leave it to Ink.
@Suite struct PlainBodyTests {
    /// The fast answer, checked against Ink's for the same neutralized text.
    func fast(_ markdown: String) -> String? {
        let neutral = ArticleBody.neutralized(markdown)
        let html = PlainBody.html(neutral)
        if let html {
            #expect(html == ArticleBody.inkHTML(neutral), "\(Array(markdown.unicodeScalars))")
        }
        return html
    }

    @Test func theSeedArticleIsPlainParagraphsAndComesOutAsInkWritesIt() throws {
        let body = Fixtures.seedBody
        #expect(!body.isEmpty)
        let html = try #require(fast(body))
        #expect(html.hasPrefix("<p>RADARDETIK.ID – Hubungan yang panas"))
        // The TeX-style quotes are neutralized into entities, which stay as they are; a run of
        // spaces keeps its last one, as in Ink.
        #expect(html.contains("nama &#96;&#96;Kemitraan Strategis Komprehensif,'' mencakup"))
        #expect(body.contains("terhadap\u{A0} pihak") && html.contains("terhadap pihak"))
        #expect(html.components(separatedBy: "<p>").count - 1 == 12)
        #expect(ArticleBody(markdown: body).html == html)
    }

    @Test func paragraphsLinesSpacesAndEntitiesAreWrittenAsInkWritesThem() {
        #expect(fast("One\ntwo\n\nThree") == "<p>One two</p><p>Three</p>")
        #expect(fast("\n\nFirst\n\n\n\nSecond\n") == "<p>First</p><p>Second</p>")
        #expect(fast("a  b \u{A0}c\u{2009} \td") == "<p>a b\u{A0}c\td</p>")
        #expect(fast("Tom & Jerry, AT&T; 3 > 2 & 1;x") == "<p>Tom &amp; Jerry, AT&T; 3 &gt; 2 &amp; 1;x</p>")
        #expect(fast("Wow! (really) \"quoted\" 'single' ] # 1. - +") == "<p>Wow! (really) \"quoted\" 'single' ] # 1. - +</p>")
        #expect(fast("line\n> not a quote\n1. not a list") == "<p>line &gt; not a quote 1. not a list</p>")
        #expect(fast("“Kutipan” – kata dia…") == "<p>“Kutipan” – kata dia…</p>")
        // Raw HTML is text by the time it gets here: `<` was neutralized into `&lt;`.
        #expect(fast("Tag <div> here") == "<p>Tag &lt;div&gt; here</p>")
        #expect(fast("") == "")
    }

    @Test func anythingButPlainParagraphsIsLeftToInk() {
        let markup = [
            "# Heading", "Text\n# Heading", "- item", "Text\n- item", "1. one", "½ cup", "* item", "+ item", "> quote",
            "| a | b |", "![alt](x.png)", "*em*", "**strong**", "_em_", "~~gone~~", "`code`", "``` \ncode\n```",
            "[link](https://example.com)", "[ref]: https://example.com", "escaped \\* star", "  indented", "\tindented",
            "trailing  ", "trailing\u{A0}", "line  \nbreak", "Text\n continued", "a\r\nb", "e\u{301}", "a\u{2028}b",
            "a\u{85}b", "a\u{0B}b", "\u{A0}lead", "x\n\u{A0}y", "emoji 👍", "한국어",
        ]
        for text in markup {
            #expect(PlainBody.html(ArticleBody.neutralized(text)) == nil, "\(Array(text.unicodeScalars))")
        }
    }

    /// Generated text from pieces that sit on every edge the renderer decides on: white space
    /// of every kind, entities and their near misses, what starts a block, what Ink reads as
    /// markup, characters that join their neighbours.
    @Test func generatedTextComesOutAsInkWritesItWheneverItIsAnswered() {
        let pieces = [
            "kata", "Putin", "a", "Z", " ", " ", "  ", "\u{A0}", "\u{2009}", "\u{202F}", "\t", "\n", "\n", "\n\n", "\n\n\n",
            "&", "&#96;", "&amp;", "&x y;", ";", ">", "!", "#", "-", "+", "1", "2.", "½", "²", "(", ")", "]", "|", "\"", "'",
            "“", "”", "–", "—", "…", "é", "ñ", "\u{AD}", "\u{200B}", "*", "_", "~", "`", "[", "<", "\\", "e\u{301}", "\r\n",
        ]
        var random = SplitMix64(state: 0x9A11E7)
        var answered = 0
        let runs = 20_000
        for _ in 0..<runs {
            var text = ""
            for _ in 0..<Int.random(in: 1...24, using: &random) {
                // Mostly words and spaces, so that many texts are plain enough to be answered.
                text += Int.random(in: 0..<5, using: &random) == 0 ? pieces.randomElement(using: &random)! : ["word", " ", "\n"][Int.random(in: 0..<3, using: &random)]
            }
            if fast(text) != nil { answered += 1 }
        }
        // Not a vacuous check: a share of the texts took the fast path (most of the others end a
        // line in white space or hold markup; the seed is fixed, so the share is too).
        #expect(answered > runs / 10, "\(answered) of \(runs)")
    }
}
