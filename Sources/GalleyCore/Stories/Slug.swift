import Foundation

/// The URL-safe name of a story (`putin-kim-defence-pact`): lowercase ASCII letters, digits and
/// single hyphens. Slugs can be renamed; the story id cannot.
public struct Slug: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let text: String

    /// The longest slug accepted.
    public static let maximumLength = 80

    /// Checks `text` against the slug rules and names the first one broken, with a suggestion.
    public init(validating text: String) throws {
        if let problem = Slug.problem(with: text) {
            let suggestion = Slug.normalizing(text).map { " (try '\($0.text)')" } ?? ""
            throw GalleyError.badInput("invalid slug '\(text)': \(problem)\(suggestion)")
        }
        self.text = text
    }

    private init(unchecked text: String) {
        self.text = text
    }

    /// The rule `text` breaks, or nil when it is a valid slug.
    public static func problem(with text: String) -> String? {
        // The common case in one pass over the bytes: a-z, 0-9 and single inner hyphens.
        var text = text
        let valid = text.withUTF8 { bytes -> Bool in
            guard !bytes.isEmpty, bytes.count <= maximumLength, bytes.first != UInt8(ascii: "-"),
                  bytes.last != UInt8(ascii: "-") else { return false }
            var previous: UInt8 = 0
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): break
                case UInt8(ascii: "-") where previous != UInt8(ascii: "-"): break
                default: return false
                }
                previous = byte
            }
            return true
        }
        return valid ? nil : slowProblem(with: text)
    }

    static func slowProblem(with text: String) -> String? {
        if text.isEmpty { return "a slug may not be empty" }
        if text.contains("/") || text.contains("\\") { return "a slug may not contain '/' or '\\' (it names one story, not a path)" }
        if text.contains("..") { return "a slug may not contain '..'" }
        if text.contains(where: \.isWhitespace) { return "a slug may not contain spaces; use '-' between words" }
        if text.contains(where: \.isUppercase) { return "a slug must be lowercase" }
        if let bad = text.first(where: { !(("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-") }) {
            return "a slug may contain only a-z, 0-9 and '-', not '\(bad)'"
        }
        if text.hasPrefix("-") || text.hasSuffix("-") { return "a slug may not start or end with '-'" }
        if text.contains("--") { return "a slug may not contain '--'" }
        if text.count > maximumLength { return "a slug may be at most \(maximumLength) characters, not \(text.count)" }
        return nil
    }

    /// Makes a slug from a headline or a rough slug: accents folded, lowercase, words joined by '-',
    /// cut at a word boundary. Nil when nothing usable is left (a headline of punctuation only).
    public static func normalizing(_ text: String, limit: Int = 60) -> Slug? {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .lowercased()
        var words: [String] = []
        var current = ""
        for char in folded {
            if char.isASCII && (char.isLetter || char.isNumber) {
                current.append(char)
            } else if char == "'" || char == "’" {
                continue
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        var slug = ""
        for word in words {
            let next = slug.isEmpty ? word : slug + "-" + word
            if next.count > limit {
                if slug.isEmpty { slug = String(word.prefix(limit)) }
                break
            }
            slug = next
        }
        return slug.isEmpty ? nil : Slug(unchecked: slug)
    }

    public var description: String { text }
    public static func < (lhs: Slug, rhs: Slug) -> Bool { lhs.text < rhs.text }
}
