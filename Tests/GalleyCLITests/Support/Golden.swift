import Foundation
import Testing

/// Golden files: the exact text a command printed once and a person checked, kept under
/// `Tests/GalleyCLITests/Golden/`. A test compares today's output with its file; run the tests with
/// `GALLEY_UPDATE_GOLDEN=1` to write the files anew instead, then read the change with `git diff`
/// before committing it (scripts/update-golden does both).
enum Golden {
    /// `Tests/GalleyCLITests/Golden`, found from this source file.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden", isDirectory: true)

    static var updating: Bool { ProcessInfo.processInfo.environment["GALLEY_UPDATE_GOLDEN"] == "1" }

    /// Expects `actual` to equal the golden file `name` (a path below the Golden folder).
    static func expectMatch(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = folder.appendingPathComponent(name)
        if updating {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: file)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no golden file \(name); run the tests with GALLEY_UPDATE_GOLDEN=1 to write it", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            let expectedLines = expected.components(separatedBy: "\n")
            let actualLines = actual.components(separatedBy: "\n")
            let first = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(expectedLines.count, actualLines.count)
            Issue.record("""
                output differs from the golden file \(name) at line \(first + 1):
                  golden: \(first < expectedLines.count ? expectedLines[first] : "(end of file)")
                  actual: \(first < actualLines.count ? actualLines[first] : "(end of output)")
                If the change is meant, run the tests with GALLEY_UPDATE_GOLDEN=1 and review `git diff`.
                --- actual ---
                \(actual)
                """, sourceLocation: sourceLocation)
        }
    }

    /// The project's folder (fixtures are read from it).
    static let projectRoot = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Replaces what differs from run to run and machine to machine (the temporary folder, the
    /// project's folder, story ids, commit ids, the preview folder's process id) with fixed
    /// placeholders.
    static func normalized(_ text: String, base: URL) -> String {
        var text = text.replacingOccurrences(of: base.path, with: "<tmp>")
            .replacingOccurrences(of: projectRoot.path, with: "<project>")
        let replacements: [(String, String)] = [
            ("[0-9A-HJKMNP-TV-Z]{26}", "<story-id>"),
            ("\\b[0-9a-f]{40}\\b", "<commit>"),
            ("galley-preview-[0-9]+", "galley-preview-<pid>"),
        ]
        for (pattern, placeholder) in replacements {
            text = text.replacingOccurrences(of: pattern, with: placeholder, options: .regularExpression)
        }
        return text
    }
}
