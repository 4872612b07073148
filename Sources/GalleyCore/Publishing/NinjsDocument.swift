import Foundation

/// `article.json`: the story as an IPTC ninjs news item, in the 3.3 or the 2.1 major.
/// Mapping (docs/bundles.md): the story id becomes a `urn:galley:article:` uri, the revision the
/// `version`, last-updated the `versionCreated`; corrections and the first publication time,
/// which ninjs has no field for, are `descriptions` with the roles `correction` and
/// `galley:firstPublished`; each asset is an association with a rendition, its SHA-256 and path
/// in the rendition's `extensions` (3.3) or the association's `altids` (2.1). Unknown
/// properties are refused by both schemas, so nothing else is added.
enum NinjsDocument {
    static func make(_ source: BundleSource, body: ArticleBody, version: NinjsVersion) throws -> Data {
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
        return try BundleJSON.object(document)
    }
}
