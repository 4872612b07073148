import ArgumentParser
import GalleyCore

/// The arguments every workflow command shares.
struct TransitionArguments: ParsableArguments {
    @Argument(help: "The story's slug.", completion: Completions.slugs)
    var slug: String

    @Option(name: [.customShort("m"), .customLong("message")], help: "A note for the author and the history (required to reject or unpublish).")
    var note: String?

    @OptionGroup var expectation: Expectation

    @Flag(help: "Editors: make the transition even though the story has lint errors (recorded in the history).")
    var force = false
}

/// Runs a transition and reports it: the one body behind submit, reject, approve, unpublish and transition.
enum TransitionRunner {
    static func run(_ name: String, _ arguments: TransitionArguments, minor: Bool = false, global: GlobalOptions) throws {
        let (newsroom, actor) = try global.openAsActor()
        let (story, outcome) = try newsroom.transition(arguments.slug, name, note: arguments.note,
                                                       expecting: arguments.expectation.revision, minor: minor,
                                                       force: arguments.force, by: actor)
        if global.json {
            return try Output.json(Report(slug: story.slug, transition: name, from: outcome.from, to: outcome.to,
                                          revision: story.revision, liveRevision: story.liveRevision))
        }
        var line = "\(story.slug): \(name), \(outcome.from) -> \(outcome.to) (r\(story.revision))"
        if let live = story.liveRevision { line += "; live revision r\(live)" }
        Output.line(line)
    }

    struct Report: Encodable {
        var slug: String
        var transition: String
        var from: String
        var to: String
        var revision: Int
        var liveRevision: Int?
    }
}

struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Send a draft (or an update of a live story) to an editor for review.",
        discussion: Help.discussion(
            examples: ["galley submit jakarta-floods -m \"Ready; figures checked with BPBD\""],
            notes: "The story must pass lint (`galley lint SLUG`) unless the workflow says otherwise.",
            exits: [.ok("submitted"), .noIdentity, .badInput("not allowed from the story's state, lint errors, or nothing new to review"),
                    .noStory, .conflict(), .notPermitted("not your story, or your role may not submit")]))
    @OptionGroup var arguments: TransitionArguments
    @OptionGroup var global: GlobalOptions
    func run() throws { try TransitionRunner.run("submit", arguments, global: global) }
}

struct RejectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Send a story in review back to its author with a note.",
        discussion: Help.discussion(
            examples: ["galley reject jakarta-floods -m \"Attribute the death toll to BPBD in the second paragraph\""],
            exits: [.ok("sent back"), .usage("no note (-m), no identity"), .badInput("not in review"), .noStory, .conflict(),
                    .notPermitted("not an editor")]))
    @OptionGroup var arguments: TransitionArguments
    @OptionGroup var global: GlobalOptions
    func run() throws { try TransitionRunner.run("reject", arguments, global: global) }
}

struct ApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Publish the revision under review: it becomes the live revision.",
        discussion: Help.discussion(
            examples: ["galley approve jakarta-floods --expect r3",
                       "galley approve jakarta-floods --at 2024-06-20T06:00             (publish at 06:00 newsroom time)",
                       "galley approve jakarta-floods --minor                         (a typo fix to a live story)"],
            notes: """
                An editor may not approve their own story. --minor publishes a typo fix without moving \
                the story's Last Updated time. --at schedules: `galley publish-due` publishes it then.
                """,
            exits: [.ok("published, or scheduled"), .usage("a time that is not ISO 8601, no identity"),
                    .badInput("not in review, or lint errors"), .noStory, .conflict(),
                    .notPermitted("not an editor, or your own story")]))
    @OptionGroup var arguments: TransitionArguments
    @Flag(help: "A minor update (a typo fix): publish it without moving Last Updated.")
    var minor = false
    @Option(help: "Schedule publication for this time: 2024-06-20T11:00 in the newsroom's zone, or ISO 8601 with a zone; `galley publish-due` carries it out.")
    var at: String?
    @OptionGroup var global: GlobalOptions

    func run() throws {
        guard let at else { return try TransitionRunner.run("approve", arguments, minor: minor, global: global) }
        let (newsroom, actor) = try global.openAsActor()
        guard let time = newsroom.settings.parseTime(at) else {
            throw GalleyError.usage("--at \(at) is not an ISO 8601 time; write it like 2024-06-20T11:00 (the newsroom's time, \(newsroom.settings.timeZone)) or 2024-06-20T11:00:00+07:00")
        }
        let story = try newsroom.schedule(arguments.slug, "approve", at: time, note: arguments.note, expecting: arguments.expectation.revision,
                                          minor: minor, force: arguments.force, by: actor)
        if global.json { return try Output.json(story) }
        if story.scheduledAt != nil {
            Output.line("\(story.slug): r\(story.revision) scheduled for \(newsroom.settings.localTime(time)); `galley publish-due` publishes it then.")
        } else {
            Output.line("\(story.slug): approved, \(story.state) (r\(story.revision) live)")
        }
    }
}

struct UnpublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unpublish",
        abstract: "Take a live story down, with a note saying why.",
        discussion: Help.discussion(
            examples: ["galley unpublish jakarta-floods -m \"Legal asked us to take it down pending review\""],
            exits: [.ok("taken down"), .usage("no note (-m), no identity"), .badInput("not live"), .noStory, .conflict(),
                    .notPermitted("not an editor")]))
    @OptionGroup var arguments: TransitionArguments
    @OptionGroup var global: GlobalOptions
    func run() throws { try TransitionRunner.run("unpublish", arguments, global: global) }
}

struct TransitionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transition",
        abstract: "Make any transition the newsroom's workflow defines.",
        discussion: Help.discussion(
            examples: ["galley transition jakarta-floods accept --as eva@radar.id   (the copydesk workflow)"],
            notes: "`galley workflow show` lists the transitions, who may make them and their guards.",
            exits: [.ok("done"), .usage("a required note is missing, no identity"),
                    .badInput("an unknown transition, or not allowed from the story's state"), .noStory, .conflict(),
                    .notPermitted("your role may not make this transition")]))
    @Argument(help: "The story's slug.", completion: Completions.slugs)
    var slug: String
    @Argument(help: "The transition's name, as the workflow file names it.")
    var name: String
    @Option(name: [.customShort("m"), .customLong("message")], help: "A note for the history.")
    var note: String?
    @OptionGroup var expectation: Expectation
    @Flag(help: "For a transition that publishes: do not move Last Updated.")
    var minor = false
    @Flag(help: "Editors: make the transition even though the story has lint errors (recorded in the history).")
    var force = false
    @OptionGroup var global: GlobalOptions

    func run() throws {
        var arguments = try TransitionArguments.parse([slug])
        arguments.note = note
        arguments.expectation = expectation
        arguments.force = force
        try TransitionRunner.run(name, arguments, minor: minor, global: global)
    }
}
