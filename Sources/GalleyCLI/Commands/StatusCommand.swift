import ArgumentParser
import GalleyCore

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what waits for you, what you have with the desk, and what went live today.",
        discussion: Help.discussion(
            examples: ["galley                    (the same as galley status)",
                       "galley status --as eva@radar.id --json"],
            notes: "Each item says what to do next (submit, fix the editor's note, approve).",
            exits: [.ok(), .noIdentity, .noNewsroom, .notPermitted("not a member of the newsroom")]))

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let (newsroom, person) = try global.openAsActor()
        let status = try newsroom.status(for: person)
        if global.json { return try Output.json(status) }
        Output.line("\(status.newsroom): \(person.name) <\(person.email)>, \(person.role)")
        func section(_ title: String, _ items: [NewsroomStatus.Item], empty: String) {
            Output.line()
            Output.line(title)
            if items.isEmpty { return Output.line("  \(empty)") }
            for item in items {
                Output.line("  \(item.slug) (\(item.state), \(Age.text(item.secondsInState))): \(item.headline)")
                if let note = item.note { Output.line("    note from \(item.noteBy ?? "?"): \(note)") }
                Output.line("    next: \(item.next)")
            }
        }
        section("Waiting for you:", status.waitingForYou, empty: person.role.isEditor ? "nothing to review" : "no drafts; start one with `galley new HEADLINE`")
        section("With the desk:", status.withTheDesk, empty: "nothing")
        section("Published today:", status.publishedToday, empty: "nothing yet")
    }
}
