import ArgumentParser
import Foundation
import GalleyCore
import GitKit

struct CloneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clone",
        abstract: "Clone a newsroom from a git remote and build its catalog.",
        discussion: Help.discussion(
            examples: ["galley clone ssh://git@desk.radar.id/srv/radar.git radar",
                       "GALLEY_GIT_TOKEN=ghp_xxx galley clone https://git.radar.id/radar.git radar",
                       "galley clone /mnt/desk/radar.git radar"],
            notes: """
                Any git remote works: a path or file:// URL (a shared folder), ssh:// (keys from the ssh \
                agent, or GALLEY_SSH_KEY), https:// (GALLEY_GIT_TOKEN, or git's credential helper), git://. \
                The remote is named origin; `galley sync` exchanges work with it. The catalog is built \
                from the history, as `galley reindex` would.
                """,
            exits: [.ok("cloned"), .usage("a URL holding a password"),
                    .unavailable("the remote cannot be reached or is not a Galley newsroom"),
                    .cannotCreate("the folder exists and is not empty, or cannot be written")],
            opensNewsroom: false))

    @Argument(help: "The newsroom's git URL or path.")
    var url: String

    @Argument(help: "The folder to clone into (created).", completion: .directory)
    var directory: String

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let folder = URL(fileURLWithPath: directory, isDirectory: true, relativeTo: cwd).standardizedFileURL
        let source = remoteAddress(url)
        let (newsroom, summary) = try Newsroom.clone(from: source, into: folder, credentials: .fromEnvironment(), clock: try Clock.fromEnvironment())
        if global.json { return try Output.json(summary) }
        Output.line("Cloned \(newsroom.settings.name) into \(folder.path): \(summary.stories) stories, \(summary.revisions) revisions, \(summary.events) events.")
        Output.line("Next: `cd \(directory)` and `galley` to see what waits for you; `galley sync` to exchange work.")
    }
}

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Exchange work with a remote: fetch, replay local work on top, push.",
        discussion: Help.discussion(
            examples: ["galley sync", "galley sync desk --json"],
            notes: """
                Local events are replayed on top of the remote's through the workflow: a revision of a \
                story nobody else changed applies as is; edits of the same story are merged when they do \
                not overlap; overlapping edits keep the local version as a new revision and send the story \
                back to draft, naming both authors; a transition that no longer applies (another editor \
                acted first) is recorded as superseded. Everything is reported; nothing is dropped. \
                See docs/sync.md.
                """,
            exits: [.ok("in sync"), .badInput("unsaved changes in files sync would replace"),
                    .notFound("no such remote, or not inside a newsroom"),
                    .unavailable("the remote cannot be reached, is not this newsroom, or refused the push"),
                    .conflict("another sync is running, or the remote kept changing (run again)")]))

    @Argument(help: "The remote to sync with.")
    var remote: String = "origin"

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let newsroom = try global.openNewsroom()
        let report = try newsroom.sync(remote: remote, credentials: .fromEnvironment(newsroom: newsroom))
        if global.json { return try Output.json(report) }
        func list(_ title: String, _ commits: [SyncedCommit]) {
            guard !commits.isEmpty else { return }
            Output.line("\(title) (\(commits.count)):")
            for commit in commits { Output.line("  \(commit.summary)  [\(commit.actor)]") }
        }
        list("Received from \(remote)", report.received)
        list("Sent to \(remote)", report.sent)
        for notice in report.notices {
            Output.line("\(notice.outcome.rawValue): \(notice.story.map { "\($0): " } ?? "")\(notice.detail)")
        }
        if report.retries > 0 { Output.line("(\(report.retries) push\(report.retries == 1 ? "" : "es") retried: another clone pushed first)") }
        if report.received.isEmpty && report.sent.isEmpty && report.notices.isEmpty {
            Output.line("Already in sync with \(remote).")
        } else {
            Output.line("In sync with \(remote) at \(report.head.map { String($0.prefix(7)) } ?? "an empty branch").")
        }
    }
}

struct RemoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remote",
        abstract: "List the newsroom's git remotes, or add one.",
        discussion: Help.discussion(
            examples: ["galley remote                                 (the same as galley remote list)",
                       "galley remote add origin /mnt/desk/radar.git"],
            exits: [.ok(), .noNewsroom]),
        subcommands: [List.self, Add.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the remotes `galley sync` can exchange work with.",
            discussion: Help.discussion(
                examples: ["galley remote list", "galley remote --json"],
                exits: [.ok(), .noNewsroom]))

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let remotes = try global.openNewsroom().remotes()
            if global.json { return try Output.json(remotes.map { ["name": $0.name, "url": $0.url] }) }
            if remotes.isEmpty { return Output.line("No remotes; add one with `galley remote add origin URL`.") }
            Output.table(["NAME", "URL"], remotes.map { [$0.name, $0.url] })
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a git remote to sync with (a bare repository, a git host, a shared folder).",
            discussion: Help.discussion(
                examples: ["galley remote add origin /mnt/desk/radar.git",
                           "galley remote add origin ssh://git@desk.radar.id/srv/radar.git"],
                notes: """
                    Then `galley sync` pushes the newsroom there. Tokens and passwords never go in the URL \
                    (git would store them): use GALLEY_GIT_TOKEN, git's credential helper, or an ssh key.
                    """,
                exits: [.ok("added"), .usage("a bad name, or a URL holding a password"),
                        .badInput("the name is taken"), .noNewsroom]))

        @Argument(help: "The remote's name, e.g. origin.")
        var name: String

        @Argument(help: "The remote's URL or path.")
        var url: String

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let newsroom = try global.openNewsroom()
            let address = remoteAddress(url)
            try newsroom.addRemote(name, url: address)
            if global.json { return try Output.json(["name": name, "url": address]) }
            Output.line("Added the remote \(name) (\(address)). Run `galley sync \(name)` to exchange work.")
        }
    }
}

/// A remote's address as it is stored: a local path is made absolute, so the remote still works
/// when Galley runs from another folder; URLs (`scheme://`, `user@host:path`) are kept as written.
func remoteAddress(_ url: String) -> String {
    guard !url.contains("://"), !url.contains("@"), FileManager.default.fileExists(atPath: url) else { return url }
    let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
    return URL(fileURLWithPath: url, relativeTo: cwd).standardizedFileURL.path
}
