import Foundation

/// HTML escaping for text placed in markup: the built-in page (`ArticlePage`) and the tests'
/// expectations. The same as Mustache's `{{name}}`, so the built-in page is what the built-in
/// template rendered.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        append(escaping: text, to: &out)
        return out
    }

    /// Appends `value` escaped as Mustache escapes a `{{name}}`: `<`, `>`, `&`, `"` and `'`
    /// replaced, each only where it is a `Character` of its own (a `<` followed by a combining
    /// mark is one `Character` with it, and Mustache leaves it as it is). Text with none of the
    /// five is appended whole, ASCII text is escaped byte by byte, and only the rest goes through
    /// `Character`s as Mustache does.
    static func append(escaping value: String, to html: inout String) {
        var value = value
        let (special, ascii) = value.withUTF8 { bytes -> (Bool, Bool) in
            var special = false, ascii = true
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "\""), UInt8(ascii: "'"): special = true
                case 0x80...: ascii = false
                default: break
                }
            }
            return (special, ascii)
        }
        if !special {
            html += value
            return
        }
        if ascii {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(value.utf8.count + 32)
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "<"): bytes += "&lt;".utf8
                case UInt8(ascii: ">"): bytes += "&gt;".utf8
                case UInt8(ascii: "&"): bytes += "&amp;".utf8
                case UInt8(ascii: "\""): bytes += "&quot;".utf8
                case UInt8(ascii: "'"): bytes += "&#39;".utf8
                default: bytes.append(byte)
                }
            }
            html += String(decoding: bytes, as: UTF8.self)
            return
        }
        for character in value {
            switch character {
            case "<": html += "&lt;"
            case ">": html += "&gt;"
            case "&": html += "&amp;"
            case "\"": html += "&quot;"
            case "'": html += "&#39;"
            default: html.append(character)
            }
        }
    }
}
