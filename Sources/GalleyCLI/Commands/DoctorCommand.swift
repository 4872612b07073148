import ArgumentParser
import Foundation
import GalleyCore

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the newsroom: git against the catalog, lock files, story files.",
        discussion: Help.discussion(
            examples: ["galley doctor", "galley doctor --repair"],
            notes: """
                Finds commits the catalog has not indexed, catalog rows that differ from a replay of the \
                git log, live revisions that do not exist, stale lock files and story files that do not \
                parse. --repair fixes what git can fix (catch up or rebuild the catalog, remove stale \
                locks, restore missing story files) and says what it did; it never rewrites history.
                """,
            exits: [.ok("consistent"), .badInput("problems remain (listed)"), .noNewsroom]))

    @Flag(help: "Fix what can be fixed from git, and say what was done.")
    var repair = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let root = try global.locateNewsroom()
        let clock = try Clock.fromEnvironment()
        var findings = try Newsroom.doctor(at: root, clock: clock, repair: repair)
        let reported = findings
        if repair {
            // What is left after the repair decides the exit code.
            findings = try Newsroom.doctor(at: root, clock: clock, repair: false)
        }
        if global.json {
            try Output.json(Report(findings: reported, remaining: findings.count))
        } else {
            for finding in reported {
                Output.line("\(finding.check): \(finding.problem)" + (finding.repaired.map { " -> \($0)" } ?? (finding.repairable && !repair ? " (galley doctor --repair fixes this)" : "")))
            }
            Output.line(findings.isEmpty ? "The newsroom is consistent." : (findings.count == 1 ? "1 problem remains." : "\(findings.count) problems remain."))
        }
        if !findings.isEmpty { throw ExitCode(65) }
    }

    struct Report: Encodable {
        var findings: [DoctorFinding]
        var remaining: Int
    }
}
