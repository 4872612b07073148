import ArgumentParser
import Foundation
import GalleyCore

/// The root `galley` command.
public struct GalleyCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "galley",
        abstract: "Write, review and publish a newsroom's stories, with git as the log.",
        discussion: """
            Exit codes: 0 ok, 64 usage, 65 bad input data, 66 no such story or file, 69 unavailable, \
            73 cannot create output, 75 conflict (retry), 77 not permitted.
            """,
        version: "0.1.0",
        subcommands: [
            InitCommand.self, PeopleCommand.self, WhoAmICommand.self,
            NewCommand.self, EditCommand.self, SaveCommand.self, ShowCommand.self, LogCommand.self,
            SubmitCommand.self, RejectCommand.self, ApproveCommand.self, UnpublishCommand.self, TransitionCommand.self,
            HistoryCommand.self, BoardCommand.self, WorkflowCommand.self,
            ReindexCommand.self,
        ])

    public init() {}

    /// Runs galley with the process's arguments and exits with the contract's exit code.
    public static func runAndExit(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        do {
            var command = try parseAsRoot(hoistingGlobalOptions(arguments))
            try command.run()
            Foundation.exit(0)
        } catch let error as GalleyError {
            FileHandle.standardError.write(Data("galley: error: \(error.message)\n".utf8))
            Foundation.exit(error.exitCode)
        } catch {
            exit(withError: error)
        }
    }

    /// Moves global options written before the command name to the end, so
    /// `galley --as ed@x submit S` parses like `galley submit S --as ed@x`.
    static func hoistingGlobalOptions(_ arguments: [String]) -> [String] {
        var hoisted: [String] = []
        var rest: [String] = []
        var index = 0
        var seenCommand = false
        while index < arguments.count {
            let argument = arguments[index]
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if !seenCommand, GlobalOptions.valued.contains(name) {
                hoisted.append(argument)
                if !argument.contains("="), index + 1 < arguments.count {
                    hoisted.append(arguments[index + 1])
                    index += 1
                }
            } else if !seenCommand, GlobalOptions.flags.contains(argument) {
                hoisted.append(argument)
            } else {
                if !argument.hasPrefix("-") { seenCommand = true }
                rest.append(argument)
            }
            index += 1
        }
        guard seenCommand, !hoisted.isEmpty else { return arguments }
        if let terminator = rest.firstIndex(of: "--") {
            rest.insert(contentsOf: hoisted, at: terminator)
            return rest
        }
        return rest + hoisted
    }
}
