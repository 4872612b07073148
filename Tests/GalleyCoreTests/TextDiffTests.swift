import Foundation
@testable import GalleyCore
import Testing

@Suite struct TextDiffTests {
    /// The hunks `git diff --no-index` prints for the same two texts: an independent reference.
    func gitHunks(_ old: String, _ new: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(old.utf8).write(to: folder.appendingPathComponent("a"))
        try Data(new.utf8).write(to: folder.appendingPathComponent("b"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["diff", "--no-index", "--no-color", "-U3", "--diff-algorithm=myers", "a", "b"]
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard let start = text.range(of: "\n@@") else { return "" }
        // git adds the nearest "function" line after a hunk header; plain unified diffs do not.
        return text[text.index(after: start.lowerBound)...].split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard line.hasPrefix("@@"), let end = line.range(of: " @@", range: line.index(line.startIndex, offsetBy: 2)..<line.endIndex) else {
                return String(line)
            }
            return String(line[..<end.upperBound])
        }.joined(separator: "\n")
    }

    func ourHunks(_ old: String, _ new: String) -> String {
        let text = TextDiff.unified(old: old, new: new, oldName: "a", newName: "b")
        return text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false).dropFirst(2).joined(separator: "\n")
    }

    static let paragraphs = (1...12).map { "Paragraph \($0) of the story." }

    @Test(arguments: [
        (paragraphs, paragraphs.enumerated().map { $0.offset == 5 ? "Paragraph six, rewritten." : $0.element }),
        (paragraphs, Array(paragraphs.dropFirst())),
        (paragraphs, paragraphs + ["A new last paragraph."]),
        (paragraphs, ["A new lede."] + paragraphs.enumerated().map { $0.offset == 10 ? "Changed near the end." : $0.element }),
        ([], ["Only line."]),
    ])
    func lineDiffsMatchGitsHunks(_ old: [String], _ new: [String]) throws {
        let oldText = old.map { $0 + "\n" }.joined()
        let newText = new.map { $0 + "\n" }.joined()
        #expect(ourHunks(oldText, newText) == (try gitHunks(oldText, newText)))
    }

    @Test func equalTextsHaveNoDiff() {
        #expect(TextDiff.unified(old: "same\n", new: "same\n", oldName: "a", newName: "b") == "")
    }

    @Test func aOneWordFixShowsAsOneWord() {
        let old = "membuat Korea Utara progersif dalam membangun pertahanan, agar tidak sewenang – wenang dalam bertindak."
        let new = "membuat Korea Utara progresif dalam membangun pertahanan, agar tidak sewenang-wenang dalam bertindak."
        #expect(TextDiff.plain(TextDiff.words(old: old, new: new))
                == "membuat Korea Utara [-progersif-]{+progresif+} dalam membangun pertahanan, agar tidak sewenang[- – -]{+-+}wenang dalam bertindak.")
    }
}
