import ArgumentParser
import Foundation
import GalleyCore

struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Build publish-ready bundles (HTML, ninjs, manifest) from live revisions.",
        discussion: Help.discussion(
            examples: ["galley bundle jakarta-floods --zip",
                       "galley bundle --all --since 2024-06-20            (everything published or updated since)",
                       "galley bundle jakarta-floods --out /srv/web/incoming --ninjs 2.1"],
            notes: """
                A bundle is built from the story's live revision only, never from unpublished work, and \
                the same revision always gives the same bytes. Output goes to bundles/ in the newsroom \
                unless --out says otherwise. With --all, a story that fails does not stop the others.
                """,
            exits: [.ok("built"), .usage("SLUG and --all together or neither, a bad --since"),
                    .badInput("not live, or a bad template"), .noStory, .cannotCreate("the output cannot be written"),
                    .notPermitted("under embargo")]))

    @Argument(help: "The story's slug.", completion: Completions.slugs)
    var slug: String?

    @Flag(help: "Bundle every live story.")
    var all = false

    @Option(help: "With --all: only stories published or updated at or after this time (ISO 8601 or YYYY-MM-DD, UTC).")
    var since: String?

    @Option(help: "The folder to write bundles into (default: bundles/ in the newsroom).", completion: .directory)
    var out: String?

    @Flag(help: "Write one .zip per story instead of a folder.")
    var zip = false

    @Option(help: "The ninjs version of article.json: 3.3 (default) or 2.1.")
    var ninjs: String = NinjsVersion.v3.rawValue

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if all == (slug != nil) { throw ValidationError("give a SLUG or --all, not both or neither") }
        if since != nil && !all { throw ValidationError("--since goes with --all: galley bundle --all --since DATE") }
        if NinjsVersion(rawValue: ninjs) == nil { throw ValidationError("--ninjs takes 3.3 or 2.1, not '\(ninjs)'") }
    }

    func run() throws {
        let newsroom = try global.openNewsroom()
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let folder = out.map { URL(fileURLWithPath: $0, isDirectory: true, relativeTo: cwd).standardizedFileURL }
        let version = NinjsVersion(rawValue: ninjs)!
        if let slug {
            let location = try newsroom.bundle(slug, into: folder, zip: zip, ninjs: version)
            if global.json { return try Output.json(["slug": slug, "path": location.path]) }
            return Output.line(location.path)
        }
        var threshold: Date?
        if let since {
            guard let date = Timestamp.parse(since) ?? Timestamp.parse(since + "T00:00:00Z") else {
                throw GalleyError.usage("--since \(since) is not a date; write 2024-06-20 or 2024-06-20T04:00:00Z")
            }
            threshold = date
        }
        let bar = ProgressBar(label: "Bundling")
        let results = try newsroom.bundleAll(since: threshold, into: folder, zip: zip, ninjs: version, progress: bar.update)
        bar.finish()
        let built = results.filter { $0.location != nil }
        let skipped = results.filter(\.skipped)
        let failed = results.filter { $0.location == nil && !$0.skipped }
        if global.json {
            try Output.json(results.map { result in
                Report(slug: result.slug, path: result.location?.path, skipped: result.skipped, error: result.error?.message)
            })
        } else {
            for result in skipped { Output.note("skipped \(result.slug): \(result.error!.message)") }
            for result in failed { Output.problem("failed \(result.slug): \(result.error!.message)") }
            Output.line("Built \(built.count) bundle\(built.count == 1 ? "" : "s") in \((folder ?? newsroom.bundlesFolder).path)"
                        + (skipped.isEmpty ? "" : ", skipped \(skipped.count) under embargo")
                        + (failed.isEmpty ? "." : "; \(failed.count) failed: \(failed.map(\.slug).joined(separator: ", "))."))
        }
        if !failed.isEmpty { throw ExitCode(failed.first!.error!.exitCode) }
    }

    struct Report: Encodable {
        var slug: String
        var path: String?
        var skipped: Bool
        var error: String?
    }
}
