import Foundation
import Ink

/// A story's Markdown body as readers get it: HTML through Ink, with everything the reporter
/// typed kept as text (a pasted `<script>` shows as text, never runs), and as plain text for
/// counts and feeds.
public struct ArticleBody: Sendable {
    public let html: String
    public let plainText: String
    /// Counted once: the page, the JSON-LD and ninjs each show it.
    public let wordCount: Int
    /// The `Character`s of `plainText`.
    public let characterCount: Int

    public init(markdown: String) {
        let neutral = ArticleBody.neutralized(markdown)
        html = PlainBody.html(neutral) ?? ArticleBody.inkHTML(neutral)
        let text = ArticleText(html: html)
        plainText = text.plain
        wordCount = text.words
        characterCount = text.characters
    }

    /// Ink's HTML for a neutralized body: every body that is more than plain paragraphs, and
    /// the reference `PlainBody` is tested against.
    static func inkHTML(_ neutralized: String) -> String {
        MarkdownParser().html(from: neutralized)
    }

    /// URL schemes a link or image may use; anything else (javascript:, data:) becomes `#`.
    static let safeSchemes = ["http", "https", "mailto", "tel"]

    /// Escapes `<` outside code so raw HTML in the Markdown stays text, and makes every link and
    /// image destination safe to put inside an HTML attribute.
    static func neutralized(_ markdown: String) -> String {
        var out = ""
        out.reserveCapacity(markdown.utf8.count + 256)
        // Only a backtick, `<` or `](` is ever changed: most bodies are copied whole, which is
        // what the line-by-line copy below gives them (each line and a line break).
        if !markdown.utf8.contains(where: ArticleBody.mayNeedNeutralizing) {
            out += markdown
            out += "\n"
            trimAddedBreak(&out, of: markdown)
            return out
        }
        var inFence = false
        for line in lines(of: markdown) {
            if isFence(line) {
                inFence.toggle()
                out += line
                out += "\n"
                continue
            }
            // A line without those characters is copied, not walked `Character` by `Character`.
            if inFence || !line.utf8.contains(where: ArticleBody.mayNeedNeutralizing) {
                out += line
            } else {
                out += neutralizedLine(String(line))
            }
            out += "\n"
        }
        trimAddedBreak(&out, of: markdown)
        return out
    }

    /// The text's lines, as `split(separator: "\n", omittingEmptySubsequences: false)` gives
    /// them, found on the bytes when there is no `\r` (then every `\n` is a `Character` of its
    /// own; `\r\n` is one `Character`, which that split does not cut).
    static func lines(of text: String) -> [Substring] {
        guard !text.containsCarriageReturn else { return text.split(separator: "\n", omittingEmptySubsequences: false) }
        let utf8 = text.utf8
        var lines: [Substring] = []
        var start = text.startIndex
        while true {
            let end = utf8[start...].firstIndex(of: 0x0A) ?? text.endIndex
            lines.append(text[start..<end])
            if end == text.endIndex { return lines }
            start = utf8.index(after: end)
        }
    }

    /// Without the line break added after the last line, unless the text ended with one (or
    /// with a `\r`, which the added `\n` joined into one `Character`).
    private static func trimAddedBreak(_ out: inout String, of markdown: String) {
        if !markdown.hasSuffix("\n"), out.hasSuffix("\n") { out.removeLast() }
    }

