import ArgumentParser
import Foundation
import GalleyCore

/// Errors from the layers below that are not a person's mistake (a SQLite or libgit2 failure).
typealias InternalError = GalleyCore.InternalFailure

/// The root `galley` command.
public struct GalleyCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "galley",
        abstract: "Write, review and publish a newsroom's stories, with git as the log.",
        discussion: """
            Exit codes: 0 ok, 64 usage, 65 bad input data, 66 no such story or file, 69 unavailable, \
            70 internal failure, 73 cannot create output, 75 conflict (retry), 77 not permitted.
            """,
        version: "0.1.0",
        subcommands: [
            StatusCommand.self, InitCommand.self, PeopleCommand.self, WhoAmICommand.self,
            NewCommand.self, ImportCommand.self, EditCommand.self, SaveCommand.self, ShowCommand.self, LogCommand.self,
            DiffCommand.self, RestoreCommand.self, RenameCommand.self, PreviewCommand.self,
            SubmitCommand.self, RejectCommand.self, ApproveCommand.self, CorrectCommand.self, UnpublishCommand.self,
            TransitionCommand.self, PublishDueCommand.self, BundleCommand.self,
            HistoryCommand.self, BoardCommand.self, SearchCommand.self, WorkflowCommand.self, LintCommand.self,
            SettingsCommand.self, DoctorCommand.self, ReindexCommand.self,
            CloneCommand.self, RemoteCommand.self, SyncCommand.self,
        ],
        defaultSubcommand: StatusCommand.self)

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
        } catch let error as InternalError {
            FileHandle.standardError.write(Data("galley: error: \(error.description); this is a bug or a damaged newsroom: `galley reindex` rebuilds the catalog from git\n".utf8))
            Foundation.exit(70)
        } catch {
            exit(withError: error)
        }
    }

    /// Moves global options to the end, wherever they were written (before the command name, or
    /// between a command group and its subcommand), so `galley --as ed@x submit S` and
    /// `galley people --as ed@x role ...` parse like `galley submit S --as ed@x`.
    static func hoistingGlobalOptions(_ arguments: [String]) -> [String] {
        var hoisted: [String] = []
        var rest: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                rest += arguments[index...]
                break
            }
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if GlobalOptions.valued.contains(name) {
                hoisted.append(argument)
                if !argument.contains("="), index + 1 < arguments.count {
                    hoisted.append(arguments[index + 1])
                    index += 1
                }
            } else if GlobalOptions.flags.contains(argument) {
                hoisted.append(argument)
            } else {
                rest.append(argument)
                // The value of a command's own option is never taken for a global option.
                if argument.hasPrefix("-"), !argument.contains("="), index + 1 < arguments.count,
                   GalleyCommand.optionsWithValues.contains(argument) {
                    rest.append(arguments[index + 1])
                    index += 1
                }
            }
            index += 1
        }
        guard !hoisted.isEmpty else { return arguments }
        if let terminator = rest.firstIndex(of: "--") {
            rest.insert(contentsOf: hoisted, at: terminator)
            return rest
        }
        return rest + hoisted
    }

    /// Command options that take a value, whose value could look like an option (`-m "--json"`).
    static let optionsWithValues: Set<String> = ["-m", "--message", "--name", "--slug", "--byline", "--section", "--body-file",
                                                 "--editor", "--editor-name", "--time-zone", "--locale", "--role", "--state",
                                                 "--author", "--at", "--expect", "--workflow"]
}
