import Foundation
@testable import GalleyCore
import Testing

/// Every field of a story that reaches a bundle, filled with hostile text: it must come out as
/// text in index.html (no element, attribute or link of its own, one `<script>` only: the JSON-LD,
/// which it cannot close), and exactly as written in the JSON-LD, article.json and manifest.json.
@Suite struct EscapingTests {
    /// Closes a script, opens elements with handlers, breaks out of attributes with either quote,
    /// names a `javascript:` link, and carries the JavaScript line terminators U+2028 and U+2029.
    static let hostile = "</script><script>alert(1)</script> <img src=x onerror=alert(1)> \"dq\" onmouseover=\"alert(2)\" 'sq' & javascript:alert(3) <!-- \u{2028}line\u{2029}para"
    /// A headline is one line: the same without the line terminators.
    static let hostileLine = "</script><script>alert(1)</script> <img src=x onerror=alert(1)> \"dq\" onmouseover=\"alert(2)\" 'sq' & javascript:alert(3) <!--"
    static let imageFile = "assets/x\" onerror=\"alert(4).jpg"

    let fixture: NewsroomFixture
    init() throws { fixture = try NewsroomFixture(now: "2024-06-20T04:00:00Z") }
    func at(_ time: String) throws -> Newsroom { try fixture.reopen(now: time) }

