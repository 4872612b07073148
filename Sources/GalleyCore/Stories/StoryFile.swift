import Foundation
import Yams

/// `story.md`: YAML front matter (who, what, where) followed by the Markdown body.
public struct StoryFile: Equatable, Sendable {
    public var id: StoryID
    public var slug: Slug
    public var headline: String
    public var byline: String?
    public var section: String?
    public var summary: String?
    /// BCP 47 language tag of the text (`id`, `en`).
    public var language: String?
    public var tags: [String]
    /// The place the story was filed from (`JAKARTA`).
    public var dateline: String?
    public var image: StoryImage?
    /// No bundle may be built before this time (ISO 8601): the story is under embargo.
    public var embargo: Date?
    /// The Markdown body, ending with one newline (or empty).
    public var body: String {
        didSet { body = StoryFile.normalizedBody(body) }
    }

    /// The longest headline accepted: longer is a paragraph pasted in the wrong place.
    public static let maximumHeadlineLength = 300

    /// The front matter fields, in the order they are written.
    public static let fields = ["id", "slug", "headline", "byline", "section", "summary", "language", "tags", "dateline", "image", "embargo"]

    public init(id: StoryID, slug: Slug, headline: String, byline: String? = nil, section: String? = nil,
                summary: String? = nil, language: String? = nil, tags: [String] = [], dateline: String? = nil,
                image: StoryImage? = nil, embargo: Date? = nil, body: String = "") {
        self.id = id
        self.slug = slug
        self.headline = headline
        self.byline = byline
        self.section = section
        self.summary = summary
        self.language = language
        self.tags = tags
        self.dateline = dateline
        self.image = image
        self.embargo = embargo
        self.body = StoryFile.normalizedBody(body)
    }

    static func normalizedBody(_ body: String) -> String {
        var text = body
        while let last = text.last, last.isNewline || last == " " || last == "\t" { text.removeLast() }
        return text.isEmpty ? "" : text + "\n"
    }

    // MARK: Reading

    /// Parses the bytes of a story file. Every problem is a `badInput` error naming `file:line:col`.
    public static func parse(_ data: Data, file: String = "story.md") throws -> StoryFile {
        try TextValidation.checkSize(data.count, file: file)
        let text = try TextValidation.decodeUTF8(data, file: file)
        try TextValidation.checkLines(text, file: file)
        return try parse(text, file: file)
    }

    /// Parses the text of a story file.
    public static func parse(_ text: String, file: String = "story.md") throws -> StoryFile {
        let document = try FrontMatterDocument(text, file: file)
        let fields = document.fields
        let reader = document.reader
        try fields.rejectUnknown(StoryFile.fields, in: "the front matter")
        let idText = try fields.requiredString("id", in: "the front matter")
        guard let id = StoryID(idText) else {
            throw reader.error(at: fields.value("id"), "'\(idText)' is not a story id (26 characters, 0-9 and A-Z); do not edit the id")
        }
        let slugText = try fields.requiredString("slug", in: "the front matter")
        let slug: Slug
        do {
            slug = try Slug(validating: slugText)
        } catch let error as GalleyError {
            throw reader.error(at: fields.value("slug"), error.message)
        }
        return try StoryFile(id: id, slug: slug, document: document)
    }

