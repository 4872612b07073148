/// Most news copy is nothing but paragraphs of text. For such a body this renders, on bytes, the
/// very HTML Ink renders for it: Ink walks `Character`s through `String.Index` and was most of a
/// bundle's time (more per story than Hugo's whole page). Anything else (a heading, a list, a
/// quote, emphasis, a link, code, a backslash, a character that could join its neighbour into
/// one `Character`) gives nil, and Ink renders the body. `PlainBodyTests` holds the two to the
/// same output, on fixtures and on generated text.
///
/// What Ink does with a paragraph, and so what this does: lines are joined by one space; a run of
/// spaces (any same-line white space) keeps only its last one; `>` becomes `&gt;`; `&` stays as it
/// is when `;` follows before any white space on the line (an entity, such as the `&#96;` the
/// neutralized copy writes), else it becomes `&amp;`; everything else is copied.
enum PlainBody {
    /// The HTML of a neutralized body (`ArticleBody.neutralized`), or nil when it is not plain
    /// paragraphs only.
    static func html(_ markdown: String) -> String? {
        var markdown = markdown
        let bytes = markdown.withUTF8 { utf8 -> [UInt8]? in
            guard ArticleText.eachScalarIsACharacter(utf8), onlyPlainCharacters(utf8) else { return nil }
            return render(utf8)
        }
        return bytes.map { String(decoding: $0, as: UTF8.self) }
    }

    /// No byte Ink reads as markup inside a paragraph (`*`, `_`, `~`, a backtick, `[`, `<`,
    /// a backslash), no control character but the line feed and tab, and no line break but the
    /// line feed (U+0085, U+2028 and U+2029 end lines for `Character`). `eachScalarIsACharacter`
    /// has already refused `\r` and every scalar that could combine with another.
    private static func onlyPlainCharacters(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            switch byte {
            case UInt8(ascii: "\n"), UInt8(ascii: "\t"): break
            case 0x00..<0x20, 0x7F: return false
            case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "`"),
                 UInt8(ascii: "["), UInt8(ascii: "<"), UInt8(ascii: "\\"): return false
            case 0xC2 where index + 1 < utf8.count && utf8[index + 1] < 0xA0:
                return false  // U+0080 to U+009F: C1 controls, U+0085 among them
            case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                return false  // U+2028, U+2029
            default: break
            }
            index += 1
        }
        return true
    }

    /// Paragraphs separated by empty lines. Nil at the first thing that is not a paragraph line.
    private static func render(_ utf8: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + utf8.count / 16 + 64)
        let end = utf8.count
        var index = 0
        while index < end {
            if utf8[index] == UInt8(ascii: "\n") {
                index += 1
                continue
            }
            guard startsParagraph(utf8, at: index) else { return nil }
            out.append(contentsOf: "<p>".utf8)
            while true {
                guard let lineEnd = renderLine(utf8, from: index, into: &out) else { return nil }
                index = lineEnd
                // Ink ends the paragraph at an empty line or the end; a line that starts with
                // white space, `#`, `-` (or `<` and a backtick, refused already) would end it
                // too and start something else, which is Ink's to render.
                if index == end || index + 1 == end || utf8[index + 1] == UInt8(ascii: "\n") {
                    index = min(index + 1, end)
                    break
                }
                let next = utf8[index + 1]
                if next == UInt8(ascii: "#") || next == UInt8(ascii: "-") || whitespaceLength(utf8, at: index + 1) > 0 {
                    return nil
                }
                out.append(UInt8(ascii: " "))
                index += 1
            }
            out.append(contentsOf: "</p>".utf8)
        }
        return out
    }

    /// True when Ink starts a paragraph at this character: not white space, and not one that
    /// starts a heading, image, HTML, quote, code, rule, list, table or link definition.
    private static func startsParagraph(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let byte = utf8[index]
        if byte < 0x80 {
            return !"#!<>`-*+|[ \t".utf8.contains(byte) && !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard whitespaceLength(utf8, at: index) == 0 else { return false }
        // A list starts at any numeric character (`Character.isNumber`), such as `½` or `²`.
        var scalars = String(decoding: UnsafeBufferPointer(rebasing: utf8[index..<min(index + 4, utf8.count)]), as: UTF8.self).unicodeScalars.makeIterator()
        return scalars.next().map { $0.properties.numericType == nil } ?? false
    }

    /// Copies one line (up to its `\n` or the end) as Ink writes a paragraph's text, and returns
    /// where it ended; nil when the line ends in white space (Ink would trim or break it).
    private static func renderLine(_ utf8: UnsafeBufferPointer<UInt8>, from start: Int, into out: inout [UInt8]) -> Int? {
        let end = utf8.count
        var index = start
        while index < end {
            let byte = utf8[index]
            if byte == UInt8(ascii: "\n") { return index }
            let space = whitespaceLength(utf8, at: index)
            if space > 0 {
                // A run keeps its last member, and only when text follows it on the line.
                var last = index
                var runEnd = index + space
                while runEnd < end {
                    let length = whitespaceLength(utf8, at: runEnd)
                    if length == 0 { break }
                    last = runEnd
                    runEnd += length
                }
                if runEnd == end || utf8[runEnd] == UInt8(ascii: "\n") { return nil }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[last..<runEnd]))
                index = runEnd
            } else if byte == UInt8(ascii: ">") {
                out.append(contentsOf: "&gt;".utf8)
                index += 1
            } else if byte == UInt8(ascii: "&") {
                if let semicolon = entityEnd(utf8, from: index) {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[index...semicolon]))
                    index = semicolon + 1
                } else {
                    out.append(contentsOf: "&amp;".utf8)
                    index += 1
                }
            } else {
                out.append(byte)
                index += 1
            }
        }
        return index
    }

    /// The `;` that closes an entity starting at `&`: the first `;` before any white space or
    /// line break, as Ink's `read(until: ";", allowWhitespace: false)` finds it.
    private static func entityEnd(_ utf8: UnsafeBufferPointer<UInt8>, from ampersand: Int) -> Int? {
        var index = ampersand + 1
        while index < utf8.count {
            let byte = utf8[index]
            if byte == UInt8(ascii: ";") { return index }
            if byte == UInt8(ascii: "\n") || whitespaceLength(utf8, at: index) > 0 { return nil }
            index += 1
        }
        return nil
    }

    /// The length in bytes of the same-line white space at `index` (`Character.isWhitespace`
    /// and not a line break), or 0: tab, space, U+00A0, U+2000 to U+200A, U+202F and U+205F,
    /// which are all of it that `eachScalarIsACharacter` lets through.
    @inline(__always)
    private static func whitespaceLength(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = utf8[index]
        if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { return 1 }
        if byte == 0xC2, index + 1 < utf8.count, utf8[index + 1] == 0xA0 { return 2 }
        if byte == 0xE2, index + 2 < utf8.count, ArticleText.isGeneralSpace(utf8[index + 1], utf8[index + 2]) { return 3 }
        return 0
    }
}
