/// The discussion every command's `--help` shares the shape of: examples from a newsroom's day,
/// what the person should know, and the exit codes the command can return (DESIGN.md's contract).
enum Help {
    /// Builds a command's discussion. Usage (64) and internal failure (70) are added unless the
    /// command words them itself: any command can be called wrongly, and any that opens a
    /// newsroom can meet a damaged catalog.
    static func discussion(examples: [String], notes: String? = nil, exits: [Exit], opensNewsroom: Bool = true) -> String {
        var codes = exits
        if !codes.contains(where: { $0.code == 64 }) {
            codes.append(Exit(64, "usage: an unknown option, a missing argument"))
        }
        if opensNewsroom, !codes.contains(where: { $0.code == 70 }) {
            codes.append(Exit(70, "internal failure: a damaged catalog or repository (`galley doctor`)"))
        }
        codes.sort { $0.code < $1.code }
        var parts: [String] = []
        if !examples.isEmpty {
            parts.append((["Examples:"] + examples.map { "  " + $0 }).joined(separator: "\n"))
        }
        if let notes { parts.append(notes) }
        parts.append((["Exit codes:"] + codes.map { "  " + String($0.code).padding(toLength: 4, withPad: " ", startingAt: 0) + $0.meaning })
            .joined(separator: "\n"))
        return parts.joined(separator: "\n\n")
    }
}

/// One exit code a command can return and when, as `sysexits.h` names it.
struct Exit {
    let code: Int32
    let meaning: String

    init(_ code: Int32, _ meaning: String) {
        self.code = code
        self.meaning = meaning
    }

    static func ok(_ when: String = "ok") -> Exit { Exit(0, when) }
    static func usage(_ when: String) -> Exit { Exit(64, "usage: " + when) }
    static func badInput(_ when: String) -> Exit { Exit(65, "bad input: " + when) }
    static func notFound(_ when: String) -> Exit { Exit(66, "not found: " + when) }
    static func unavailable(_ when: String) -> Exit { Exit(69, "unavailable: " + when) }
    static func cannotCreate(_ when: String) -> Exit { Exit(73, "cannot create: " + when) }
    static func conflict(_ when: String = "someone changed the story first; check it and retry") -> Exit { Exit(75, "conflict: " + when) }
    static func notPermitted(_ when: String) -> Exit { Exit(77, "not permitted: " + when) }

    /// Not inside a newsroom (and no --newsroom): most commands' 66.
    static let noNewsroom = notFound("not inside a newsroom (pass --newsroom DIR)")
    /// No such story: the 66 of every command that takes a slug.
    static let noStory = notFound("no such story (or not inside a newsroom)")
    /// No identity, and not a member: the 64 and 77 of every command that acts as someone.
    static let noIdentity = usage("no identity (pass --as EMAIL or set GALLEY_USER), an unknown option")
}
