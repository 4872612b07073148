import ArgumentParser
import Foundation
import GalleyCore

struct BoardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board",
        abstract: "Show the stories by workflow state: what waits for review, what is live.",
        discussion: Help.discussion(
            examples: ["galley board --state review                (what waits for the desk)",
                       "galley board --author rina@radar.id --json"],
            notes: "Stories are grouped by workflow state; IN STATE is how long each has waited there.",
            exits: [.ok(), .badInput("no such state in the workflow"), .noNewsroom]))

    @Option(help: "Only stories in this state.")
    var state: String?

    @Option(help: "Only stories by this author (email).")
    var author: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let newsroom = try global.openNewsroom()
        if global.json {
            // The same text `Output.json(entries)` prints, written row by row as SQLite reads
            // them: the board can have a hundred thousand rows.
            var writer = JSONWriter { Output.raw($0) }
            writer.beginArray()
            try newsroom.board(state: state, author: author) { $0.write(to: &writer) }
            return writer.endArray()
        }
        let entries = try newsroom.board(state: state, author: author)
        if entries.isEmpty {
            return Output.line(state.map { "No stories in \($0)." } ?? "No stories yet. Start one with `galley new HEADLINE`.")
        }
        var first = true
        for workflowState in newsroom.workflow.states {
            let group = entries.filter { $0.state == workflowState.name }
            guard !group.isEmpty else { continue }
            if !first { Output.line() }
            first = false
            Output.line(Terminal.paint("\(workflowState.name.uppercased()) (\(group.count))", Terminal.bold))
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
        discussion: Help.discussion(
            examples: ["galley history jakarta-floods"],
            notes: "The same events are in git: `git log --grep Galley-Story` shows their trailers.",
            exits: [.ok(), .noStory]))

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
