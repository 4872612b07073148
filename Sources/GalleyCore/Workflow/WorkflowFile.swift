import Foundation
import Yams

/// Reads and checks workflow files. Every problem is reported at once, each with its line and column.
public enum WorkflowFile {
    /// The workflow file's name in a newsroom.
    public static let fileName = "workflow.yml"

    /// The built-in workflow called `name`.
    public static func builtIn(_ name: String) throws -> (Workflow, text: String) {
        guard let text = BuiltInWorkflows.texts[name] else {
            throw GalleyError.notFound("no built-in workflow '\(name)'; the built-in ones are \(BuiltInWorkflows.texts.keys.sorted().joined(separator: ", ")), or give a file")
        }
        return (try parse(Data(text.utf8), file: "workflows/\(name).yml"), text)
    }

    /// Parses and checks a workflow file, throwing one error that lists every problem.
    public static func parse(_ data: Data, file: String) throws -> Workflow {
        let (workflow, problems) = try read(data, file: file)
        guard let workflow, problems.isEmpty else {
            throw GalleyError.badInput(problems.map { "\($0) " }.joined(separator: "\n").trimmingCharacters(in: .whitespaces)
                + "\n\(file): \(problems.count) problem\(problems.count == 1 ? "" : "s"); fix them and check again with `galley workflow check \(file)`")
        }
        return workflow
    }

    /// The problems in a workflow file, each as `file:line:col: message`; empty when it is sound.
    public static func check(_ data: Data, file: String) -> [String] {
        do {
            return try read(data, file: file).problems
        } catch let error as GalleyError {
            return [error.message]
        } catch {
            return ["\(file): \(error)"]
        }
    }

    static func read(_ data: Data, file: String) throws -> (Workflow?, problems: [String]) {
        let text = try TextValidation.decodeUTF8(data, file: file)
        let reader = YAMLReader(file: file, lineOffset: 0)
        let fields = try reader.fields(try reader.compose(text), what: "a workflow file")
        var problems: [String] = []
        func problem(_ node: Node?, _ message: String) {
            problems.append(reader.error(at: node, message).message)
        }
        func collect<T>(_ body: () throws -> T) -> T? {
            do { return try body() } catch let error as GalleyError {
                problems.append(error.message)
                return nil
            } catch {
                problems.append("\(file): \(error)")
                return nil
            }
        }
        collect { try fields.rejectUnknown(["name", "initial", "roles", "states", "transitions"], in: "a workflow file") }
        let name = collect { try fields.string("name") } ?? nil
        let roles = (collect { try fields.strings("roles") } ?? []).map(Role.init(rawValue:))

        // States: a mapping of name -> description, in file order.
        var states: [WorkflowState] = []
        var stateNodes: [String: Node] = [:]
        if let stateFields = collect({ try fields.fields("states", what: "states") }) ?? nil {
            for entry in stateFields.entries {
                if stateNodes[entry.key] != nil { problem(entry.keyNode, "the state '\(entry.key)' is declared twice") }
                stateNodes[entry.key] = entry.keyNode
                states.append(WorkflowState(name: entry.key, description: entry.value.scalar?.string ?? ""))
            }
        }
        if states.isEmpty { problem(fields.value("states") ?? fields.node, "the workflow declares no states; add a 'states:' mapping") }
        let stateNames = Set(states.map(\.name))

        var initial = ""
        if let value = collect({ try fields.string("initial") }) ?? nil {
            initial = value
            if !stateNames.isEmpty && !stateNames.contains(value) {
                problem(fields.value("initial"), "the initial state '\(value)' is not one of the states (\(states.map(\.name).joined(separator: ", ")))")
            }
        } else {
            problem(fields.node, "the workflow has no initial state; add 'initial: STATE'")
        }

        let knownRoles = Set((Role.builtIn + roles).map(\.rawValue) + [Transition.authorRole])
        var transitions: [Transition] = []
        if let transitionFields = collect({ try fields.fields("transitions", what: "transitions") }) ?? nil {
            for entry in transitionFields.entries {
                guard let body = collect({ try reader.fields(entry.value, what: "the transition '\(entry.key)'") }) else { continue }
                collect { try body.rejectUnknown(["from", "to", "roles", "guards", "effect", "help"], in: "the transition '\(entry.key)'") }
                let from = collect { try body.strings("from") } ?? []
                if from.isEmpty { problem(entry.keyNode, "the transition '\(entry.key)' has no 'from' states") }
                for (index, state) in from.enumerated() where !stateNames.contains(state) {
                    problem(body.value("from")?.sequence?[index] ?? body.value("from"), "the transition '\(entry.key)' starts from an unknown state '\(state)'")
                }
                let to = (collect { try body.string("to") } ?? nil) ?? ""
                if to.isEmpty {
                    problem(entry.keyNode, "the transition '\(entry.key)' has no 'to' state")
                } else if !stateNames.contains(to) {
                    problem(body.value("to"), "the transition '\(entry.key)' goes to an unknown state '\(to)'")
                }
                let transitionRoles = collect { try body.strings("roles") } ?? []
                if transitionRoles.isEmpty { problem(entry.keyNode, "the transition '\(entry.key)' has no roles: nobody could make it") }
                for (index, role) in transitionRoles.enumerated() where !knownRoles.contains(role) {
                    problem(body.value("roles")?.sequence?[index] ?? body.value("roles"),
                            "unknown role '\(role)' in '\(entry.key)'; declare it under 'roles:' or use one of \(knownRoles.sorted().joined(separator: ", "))")
                }
                var guards: [Guard] = []
                let guardNames = collect { try body.strings("guards") } ?? []
                for (index, text) in guardNames.enumerated() {
                    if let guardValue = Guard(rawValue: text) {
                        guards.append(guardValue)
                    } else {
                        problem(body.value("guards")?.sequence?[index] ?? body.value("guards"),
                                "unknown guard '\(text)'; the guards are \(Guard.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                }
                var effect = Effect.none
                if let text = (collect { try body.string("effect") } ?? nil) {
                    if let value = Effect(rawValue: text) { effect = value } else {
                        problem(body.value("effect"), "unknown effect '\(text)'; the effects are \(Effect.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                }
                if effect == .correct && !guards.contains(.noteRequired) {
                    problem(body.value("effect"), "the transition '\(entry.key)' publishes a correction, so it needs the note_required guard: the note is the public correction")
                }
                transitions.append(Transition(name: entry.key, from: from, to: to, roles: transitionRoles, guards: guards,
                                              effect: effect, help: collect { try body.string("help") } ?? nil))
            }
        }
        if transitions.isEmpty { problem(fields.value("transitions") ?? fields.node, "the workflow declares no transitions") }

        // Every state must be reachable from the initial one, or no story could ever get there.
        if stateNames.contains(initial) {
            var reached: Set<String> = [initial]
            var frontier = [initial]
            while let state = frontier.popLast() {
                for transition in transitions where transition.from.contains(state) && !reached.contains(transition.to) {
                    reached.insert(transition.to)
                    frontier.append(transition.to)
                }
            }
            for state in states where !reached.contains(state.name) {
                problem(stateNodes[state.name], "the state '\(state.name)' cannot be reached from '\(initial)' by any transition")
            }
        }
        let workflow = Workflow(name: name ?? "custom", initial: initial, states: states, roles: roles, transitions: transitions)
        return (workflow, problems)
    }
}
