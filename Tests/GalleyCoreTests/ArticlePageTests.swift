import Foundation
@testable import GalleyCore
import Mustache
import Testing

/// The built-in page is written without Mustache (issue 7): it must be the built-in template
/// rendered by Mustache with the same values, byte for byte, whichever values are there.
@Suite struct ArticlePageTests {
    static let mustache = try! MustacheTemplate(string: ArticleTemplate.builtIn)

    /// Texts that each escaping path meets: none of the five, ASCII with them, non-ASCII with
    /// them, a `<` or `&` that a combining mark joins into one Character (Mustache leaves it),
    /// CRLF, emoji with a modifier, and empty.
    static let texts = [
        "Harbour reopens", "Tom & Jerry's \"big\" <day>", "Café <b>&</b> 'naïve' \"ü\"", "<\u{338} and &\u{301} stay",
        "Line one\r\nline two & three", "👍🏽 <ok> 🇮🇩", "", "Vladimir Putin dan Kim Jong Un", "a > b",
    ]

    static func page(_ seed: Int) -> ArticlePage {
        func text(_ shift: Int) -> String { texts[(seed / (shift + 1) + shift) % texts.count] }
        func optional(_ shift: Int) -> String? { (seed >> shift) & 3 == 0 ? nil : text(shift) }
        return ArticlePage(
            headline: text(0), language: ["en", "id", "x<y"][seed % 3],
            datelineParts: (0..<(seed % 3)).map { .init(text: text($0 + 1), datetime: "2024-06-20T04:33:0\($0)Z") },
            bodyHTML: "<p>Body & \(text(2))</p>", jsonLD: "{\"@type\":\"NewsArticle\",\"x\":\"\\u003c\"}",
            corrections: (0..<((seed >> 3) % 3)).map { .init(at: "2024-06-2\($0)T00:00:00Z", atLocal: text($0 + 3), note: text($0 + 4)) },
            correctionsLabel: ["Corrections", "Koreksi"][seed % 2], slug: "harbour-reopens", revision: seed % 17 + 1,
            wordCount: seed % 500, preview: (seed >> 2) & 1 == 1, published: optional(1), updated: optional(3),
            byline: optional(5), section: optional(7), summary: optional(9), datelinePlace: optional(11),
            image: (seed >> 13) & 1 == 0 ? nil : .init(alt: text(6), creditLabel: ["Photo", "Foto"][seed % 2],
                                                      src: optional(14), caption: optional(16), credit: optional(18)))
    }

    @Test func theBuiltInPageIsTheBuiltInTemplateRenderedByMustache() {
        var differences = 0
        for seed in 0..<3000 {
            let page = Self.page(seed &* 2_654_435_761 & 0x7FFF_FFFF)
            let expected = Self.mustache.render(page.mustacheContext)
            if page.builtInHTML() != expected {
                differences += 1
                if differences == 1 { #expect(page.builtInHTML() == expected, "seed \(seed)") }
            }
        }
        #expect(differences == 0)
    }

    @Test func everyOptionalPartAppearsAndDisappearsAsInTheTemplate() throws {
        var page = Self.page(0)
        page.summary = ""
        page.byline = ""
        page.image = .init(alt: "A & B", creditLabel: "Photo", src: nil, caption: nil, credit: "")
        let html = page.builtInHTML()
        // An empty text still opens its section, as Mustache does.
        #expect(html.contains("<meta name=\"description\" content=\"\">\n"))
        #expect(html.contains("<p class=\"byline\"></p>\n"))
        #expect(html.contains("<figure>\n\n<figcaption> <span class=\"credit\">Photo: </span></figcaption>\n</figure>\n"))
        #expect(html == Self.mustache.render(page.mustacheContext))
        page.summary = nil
        page.image = nil
        #expect(!page.builtInHTML().contains("description"))
        #expect(!page.builtInHTML().contains("<figure>"))
        #expect(page.builtInHTML() == Self.mustache.render(page.mustacheContext))
    }

    @Test func escapingIsMustachesOnEveryPath() {
        for text in Self.texts + ["'", "\"\"", "&amp;", "e\u{301}<", "<", "\u{FEFF}<x>"] {
            var html = ""
            HTML.append(escaping: text, to: &html)
            #expect(html == Self.mustache.render(["headline": text]).components(separatedBy: "<title>")[1].components(separatedBy: "</title>")[0],
                    "\(text.debugDescription)")
        }
        var html = ""
        HTML.append(escaping: "<\u{338}&", to: &html)
        #expect(html == "<\u{338}&amp;")
        #expect(HTML.escape("<\u{338}&") == html)
    }

    /// A newsroom's own template gets every variable docs/bundles.md lists, under its name.
    @Test func aNewsroomTemplateGetsEveryDocumentedVariable() throws {
        let text = "h={{headline}}|l={{language}}|s={{section}}|b={{byline}}|m={{summary}}|p={{dateline_place}}"
            + "|d={{#dateline_parts}}[{{text}}@{{datetime}}]{{/dateline_parts}}|pub={{published}}|upd={{updated}}"
            + "|i={{#image}}{{src}},{{alt}},{{caption}},{{credit}},{{credit_label}}{{/image}}|body={{{body_html}}}|ld={{{json_ld}}}"
            + "|c={{#corrections}}[{{at}},{{at_local}},{{note}}]{{/corrections}}|hc={{#has_corrections}}yes{{/has_corrections}}"
            + "|cl={{corrections_label}}|slug={{slug}}|r={{revision}}|pv={{#preview}}yes{{/preview}}|w={{word_count}}"
        let page = ArticlePage(
            headline: "H", language: "id", datelineParts: [.init(text: "T1", datetime: "D1"), .init(text: "T2", datetime: "D2")],
            bodyHTML: "<p>B</p>", jsonLD: "{}", corrections: [.init(at: "A", atLocal: "AL", note: "N")], correctionsLabel: "Koreksi",
            slug: "sl", revision: 3, wordCount: 42, preview: true, published: "P", updated: "U", byline: "By", section: "Se",
            summary: "Su", datelinePlace: "PY",
            image: .init(alt: "Al", creditLabel: "Foto", src: "assets/x.jpg", caption: "Ca", credit: "Cr"))
        let template = try ArticleTemplate(text: text, source: "test")
        #expect(template.render(page) == "h=H|l=id|s=Se|b=By|m=Su|p=PY|d=[T1@D1][T2@D2]|pub=P|upd=U|i=assets/x.jpg,Al,Ca,Cr,Foto"
            + "|body=<p>B</p>|ld={}|c=[A,AL,N]|hc=yes|cl=Koreksi|slug=sl|r=3|pv=yes|w=42")
    }

    /// A newsroom's own template still goes through Mustache, with the same values.
    @Test func anOverrideIsRenderedByMustache() throws {
        let template = try ArticleTemplate(text: "<h1>{{headline}}</h1>{{#byline}} by {{byline}}{{/byline}} r{{revision}}", source: "test")
        #expect(!template.isBuiltIn)
        var page = Self.page(5)
        page.headline = "Tom & Jerry"
        page.byline = "Rina"
        #expect(template.render(page) == "<h1>Tom &amp; Jerry</h1> by Rina r\(page.revision)")
        #expect(try ArticleTemplate(override: nil).isBuiltIn)
    }
}
