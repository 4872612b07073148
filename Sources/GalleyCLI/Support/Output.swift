import Foundation
import GalleyCore

/// Everything a command prints goes through here: text for people, JSON for scripts.
enum Output {
    /// Prints a line to standard output.
    static func line(_ text: String = "") {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Prints raw bytes to standard output (a story file exactly as saved).
    static func raw(_ data: Data) {
        FileHandle.standardOutput.write(data)
    }

    /// Prints a note to standard error (progress, hints), keeping standard output for data.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Prints a value as JSON: sorted keys, snake_case, so the shape is stable for scripts.
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var data = try encoder.encode(value)
        data.append(0x0A)
        FileHandle.standardOutput.write(data)
    }

    /// Prints rows as a table with aligned columns; the last column is never padded.
    static func table(_ header: [String], _ rows: [[String]]) {
        let all = [header] + rows
        var widths = [Int](repeating: 0, count: header.count)
        for row in all {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        for row in all {
            var text = ""
            for (index, cell) in row.enumerated() {
                if index == row.count - 1 {
                    text += cell
                } else {
                    text += cell + String(repeating: " ", count: widths[index] - cell.count + 2)
                }
            }
            line(text)
        }
    }
}

/// A value encoded as JSON with one more key beside its own (a revision with `live`, a lint
/// finding with `file`), so commands do not each write the same wrapper.
struct WithExtraKey<Value: Encodable, Extra: Encodable>: Encodable {
    var value: Value
    var key: String
    var extra: Extra

    func encode(to encoder: Encoder) throws {
        try value.encode(to: encoder)
        var container = encoder.container(keyedBy: AnyKey.self)
        try container.encode(extra, forKey: AnyKey(stringValue: key))
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
