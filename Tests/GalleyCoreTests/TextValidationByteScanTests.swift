import Foundation
@testable import GalleyCore
import Testing

/// The line check scans UTF-8 bytes (issue 7); it must give the answers the scalar walk it replaced
/// gave, error text and positions included.
@Suite struct TextValidationByteScanTests {
    /// The check as it was before the byte scan, kept as the reference.
    static func scalarWalk(_ text: String, file: String, lineLimit: Int) -> String? {
        var line = 1
        var column = 1
        var lineBytes = 0
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                line += 1
                column = 1
                lineBytes = 0
                continue
            }
            lineBytes += UTF8.width(scalar)
            if lineBytes > lineLimit {
                return "\(file):\(line): the line is longer than \(lineLimit) bytes; a line of a story may be at most \(lineLimit) bytes. Break it into paragraphs, and put data (images, embeds) in the story's assets/ folder"
            }
            if scalar != "\t", scalar != "\r", let name = TextValidation.controlCharacterName(scalar) {
                return "\(file):\(line):\(column): \(name) is not allowed in a story; remove it (it is invisible, or would change the terminal that shows the story)"
            }
            column += 1
        }
        return nil
    }

    static func byteScan(_ text: String, file: String, lineLimit: Int) -> String? {
        do {
            try TextValidation.checkLines(text, file: file, lineLimit: lineLimit)
            return nil
        } catch let error as GalleyError {
            guard case .badInput(let message) = error else { return "unexpected \(error)" }
            return message
        } catch {
            return "unexpected \(error)"
        }
    }

    static let tricky: [String] = [
        "",
        "\n",
        "\n\n\n",
        "plain line",
        "CRLF line\r\nsecond\r\n",
        "tab\there\n",
        "Hubungan “Perjanjian,” kata Putin — 🇷🇺🇰🇵 é\u{301}\n",
        "NUL\u{0}here",
        "escape \u{1B}[2J on line one",
        "line one\nline two with DEL \u{7F}",
        "ünïcödé then C1 \u{85} next line",
        "C1 at the end \u{9F}",
        "not C1: \u{A0} (no-break space) and \u{AD} (soft hyphen) and \u{2028}",
        "🇷🇺\u{1B}",
        "\r\r\r\n\u{0B}",
        "Ω\u{80}",
        "\u{C2}\u{80}",
        "a\nb\nc\n😀😀\u{7}",
        "zero width \u{200B} joiner \u{200D} fine",
    ]

    @Test func trickyTextsGiveTheSameAnswer() {
        for text in Self.tricky {
            for limit in [1, 2, 3, 4, 5, 8, 64 * 1024] {
                #expect(Self.byteScan(text, file: "story.md", lineLimit: limit) == Self.scalarWalk(text, file: "story.md", lineLimit: limit),
                        "\(text.debugDescription) limit \(limit)")
            }
        }
    }

    @Test func linesAtTheExactLimit() {
        let limit = TextValidation.maximumLineBytes
        let ascii = String(repeating: "a", count: limit)
        // A four-byte scalar that ends exactly at the limit, and one that crosses it.
        let emojiAtLimit = String(repeating: "a", count: limit - 4) + "😀"
        let emojiAcross = String(repeating: "a", count: limit - 3) + "😀"
        let twoByteAcross = String(repeating: "a", count: limit - 1) + "é"
        let c1Across = String(repeating: "a", count: limit - 1) + "\u{85}"
        let controlAtLimit = String(repeating: "a", count: limit - 1) + "\u{1B}"
        for text in [ascii, ascii + "\n" + ascii, ascii + "a", "x\n" + ascii + "\r", emojiAtLimit, emojiAcross, twoByteAcross,
                     c1Across, controlAtLimit, ascii + "\r\n" + ascii] {
            let expected = Self.scalarWalk(text, file: "f.md", lineLimit: limit)
            #expect(Self.byteScan(text, file: "f.md", lineLimit: limit) == expected, "length \(text.utf8.count)")
        }
        #expect(Self.byteScan(ascii, file: "f.md", lineLimit: limit) == nil)
        #expect(Self.byteScan(emojiAtLimit, file: "f.md", lineLimit: limit) == nil)
        #expect(Self.byteScan(emojiAcross, file: "f.md", lineLimit: limit)?.hasPrefix("f.md:1: the line is longer") == true)
    }

    @Test func everyControlAndItsNeighboursAtEveryColumn() {
        // Every scalar from U+0000 to U+0200 after prefixes of one-, two-, three- and four-byte scalars.
        for value in 0...0x200 where value != 0x0A {
            let scalar = Unicode.Scalar(UInt32(value))!
            for prefix in ["", "a", "é", "—", "😀", "line\nab"] {
                let text = prefix + String(Character(scalar)) + "z"
                #expect(Self.byteScan(text, file: "s.md", lineLimit: 16) == Self.scalarWalk(text, file: "s.md", lineLimit: 16),
                        "U+\(String(value, radix: 16)) after \(prefix.debugDescription)")
            }
        }
    }

    @Test func aStringNotStoredAsContiguousUTF8() {
        // A bridged or lazily built string still goes through the same scan.
        let text = String(NSString(string: "bridged é\u{1B} text"))
        #expect(Self.byteScan(text, file: "b.md", lineLimit: 100) == Self.scalarWalk(text, file: "b.md", lineLimit: 100))
    }
}
