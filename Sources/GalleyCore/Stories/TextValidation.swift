import Foundation

/// Checks applied to every text file a person hands to Galley before it is committed.
public enum TextValidation {
    /// The largest story file accepted. A story is prose: anything bigger is a mistake (a video
    /// dragged into the editor, a log file) and would bloat every clone of the newsroom forever.
    public static let maximumStoryBytes = 2 * 1024 * 1024

    /// The longest line accepted in a story file, in bytes. Prose breaks into paragraphs long before
    /// this; a longer line is pasted data (a base64 image, minified script) that would make every
    /// diff, lint and search of the story slow.
    public static let maximumLineBytes = 64 * 1024

    /// Decodes UTF-8, or names the line and column of the first invalid byte.
    public static func decodeUTF8(_ data: Data, file: String) throws -> String {
        // The standard library's validation is fast; the scalar-by-scalar walk below only runs
        // to locate the first invalid byte.
        if let text = String(validating: data, as: UTF8.self) { return text }
        var iterator = data.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: break loop
            case .error:
                let prefix = data.prefix(offset)
                let line = prefix.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
                let lineStart = (prefix.lastIndex(of: 0x0A).map { $0 + 1 }) ?? prefix.startIndex
                let column = String(decoding: prefix[lineStart...], as: UTF8.self).unicodeScalars.count + 1
                throw GalleyError.badInput(
                    "\(file):\(line):\(column): invalid UTF-8 (byte 0x\(String(format: "%02X", data[data.startIndex + offset]))); save the file as UTF-8 and try again")
            }
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Refuses a line over `maximumLineBytes`, and control characters other than tab, newline and
    /// carriage return (NUL, escape sequences that would rewrite a terminal showing the story, C1
    /// controls), naming the line and column. One pass over the UTF-8 bytes: a reindex checks
    /// every story file, and walking them as Unicode scalars cost more than the rest of the check.
    public static func checkLines(_ text: String, file: String, lineLimit: Int = maximumLineBytes) throws {
        var text = text
        try text.withUTF8 { try checkLines(utf8: $0, file: file, lineLimit: lineLimit) }
    }

    /// The byte scan behind `checkLines`, over valid UTF-8. The column counts Unicode scalars, as
    /// before: one per byte that is not a continuation byte (`10xxxxxx`). The only control
    /// characters (general category Cc) are U+0000–U+001F and U+007F, one byte each, and
    /// U+0080–U+009F, encoded as 0xC2 followed by the code point's own value.
    static func checkLines(utf8 bytes: UnsafeBufferPointer<UInt8>, file: String, lineLimit: Int) throws {
        var line = 1
        var column = 0
        var lineBytes = 0
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == 0x0A {
                line += 1
                column = 0
                lineBytes = 0
                previous = byte
                continue
            }
            lineBytes += 1
            if byte & 0xC0 != 0x80 { column += 1 }
            if lineBytes > lineLimit {
                throw GalleyError.badInput(
                    "\(file):\(line): the line is longer than \(lineLimit) bytes; a line of a story may be at most \(lineLimit) bytes. Break it into paragraphs, and put data (images, embeds) in the story's assets/ folder")
            }
            let control = (byte < 0x20 && byte != 0x09 && byte != 0x0D) || byte == 0x7F || (previous == 0xC2 && byte < 0xA0)
            if control, let name = controlCharacterName(Unicode.Scalar(byte)) {
                throw GalleyError.badInput("\(file):\(line):\(column): \(name) is not allowed in a story; remove it (it is invisible, or would change the terminal that shows the story)")
            }
            previous = byte
        }
    }

    /// "a control character (U+001B)" for a control character, else nil.
    public static func controlCharacterName(_ scalar: Unicode.Scalar) -> String? {
        // ASCII (most of any story) is decided without looking up Unicode properties.
        if scalar.isASCII {
            guard scalar.value < 0x20 || scalar.value == 0x7F else { return nil }
        } else {
            guard scalar.properties.generalCategory == .control else { return nil }
        }
        return "a control character (U+\(String(format: "%04X", scalar.value)))"
    }

    /// Refuses a value of one front matter field (or a command-line argument) that holds a control
    /// character other than a tab; a newline only where `newlines` allows it.
    public static func controlCharacterProblem(in value: String, newlines: Bool = false) -> String? {
        for scalar in value.unicodeScalars where scalar != "\t" && !(newlines && scalar == "\n") {
            if let name = controlCharacterName(scalar) { return "\(name) is not allowed here; remove it" }
        }
        return nil
    }

    /// Refuses a file over `limit` bytes, naming its size and the limit.
    public static func checkSize(_ size: Int, file: String, limit: Int = maximumStoryBytes) throws {
        if size > limit {
            throw GalleyError.badInput(
                "\(file) is \(size) bytes; a story file may be at most \(limit) bytes. Put large media in the story's assets/ folder, not in the text")
        }
    }
}
