import Foundation

/// Checks applied to every text file a person hands to Galley before it is committed.
public enum TextValidation {
    /// The largest story file accepted. A story is prose: anything bigger is a mistake (a video
    /// dragged into the editor, a log file) and would bloat every clone of the newsroom forever.
    public static let maximumStoryBytes = 2 * 1024 * 1024

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

    /// Refuses a file over `limit` bytes, naming its size and the limit.
    public static func checkSize(_ size: Int, file: String, limit: Int = maximumStoryBytes) throws {
        if size > limit {
            throw GalleyError.badInput(
                "\(file) is \(size) bytes; a story file may be at most \(limit) bytes. Put large media in the story's assets/ folder, not in the text")
        }
    }
}