    /// A live story with every field hostile, a hostile body, and a hostile correction.
    func hostileStory() throws -> Story {
        let h = Self.hostile
        let body = "Para with \(h).\n\n[click](javascript:alert(5)) and [data](data:text/html,<script>alert(6)</script>) "
            + "![img](x\"onerror=\"alert(7))\n\n<img src=x onerror=alert(8)>\n\n<script>alert(9)</script>\n"
        let story = try at("2024-06-20T04:10:00Z").createStory(NewStory(headline: "Plain headline", body: Data(body.utf8)), by: fixture.rina)
        let folder = fixture.folder.appendingPathComponent(story.path)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("assets"), withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: folder.appendingPathComponent(Self.imageFile))
        var file = try StoryFile.parse(Data(contentsOf: fixture.storyURL(story)))
        file.headline = Self.hostileLine
        file.byline = Self.hostileLine
        file.section = Self.hostileLine
        file.summary = h
        file.dateline = Self.hostileLine
        file.tags = [Self.hostileLine, "plain"]
        file.image = StoryImage(file: Self.imageFile, caption: h, credit: Self.hostileLine)
        try Data(file.render().utf8).write(to: fixture.storyURL(story))
        _ = try at("2024-06-20T04:15:00Z").saveStory(story.slug, message: h, by: fixture.rina)
        try at("2024-06-20T04:20:00Z").transition(story.slug, "submit", force: true, by: fixture.editor)
        try at("2024-06-20T04:33:00Z").transition(story.slug, "approve", force: true, by: fixture.admin)
        try fixture.append("Fixed.\n", to: story)
        _ = try at("2024-06-20T05:00:00Z").saveStory(story.slug, message: "Fix", by: fixture.rina)
        // A note travels in a commit trailer, one line: the hostile line.
        return try at("2024-06-20T05:30:00Z").transition(story.slug, "correct", note: Self.hostileLine, force: true, by: fixture.editor).0
    }

    func bundle(_ story: Story) throws -> StoryBundle {
        let newsroom = try at("2024-06-21T00:00:00Z")
        return try BundleBuilder(template: try newsroom.articleTemplate()).build(try newsroom.bundleSource(for: try newsroom.story(story.slug)))
    }

    /// Every real tag of an HTML text (what a browser would make an element of).
    static func tags(_ html: String) -> [String] {
        html.matches(of: #/<[a-zA-Z!/][^>]*>/#).map { String($0.output) }
    }

    /// The tags must hold no handler and no script link; only the one JSON-LD `<script>`.
    static func expectNoActiveMarkup(_ html: String, in what: String, scripts: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let tags = tags(html)
        for tag in tags {
            let lower = tag.lowercased()
            // Attribute values are text once they are quoted; what is left are names.
            let names = lower.replacing(#/"[^"]*"|'[^']*'/#, with: "\"\"")
            #expect(names.firstMatch(of: #/\son[a-z]+\s*=/#) == nil, "\(what): a handler attribute in \(tag)", sourceLocation: sourceLocation)
            for link in lower.matches(of: #/\s(?:href|src)\s*=\s*"([^"]*)"/#) {
                let value = link.output.1.trimmingCharacters(in: .whitespaces)
                #expect(!value.hasPrefix("javascript:") && !value.hasPrefix("data:") && !value.hasPrefix("vbscript:"),
                        "\(what): a script link in \(tag)", sourceLocation: sourceLocation)
            }
            #expect(!lower.hasPrefix("<img src=x") && !lower.hasPrefix("<!--"), "\(what): hostile markup became a tag: \(tag)", sourceLocation: sourceLocation)
        }
        #expect(tags.filter { $0.lowercased().hasPrefix("<script") }.count == scripts, "\(what): \(tags)", sourceLocation: sourceLocation)
    }

    @Test func hostileTextInEveryFieldStaysTextInTheBundle() throws {
        let story = try hostileStory()
        let files = try bundle(story).files
        let page = String(decoding: try #require(files["index.html"]), as: UTF8.self)

        // index.html: the JSON-LD is the only script, and nothing can close it early.
        let open = "<script type=\"application/ld+json\">"
        let start = try #require(page.range(of: open))
        let end = try #require(page.range(of: "</script>", range: start.upperBound..<page.endIndex))
        let jsonLD = String(page[start.upperBound..<end.lowerBound])
        #expect(!jsonLD.contains("<") && !jsonLD.contains(">"), "raw angle brackets in the JSON-LD")
        #expect(!jsonLD.contains("\u{2028}") && !jsonLD.contains("\u{2029}"), "raw U+2028/U+2029 in the JSON-LD script")
        let article = try #require(try JSONSerialization.jsonObject(with: Data(jsonLD.utf8)) as? [String: Any])
        #expect(article["headline"] as? String == Self.hostileLine)
        #expect(article["description"] as? String == Self.hostile)
        #expect((article["author"] as? [String: Any])?["name"] as? String == Self.hostileLine)
        #expect((article["image"] as? [String: Any])?["caption"] as? String == Self.hostile)
        #expect((article["image"] as? [String: Any])?["creditText"] as? String == Self.hostileLine)
        #expect(((article["correction"] as? [[String: Any]])?.first?["text"]) as? String == Self.hostileLine)
        #expect((article["dateline"] as? String)?.hasPrefix(Self.hostileLine + ", ") == true)
        #expect((article["keywords"] as? String) == Self.hostileLine + ", plain")

        let withoutJSONLD = page.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "<script></script>")
        Self.expectNoActiveMarkup(withoutJSONLD, in: "index.html", scripts: 1)
        // Each field is there, escaped, as text.
        let escaped = HTML.escape(Self.hostileLine)
        #expect(withoutJSONLD.contains("<h1>\(escaped)</h1>"))
        #expect(withoutJSONLD.contains("<title>\(escaped)</title>"))
        #expect(withoutJSONLD.contains("<p class=\"byline\">\(escaped)</p>"))
        #expect(withoutJSONLD.contains("<p class=\"section\">\(escaped)</p>"))
        #expect(withoutJSONLD.contains("<p class=\"place\">\(escaped)</p>"))
        #expect(withoutJSONLD.contains("<span class=\"credit\">Photo: \(escaped)</span>"))
        #expect(withoutJSONLD.contains(": \(HTML.escape(Self.hostileLine))</li>"), "the correction note")
        #expect(withoutJSONLD.contains("<figcaption>\(HTML.escape(Self.hostile))"))
        #expect(withoutJSONLD.contains("content=\"\(HTML.escape(Self.hostile))\""), "the summary in the description meta")
        #expect(withoutJSONLD.contains("<p>Para with &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;"), "the body")
        // The picture keeps its own name, inside its attribute.
        #expect(withoutJSONLD.contains("src=\"\(HTML.escape(Self.imageFile))\""))

        // article.json (ninjs): valid JSON, every text exactly as written, body HTML inert.
        let ninjsData = try #require(files["article.json"])
        let ninjs = try #require(try JSONSerialization.jsonObject(with: ninjsData) as? [String: Any])
        #expect((ninjs["headlines"] as? [[String: Any]])?.first?["value"] as? String == Self.hostileLine)
        let descriptions = (ninjs["descriptions"] as? [[String: Any]]) ?? []
        #expect(descriptions.contains { $0["role"] as? String == "summary" && $0["value"] as? String == Self.hostile })
        #expect(descriptions.contains { $0["role"] as? String == "correction" && ($0["value"] as? String)?.hasSuffix(" " + Self.hostileLine) == true })
        let bodies = (ninjs["bodies"] as? [[String: Any]]) ?? []
        let bodyHTML = try #require(bodies.compactMap { $0["value"] as? String }.first, "no body in article.json: \(ninjs.keys)")
        Self.expectNoActiveMarkup(bodyHTML, in: "article.json body", scripts: 0)

        // manifest.json: valid JSON.
        let manifest = try #require(files["manifest.json"])
        _ = try JSONSerialization.jsonObject(with: manifest)
        print("escaping: hostile text in 11 fields, checked in index.html, JSON-LD, article.json and manifest.json")
    }

    @Test(arguments: ["\u{0}", "\u{1B}[2J", "\u{7}", "\u{9B}31m", "\u{7F}"])
    func controlCharactersInAFieldAreRefusedWithTheirPlace(_ control: String) throws {
        let story = try at("2024-06-20T04:10:00Z").createStory(NewStory(headline: "Plain headline"), by: fixture.rina)
        var file = try StoryFile.parse(Data(contentsOf: fixture.storyURL(story)))
        file.byline = "Rina \(control)Reporter"
        // The writer escapes it in double quotes ("\0", "\e"): the file is plain ASCII, the value is not.
        try Data(file.render().utf8).write(to: fixture.storyURL(story))
        let error = #expect(throws: GalleyError.self) { try at("2024-06-20T04:15:00Z").saveStory(story.slug, message: "Byline", by: fixture.rina) }
        #expect(error?.exitCode == 65)
        #expect(error?.message.contains("story.md:5:") == true && error?.message.contains("a control character (U+") == true, "\(error?.message ?? "")")
    }

    @Test(arguments: ["\u{0}", "\u{1B}[2J", "\u{8}", "\u{85}"])
    func rawControlCharactersInTheBodyAreRefusedWithTheirPlace(_ control: String) throws {
        let story = try at("2024-06-20T04:10:00Z").createStory(NewStory(headline: "Plain headline"), by: fixture.rina)
        try fixture.append("Line one.\nLine \(control)two.\n", to: story)
        let error = #expect(throws: GalleyError.self) { try at("2024-06-20T04:15:00Z").saveStory(story.slug, message: "Body", by: fixture.rina) }
        #expect(error?.exitCode == 65)
        #expect(error?.message.contains(":8:6: a control character (U+") == true, "\(error?.message ?? "")")
    }
}
