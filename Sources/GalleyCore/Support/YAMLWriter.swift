import Foundation

/// Writes YAML by hand so the same story always gives the same bytes (and the same git blob),
/// quoting a value only when YAML would otherwise read it as something else.
enum YAMLWriter {
    /// A scalar, plain when that is safe, otherwise double-quoted with JSON-style escapes.
    static func scalar(_ text: String) -> String {
        needsQuotes(text) ? quoted(text) : text
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x85
                    || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static let reserved: Set<String> = [
        "", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n",
    ]

    /// Foundation's `text.contains(pair)`, for a pair of ASCII characters, asked only when the
    /// two bytes are next to each other: no ASCII character has another canonically equivalent
    /// form, so without the bytes Foundation finds no match either, and with them its answer
    /// (which minds combining marks) is kept. Reading a story file asks this of every field.
    private static func contains(_ text: String, _ pair: String) -> Bool {
        let (first, second) = (pair.utf8.first!, pair.utf8.last!)
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if previous == first && byte == second { return text.contains(pair) }
            previous = byte
        }
        return false
    }

    static func needsQuotes(_ text: String) -> Bool {
        if reserved.contains(text.lowercased()) { return true }
        if text.first!.isWhitespace || text.last!.isWhitespace { return true }
        if Double(text) != nil || text.hasPrefix("0x") || text.hasPrefix("0o") { return true }
        if let first = text.unicodeScalars.first, "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return true }
        if contains(text, ": ") || contains(text, " #") || text.hasSuffix(":") { return true }
        // Timestamps and other resolver-sensitive forms stay strings.
        if text.first!.isNumber && text.contains("-") { return true }
        for scalar in text.unicodeScalars where scalar.value < 0x20 || scalar.value == 0x7F
            || (0x80...0x9F).contains(scalar.value) || scalar.value == 0xFEFF || scalar.value == 0x2028 || scalar.value == 0x2029 {
            return true
        }
        return false
    }
}
