import ArgumentParser
import GalleyCore

struct PeopleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "people",
        abstract: "List the newsroom's people, add them and change their roles.",
        discussion: Help.discussion(
            examples: ["galley people                                 (the same as galley people list)",
                       "galley people add rina@radar.id --name \"Rina Reporter\" --role reporter"],
            exits: [.ok(), .noNewsroom]),
        subcommands: [List.self, Add.self, SetRole.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List everyone in the newsroom with their role.",
            discussion: Help.discussion(
                examples: ["galley people list", "galley people --json"],
                exits: [.ok(), .noNewsroom]))

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let people = try global.openNewsroom().people()
            if global.json { return try Output.json(people) }
            Output.table(["EMAIL", "ROLE", "NAME"], people.map { [$0.email, $0.role.rawValue, $0.name] })
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a person to the newsroom (admins only).",
            discussion: Help.discussion(
                examples: ["galley people add rina@radar.id --name \"Rina Reporter\" --role reporter --as ed@radar.id"],
                notes: "The roles are those of the newsroom's workflow (by default reporter, editor, admin).",
                exits: [.ok("added"), .noIdentity, .badInput("a bad email, name or role, or already a member"), .noNewsroom,
                        .notPermitted("only an admin may add people")]))

        @Argument(help: "The person's email: their identity in the newsroom and in git.")
        var email: String

        @Option(help: "The person's name, as shown in bylines and the log.")
        var name: String

        @Option(help: "reporter, editor or admin.")
        var role: String

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let (newsroom, actor) = try global.openAsActor()
            let person = try newsroom.addPerson(email: email, name: name, role: try Role(validating: role, known: newsroom.workflow.knownRoles), by: actor)
            if global.json { return try Output.json(person) }
            Output.line("Added \(person.name) <\(person.email)> as \(person.role.rawValue).")
        }
    }

    struct SetRole: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "role",
            abstract: "Change a person's role (admins only).",
            discussion: Help.discussion(
                examples: ["galley people role rina@radar.id editor --as ed@radar.id"],
                exits: [.ok("changed"), .noIdentity, .badInput("an unknown role, the role they have, or the last admin"),
                        .notFound("no such person"), .notPermitted("only an admin may change roles")]))

        @Argument(help: "The person's email.", completion: Completions.people)
        var email: String

        @Argument(help: "reporter, editor or admin.")
        var role: String

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let (newsroom, actor) = try global.openAsActor()
            let person = try newsroom.setRole(of: email, to: try Role(validating: role, known: newsroom.workflow.knownRoles), by: actor)
            if global.json { return try Output.json(person) }
            Output.line("\(person.name) <\(person.email)> is now \(person.role.rawValue).")
        }
    }
}

struct WhoAmICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: "Show who Galley thinks you are and your role.",
        discussion: Help.discussion(
            examples: ["galley whoami", "GALLEY_USER=eva@radar.id galley whoami --json"],
            notes: "Who you are: --as EMAIL, else $GALLEY_USER, else git's user.email.",
            exits: [.ok(), .noIdentity, .noNewsroom, .notPermitted("not a member of the newsroom")]))

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let (newsroom, person) = try global.openAsActor()
        if global.json { return try Output.json(person) }
        Output.line("\(person.name) <\(person.email)>, \(person.role.rawValue) of \(newsroom.settings.name)")
    }
}
