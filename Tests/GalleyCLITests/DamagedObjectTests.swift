import Foundation
import Testing

/// Every object a command reads is checked against its id (only reindex and bundle --all, which
/// write nothing into history, skip it): `show` refuses a damaged story file with a clear error
/// and `galley doctor` reports it as a finding; nothing is changed.
@Suite struct DamagedObjectTests {
    @Test func doctorReportsAStoryFileWhoseObjectWasReplaced() throws {
        let room = try TempNewsroom()
        expectSuccess(try room.galley("new", "Flood warning for Bandung", "--slug", "flood-warning", as: TempNewsroom.reporter))
        let path = try room.gitText("ls-tree", "-r", "--name-only", "HEAD", "stories").split(separator: "\n")
            .first { $0.hasSuffix("/story.md") }.map(String.init)
        let file = try #require(path)
        let blob = try room.gitText("rev-parse", "HEAD:" + file)
        // Another text written as a loose object by git, its file copied over the story's object.
        let other = room.outside.appendingPathComponent("other.md")
        try Data("---\nnot the story\n".utf8).write(to: other)
        let otherID = try room.gitText("hash-object", "-w", other.path)
        let objects = room.folder.appendingPathComponent(".git/objects")
        let target = objects.appendingPathComponent("\(blob.prefix(2))/\(blob.dropFirst(2))")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: target.path)
        try FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(at: objects.appendingPathComponent("\(otherID.prefix(2))/\(otherID.dropFirst(2))"), to: target)
        let head = try room.gitText("rev-parse", "HEAD")
        let catalog = try room.sql("SELECT slug, headline, revision FROM stories")

        let shown = try room.galley("show", "flood-warning")
        #expect(shown.status == 65, "\(shown)")
        #expect(shown.stderr.contains("a git object is damaged (object hash mismatch - expected \(blob) but got \(otherID))"), "\(shown)")
        #expect(shown.stderr.contains("copy them back from a clone or a backup"), "\(shown)")

        let result = try room.galley("doctor")
        #expect(result.status == 65, "\(result)")
        #expect(result.stdout.contains("objects: a git object is damaged"), "\(result)")
        #expect(result.stdout.contains("expected \(blob) but got \(otherID)"), "\(result)")
        #expect(result.stdout.contains("git fsck"), "\(result)")
        // git agrees; and nothing was changed.
        #expect(try room.git("fsck", "--full").status != 0)
        #expect(try room.gitText("rev-parse", "HEAD") == head)
        #expect(try room.sql("SELECT slug, headline, revision FROM stories") == catalog)
        #expect(catalog == "flood-warning|Flood warning for Bandung|1")
    }
}
