import ArgumentParser
import GalleyCore

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find stories whose latest revision has every word of the query.",
        discussion: Help.discussion(
            examples: ["galley search banjir jakarta", "galley search putin pakta* --json"],
            notes: "Words match whole words, accents ignored; a trailing * matches the start of a word.",
            exits: [.ok("ok, also when nothing matches"), .noNewsroom]))

    @Argument(help: "The words to look for.")
    var words: [String]

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let results = try global.openNewsroom().search(words.joined(separator: " "))
        if global.json {
            return try Output.json(results.map { Hit(slug: $0.0.slug, headline: $0.0.headline, state: $0.0.state, snippet: $0.1) })
        }
        if results.isEmpty { return Output.note("No story has all of: \(words.joined(separator: " "))") }
        for (story, snippet) in results {
            Output.line("\(story.slug) (\(story.state)): \(story.headline)")
            Output.line("    \(snippet.replacingOccurrences(of: "\n", with: " "))")
        }
    }

    struct Hit: Encodable {
        var slug: String
        var headline: String
        var state: String
        var snippet: String
    }
}
