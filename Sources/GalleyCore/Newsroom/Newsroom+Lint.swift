import Foundation
import GitKit

/// What `galley lint` found in one file.
public struct LintReport: Sendable {
    /// The file as shown in `file:line:col` positions.
    public var file: String
    public var findings: [LintFinding]
    public var errors: [LintFinding] { findings.filter { $0.severity == .error } }

    /// Lints a file outside any newsroom, with the built-in dictionary and severities.
    public static func standalone(text: String, file: String) -> LintReport {
        let (body, firstLine) = Newsroom.bodyOfStoryText(text)
        return LintReport(file: file, findings: Linter().lint(body, firstLine: firstLine))
    }
}

extension Newsroom {
    /// The committed house dictionary, or the built-in one when the newsroom has none.
    public func houseDictionary() throws -> HouseDictionary {
        guard let head = try head(), let data = try git({ try repository.file(at: HouseDictionary.fileName, in: head) }) else {
            return .defaults
        }
        return try HouseDictionary.parse(data)
    }

    public func linter() throws -> Linter {
        Linter(dictionary: try houseDictionary(), severities: settings.lintSeverities)
    }

    /// Lints the text of a story file (front matter skipped, positions still in the file), or of
    /// any text file such as a scraped article.
    public func lint(text: String, file: String) throws -> LintReport {
        let (body, firstLine) = Newsroom.bodyOfStoryText(text)
        return LintReport(file: file, findings: try linter().lint(body, firstLine: firstLine))
    }

    /// Lints the story as it is in the work tree (what the reporter is working on).
    public func lintStory(_ slug: String) throws -> LintReport {
        let story = try story(slug)
        let path = story.path + "/" + StoryLayout.storyFile
        let url = try workTreeURL(path)
        let data = try FileManager.default.contents(atPath: url.path) ?? storyText(RevisionReference(slug: slug, revision: nil)).2
        return try lint(text: TextValidation.decodeUTF8(data, file: path), file: path)
    }

    /// Lint errors in the story's latest saved revision: what the `lint_clean` guard checks.
    func lintErrors(of story: Story) throws -> LintReport {
        let (_, _, data) = try storyText(RevisionReference(slug: story.slug, revision: nil))
        let path = story.path + "/" + StoryLayout.storyFile
        let report = try lint(text: TextValidation.decodeUTF8(data, file: path), file: path)
        return LintReport(file: report.file, findings: report.errors)
    }

    /// Applies the mechanical fixes (spaces, TeX quotes, spaced dashes) to the story and saves
    /// them as a new revision. Refused over unsaved work, which the save would sweep in.
    public func fixStory(_ slug: String, by actor: Person) throws -> (SaveOutcome, [LintFinding]) {
        let story = try story(slug)
        try requireMayEdit(story, actor)
        try requireNoUnsavedChanges(story, before: "`galley lint --fix`")
        var files = try files(of: story, at: story.revision)
        var text = try TextValidation.decodeUTF8(files[StoryLayout.storyFile]!, file: slug)
        var applied: [LintFinding] = []
        // Overlapping fixes (a doubled space inside TeX quotes) land on the next pass.
        for _ in 0..<3 {
            let (body, firstLine) = Newsroom.bodyOfStoryText(text)
            let (fixed, done) = Linter.applyFixes(try linter().lint(body, firstLine: firstLine), to: body, firstLine: firstLine)
            if done.isEmpty { break }
            applied += done
            text = String(text.dropLast(body.count)) + fixed
        }
        guard !applied.isEmpty else {
            return (SaveOutcome(story: story, revision: nil), [])
        }
        files[StoryLayout.storyFile] = Data(text.utf8)
        let counts = Dictionary(grouping: applied, by: \.rule).sorted { $0.key.rawValue < $1.key.rawValue }
            .map { "\($0.value.count) \($0.key.rawValue)" }.joined(separator: ", ")
        let outcome = try commitRevision(of: story, files: { _ in files }, basedOn: story.revision, kind: .saved,
                                         message: "Copy-desk fixes: \(counts)", minor: true, by: actor)
        try refreshWorkTree(outcome.story)
        return (outcome, applied)
    }

    /// A story file's body and the file line it starts on (1 for a text without front matter).
    static func bodyOfStoryText(_ text: String) -> (String, Int) {
        guard text.hasPrefix("---\n") || text.hasPrefix("---\r\n") else { return (text, 1) }
        let lines = text.components(separatedBy: "\n")
        guard let close = lines.dropFirst().firstIndex(where: { $0 == "---" || $0 == "..." || $0 == "---\r" }) else { return (text, 1) }
        let body = lines[(close + 1)...].joined(separator: "\n")
        return (body, close + 2)
    }
}