    /// A story from a parsed front matter document, given its identity; the editorial fields
    /// (headline to embargo) are read and checked here, for story files and imports alike.
    init(id: StoryID, slug: Slug, document: FrontMatterDocument) throws {
        let fields = document.fields
        let reader = document.reader
        let headline = try fields.requiredString("headline", in: "the front matter")
        if headline.contains(where: \.isNewline) {
            throw reader.error(at: fields.value("headline"), "the headline must be one line")
        }
        if headline.count > StoryFile.maximumHeadlineLength {
            throw reader.error(at: fields.value("headline"), "the headline is \(headline.count) characters; the limit is \(StoryFile.maximumHeadlineLength)")
        }
        // Escaped control characters ("\e[2J" in a quoted value) pass the file's own check.
        for key in ["headline", "byline", "section", "summary", "dateline"] {
            if let value = try fields.string(key), let problem = TextValidation.controlCharacterProblem(in: value, newlines: key == "summary") {
                throw reader.error(at: fields.value(key), "\(key): \(problem)")
            }
        }
        for tag in try fields.strings("tags") {
            if let problem = TextValidation.controlCharacterProblem(in: tag) {
                throw reader.error(at: fields.value("tags"), "tags: \(problem)")
            }
        }
        let language = try fields.string("language")
        if let language, !language.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) || language.isEmpty {
            throw reader.error(at: fields.value("language"), "'\(language)' is not a language tag like 'id' or 'en-GB'")
        }
        var image: StoryImage?
        if let imageFields = try fields.fields("image", what: "the image") {
            try imageFields.rejectUnknown(["file", "caption", "credit"], in: "image")
            let file = try imageFields.string("file")
            if let file, let problem = StoryFile.assetPathProblem(file) {
                throw reader.error(at: imageFields.value("file"), problem)
            }
            for key in ["file", "caption", "credit"] {
                if let value = try imageFields.string(key), let problem = TextValidation.controlCharacterProblem(in: value, newlines: key == "caption") {
                    throw reader.error(at: imageFields.value(key), "image \(key): \(problem)")
                }
            }
            image = StoryImage(file: file, caption: try imageFields.string("caption"), credit: try imageFields.string("credit"))
        }
        var embargo: Date?
        if let text = try fields.string("embargo") {
            guard let date = Timestamp.parse(text) else {
                throw reader.error(at: fields.value("embargo"), "the embargo '\(text)' is not an ISO 8601 time like 2024-06-20T05:00:00Z")
            }
            embargo = date
        }
        self.init(
            id: id, slug: slug, headline: headline,
            byline: try fields.string("byline"), section: try fields.string("section"),
            summary: try fields.string("summary"), language: language, tags: try fields.strings("tags"),
            dateline: try fields.string("dateline"), image: image, embargo: embargo,
            body: document.body)
    }

    /// Why a path named in a story may not be used, or nil when it stays inside the story folder.
    public static func assetPathProblem(_ path: String) -> String? {
        if path.isEmpty { return "a file path may not be empty" }
        if path.hasPrefix("/") || path.hasPrefix("~") { return "'\(path)' must be relative to the story folder, like assets/photo.jpg" }
        if path.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) || path.contains("\\") {
            return "'\(path)' may not leave the story folder ('..' and '\\' are not allowed)"
        }
        if path.split(separator: "/").first?.contains(":") == true {
            // `javascript:x.jpg` is a file name on disk but a link with a scheme in a page.
            return "'\(path)' would read as a link ('\(path.prefix { $0 != ":" }):') in a page; put the file in assets/ or rename it without ':'"
        }
        return nil
    }

    // MARK: Writing

    /// The file's bytes: the same story always renders to the same text.
    public func render() -> String {
        var out = "---\n"
        func line(_ key: String, _ value: String?) {
            if let value { out += "\(key): \(YAMLWriter.scalar(value))\n" }
        }
        line("id", id.text)
        line("slug", slug.text)
        line("headline", headline)
        line("byline", byline)
        line("section", section)
        line("summary", summary)
        line("language", language)
        if !tags.isEmpty {
            out += "tags: [" + tags.map { YAMLWriter.quoted($0) }.joined(separator: ", ") + "]\n"
        }
        line("dateline", dateline)
        if let image {
            out += "image:\n"
            if let file = image.file { out += "  file: \(YAMLWriter.scalar(file))\n" }
            if let caption = image.caption { out += "  caption: \(YAMLWriter.scalar(caption))\n" }
            if let credit = image.credit { out += "  credit: \(YAMLWriter.scalar(credit))\n" }
        }
        line("embargo", embargo.map(Timestamp.format))
        out += "---\n"
        if !body.isEmpty { out += "\n" + body }
        return out
    }
}

/// A text that starts with YAML front matter between `---` lines: the fields, with positions for
/// errors, and the body after them.
struct FrontMatterDocument {
    let fields: YAMLFields
    let reader: YAMLReader
    let body: String

    init(_ text: String, file: String) throws {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        guard lines.first == "---" else {
            throw GalleyError.badInput("\(file):1:1: a story file must start with a '---' line opening its front matter")
        }
        guard let close = lines.dropFirst().firstIndex(where: { $0 == "---" || $0 == "..." }) else {
            throw GalleyError.badInput("\(file):1:1: the front matter opened on line 1 is never closed; add a '---' line after its last field")
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        var bodyLines = Array(lines[(close + 1)...])
        if bodyLines.first == "" { bodyLines.removeFirst() }
        reader = YAMLReader(file: file, lineOffset: 1)
        guard let root = try reader.compose(yaml) else {
            throw GalleyError.badInput("\(file):2:1: the front matter is empty; it needs at least a headline")
        }
        fields = try reader.fields(root, what: "the front matter")
        body = bodyLines.joined(separator: "\n")
    }
}
