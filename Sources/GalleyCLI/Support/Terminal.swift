import Foundation
import GalleyCore

/// Colour only on a terminal, and never when `NO_COLOR` is set.
enum Terminal {
    static var colours: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    static let red = "\u{1B}[31m", green = "\u{1B}[32m", cyan = "\u{1B}[36m", bold = "\u{1B}[1m", reset = "\u{1B}[0m"

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
