import ArgumentParser
import GalleyCore

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what waits for you, what you have with the desk, and what went live today.",
        discussion: """
            `galley` with no command runs this.
            Exit codes: 0 ok, 64 no identity, 66 not in a newsroom, 77 not a member.
            """)

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
