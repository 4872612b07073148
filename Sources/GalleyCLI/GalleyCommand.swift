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
        discussion: Help.discussion(
            examples: [
                "galley                                        (what waits for you today)",
                "galley new \"Floods close Jakarta's ring road\" --section metro",
                "galley submit jakarta-floods -m \"Ready; figures from BPBD\"",
                "galley approve jakarta-floods --at 2024-06-20T06:00 --as eva@radar.id",
                "galley bundle jakarta-floods --zip",
            ],
            notes: """
                Global options, before or after the command: --newsroom DIR, --as EMAIL, --json, \
                --quiet, --color auto|always|never. `galley help COMMAND` shows a command's help.
                """,
            exits: [
                .ok(),
                Exit(64, "usage: an unknown option, a missing argument, no identity"),
                Exit(65, "bad input data: a story file, a slug, a transition the state does not allow, lint errors"),
                Exit(66, "no such story, revision, person, file or newsroom"),
                Exit(69, "unavailable: the editor could not start"),
                Exit(70, "internal failure: a damaged catalog or repository (`galley doctor`)"),
                Exit(73, "cannot create output: a bundle folder, a newsroom where one is"),
                Exit(75, "conflict: someone changed the story first; check it and retry"),
                Exit(77, "not permitted: your role may not do this"),
            ]),
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

    /// Every command's name path below `galley` (`["people", "add"]`), groups included: the tests
    /// check each one's `--help`.
    public static var commandPaths: [[String]] {
        func paths(_ command: ParsableCommand.Type, _ prefix: [String]) -> [[String]] {
            command.configuration.subcommands.flatMap { sub -> [[String]] in
                let path = prefix + [sub._commandName]
                return [path] + paths(sub, path)
            }
        }
        return paths(GalleyCommand.self, [])
    }

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
