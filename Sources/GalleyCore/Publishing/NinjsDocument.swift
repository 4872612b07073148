import Foundation

/// `article.json`: the story as an IPTC ninjs news item, in the 3.3 or the 2.1 major.
/// Mapping (docs/bundles.md): the story id becomes a `urn:galley:article:` uri, the revision the
/// `version`, last-updated the `versionCreated`; corrections and the first publication time,
/// which ninjs has no field for, are `descriptions` with the roles `correction` and
/// `galley:firstPublished`; each asset is an association with a rendition, its SHA-256 and path
/// in the rendition's `extensions` (3.3) or the association's `altids` (2.1). Unknown
/// properties are refused by both schemas, so nothing else is added.
///
/// Written with `JSONWriter`, keys in the order `JSONSerialization`'s `.sortedKeys` gives them
/// (case-insensitive), so the bytes are those the earlier dictionary-based code made; the
/// bundle JSON tests compare the two.
enum NinjsDocument {
    static func make(_ source: BundleSource, body: ArticleBody, version: NinjsVersion) throws -> Data {
        let v3 = version == .v3
        let key = v3 ? NinjsKeys.v3 : NinjsKeys.v2
        let story = source.story
        let file = source.file
        var json = JSONWriter(layout: .pretty, capacity: 2 * body.html.utf8.count + 4096)
        func text(_ role: String, _ value: String) { NinjsDocument.text(role, value, key: key, into: &json) }
        func bodyText(_ type: String, _ value: String) {
            json.openObject()
            json.member(key.charCount, body.characterCount)
            json.member(key.contentType, type)
            json.member("role", "main")
            json.member("value", value)
            json.member(key.wordCount, body.wordCount)
            json.close()
        }
        json.openObject()
        json.openArray(key.altIds)
        json.stringObject(("role", "galley:id"), ("value", story.id))
        json.close()
        let base = source.settings.baseURL.map { $0 + story.slug + "/" }
        if !source.assets.isEmpty {
            json.openArray("associations")
            for (path, data) in source.assets.sorted(by: { $0.key < $1.key }) {
                association(path: path, data: data, source: source, base: base, key: key, v3: v3, into: &json)
            }
            json.close()
        }
        json.openArray("bodies")
        bodyText("text/html", body.html)
        bodyText("text/plain", body.plainText)
        json.close()
        json.member("by", file.byline ?? source.authorName)
        let corrections = source.corrections
        if file.summary != nil || story.publishedAt != nil || !corrections.isEmpty {
            json.openArray("descriptions")
            if let summary = file.summary { text("summary", summary) }
            if let published = story.publishedAt { text("galley:firstPublished", published) }
            for correction in corrections { text("correction", "\(correction.at) \(correction.note)") }
            json.close()
        }
        if let embargo = file.embargo { json.member(v3 ? "embargoedUntil" : "embargoed", Timestamp.format(embargo)) }
        json.member(key.firstCreated, story.createdAt)
        json.openArray("headlines")
        text("main", file.headline)
        json.close()
        json.member("language", file.language ?? String(source.settings.locale.prefix { $0 != "_" && $0 != "-" }))
        json.member("located", file.dateline)
        json.openArray("people")
        json.openObject()
        json.openArray(key.contactInfo)
        json.stringObject(("type", "email"), ("value", story.author))
        json.close()
        json.member("name", source.authorName)
        json.member("rel", "author")
        json.close()
        json.close()
        json.member("profile", "galley-article")
        json.member(key.pubStatus, source.isPreview ? "withheld" : "usable")
        if let base {
            json.openArray("renditions")
            json.stringObject((key.contentType, "text/html"), ("href", base), ("name", "web"))
            json.close()
        }
        json.member(key.representationType, "full")
        json.member("slugline", story.slug)
        json.openObject("standard")
        json.member("name", "ninjs")
        json.member("schema", "http://www.iptc.org/std/ninjs/ninjs-schema_\(version.rawValue).json#")
        json.member("version", version.rawValue)
        json.close()
        if file.section != nil || !file.tags.isEmpty {
            json.openArray("subjects")
            if let section = file.section { json.stringObject(("name", section), ("rel", "section")) }
            for tag in file.tags { json.stringObject(("name", tag), ("rel", "tag")) }
            json.close()
        }
        json.member("type", "text")
        json.member("uri", "urn:galley:article:\(story.id)")
        json.member("version", String(source.revision.number))
        json.member(key.versionCreated, story.lastUpdatedAt ?? story.publishedAt)
        json.close()
        json.bytes.append(0x0A)
        return Data(json.bytes)
    }

    /// A plain-text headline or description with its role.
    private static func text(_ role: String, _ value: String, key: NinjsKeys, into json: inout JSONWriter) {
        json.stringObject((key.contentType, "text/plain"), ("role", role), ("value", value))
    }

    /// One asset as an association with its single rendition.
    private static func association(path: String, data: Data, source: BundleSource, base: String?, key: NinjsKeys, v3: Bool,
                                    into json: inout JSONWriter) {
        let image = source.file.image
        let isLead = image?.file == path
        let mediaType = BundleSource.mediaType(of: path)
        let escaped = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
        let sha256 = BundleManifest.sha256(data)
        json.openObject()
        if !v3 {
            json.openArray("altids")
            json.stringObject(("role", "galley:path"), ("value", path))
            json.stringObject(("role", "galley:sha256"), ("value", sha256))
            json.close()
        }
        if isLead, let image {
            json.member("by", image.credit)
            if let caption = image.caption {
                json.openArray("descriptions")
                text("caption", caption, key: key, into: &json)
                json.close()
            }
        }
        json.member("name", isLead ? "lead" : path)
        if v3 { json.member("rel", isLead ? "lead" : "asset") }
        json.openArray("renditions")
        json.openObject()
        json.member(key.contentType, mediaType)
        if v3 {
            json.openObject("extensions")
            json.member("galley:path", path)
            json.member("galley:sha256", sha256)
            json.close()
        }
        if let base { json.member("href", base + escaped) }
        json.member("name", "original")
        json.member(key.sizeInBytes, data.count)
        json.close()
        json.close()
        json.member(key.representationType, "partial")
        json.member("type", mediaType.hasPrefix("image/") ? "picture" : (mediaType.hasPrefix("audio/") ? "audio" : (mediaType.hasPrefix("video/") ? "video" : "component")))
        json.member("uri", "urn:galley:asset:\(source.story.id):\(escaped)")
        json.close()
    }
}

/// The ninjs property names that differ between the majors: 3.3 writes camelCase, 2.1 the same
/// names in lowercase. Either way they sort alike, since the order ignores case.
struct NinjsKeys {
    let altIds, charCount, contactInfo, contentType, firstCreated, pubStatus: String
    let representationType, sizeInBytes, versionCreated, wordCount: String

    init(_ name: (String) -> String) {
        altIds = name("altIds"); charCount = name("charCount"); contactInfo = name("contactInfo")
        contentType = name("contentType"); firstCreated = name("firstCreated"); pubStatus = name("pubStatus")
        representationType = name("representationType"); sizeInBytes = name("sizeInBytes")
        versionCreated = name("versionCreated"); wordCount = name("wordCount")
    }

    static let v3 = NinjsKeys { $0 }
    static let v2 = NinjsKeys { $0.lowercased() }
}
