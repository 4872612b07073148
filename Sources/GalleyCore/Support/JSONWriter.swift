import Foundation

/// Writes JSON byte for byte as the command line's `JSONEncoder` does (pretty-printed with two
/// spaces, `"key" : value`, keys sorted, slashes not escaped, nil values left out), without
/// Codable: for commands that print thousands of rows (`galley board --json`), where encoding
/// through `Encoder` with per-key snake-case conversion costs more than the query.
/// The caller gives each object's keys already sorted and in snake_case.
public struct JSONWriter {
    public enum Value {
        case string(String)
        case int(Int)
    }

    public internal(set) var bytes: [UInt8] = []
    private let flushAt: Int
    private let flush: ([UInt8]) -> Void
    private var count = 0
    /// Fields written in the current object.
    private var fields = 0
    /// For documents (`JSONWriter+Document.swift`): the open containers, innermost last.
    var levels: [JSONLevel] = []
    var layout = Layout.pretty
    /// Also escapes `<`, `>`, `&`, U+2028 and U+2029, for JSON inside an HTML `<script>`.
    var scriptSafe = false

    /// `flush` receives the text in pieces of about `flushAt` bytes, so a large array is never
    /// held whole in memory.
    public init(flushAt: Int = 1 << 20, flush: @escaping ([UInt8]) -> Void) {
        self.flushAt = flushAt
        self.flush = flush
        bytes.reserveCapacity(flushAt + 4096)
    }

    /// A writer for one document held whole in `bytes` (`JSONWriter+Document.swift`).
    public init(layout: Layout, scriptSafe: Bool = false, capacity: Int = 16 * 1024) {
        flushAt = Int.max
        flush = { _ in }
        self.layout = layout
        self.scriptSafe = scriptSafe
        bytes.reserveCapacity(capacity)
    }

    /// Starts the top-level array.
    public mutating func beginArray() {
        bytes.append(UInt8(ascii: "["))
        count = 0
    }

    /// One object of the top-level array; `fields` in sorted key order, nil values left out.
    public mutating func object(_ fields: [(String, Value?)]) {
        beginObject()
        for (key, value) in fields {
            switch value {
            case .string(let text)?: field(Key(key), text)
            case .int(let number)?: field(Key(key), number)
            case nil: continue
            }
        }
        endObject()
    }

    /// A key with the punctuation before it already encoded, so writing a field is two copies.
    public struct Key: Sendable {
        let first: [UInt8]
        let next: [UInt8]

        /// `name` as it is printed (snake_case, needing no escapes).
        public init(_ name: String) {
            first = Array("\n    \"\(name)\" : ".utf8)
            next = Array(",\n    \"\(name)\" : ".utf8)
        }
    }

    /// Starts one object of the top-level array; its fields follow in sorted key order.
    public mutating func beginObject() {
        bytes.append(contentsOf: count == 0 ? JSONWriter.firstObject : JSONWriter.nextObject)
        count += 1
        fields = 0
    }

    public mutating func field(_ key: Key, _ text: String) {
        bytes.append(contentsOf: fields == 0 ? key.first : key.next)
        fields += 1
        appendString(text)
    }

    public mutating func field(_ key: Key, _ number: Int) {
        bytes.append(contentsOf: fields == 0 ? key.first : key.next)
        fields += 1
        appendInteger(number)
    }

    /// Ends the object; the text so far goes to `flush` once it passes `flushAt` bytes.
    public mutating func endObject() {
        bytes.append(contentsOf: fields == 0 ? JSONWriter.emptyObjectEnd : JSONWriter.objectEnd)
        if bytes.count >= flushAt {
            flush(bytes)
            bytes.removeAll(keepingCapacity: true)
        }
    }

    private static let firstObject = Array("\n  {".utf8)
    private static let nextObject = Array(",\n  {".utf8)
    private static let objectEnd = Array("\n  }".utf8)
    private static let emptyObjectEnd = Array("\n\n  }".utf8)

