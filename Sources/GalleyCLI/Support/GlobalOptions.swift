import ArgumentParser
import Foundation
import GalleyCore

/// Options every command takes, before or after the command name (like git's `-C`).
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("newsroom"),
            help: ArgumentHelp("The newsroom folder (default: the nearest one at or above the current folder).", valueName: "dir"),
            completion: .directory)
    var newsroom: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("Act as this person (default: $GALLEY_USER, else git's user.email).", valueName: "email"),
            completion: Completions.people)
    var person: String?

    @Flag(name: .customLong("json"), help: "Print data as JSON instead of text.")
    var json = false

    @Flag(name: .customLong("quiet"), help: "Print no progress and no informational lines; data and errors still print.")
    var quiet = false

    @Option(name: .customLong("color"),
            help: ArgumentHelp("Colour: auto (only on a terminal, never with NO_COLOR), always or never.", valueName: "when"))
    var color: ColorChoice = .auto

    /// The names that take a value, so they can be moved after the command name.
    static let valued: Set<String> = ["--newsroom", "--as", "--color"]
    static let flags: Set<String> = ["--json", "--quiet"]

    /// Colour and quiet apply to everything the command prints, so they are set once, here,
    /// as soon as the options are parsed (before `run()`).
    func validate() throws {
        Terminal.choice = color
        Output.quiet = quiet
    }

    /// Opens the newsroom these options point at, with its catalog caught up.
    func openNewsroom() throws -> Newsroom {
        try Newsroom.open(at: try locateNewsroom(), clock: try Clock.fromEnvironment())
    }

    /// The newsroom's root folder: `--newsroom`, or the nearest one at or above the current folder.
    func locateNewsroom() throws -> URL {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let explicit = newsroom.map { URL(fileURLWithPath: $0, isDirectory: true, relativeTo: cwd).standardizedFileURL }
        return try Newsroom.locate(explicit: explicit, from: cwd)
    }

    /// Opens the newsroom and identifies the acting person.
    func openAsActor() throws -> (Newsroom, Person) {
        let newsroom = try openNewsroom()
        return (newsroom, try newsroom.actor(explicit: person))
    }
}
