import Foundation

/// One open object or array of a document: how many values it holds so far, and its closing bracket.
struct JSONLevel {
    var count = 0
    let close: UInt8
}

/// Whole documents (a bundle's `article.json`, `manifest.json` and JSON-LD) written in
/// `JSONSerialization`'s layout, byte for byte, without building dictionaries of `Any` first.
/// The caller writes each object's keys in the order `JSONSerialization`'s `.sortedKeys` gives
/// them (case-insensitive: `dateline` before `dateModified`); the bundle tests compare the two.
extension JSONWriter {
    public enum Layout: Sendable {
        /// `.prettyPrinted`: two spaces per level, `"key" : value`, an empty container as `{\n\n}`.
        case pretty
        /// No whitespace at all.
        case compact
    }

    /// Starts the document's top-level object, or an object inside an array.
    public mutating func openObject() {
        beginValue()
        open(UInt8(ascii: "{"), UInt8(ascii: "}"))
    }

    /// Starts an array inside an array.
    public mutating func openArray() {
        beginValue()
        open(UInt8(ascii: "["), UInt8(ascii: "]"))
    }

    /// Starts the object that is the value of `key`.
    public mutating func openObject(_ key: String) {
        writeKey(key)
        open(UInt8(ascii: "{"), UInt8(ascii: "}"))
    }

    /// Starts the array that is the value of `key`.
    public mutating func openArray(_ key: String) {
        writeKey(key)
        open(UInt8(ascii: "["), UInt8(ascii: "]"))
    }

    /// Ends the innermost open object or array.
    public mutating func close() {
        let level = levels.removeLast()
        if layout == .pretty {
            bytes.append(0x0A)
            if level.count == 0 { bytes.append(0x0A) }
            indent()
        }
        bytes.append(level.close)
    }

    public mutating func member(_ key: String, _ text: String) {
        writeKey(key)
        appendString(text)
    }

    /// Nothing when `text` is nil, as a nil value in a dictionary is no key at all.
    public mutating func member(_ key: String, _ text: String?) {
        if let text { member(key, text) }
    }

    public mutating func member(_ key: String, _ number: Int) {
        writeKey(key)
        appendInteger(number)
    }

    public mutating func member(_ key: String, _ flag: Bool) {
        writeKey(key)
        bytes.append(contentsOf: flag ? JSONWriter.trueText : JSONWriter.falseText)
    }

    /// A string element of the innermost array.
    public mutating func element(_ text: String) {
        beginValue()
        appendString(text)
    }

    /// An element of the innermost array that is an object of text members, written in the
    /// order given (`("role", "galley:id"), ("value", id)`).
    public mutating func stringObject(_ members: (String, String)...) {
        openObject()
        for (key, text) in members { member(key, text) }
        close()
    }

    private static let trueText = Array("true".utf8)
    private static let falseText = Array("false".utf8)

    private mutating func open(_ bracket: UInt8, _ close: UInt8) {
        bytes.append(bracket)
        levels.append(JSONLevel(close: close))
    }

    /// The comma and line break before a value of the innermost container.
    private mutating func beginValue() {
        guard !levels.isEmpty else { return }
        if levels[levels.count - 1].count > 0 { bytes.append(UInt8(ascii: ",")) }
        levels[levels.count - 1].count += 1
        if layout == .pretty {
            bytes.append(0x0A)
            indent()
        }
    }

    /// `"key" : ` (pretty) or `"key":`; keys are Galley's own names, which need no escape.
    private mutating func writeKey(_ key: String) {
        beginValue()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: key.utf8)
        bytes.append(contentsOf: layout == .pretty ? JSONWriter.prettyColon : JSONWriter.compactColon)
    }

    private static let prettyColon = Array("\" : ".utf8)
    private static let compactColon = Array("\":".utf8)

    private mutating func indent() {
        for _ in 0..<levels.count { bytes.append(UInt8(ascii: " ")); bytes.append(UInt8(ascii: " ")) }
    }
}