    /// Decimal digits, as `String(number)` writes them.
    mutating func appendInteger(_ number: Int) {
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)   // room for 20 digits, backwards
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }

    /// Ends the top-level array, with the final newline `Output.json` prints, and flushes.
    public mutating func endArray() {
        bytes.append(contentsOf: count == 0 ? "\n\n]\n".utf8 : "\n]\n".utf8)
        flush(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func appendString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most texts need no escape: copied in one piece.
        let scriptSafe = self.scriptSafe
        let copied = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard !utf8.contains(where: { JSONWriter.needsEscape($0, scriptSafe: scriptSafe) }) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        } ?? false
        if copied {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            index += 1
            if scriptSafe, let escape = JSONWriter.scriptEscape(utf8, at: index - 1) {
                bytes.append(contentsOf: escape.text)
                index += escape.length - 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(Hex.lowercaseDigits[Int(byte >> 4)])
                bytes.append(Hex.lowercaseDigits[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// True for a byte that may start an escape: a control character, `"` or a backslash; in
    /// script-safe text also `<`, `>`, `&` and 0xE2, the first byte of U+2028 and U+2029.
    @inline(__always)
    static func needsEscape(_ byte: UInt8, scriptSafe: Bool) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
            || (scriptSafe && (byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&") || byte == 0xE2))
    }

    /// The `\u` escape of a script-unsafe character starting at `index`, and its length in bytes.
    /// `<`, `>` and `&` cannot close the `<script>` element; U+2028 and U+2029 are line ends to
    /// a reader that takes the element for JavaScript.
    static func scriptEscape(_ utf8: [UInt8], at index: Int) -> (text: [UInt8], length: Int)? {
        switch utf8[index] {
        case UInt8(ascii: "<"): return (Array("\\u003c".utf8), 1)
        case UInt8(ascii: ">"): return (Array("\\u003e".utf8), 1)
        case UInt8(ascii: "&"): return (Array("\\u0026".utf8), 1)
        case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
            return (Array((utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8), 3)
        default: return nil
        }
    }
}

extension BoardEntry {
    /// The entry's fields as `Output.json` names and orders them (snake_case, sorted).
    public var jsonFields: [(String, JSONWriter.Value?)] {
        [("author", .string(author)), ("headline", .string(headline)), ("last_updated_at", lastUpdatedAt.map { .string($0) }),
         ("live_revision", liveRevision.map { .int($0) }), ("revision", .int(revision)), ("seconds_in_state", .int(secondsInState)),
         ("slug", .string(slug)), ("state", .string(state)), ("state_since", .string(stateSince)), ("status", .string(status))]
    }

    private enum Keys {
        static let author = JSONWriter.Key("author"), headline = JSONWriter.Key("headline")
        static let lastUpdatedAt = JSONWriter.Key("last_updated_at"), liveRevision = JSONWriter.Key("live_revision")
        static let revision = JSONWriter.Key("revision"), secondsInState = JSONWriter.Key("seconds_in_state")
        static let slug = JSONWriter.Key("slug"), state = JSONWriter.Key("state")
        static let stateSince = JSONWriter.Key("state_since"), status = JSONWriter.Key("status")
    }

    /// Writes the entry as `jsonFields` describes it, without building the list: the board can
    /// have a hundred thousand rows (the JSONWriter tests check both give the same text).
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field(Keys.author, author)
        writer.field(Keys.headline, headline)
        if let lastUpdatedAt { writer.field(Keys.lastUpdatedAt, lastUpdatedAt) }
        if let liveRevision { writer.field(Keys.liveRevision, liveRevision) }
        writer.field(Keys.revision, revision)
        writer.field(Keys.secondsInState, secondsInState)
        writer.field(Keys.slug, slug)
        writer.field(Keys.state, state)
        writer.field(Keys.stateSince, stateSince)
        writer.field(Keys.status, status)
        writer.endObject()
    }
}
