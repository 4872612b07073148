import Foundation
import GalleyCore

/// Everything a command prints goes through here: text for people, JSON for scripts.
enum Output {
    /// Set from the global `--quiet` option: informational lines and progress are not printed.
    nonisolated(unsafe) static var quiet = false

    /// Prints a line to standard output.
    static func line(_ text: String = "") {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Prints an informational line to standard output ("Nothing is due."): a message rather
    /// than data, so `--quiet` silences it.
    static func info(_ text: String) {
        guard !quiet else { return }
        line(text)
    }

    /// Prints raw bytes to standard output (a story file exactly as saved).
    static func raw(_ data: Data) {
        FileHandle.standardOutput.write(data)
    }

    /// Writes bytes to standard output as they are, without copying them into a `Data` first
    /// (`galley board --json` hands over a megabyte at a time). A failed write stops the process,
    /// as `FileHandle.write(_:)` does for the `Data` above.
    static func raw(_ bytes: [UInt8]) {
        try! FileHandle.standardOutput.write(contentsOf: bytes)
    }

    /// Prints an informational note to standard error (a summary, a hint), keeping standard output
    /// for data; `--quiet` silences it.
    static func note(_ text: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Prints a problem with one item of many (a file that failed to import) to standard error;
    /// printed even with `--quiet`, like errors.
    static func problem(_ text: String) {
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

    /// Prints one line of text cut to the terminal's width (a title above a table).
    static func fitted(_ text: String) {
        guard let width = Terminal.width, text.count > width else { return line(text) }
        line(String(text.prefix(max(width - 1, 0))) + "…")
    }

    /// Prints rows as a table with aligned columns, fitted to the terminal's width; the last
    /// column is never padded.
    static func table(_ header: [String], _ rows: [[String]]) {
        for row in TableLayout.lines(header, rows, width: Terminal.width) { line(row) }
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

/// Lays a table out in aligned columns two spaces apart. When a width is given and the table is
/// wider, the last column (a headline, a message, a note) gives way first, then the widest ones,
/// and a cell cut short ends in "…".
enum TableLayout {
    static func lines(_ header: [String], _ rows: [[String]], width: Int?) -> [String] {
        let all = [header] + rows
        var widths = [Int](repeating: 0, count: header.count)
        for row in all {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        if let width {
            let gaps = 2 * (widths.count - 1)
            // Each pass shrinks columns down to its floor: the last column to its header's width (at
            // least eight characters), then every column to that, then to three ("ab…").
            let last = widths.count - 1
            let floors = [widths.indices.map { $0 == last ? min(widths[$0], max(header[$0].count, 8)) : widths[$0] },
                          widths.indices.map { min(widths[$0], max(header[$0].count, 8)) },
                          widths.indices.map { min(widths[$0], 3) }]
            for floor in floors {
                while widths.reduce(0, +) + gaps > width {
                    // The widest column that can still give way loses one character.
                    guard let index = widths.indices.filter({ widths[$0] > floor[$0] }).max(by: { widths[$0] < widths[$1] }) else { break }
                    widths[index] -= 1
                }
            }
        }
        return all.map { row in
            var text = ""
            for (index, cell) in row.enumerated() {
                let fitted = cell.count > widths[index] ? String(cell.prefix(max(widths[index] - 1, 0))) + "…" : cell
                text += index == row.count - 1 ? fitted : fitted + String(repeating: " ", count: widths[index] - fitted.count + 2)
            }
            return text
        }
    }
}
