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

    public private(set) var bytes: [UInt8] = []
    private let flushAt: Int
    private let flush: ([UInt8]) -> Void
    private var count = 0

    /// `flush` receives the text in pieces of about `flushAt` bytes, so a large array is never
    /// held whole in memory.
    public init(flushAt: Int = 1 << 20, flush: @escaping ([UInt8]) -> Void) {
        self.flushAt = flushAt
        self.flush = flush
        bytes.reserveCapacity(flushAt + 4096)
    }

    /// Starts the top-level array.
    public mutating func beginArray() {
        bytes.append(UInt8(ascii: "["))
        count = 0
    }

    /// One object of the top-level array; `fields` in sorted key order, nil values left out.
    public mutating func object(_ fields: [(String, Value?)]) {
        bytes.append(contentsOf: count == 0 ? "\n  {".utf8 : ",\n  {".utf8)
        count += 1
        var first = true
        for (key, value) in fields {
            guard let value else { continue }
            bytes.append(contentsOf: first ? "\n    ".utf8 : ",\n    ".utf8)
            first = false
            appendString(key)
            bytes.append(contentsOf: " : ".utf8)
            switch value {
            case .string(let text): appendString(text)
            case .int(let number): bytes.append(contentsOf: String(number).utf8)
            }
        }
        bytes.append(contentsOf: first ? "\n\n  }".utf8 : "\n  }".utf8)
        if bytes.count >= flushAt {
            flush(bytes)
            bytes.removeAll(keepingCapacity: true)
        }
    }

    /// Ends the top-level array, with the final newline `Output.json` prints, and flushes.
    public mutating func endArray() {
        bytes.append(contentsOf: count == 0 ? "\n\n]\n".utf8 : "\n]\n".utf8)
        flush(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private mutating func appendString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most texts need no escape: copied in one piece.
        let copied = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        } ?? false
        if copied {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
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
                bytes.append(JSONWriter.hex[Int(byte >> 4)])
                bytes.append(JSONWriter.hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension BoardEntry {
    /// The entry's fields as `Output.json` names and orders them (snake_case, sorted).
    public var jsonFields: [(String, JSONWriter.Value?)] {
        [("author", .string(author)), ("headline", .string(headline)), ("last_updated_at", lastUpdatedAt.map { .string($0) }),
         ("live_revision", liveRevision.map { .int($0) }), ("revision", .int(revision)), ("seconds_in_state", .int(secondsInState)),
         ("slug", .string(slug)), ("state", .string(state)), ("state_since", .string(stateSince)), ("status", .string(status))]
    }
}
