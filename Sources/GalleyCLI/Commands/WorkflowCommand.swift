import ArgumentParser
import Foundation
import GalleyCore

struct WorkflowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow",
        abstract: "Show, check and change the newsroom's workflow.",
        discussion: Help.discussion(
            examples: ["galley workflow                               (the same as galley workflow show)",
                       "galley workflow check our-workflow.yml"],
            notes: "docs/workflows.md describes the workflow file.",
            exits: [.ok(), .noNewsroom]),
        subcommands: [Show.self, Check.self, Use.self],
        defaultSubcommand: Show.self)

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show the workflow's states and transitions.",
            discussion: Help.discussion(
                examples: ["galley workflow show", "galley workflow --json"],
                exits: [.ok(), .noNewsroom]))

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
            commandName: "check",
            abstract: "Check a workflow file: unknown or unreachable states, transitions without roles, a missing initial state.",
            discussion: Help.discussion(
                examples: ["galley workflow check workflows/copydesk.yml"],
                notes: "Works on any file, inside a newsroom or not; each problem is printed as file:line:col: error: message.",
                exits: [.ok("sound"), .badInput("problems found"), .notFound("no such file")], opensNewsroom: false))

        @Argument(help: "The workflow file.", completion: .file(extensions: ["yml", "yaml"]))
        var file: String

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let problems = WorkflowFile.check(try InputFile.read(file), file: file)
            if global.json {
                try Output.json(CheckReport(file: file, sound: problems.isEmpty, problems: problems))
            } else if problems.isEmpty {
                Output.line("\(file): the workflow is sound.")
            } else {
                for problem in problems {
                    Output.problem(Diagnostic.error(problem))
                }
            }
            if !problems.isEmpty { throw ExitCode(65) }
        }

        struct CheckReport: Encodable {
            var file: String
            var sound: Bool
            var problems: [String]
        }
    }

    struct Use: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "use",
            abstract: "Replace the newsroom's workflow with a file or a built-in one (admins only).",
            discussion: Help.discussion(
                examples: ["galley workflow use copydesk --as ed@radar.id", "galley workflow use our-workflow.yml"],
                notes: "Refused when a story is in a state the new workflow lacks.",
                exits: [.ok("changed"), .noIdentity, .badInput("the file has problems, or it would strand stories"),
                        .notFound("no such file or built-in workflow"), .notPermitted("not an admin")]))

        @Argument(help: "A workflow file, or the name of a built-in workflow (default, copydesk).", completion: .file(extensions: ["yml"]))
        var workflow: String

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let (newsroom, actor) = try global.openAsActor()
            let (data, source) = try WorkflowSource.load(workflow)
            let replacement = try newsroom.useWorkflow(data, source: source, by: actor)
            if global.json {
                return try Output.json(UseReport(name: replacement.name, source: source, states: replacement.states.count,
                                                 transitions: replacement.transitions.count))
            }
            Output.line("The newsroom now uses the workflow '\(replacement.name)' (\(replacement.states.count) states, \(replacement.transitions.count) transitions).")
        }

        struct UseReport: Encodable {
            var name: String
            var source: String
            var states: Int
            var transitions: Int
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
