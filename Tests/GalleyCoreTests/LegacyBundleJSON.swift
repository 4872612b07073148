import Foundation
@testable import GalleyCore

/// The dictionary-based code that wrote bundles' JSON before `JSONWriter` did (through
/// `JSONSerialization` and `JSONEncoder`), kept here as the reference the writer must match.
enum LegacyBundleJSON {
    static func object(_ value: [String: Any]) throws -> Data {
        var data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        data.append(0x0A)
        return data
    }

    static func manifest(_ source: BundleSource, files: [String: Data], ninjs: NinjsVersion) throws -> Data {
        let manifest = BundleManifest(
            storyId: source.story.id, slug: source.story.slug, revision: source.revision.number, commit: source.revision.commitId,
            publishedAt: source.story.publishedAt, lastUpdatedAt: source.story.lastUpdatedAt,
            embargo: source.file.embargo.map(Timestamp.format), preview: source.isPreview, ninjsVersion: ninjs.rawValue, generator: BundleBuilder.generator,
            files: files.keys.sorted().map { BundleManifest.File(path: $0, sha256: BundleManifest.sha256(files[$0]!), size: files[$0]!.count) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var data = try encoder.encode(manifest)
        data.append(0x0A)
        return data
    }

    static func ninjs(_ source: BundleSource, body: ArticleBody, version: NinjsVersion) throws -> Data {
        let v3 = version == .v3
        /// 3.3 writes camelCase; 2.1 writes the same names in lowercase.
        func key(_ name: String) -> String { v3 ? name : name.lowercased() }
        func text(_ role: String, _ value: String, type: String = "text/plain") -> [String: Any] {
            ["role": role, key("contentType"): type, "value": value]
        }
        let story = source.story
        let file = source.file
        var document: [String: Any] = [
            "uri": "urn:galley:article:\(story.id)",
            "standard": ["name": "ninjs", "version": version.rawValue,
                         "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_\(version.rawValue).json#"],
            "type": "text",
            key("representationType"): "full",
            "profile": "galley-article",
            "version": String(source.revision.number),
            key("firstCreated"): story.createdAt,
            key("pubStatus"): source.isPreview ? "withheld" : "usable",
            "slugline": story.slug,
            key("altIds"): [["role": "galley:id", "value": story.id]],
            "headlines": [text("main", file.headline)],
            "bodies": [
                ["role": "main", key("contentType"): "text/html", key("charCount"): body.characterCount,
                 key("wordCount"): body.wordCount, "value": body.html],
                ["role": "main", key("contentType"): "text/plain", key("charCount"): body.characterCount,
                 key("wordCount"): body.wordCount, "value": body.plainText],
            ],
            "people": [["name": source.authorName, "rel": "author",
                        key("contactInfo"): [["type": "email", "value": story.author]]]],
        ]
        document[key("versionCreated")] = story.lastUpdatedAt ?? story.publishedAt
        document["language"] = file.language ?? String(source.settings.locale.prefix { $0 != "_" && $0 != "-" })
        document["by"] = file.byline ?? source.authorName
        document["located"] = file.dateline
        if let embargo = file.embargo {
            document[v3 ? "embargoedUntil" : "embargoed"] = Timestamp.format(embargo)
        }
        var descriptions: [[String: Any]] = []
        if let summary = file.summary { descriptions.append(text("summary", summary)) }
        if let published = story.publishedAt { descriptions.append(text("galley:firstPublished", published)) }
        for correction in source.corrections { descriptions.append(text("correction", "\(correction.at) \(correction.note)")) }
        if !descriptions.isEmpty { document["descriptions"] = descriptions }
        var subjects: [[String: Any]] = []
        if let section = file.section { subjects.append(["name": section, "rel": "section"]) }
        subjects += file.tags.map { ["name": $0, "rel": "tag"] }
        if !subjects.isEmpty { document["subjects"] = subjects }
        let base = source.settings.baseURL.map { $0 + story.slug + "/" }
        if let base {
            document["renditions"] = [["name": "web", "href": base, key("contentType"): "text/html"]]
        }
        var associations: [[String: Any]] = []
        for (path, data) in source.assets.sorted(by: { $0.key < $1.key }) {
            let isLead = file.image?.file == path
            let mediaType = BundleSource.mediaType(of: path)
            let escaped = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
            var rendition: [String: Any] = ["name": "original", key("contentType"): mediaType, key("sizeInBytes"): data.count]
            if let base { rendition["href"] = base + escaped }
            var association: [String: Any] = [
                "name": isLead ? "lead" : path,
                "uri": "urn:galley:asset:\(story.id):\(escaped)",
                "type": mediaType.hasPrefix("image/") ? "picture" : (mediaType.hasPrefix("audio/") ? "audio" : (mediaType.hasPrefix("video/") ? "video" : "component")),
                key("representationType"): "partial",
            ]
            let checks = ["galley:sha256": BundleManifest.sha256(data), "galley:path": path]
            if v3 {
                association["rel"] = isLead ? "lead" : "asset"
                rendition["extensions"] = checks
            } else {
                association["altids"] = checks.sorted { $0.key < $1.key }.map { ["role": $0.key, "value": $0.value] }
            }
            association["renditions"] = [rendition]
            if isLead, let image = file.image {
                association["by"] = image.credit
                if let caption = image.caption { association["descriptions"] = [text("caption", caption)] }
            }
            associations.append(association)
        }
        if !associations.isEmpty { document["associations"] = associations }
        return try object(document)
    }

    /// schema.org `NewsArticle` for search engines, safe inside a `<script>` element.
    static func jsonLD(_ source: BundleSource, body: ArticleBody) throws -> String {
        var article: [String: Any] = [
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": source.file.headline,
            "author": ["@type": "Person", "name": source.file.byline ?? source.authorName],
            "wordCount": body.wordCount,
            "identifier": source.story.id,
        ]
        article["datePublished"] = source.story.publishedAt
        article["dateModified"] = source.story.lastUpdatedAt ?? source.story.publishedAt
        article["inLanguage"] = source.file.language
        article["articleSection"] = source.file.section
        article["description"] = source.file.summary
        if !source.file.tags.isEmpty { article["keywords"] = source.file.tags.joined(separator: ", ") }
        if let published = source.story.publishedAt.flatMap(Timestamp.parse) {
            let updated = source.story.lastUpdatedAt.flatMap(Timestamp.parse)
            let line = try source.settings.dateline().render(published: published, updated: updated)
            article["dateline"] = source.file.dateline.map { "\($0), \(line)" } ?? line
        }
        if let image = source.file.image {
            var object: [String: Any] = ["@type": "ImageObject"]
            object["contentUrl"] = image.file
            object["caption"] = image.caption
            object["creditText"] = image.credit
            article["image"] = object
        }
        if !source.corrections.isEmpty {
            article["correction"] = source.corrections.map { ["@type": "CorrectionComment", "text": $0.note, "datePublished": $0.at] }
        }
        let data = try JSONSerialization.data(withJSONObject: article, options: [.sortedKeys, .withoutEscapingSlashes])
        // `<`, `>` and `&` escaped as JSON \u escapes: no text can close the <script> element.
        // U+2028 and U+2029 too: legal in JSON, but line ends to a script reader that takes the
        // element for JavaScript.
        return String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
            .replacingOccurrences(of: "\u{2028}", with: "\\u2028").replacingOccurrences(of: "\u{2029}", with: "\\u2029")
    }
}
