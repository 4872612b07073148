import ArgumentParser
import Foundation
import GalleyCore

struct BoardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board",
        abstract: "Show the stories by workflow state: what waits for review, what is live.",
        discussion: """
            Example: galley board --state review
            Exit codes: 0 ok, 65 no such state in the workflow, 66 not in a newsroom.
            """)

    @Option(help: "Only stories in this state.")
    var state: String?

    @Option(help: "Only stories by this author (email).")
    var author: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let newsroom = try global.openNewsroom()
        let entries = try newsroom.board(state: state, author: author)
        if global.json {
            // The same text `Output.json(entries)` prints, written directly: the board can have
            // a hundred thousand rows.
            var writer = JSONWriter { Output.raw(Data($0)) }
            writer.beginArray()
            for entry in entries { writer.object(entry.jsonFields) }
            return writer.endArray()
        }
        if entries.isEmpty {
            return Output.line(state.map { "No stories in \($0)." } ?? "No stories yet. Start one with `galley new HEADLINE`.")
        }
        var first = true
        for workflowState in newsroom.workflow.states {
            let group = entries.filter { $0.state == workflowState.name }
            guard !group.isEmpty else { continue }
            if !first { Output.line() }
            first = false
            Output.line("\(workflowState.name.uppercased()) (\(group.count))")
            Output.table(["SLUG", "AUTHOR", "IN STATE", "LIVE", "LAST UPDATED", "STATUS", "HEADLINE"], group.map { entry in
                [entry.slug, entry.author, Age.text(entry.secondsInState), entry.liveRevision.map { "r\($0)" } ?? "-",
                 entry.lastUpdatedAt ?? "-", entry.status, entry.headline]
            })
        }
    }
}

/// "45s", "12m", "3h", "2d": how long something has waited, as a desk would say it.
enum Age {
    static func text(_ seconds: Int) -> String {
        switch seconds {
        case ..<60: return "\(seconds)s"
        case ..<3600: return "\(seconds / 60)m"
        case ..<86_400: return "\(seconds / 3600)h"
        default: return "\(seconds / 86_400)d"
        }
    }
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List every event of a story: who, when, what, from which state to which, and the note.",
        discussion: """
            Example: galley history putin-kim-pact
            Exit codes: 0 ok, 66 no such story.
            """)

    @Argument(help: "The story's slug.", completion: Completions.slugs)
    var slug: String

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let events = try global.openNewsroom().events(of: slug)
        if global.json { return try Output.json(events) }
        Output.table(["WHEN (UTC)", "WHO", "EVENT", "STATE", "REV", "NOTE"], events.map { event in
            let states = event.fromState.map { "\($0) -> \(event.toState ?? "?")" } ?? event.toState ?? ""
            let what = event.kind == "schedule" ? "schedule \(event.transition ?? "")" : (event.transition ?? event.kind)
            return [event.at, event.actor, what, states,
                    event.revision.map { "r\($0)" } ?? "", event.note ?? ""]
        })
    }
}
