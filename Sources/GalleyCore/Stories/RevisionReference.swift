/// `SLUG` or `SLUG@rN`: a story and, optionally, one of its revisions.
public struct RevisionReference: Equatable, Sendable {
    public var slug: String
    public var revision: Int?

    public init(slug: String, revision: Int?) {
        self.slug = slug
        self.revision = revision
    }

    /// Parses `putin-kim@r2` (or `putin-kim@2`); a malformed revision part is a usage error.
    public init(parsing text: String) throws {
        guard let at = text.lastIndex(of: "@") else {
            slug = text
            revision = nil
            return
        }
        slug = String(text[..<at])
        var number = text[text.index(after: at)...]
        if number.first == "r" { number = number.dropFirst() }
        guard let value = Int(number), value >= 1 else {
            throw GalleyError.usage("'\(text)' names no revision; write SLUG@rN with N a revision number (see `galley log \(slug)`)")
        }
        revision = value
    }
}
