import ArgumentParser
import Foundation
import GalleyCLI
import Testing

/// Every command's `--help` teaches: an abstract, examples from a newsroom's day and the exit codes
/// it can return; each is kept as a golden file (`Golden/help/`).
@Suite struct HelpTests {
    /// Help is laid out for this width, whatever the terminal running the tests is.
    static let environment = ["COLUMNS": "100"]

    static let commands: [[String]] = [[]] + GalleyCommand.commandPaths

    @Test(arguments: HelpTests.commands)
    func everyCommandsHelpHasAnAbstractExamplesAndExitCodes(_ path: [String]) throws {
        let room = try TempNewsroom(founded: false)
        let result = try room.galley(arguments: path + ["--help"], environment: HelpTests.environment)
        expectSuccess(result)
        let help = result.stdout
        #expect(help.hasPrefix("OVERVIEW: "), "\(result)")
        let examples = try #require(help.range(of: "Examples:\n  "), "\(result)")
        #expect(help[examples.upperBound...].prefix { $0 != "\n" }.contains("galley "), "\(result)")
        #expect(help.contains("Exit codes:\n  0   "), "\(result)")
        #expect(help.contains("  64  usage"), "\(result)")
        try Golden.expectMatch(help, "help/" + (path.isEmpty ? "galley" : path.joined(separator: "-")) + ".txt")
    }

    @Test func helpSubcommandShowsTheSameHelp() throws {
        let room = try TempNewsroom(founded: false)
        let viaFlag = try room.galley(arguments: ["approve", "--help"], environment: HelpTests.environment)
        let viaHelp = try room.galley(arguments: ["help", "approve"], environment: HelpTests.environment)
        expectSuccess(viaHelp)
        #expect(viaHelp.stdout == viaFlag.stdout)
        #expect(viaFlag.stdout.contains("galley approve jakarta-floods --at 2024-06-20T06:00 "))
    }

    @Test func everyCommandIsCovered() {
        // A new command needs no new test: it is found through the root command's configuration.
        let names = Set(GalleyCommand.commandPaths.map { $0.joined(separator: " ") })
        for expected in ["status", "people add", "workflow check", "settings save", "publish-due", "bundle", "doctor"] {
            #expect(names.contains(expected), "\(names.sorted())")
        }
    }

    @Test func everyCommandNamesItselfSoStartUpNeedsNoReflection() {
        // Without `commandName`, ArgumentParser derives the name with String(describing:) while it
        // builds the command tree on every run; in the static binary each such dynamic cast scans
        // the runtime's conformance tables (about 2 ms of every command, measured with perf).
        func unnamed(_ command: any ParsableCommand.Type) -> [String] {
            command.configuration.subcommands.flatMap { sub in
                (sub.configuration.commandName == nil ? ["\(sub)"] : []) + unnamed(sub)
            }
        }
        #expect(unnamed(GalleyCommand.self) == [])
    }
}
