import Foundation

/// `article.json`: the story as an IPTC ninjs news item.
enum NinjsDocument {
    static func make(_ source: BundleSource, body: ArticleBody, version: NinjsVersion) throws -> Data {
        try BundleJSON.object(["uri": "urn:galley:story:\(source.story.id)"])
    }
}
