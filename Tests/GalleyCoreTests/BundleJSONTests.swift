import Foundation
@testable import GalleyCore
import Testing

/// Bundles' JSON is written by `JSONWriter` instead of `JSONSerialization` and `JSONEncoder`;
/// the bytes must be the same, or every bundle already published would change.
@Suite struct BundleJSONTests {
    static let awkward = ["", "plain", "a\"b\\c/d", "line\nbreak\r\ttab\u{8}\u{c}", "\u{0}\u{1}\u{1f}\u{7f}", "/path/ and http://x.org/",
                          "é ñ “kutip” – ‘x’", "😀👍🏽 🇮🇩", "\u{2028}\u{2029}", "<script>&amp;</script>", "e\u{301}", "\u{feff}"]

    /// JSONSerialization's `.sortedKeys` order: case-insensitive and numeric.
    static func sorted(_ object: [String: Any]) -> [(String, Any)] {
        object.sorted { $0.key.compare($1.key, options: [.numeric, .caseInsensitive, .forcedOrdering]) == .orderedAscending }
    }

    /// Writes any value `JSONSerialization` accepts (strings, integers, booleans, arrays, objects).
    static func write(_ value: Any, key: String? = nil, into writer: inout JSONWriter) {
        switch value {
        case let text as String:
            if let key { writer.member(key, text) } else { writer.element(text) }
        case let flag as Bool:
            writer.member(key!, flag)
        case let number as Int:
            writer.member(key!, number)
        case let array as [Any]:
            if let key { writer.openArray(key) } else { writer.openArray() }
            for element in array { write(element, into: &writer) }
            writer.close()
        case let object as [String: Any]:
            if let key { writer.openObject(key) } else { writer.openObject() }
            for (name, element) in sorted(object) { write(element, key: name, into: &writer) }
            writer.close()
        default:
            Issue.record("unexpected \(value)")
        }
    }

    func compare(_ document: [String: Any]) throws {
        for layout in [JSONWriter.Layout.pretty, .compact] {
            var writer = JSONWriter(layout: layout)
            BundleJSONTests.write(document, into: &writer)
            let options: JSONSerialization.WritingOptions = layout == .pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
            let expected = try JSONSerialization.data(withJSONObject: document, options: options)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        }
    }

    @Test func stringsAreEscapedAsJSONSerializationEscapesThem() throws {
        for text in BundleJSONTests.awkward {
            try compare(["value": text, "list": [text, text]])
        }
    }

    @Test func nestedArraysAndObjectsAreLaidOutAsJSONSerializationLaysThemOut() throws {
        let document: [String: Any] = [
            "@context": "https://schema.org", "@type": "T", "dateline": "a", "dateModified": "b", "datePublished": "c",
            "empty": [Any](), "none": [String: Any](), "count": 42, "negative": -7, "flag": true, "off": false,
            "nested": [["a": [["b": [String: Any](), "c": [Any]()]], "z": "y"], [Any](), [String: Any](), ["x"]],
            "Upper": "u", "lower": "l", "a10": 1, "a9": 2,
        ]
        try compare(document)
    }

    @Test func scriptSafeTextEscapesWhatCouldCloseTheScriptElement() throws {
        for text in BundleJSONTests.awkward + ["a<b>c&d\u{2028}e\u{2029}f", "\u{2027}\u{202a}", "<<&&>>"] {
            var writer = JSONWriter(layout: .compact, scriptSafe: true)
            BundleJSONTests.write(["value": text], into: &writer)
            let plain = try JSONSerialization.data(withJSONObject: ["value": text], options: [.sortedKeys, .withoutEscapingSlashes])
            let expected = String(decoding: plain, as: UTF8.self)
                .replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
                .replacingOccurrences(of: "&", with: "\\u0026")
                .replacingOccurrences(of: "\u{2028}", with: "\\u2028").replacingOccurrences(of: "\u{2029}", with: "\\u2029")
            #expect(String(decoding: writer.bytes, as: UTF8.self) == expected)
        }
    }

    /// Sources with every optional part present or absent and awkward text in each field.
    func variants(_ version: NinjsVersion) throws -> [BundleSource] {
        let rich = try NinjsTests().richSource()
        var sources = [rich]
        var bare = rich
        bare.assets = [:]
        bare.corrections = []
        bare.file.summary = nil
        bare.file.tags = []
        bare.file.section = nil
        bare.file.dateline = nil
        bare.file.language = nil
        bare.file.embargo = nil
        bare.file.image = nil
        bare.file.byline = nil
        bare.settings.baseURL = nil
        bare.story.publishedAt = nil
        bare.story.lastUpdatedAt = nil
        sources.append(bare)
        var unpublished = bare
        unpublished.isPreview = true
        unpublished.story.publishedAt = "2024-06-20T04:33:00Z"
        sources.append(unpublished)
        var captionless = rich
        captionless.file.image = StoryImage(file: "assets/treaty.pdf", caption: nil, credit: nil)
        captionless.story.lastUpdatedAt = nil
        sources.append(captionless)
        for text in BundleJSONTests.awkward {
            var odd = rich
            odd.file.headline = "H " + text
            odd.file.summary = text
            odd.file.byline = text
            odd.file.dateline = text
            odd.file.tags = [text, "t"]
            odd.file.section = text
            odd.authorName = text
            odd.file.image = StoryImage(file: "assets/putin kim.jpg", caption: text, credit: text)
            odd.corrections = odd.corrections.map { var correction = $0; correction.note = text; return correction }
            sources.append(odd)
        }
        return sources
    }

    @Test(arguments: NinjsVersion.allCases)
    func bundleJSONIsWhatTheDictionaryCodeWrote(_ version: NinjsVersion) throws {
        let builder = BundleBuilder(template: try ArticleTemplate(override: nil), ninjs: version)
        for source in try variants(version) {
            for markdown in ["Plain.\n", source.file.body, "A \(source.file.headline) <b>x</b> & y\n\n- one\n- two\n"] {
                let body = ArticleBody(markdown: markdown)
                let article = try NinjsDocument.make(source, body: body, version: version)
                #expect(String(decoding: article, as: UTF8.self) == String(decoding: try LegacyBundleJSON.ninjs(source, body: body, version: version), as: UTF8.self))
                // The JSON-LD the page gets, with the dateline the page worked out once.
                #expect(try builder.page(source, body: body).jsonLD == (try LegacyBundleJSON.jsonLD(source, body: body)))
            }
            let bundle = try builder.build(source)
            var legacy = bundle.files
            legacy["manifest.json"] = nil
            let expected = try LegacyBundleJSON.manifest(source, files: legacy, ninjs: version)
            #expect(String(decoding: bundle.files["manifest.json"]!, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        }
    }
}