    /// The bytes `neutralizedLine` may change something at: a backtick, `<`, `]`, and 0xE1,
    /// which starts U+1FEF (Greek varia): canonically a backtick, so `Character`s and Ink take
    /// it for one.
    @inline(__always)
    private static func mayNeedNeutralizing(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "`") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: "]") || byte == 0xE1
    }

    /// A code fence: "```" after tabs and spaces . Decided on the bytes when the
    /// line is ASCII where it matters; otherwise (a non-ASCII space, or a character that may
    /// combine with a backtick) by trimming, `Character` by `Character`.
    static func isFence(_ line: Substring) -> Bool {
        // Settled at the first scalar that is not white space when it is ASCII and not a
        // backtick, or a quotation mark or dash (U+2010 to U+205E), as most lines of copy start:
        // the trimmed line cannot start with a backtick then. Other scalars take the long way:
        // U+1FEF (Greek varia) is canonically a backtick, and Ink opens a fence with it.
        if let first = line.unicodeScalars.first(where: { !CharacterSet.whitespaces.contains($0) }), first != "`",
           first.isASCII || (0x2010...0x205E).contains(first.value) {
            return false
        }
        var ticks = 0
        var ascii = true
        for byte in line.utf8 {
            if ticks == 0, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { continue }
            if byte >= 0x80 {
                ascii = false
                break
            }
            if ticks == 3 { return true }
            guard byte == UInt8(ascii: "`") else { return false }
            ticks += 1
        }
        if ascii { return ticks == 3 }
        return line.trimmingCharacters(in: .whitespaces).hasPrefix("```")
    }

    static func neutralizedLine(_ line: String) -> String {
        var out = ""
        let chars = Array(line)
        var index = 0
        while index < chars.count {
            let char = chars[index]
            if char == "`" {
                // A run of backticks opens a code span only if the same run closes it later
                // (CommonMark); otherwise it is text, like TeX-style ``quotes''.
                var run = 0
                while index + run < chars.count, chars[index + run] == "`" { run += 1 }
                if let close = closingRun(of: run, in: chars, after: index + run) {
                    out += String(chars[index..<(close + run)])
                    index = close + run
                } else {
                    out += String(repeating: "&#96;", count: run)
                    index += run
                }
                continue
            }
            if char == "<", let close = chars[index...].firstIndex(of: ">"),
               let url = Optional(String(chars[(index + 1)..<close])), url.range(of: #"^(https?|mailto):[^\s<>"']+$"#, options: .regularExpression) != nil {
                // An autolink <https://...> becomes a plain Markdown link before `<` is escaped.
                out += "[\(url)](\(safeDestination(url)))"
                index = close
            } else if char == "<" {
                out += "&lt;"
            } else if char == "]", index + 1 < chars.count, chars[index + 1] == "(",
                      let close = matchingParenthesis(in: chars, from: index + 1) {
                // The destination, without a "title" (Ink does not render titles).
                let inside = String(chars[(index + 2)..<close]).trimmingCharacters(in: .whitespaces)
                let destination = inside.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? ""
                out += "](" + safeDestination(destination) + ")"
                index = close
            } else {
                out.append(char)
            }
            index += 1
        }
        return out
    }

    /// The `)` that closes the `(` at `open`, counting nested pairs (`javascript:alert(1)`).
    private static func matchingParenthesis(in chars: [Character], from open: Int) -> Int? {
        var depth = 0
        for index in open..<chars.count {
            if chars[index] == "(" { depth += 1 }
            if chars[index] == ")" {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }

    /// Where a run of exactly `length` backticks starts after `start`, if anywhere on the line.
    private static func closingRun(of length: Int, in chars: [Character], after start: Int) -> Int? {
        var index = start
        while index < chars.count {
            guard chars[index] == "`" else { index += 1; continue }
            var run = 0
            while index + run < chars.count, chars[index + run] == "`" { run += 1 }
            if run == length { return index }
            index += run
        }
        return nil
    }

    /// A link target with no quote, space or angle bracket left to break out of `href="..."`.
    static func safeDestination(_ destination: String) -> String {
        let trimmed = destination.trimmingCharacters(in: .whitespaces)
        if let colon = trimmed.firstIndex(of: ":"), !trimmed[..<colon].contains("/") {
            let scheme = trimmed[..<colon].lowercased()
            if !safeSchemes.contains(scheme) { return "#" }
        }
        var safe = ""
        for scalar in trimmed.unicodeScalars {
            switch scalar {
            case "\"": safe += "%22"
            case "'": safe += "%27"
            case "<": safe += "%3C"
            case ">": safe += "%3E"
            case " ": safe += "%20"
            case "\\": safe += "%5C"
            case "`": safe += "%60"
            default: safe.unicodeScalars.append(scalar)
            }
        }
        return safe
    }

    /// The text of an HTML fragment: tags dropped, entities decoded, blocks separated by blank lines.
    static func text(ofHTML html: String) -> String {
        var text = ""
        var inTag = false
        var tag = ""
        for char in html {
            if char == "<" {
                inTag = true
                tag = ""
            } else if char == ">", inTag {
                inTag = false
                let name = tag.lowercased()
                if name.hasPrefix("/p") || name.hasPrefix("/h") || name.hasPrefix("/li") || name.hasPrefix("br") || name.hasPrefix("/blockquote") {
                    text += "\n\n"
                }
            } else if inTag {
                tag.append(char)
            } else {
                text.append(char)
            }
        }
        let decoded = text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
        return decoded.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n\n")
    }
}
