import ArgumentParser
import Foundation
import GalleyCore

/// `--color auto|always|never`.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
    case auto, always, never
}

/// Colour only on a terminal, and never when `NO_COLOR` is set, unless `--color always` asks for it
/// (a command-line choice overrides NO_COLOR, as no-color.org says).
enum Terminal {
    /// Set from the global `--color` option when the command line is parsed.
    nonisolated(unsafe) static var choice = ColorChoice.auto

    static var colours: Bool {
        switch choice {
        case .always: return true
        case .never: return false
        case .auto:
            let environment = ProcessInfo.processInfo.environment
            return isatty(STDOUT_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
        }
    }

    /// The width output should fit: `COLUMNS` when set, else the terminal's width, else none
    /// (output to a file or a pipe is never cut).
    static var width: Int? {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap({ Int($0) }), columns > 0 {
            return columns
        }
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return nil
    }

    /// Wraps text in a colour when colour is on.
    static func paint(_ text: String, _ colour: String) -> String {
        colours ? colour + text + reset : text
    }

    static let red = "\u{1B}[31m", yellow = "\u{1B}[33m", green = "\u{1B}[32m", cyan = "\u{1B}[36m", bold = "\u{1B}[1m", reset = "\u{1B}[0m"

    static func lineDiff(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if line.hasPrefix("+++") || line.hasPrefix("---") { return bold + line + reset }
            if line.hasPrefix("@@") { return cyan + line + reset }
            if line.hasPrefix("+") { return green + line + reset }
            if line.hasPrefix("-") { return red + line + reset }
            return String(line)
        }.joined(separator: "\n")
    }

    static func wordDiff(_ segments: [TextDiff.Segment]) -> String {
        segments.map { segment in
            switch segment {
            case .same(let text): return text
            case .removed(let text): return red + "\u{1B}[9m" + text + reset
            case .added(let text): return green + "\u{1B}[4m" + text + reset
            }
        }.joined()
    }
}
