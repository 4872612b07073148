import ArgumentParser
import Foundation
import GalleyCore

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check a story (or any text file) for what a copy desk catches.",
        discussion: Help.discussion(
            examples: ["galley lint jakarta-floods",
                       "galley lint fixtures/radardetik-putin-kim-2024-06-20.txt   (any file, even outside a newsroom)",
                       "galley lint jakarta-floods --fix"],
            notes: """
                Prints file:line:col: error|warning: [rule] message. Rules: doubled-space, unclosed-quote, \
                unopened-quote, tex-quotes, mixed-quotes, spaced-reduplication, repeated-word, house-spelling \
                (house-dictionary.yml). Severities are set under `lint:` in galley.yml. --fix applies the \
                mechanical fixes (spaces, TeX quotes, spaced dashes) as a new revision.
                """,
            exits: [.ok("no errors (warnings allowed)"), .usage("--fix with a file path"),
                    .badInput("errors found, or the file is not UTF-8"), .notFound("no such story or file"),
                    .conflict(), .notPermitted("not permitted to fix this story")]))

    @Argument(help: "A story's slug, or the path of a text file.", completion: .file())
    var target: String

    @Flag(help: "Apply the mechanical fixes to the story and save them as a new revision.")
    var fix = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        var isDirectory: ObjCBool = false
        let isFile = FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) && !isDirectory.boolValue
        if fix {
            guard !isFile else { throw GalleyError.usage("--fix works on a story: give its slug, not a file path") }
            let (newsroom, actor) = try global.openAsActor()
            let (outcome, applied) = try newsroom.fixStory(target, by: actor)
            if global.json { return try Output.json(FixReport(revision: outcome.revision?.number, fixed: applied)) }
            guard let revision = outcome.revision else { return Output.line("Nothing to fix mechanically in \(target).") }
            for finding in applied {
                Output.line("fixed \(finding.line):\(finding.column) [\(finding.rule.rawValue)] \(finding.fix!.original.debugDescription) -> \(finding.fix!.replacement.debugDescription)")
            }
            Output.line("Saved \(outcome.story.slug) r\(revision.number): \(revision.message)")
            return
        }
        let report: LintReport
        if isFile {
            let data = try InputFile.read(target)
            let text = try TextValidation.decodeUTF8(data, file: target)
            // Outside a newsroom, a file is linted with the built-in dictionary and severities.
            if let newsroom = try? global.openNewsroom() {
                report = try newsroom.lint(text: text, file: target)
            } else {
                report = LintReport.standalone(text: text, file: target)
            }
        } else {
            report = try global.openNewsroom().lintStory(target)
        }
        if global.json {
            try Output.json(report.findings.map { WithExtraKey(value: $0, key: "file", extra: report.file) })
        } else {
            for finding in report.findings {
                let text = finding.formatted(file: report.file)
                guard Terminal.colours else { Output.line(text); continue }
                let severity = finding.severity.rawValue + ":"
                let colour = finding.severity.rawValue == "error" ? Terminal.red : Terminal.yellow
                Output.line(text.replacingOccurrences(of: " \(severity) ", with: " \(Terminal.bold)\(colour)\(severity)\(Terminal.reset) "))
            }
            let errors = report.errors.count
            let warnings = report.findings.count - errors
            Output.note("\(report.file): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        }
        if !report.errors.isEmpty { throw ExitCode(65) }
    }

    struct FixReport: Encodable {
        var revision: Int?
        var fixed: [LintFinding]
    }
}
