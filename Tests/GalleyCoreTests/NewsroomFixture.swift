import Foundation
@testable import GalleyCore
import GitKit

/// A newsroom in a temporary folder with an admin, an editor and two reporters, removed afterwards.
final class NewsroomFixture {
    let folder: URL
    let newsroom: Newsroom
    let admin: Person
    let editor: Person
    let rina: Person
    let tono: Person

    static let founding = Founding(name: "Radar Detik", timeZone: "Asia/Jakarta", locale: "en_GB",
                                   editorEmail: "ed@radar.id", editorName: "Ed Editor")

    init(now: String = "2024-06-20T04:00:00Z") throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("galley-core-\(UUID().uuidString)", isDirectory: true)
        newsroom = try Newsroom.found(at: folder, NewsroomFixture.founding, clock: Clock(fixed: Timestamp.parse(now)!))
        admin = try newsroom.actor(explicit: "ed@radar.id")
        editor = try newsroom.addPerson(email: "eva@radar.id", name: "Eva Editor", role: .editor, by: admin)
        rina = try newsroom.addPerson(email: "rina@radar.id", name: "Rina Reporter", role: .reporter, by: admin)
        tono = try newsroom.addPerson(email: "tono@radar.id", name: "Tono Reporter", role: .reporter, by: admin)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Opens the same newsroom again, as the next command would.
    func reopen(now: String = "2024-06-20T05:00:00Z") throws -> Newsroom {
        try Newsroom.open(at: folder, clock: Clock(fixed: Timestamp.parse(now)!))
    }

    func storyURL(_ story: Story) -> URL {
        folder.appendingPathComponent(story.path).appendingPathComponent("story.md")
    }

    func append(_ text: String, to story: Story) throws {
        let url = storyURL(story)
        var data = try Data(contentsOf: url)
        data.append(Data(text.utf8))
        try data.write(to: url)
    }

    /// Commits every change in the work tree with the git command line, as Rina, without Galley's
    /// trailers: what someone using git directly pushes.
    func commitWithGit(_ message: String) throws {
        try git(["add", "-A"])
        try git(["-c", "user.name=Rina Reporter", "-c", "user.email=rina@radar.id", "commit", "--quiet", "--no-verify", "-m", message])
    }

    /// Runs the git command line in the newsroom (a reader independent of libgit2) and returns
    /// what it printed; throws when it fails.
    @discardableResult
    func git(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw GitCommandFailed(arguments: arguments, status: process.terminationStatus) }
        return String(decoding: data, as: UTF8.self)
    }

    struct GitCommandFailed: Error {
        let arguments: [String]
        let status: Int32
    }

    func head() throws -> ObjectID {
        try Repository.open(at: folder).resolve("refs/heads/main")!
    }
}
