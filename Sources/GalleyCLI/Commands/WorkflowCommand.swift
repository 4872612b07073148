import ArgumentParser
import Foundation
import GalleyCore

struct WorkflowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow",
        abstract: "Show, check and change the newsroom's workflow.",
        subcommands: [Show.self, Check.self, Use.self],
        defaultSubcommand: Show.self)

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the workflow's states and transitions.",
            discussion: "Exit codes: 0 ok, 66 not in a newsroom.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let workflow = try global.openNewsroom().workflow
            if global.json {
                return try Output.json(Shape(name: workflow.name, initial: workflow.initial, roles: workflow.roles.map(\.rawValue),
                                             states: workflow.states, transitions: workflow.transitions))
            }
            Output.line("Workflow \(workflow.name); new stories start in \(workflow.initial).")
            Output.line()
            Output.table(["STATE", "MEANING"], workflow.states.map { [$0.name, $0.description] })
            Output.line()
            Output.table(["TRANSITION", "FROM", "TO", "WHO", "GUARDS", "EFFECT"], workflow.transitions.map { transition in
                [transition.name, transition.from.joined(separator: ","), transition.to, transition.roles.joined(separator: ","),
                 transition.guards.map(\.rawValue).joined(separator: ","), transition.effect.rawValue]
            })
        }

        struct Shape: Encodable {
            var name: String
            var initial: String
            var roles: [String]
            var states: [WorkflowState]
            var transitions: [Transition]
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a workflow file: unknown or unreachable states, transitions without roles, a missing initial state.",
            discussion: """
                Example: galley workflow check workflows/copydesk.yml
                Exit codes: 0 sound, 65 problems (each printed as file:line:col: error: message), 66 no such file.
                """)

        @Argument(help: "The workflow file.", completion: .file(extensions: ["yml", "yaml"]))
        var file: String

        func run() throws {
            let problems = WorkflowFile.check(try InputFile.read(file), file: file)
            guard problems.isEmpty else {
                for problem in problems {
                    Output.note(Diagnostic.error(problem))
                }
                throw ExitCode(65)
            }
            Output.line("\(file): the workflow is sound.")
        }
    }

    struct Use: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the newsroom's workflow with a file or a built-in one (admins only).",
            discussion: """
                Example: galley workflow use copydesk
                Refused when a story is in a state the new workflow lacks.
                Exit codes: 0 changed, 65 the file has problems or would strand stories, 66 no such file, 77 not an admin.
                """)

        @Argument(help: "A workflow file, or the name of a built-in workflow (default, copydesk).", completion: .file(extensions: ["yml"]))
        var workflow: String

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let (newsroom, actor) = try global.openAsActor()
            let (data, source) = try WorkflowSource.load(workflow)
            let replacement = try newsroom.useWorkflow(data, source: source, by: actor)
            Output.line("The newsroom now uses the workflow '\(replacement.name)' (\(replacement.states.count) states, \(replacement.transitions.count) transitions).")
        }
    }
}

/// A workflow named on the command line: a file if one exists there, else a built-in name.
enum WorkflowSource {
    static func load(_ text: String) throws -> (Data, String) {
        if FileManager.default.fileExists(atPath: text) {
            return (try InputFile.read(text), text)
        }
        guard let builtIn = BuiltInWorkflows.texts[text] else {
            throw GalleyError.notFound("no workflow file '\(text)' and no built-in workflow of that name; the built-in ones are \(BuiltInWorkflows.texts.keys.sorted().joined(separator: ", "))")
        }
        return (Data(builtIn.utf8), "workflows/\(text).yml")
    }
}

/// `file:line:col: error: message`, the shape compilers and linters print.
enum Diagnostic {
    static func error(_ located: String) -> String {
        let parts = located.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, Int(parts[1]) != nil, Int(parts[2]) != nil else { return "error: \(located)" }
        return "\(parts[0]):\(parts[1]):\(parts[2]): error:\(parts[3])"
    }
}
