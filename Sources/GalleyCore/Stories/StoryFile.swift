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
        if let story = parseWritten(text) { return story }
        return try parseYAML(text, file: file)
    }

    /// Parses the text of a story file with Yams, naming `file:line:col` for every problem.
    static func parseYAML(_ text: String, file: String) throws -> StoryFile {
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

    /// Reads a story file exactly as `render()` writes it, without a YAML parser: each front
    /// matter line is `key: value` (or `image:` with indented `  key: value` lines), and a value is
    /// accepted only when `YAMLWriter.scalar` would write it back as the same text, so YAML reads
    /// it as that value too. Anything else (a file edited by hand with comments, lists, folded
    /// lines; any field that fails a check) returns nil and goes through Yams and its positioned
    /// errors. `galley reindex` parses every story's file; Yams and its regular expressions cost
    /// more than everything else it does per story.
    static func parseWritten(_ text: String) -> StoryFile? {
        guard let (frontMatter, body) = FrontMatterDocument.split(text) else { return nil }
        var fields: [String: String] = [:]
        var imageFields: [String: String]?
        var inImage = false
        // Split on the byte: "\n" is always a character of its own, and `split` has refused "\r".
        for bytes in frontMatter.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            var line = Substring(bytes)
            if line.hasPrefix("  ") {
                guard inImage else { return nil }
                line = line.dropFirst(2)
            } else {
                inImage = false
            }
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let key = String(line[..<colon])
            let rest = line[line.index(after: colon)...]
            if rest.isEmpty, key == "image", imageFields == nil, !inImage, !line.hasPrefix(" ") {
                inImage = true
                imageFields = [:]
                continue
            }
            guard rest.hasPrefix(" "), let value = writtenScalar(rest.dropFirst()) else { return nil }
            if inImage {
                guard ["file", "caption", "credit"].contains(key), imageFields![key] == nil else { return nil }
                imageFields![key] = value
            } else {
                guard fields[key] == nil, StoryFile.fields.contains(key), key != "tags", key != "image" else { return nil }
                fields[key] = value
            }
        }
        if let imageFields, imageFields.isEmpty { return nil }
        // A control character (or a newline where the field takes one line) is left to the full
        // parser, which names its line and column.
        for (key, value) in fields where TextValidation.controlCharacterProblem(in: value, newlines: key == "summary") != nil {
            return nil
        }
        for (key, value) in imageFields ?? [:] where TextValidation.controlCharacterProblem(in: value, newlines: key == "caption") != nil {
            return nil
        }
        func nonEmpty(_ key: String) -> String? {
            guard let value = fields[key], !isBlank(value) else { return nil }
            return value
        }
        guard let idText = nonEmpty("id"), let id = StoryID(idText), let slugText = nonEmpty("slug"),
              Slug.problem(with: slugText) == nil, let slug = try? Slug(validating: slugText),
              let headline = nonEmpty("headline"), !headline.contains(where: \.isNewline),
              headline.count <= StoryFile.maximumHeadlineLength else { return nil }
        let language = fields["language"]
        if let language, language.isEmpty || !language.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            return nil
        }
        var image: StoryImage?
        if let imageFields {
            if let file = imageFields["file"], StoryFile.assetPathProblem(file) != nil { return nil }
            image = StoryImage(file: imageFields["file"], caption: imageFields["caption"], credit: imageFields["credit"])
        }
        var embargo: Date?
        if let text = fields["embargo"] {
            guard let date = Timestamp.parse(text) else { return nil }
            embargo = date
        }
        return StoryFile(id: id, slug: slug, headline: headline, byline: fields["byline"], section: fields["section"],
                         summary: fields["summary"], language: language, tags: [], dateline: fields["dateline"],
                         image: image, embargo: embargo, body: body)
    }

    /// True when `text` is empty or only white space and line breaks, as
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` sees it. A text that starts with a visible
    /// ASCII character (almost every value) is answered without Foundation.
    static func isBlank(_ text: String) -> Bool {
        if let first = text.utf8.first, first > 0x20, first < 0x80 { return false }
        return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    /// The value of a scalar as `YAMLWriter.scalar` writes it (plain, or double-quoted with its
    /// escapes), or nil when `YAMLWriter.scalar` would not write that value as exactly `text`.
    private static func writtenScalar(_ text: Substring) -> String? {
        guard !text.isEmpty else { return nil }
        var value: String
        if text.first == "\"" {
            guard text.count >= 2, text.last == "\"" else { return nil }
            value = ""
            var scalars = text.dropFirst().dropLast().unicodeScalars.makeIterator()
            while let scalar = scalars.next() {
                guard scalar == "\\" else { value.unicodeScalars.append(scalar); continue }
                switch scalars.next() {
                case "\"": value += "\""
                case "\\": value += "\\"
                case "n": value += "\n"
                case "t": value += "\t"
                case "r": value += "\r"
                case "u":
                    var hex = ""
                    for _ in 0..<4 { guard let digit = scalars.next() else { return nil }; hex.unicodeScalars.append(digit) }
                    guard let code = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(code) else { return nil }
                    value.unicodeScalars.append(decoded)
                default: return nil
                }
            }
        } else {
            value = String(text)
        }
        return YAMLWriter.scalar(value) == text ? value : nil
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

    /// The front matter's text (between the `---` lines) and the body (after the closing line and
    /// one blank line), as `init` reads them, sliced without splitting the body into lines; nil
    /// when the text has `\r\n` line ends or no front matter (`init` handles and reports those).
    static func split(_ text: String) -> (frontMatter: Substring, body: String)? {
        let bytes = text.utf8
        guard bytes.starts(with: "---\n".utf8), !text.containsCarriageReturn else { return nil }
        var lineStart = bytes.index(bytes.startIndex, offsetBy: 4)
        while lineStart < bytes.endIndex {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            let line = bytes[lineStart..<lineEnd]
            if line.elementsEqual("---".utf8) || line.elementsEqual("...".utf8) {
                let yamlEnd = lineStart == bytes.index(bytes.startIndex, offsetBy: 4) ? lineStart : bytes.index(before: lineStart)
                let frontMatter = text[bytes.index(bytes.startIndex, offsetBy: 4)..<yamlEnd]
                guard lineEnd < bytes.endIndex else { return (frontMatter, "") }
                var bodyStart = bytes.index(after: lineEnd)
                if bodyStart < bytes.endIndex, bytes[bodyStart] == UInt8(ascii: "\n") { bodyStart = bytes.index(after: bodyStart) }
                return (frontMatter, String(text[bodyStart...]))
            }
            guard lineEnd < bytes.endIndex else { return nil }
            lineStart = bytes.index(after: lineEnd)
        }
        return nil
    }

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
