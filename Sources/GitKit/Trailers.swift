import Clibgit2

/// Machine-readable `Key: value` lines at the end of a commit message, as `git interpret-trailers` reads them.
public struct Trailer: Hashable, Sendable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

public enum Trailers {
    /// Parses the trailers of a commit message with libgit2's own parser.
    public static func parse(_ message: String) throws -> [Trailer] {
        Library.ensureInitialized()
        var array = git_message_trailer_array()
        try GitError.check(git_message_trailers(&array, message), "git_message_trailers")
        defer { git_message_trailer_array_free(&array) }
        var result: [Trailer] = []
        for index in 0..<array.count {
            let entry = array.trailers[index]
            result.append(Trailer(String(cString: entry.key), String(cString: entry.value)))
        }
        return result
    }

    /// Builds a message from a subject, an optional body and trailers.
    /// Values are kept to one line (newlines become spaces) so every reader parses them the same way.
    public static func message(subject: String, body: String? = nil, trailers: [Trailer]) -> String {
        var text = oneLine(subject) + "\n"
        if let body, !body.isEmpty {
            text += "\n" + body + "\n"
        }
        if !trailers.isEmpty {
            text += "\n"
            for trailer in trailers {
                text += "\(trailer.key): \(oneLine(trailer.value))\n"
            }
        }
        return text
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
