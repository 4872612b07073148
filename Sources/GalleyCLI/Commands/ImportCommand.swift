import ArgumentParser
import Foundation
import GalleyCore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Make stories of scraped articles or Markdown files.",
        discussion: Help.discussion(
            examples: ["galley import fixtures/radardetik-putin-kim-2024-06-20.txt",
                       "galley import archive/*.md --format markdown --published --as eva@radar.id"],
            notes: """
                Scraped text loses its site chrome (Iklan, Notification, ×, Baca Juga, ... and the \
                `boilerplate:` list in galley.yml); the headline, the dateline line (into UTC), the caption \
                and credit, and the outlet prefix of the first paragraph are recognised. Each file becomes \
                a draft, or with --published (editors) a live story keeping its original times. A file \
                that fails does not stop the others.
                """,
            exits: [.ok("all imported"), .noIdentity, .badInput("a file could not be read as an article (the others are imported)"),
                    .notFound("no such file"), .notPermitted("--published by someone who is not an editor")]))

    @Argument(help: "The files to import.", completion: .file())
    var files: [String]

    @Option(help: "text (scraped from a web page) or markdown (with front matter); default: by extension.")
    var format: String?

    @Flag(help: "Import as live stories with their original publication times (editors only).")
    var published = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let format, ImportFormat(rawValue: format) == nil {
            throw ValidationError("--format takes text or markdown, not '\(format)'")
        }
    }

    func run() throws {
        let (newsroom, actor) = try global.openAsActor()
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let inputs = files.map { (url: URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL, display: $0) }
        let bar = ProgressBar(label: "Importing")
        let results = newsroom.importFiles(inputs, format: format.flatMap(ImportFormat.init(rawValue:)), published: published,
                                           by: actor, progress: bar.update)
        bar.finish()
        let failed = results.filter { $0.story == nil }
        if global.json {
            try Output.json(results.map { Report(file: $0.file, slug: $0.story?.slug, state: $0.story?.state, error: $0.error?.message) })
        } else {
            for result in results {
                if let story = result.story {
                    Output.line("\(result.file) -> \(story.slug) (\(story.state)\(story.liveRevision != nil ? ", live" : ""))")
                }
            }
            for result in failed { Output.problem("failed \(result.file): \(result.error?.message ?? "unknown error")") }
            let imported = results.count - failed.count
            Output.note("Imported \(imported) of \(results.count) file\(results.count == 1 ? "" : "s")" + (failed.isEmpty ? "." : "; \(failed.count) failed."))
        }
        if let first = failed.first { throw ExitCode(first.error?.exitCode ?? 65) }
    }

    struct Report: Encodable {
        var file: String
        var slug: String?
        var state: String?
        var error: String?
    }
}
