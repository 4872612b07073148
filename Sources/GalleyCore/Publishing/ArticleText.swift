/// The plain text of a body's HTML with its word and character counts, made in one pass over
/// the bytes (and one to check it may), instead of per-`Character` passes and string
/// replacements. The bytes pass applies when every character is one Unicode scalar, which is
/// so for ASCII (without carriage returns), Latin letters and the general punctuation a
/// newsroom types; other text (combining marks, emoji, other scripts) goes through
/// `ArticleBody.text(ofHTML:)` and `Character`, whose results it gives byte for byte.
struct ArticleText {
    var plain: String
    /// Runs of non-whitespace `Character`s.
    var words: Int
    /// `Character`s of `plain`.
    var characters: Int

    init(html: String) {
        let fast = html.utf8.withContiguousStorageIfAvailable { utf8 in
            ArticleText.eachScalarIsACharacter(utf8) ? ArticleText(bytes: utf8) : nil
        }
        if let fast = fast ?? nil {
            self = fast
        } else {
            plain = ArticleBody.text(ofHTML: html)
            words = plain.split(whereSeparator: { $0.isWhitespace }).count
            characters = plain.count
        }
    }

    /// True when no two scalars of the text can form one `Character`: ASCII but `\r`,
    /// U+0080 to U+02FF (no combining marks), U+2000 to U+206F but the zero-width joiners,
    /// and the currency signs U+20A0 to U+20CF.
    static func eachScalarIsACharacter(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = utf8.count
        while index < count {
            let byte = utf8[index]
            if byte < 0x80 {
                if byte == 0x0D { return false }
                index += 1
            } else if byte >= 0xC2 && byte <= 0xCB {
                index += 2
            } else if byte == 0xE2 && index + 2 < count {
                let second = utf8[index + 1], third = utf8[index + 2]
                switch second {
                case 0x80 where third != 0x8C && third != 0x8D: break
                case 0x81 where third <= 0xAF: break
                case 0x82 where third >= 0xA0: break
                case 0x83 where third <= 0x8F: break
                default: return false
                }
                index += 3
            } else {
                return false
            }
        }
        return true
    }

