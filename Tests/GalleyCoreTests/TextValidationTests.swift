import Foundation
@testable import GalleyCore
import Testing

/// The control-character checks decide ASCII from the bytes; they must refuse exactly what the
/// Unicode property (general category Cc) refuses, at the same line and column.
@Suite struct TextValidationTests {
    @Test func controlCharactersAreThoseOfGeneralCategoryCc() {
        for value in 0...0x10FFFF {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
            let expected = scalar.properties.generalCategory == .control
            #expect((TextValidation.controlCharacterName(scalar) != nil) == expected, "U+\(String(value, radix: 16))")
        }
    }

    /// The message `checkLines` throws, or nil.
    func problem(_ text: String, lineLimit: Int = TextValidation.maximumLineBytes) -> String? {
        do {
            try TextValidation.checkLines(text, file: "f", lineLimit: lineLimit)
            return nil
        } catch {
            return (error as? GalleyError)?.message
        }
    }

    @Test func linesAreRefusedWhereTheScalarWalkRefusesThem() {
        #expect(problem("plain\ttext\r\nwith “kutip” é 😀\n") == nil)
        #expect(problem("ab\ncd\u{1B}[31m") == "f:2:3: a control character (U+001B) is not allowed in a story; remove it (it is invisible, or would change the terminal that shows the story)")
        #expect(problem("é\u{85}") == "f:1:2: a control character (U+0085) is not allowed in a story; remove it (it is invisible, or would change the terminal that shows the story)")
        #expect(problem("\u{7F}")?.hasPrefix("f:1:1: a control character (U+007F)") == true)
        #expect(problem("\u{0}")?.hasPrefix("f:1:1: a control character (U+0000)") == true)
        #expect(problem("\u{A0}\u{9F}")?.hasPrefix("f:1:2: a control character (U+009F)") == true)
        #expect(problem("\u{A0}\u{C0}¡") == nil)
        #expect(problem("12345\n1234", lineLimit: 4)?.hasPrefix("f:1: the line is longer than 4 bytes") == true)
        #expect(problem("1234\néé", lineLimit: 4) == nil)
        #expect(problem("1234\nééa", lineLimit: 4)?.hasPrefix("f:2: the line is longer than 4 bytes") == true)
    }
}