    /// The bytes pass: tags dropped (a line break after block ends), entities decoded, lines
    /// trimmed of what `.whitespaces` trims and joined by blank lines, counts taken on the way.
    private init(bytes html: UnsafeBufferPointer<UInt8>) {
        // Tags out, as `text(ofHTML:)` does: `<` starts a tag (again), `>` ends one.
        var text: [UInt8] = []
        text.reserveCapacity(html.count)
        var inTag = false
        var tagStart = 0
        for index in 0..<html.count {
            let byte = html[index]
            if byte == UInt8(ascii: "<") {
                inTag = true
                tagStart = index + 1
            } else if byte == UInt8(ascii: ">"), inTag {
                inTag = false
                if ArticleText.endsBlock(html, tagStart, index) {
                    text.append(0x0A)
                    text.append(0x0A)
                }
            } else if !inTag {
                text.append(byte)
            }
        }
        // Entities decoded; none can overlap another or come out of a decoded one, so one
        // pass gives what the five replacements in a row gave.
        var decoded: [UInt8] = []
        decoded.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            if text[index] == UInt8(ascii: "&"), let (character, length) = ArticleText.entity(text, at: index) {
                decoded.append(character)
                index += length
            } else {
                decoded.append(text[index])
                index += 1
            }
        }
        // Lines trimmed, empty ones dropped, the rest joined by blank lines; counts on the way.
        var out: [UInt8] = []
        out.reserveCapacity(decoded.count)
        var words = 0
        var characters = 0
        var lineStart = 0
        while lineStart < decoded.count {
            var lineEnd = lineStart
            while lineEnd < decoded.count, decoded[lineEnd] != 0x0A { lineEnd += 1 }
            var start = lineStart
            var end = lineEnd
            while start < end, let width = ArticleText.spaceWidth(decoded, at: start) { start += width }
            while start < end, let width = ArticleText.spaceWidth(endingAt: end, in: decoded) { end -= width }
            if start < end {
                if !out.isEmpty {
                    out.append(0x0A)
                    out.append(0x0A)
                    characters += 2
                }
                var inWord = false
                var position = start
                while position < end {
                    let width = ArticleText.scalarWidth(decoded[position])
                    let space = ArticleText.isWhitespace(decoded, at: position)
                    if !space, !inWord { words += 1 }
                    inWord = !space
                    characters += 1
                    position += width
                }
                out.append(contentsOf: decoded[start..<end])
            }
            lineStart = lineEnd + 1
        }
        plain = String(decoding: out, as: UTF8.self)
        self.words = words
        self.characters = characters
    }

    /// The tags after which `text(ofHTML:)` starts a new block: `</p`, `</h…`, `</li`, `<br`,
    /// `</blockquote` (any case).
    private static func endsBlock(_ html: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        func has(_ prefix: StaticString) -> Bool {
            let length = prefix.utf8CodeUnitCount
            guard end - start >= length else { return false }
            let bytes = prefix.utf8Start
            for offset in 0..<length where html[start + offset] | 0x20 != bytes[offset] | 0x20 { return false }
            return true
        }
        return has("/p") || has("/h") || has("/li") || has("br") || has("/blockquote")
    }

    /// `&lt;` `&gt;` `&quot;` `&#39;` `&amp;`: the character and the entity's length.
    private static func entity(_ text: [UInt8], at index: Int) -> (UInt8, Int)? {
        func matches(_ name: StaticString) -> Bool {
            let length = name.utf8CodeUnitCount
            guard index + length <= text.count else { return false }
            let bytes = name.utf8Start
            for offset in 0..<length where text[index + offset] != bytes[offset] { return false }
            return true
        }
        if matches("&lt;") { return (UInt8(ascii: "<"), 4) }
        if matches("&gt;") { return (UInt8(ascii: ">"), 4) }
        if matches("&quot;") { return (UInt8(ascii: "\""), 6) }
        if matches("&#39;") { return (UInt8(ascii: "'"), 5) }
        if matches("&amp;") { return (UInt8(ascii: "&"), 5) }
        return nil
    }

    /// Bytes in the UTF-8 sequence a lead byte starts (text here has at most three).
    @inline(__always)
    private static func scalarWidth(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : (lead < 0xE0 ? 2 : 3)
    }

    /// The width of the tab or space at `index` that `.whitespaces` trims (Unicode Zs, and
    /// U+200B), else nil.
    private static func spaceWidth(_ text: [UInt8], at index: Int) -> Int? {
        switch text[index] {
        case 0x09, 0x20: return 1
        case 0xC2 where text[index + 1] == 0xA0: return 2
        case 0xE2 where isTrimmedSpace(text[index + 1], text[index + 2]): return 3
        default: return nil
        }
    }

    /// The width of the tab or trimmed space that ends just before `end`, else nil.
    private static func spaceWidth(endingAt end: Int, in text: [UInt8]) -> Int? {
        let last = text[end - 1]
        if last == 0x09 || last == 0x20 { return 1 }
        if last == 0xA0, end >= 2, text[end - 2] == 0xC2 { return 2 }
        if end >= 3, text[end - 3] == 0xE2, isTrimmedSpace(text[end - 2], last) { return 3 }
        return nil
    }

    /// What `.whitespaces` trims of U+2000 to U+206F, from the last two UTF-8 bytes: the
    /// spaces and, in this Foundation, the zero-width space U+200B.
    @inline(__always)
    private static func isTrimmedSpace(_ second: UInt8, _ third: UInt8) -> Bool {
        isGeneralSpace(second, third) || (second == 0x80 && third == 0x8B)
    }

    /// U+2000 to U+200A, U+202F and U+205F, from their last two UTF-8 bytes (`PlainBody` too).
    @inline(__always)
    static func isGeneralSpace(_ second: UInt8, _ third: UInt8) -> Bool {
        (second == 0x80 && (third <= 0x8A || third == 0xAF)) || (second == 0x81 && third == 0x9F)
    }

    /// `Character.isWhitespace` for the scalar at `index`: Unicode White_Space.
    private static func isWhitespace(_ text: [UInt8], at index: Int) -> Bool {
        let lead = text[index]
        if lead < 0x80 { return lead == 0x20 || (lead >= 0x09 && lead <= 0x0D) }
        if lead == 0xC2 { return text[index + 1] == 0x85 || text[index + 1] == 0xA0 }
        if lead == 0xE2 { return isGeneralSpace(text[index + 1], text[index + 2]) || (text[index + 1] == 0x80 && (text[index + 2] == 0xA8 || text[index + 2] == 0xA9)) }
        return false
    }
}
