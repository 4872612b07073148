import Foundation
import Testing

/// Lines several `galley` processes up at one step of the write path and releases them together,
/// through `GALLEY_TEST_PAUSE=before-branch-move:<file>`: each process writes its commit's objects,
/// then waits until the file exists before it tries to move the branch.
struct PauseGate {
    let file: URL

    init(in room: TempNewsroom) {
        file = room.outside.appendingPathComponent("release-\(UUID().uuidString)")
    }

    /// The environment that makes a process wait at the gate.
    var environment: [String: String] { ["GALLEY_TEST_PAUSE": "before-branch-move:\(file.path)"] }

    /// Lets every waiting process go on.
    func open() {
        _ = FileManager.default.createFile(atPath: file.path, contents: Data())
    }
}

extension TempNewsroom {
    /// Starts `galley` without waiting for it, with `environment` added (a pause gate).
    func startGalley(_ arguments: [String], as person: Member?, at now: String = TempNewsroom.now,
                     environment: [String: String]) throws -> RunningProgram {
        var full = TestEnvironment.make(home: home, now: now)
        if let person { full["GALLEY_USER"] = person.email }
        full.merge(environment) { _, new in new }
        return try ProgramRunner.start(try GalleyBinary.url(), arguments, in: folder, environment: full)
    }

    /// The subjects of every commit object in the repository, reachable or not: a process waiting
    /// at the gate has written its commit, which no branch points at yet.
    func everyCommitSubject() throws -> [String] {
        let listing = try gitText("cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectname)")
        let commits = listing.split(separator: "\n").compactMap { line -> String? in
            let parts = line.split(separator: " ")
            return parts.count == 2 && parts[0] == "commit" ? String(parts[1]) : nil
        }
        guard !commits.isEmpty else { return [] }
        let result = try git(arguments: ["show", "-s", "--format=%s"] + commits)
        try #require(result.status == 0, "\(result)")
        return result.lines
    }

    /// Waits until commit objects with these subjects exist (a subject listed twice must exist
    /// twice): then every process is at the gate, each having built on the same head. Not a timed
    /// assertion: it only waits (at most about as long as the gate itself waits) before failing.
    func waitForCommits(_ subjects: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        var wanted: [String: Int] = [:]
        for subject in subjects { wanted[subject, default: 0] += 1 }
        var found: [String: Int] = [:]
        for _ in 0..<1000 {
            found = [:]
            for subject in try everyCommitSubject() where wanted[subject] != nil { found[subject, default: 0] += 1 }
            if wanted.allSatisfy({ found[$0.key, default: 0] >= $0.value }) { return }
            usleep(20_000)
        }
        Issue.record("the processes never all reached the gate: wanted commits \(wanted), found \(found)", sourceLocation: sourceLocation)
    }

    /// Runs `git` with an argument list.
    func git(arguments: [String]) throws -> ProgramResult {
        try ProgramRunner.run(try ProgramRunner.tool("git", package: "git"), arguments, in: folder,
                              environment: TestEnvironment.make(home: home, now: TempNewsroom.now))
    }

    /// Expects the branch's history to be one line: no merges, every commit on the first-parent chain.
    func expectLinearHistory(sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try gitText("rev-list", "--merges", "--count", "HEAD") == "0", sourceLocation: sourceLocation)
        #expect(try gitText("rev-list", "--count", "HEAD") == gitText("rev-list", "--first-parent", "--count", "HEAD"),
                sourceLocation: sourceLocation)
    }

    /// Expects `galley reindex` from git alone to rebuild exactly the catalog there is now.
    func expectReindexReproducesTheCatalog(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try catalogDump(sourceLocation: sourceLocation)
        try deleteCatalog()
        let rebuilt = try galley("reindex", at: "2030-01-01T00:00:00Z")
        #expect(rebuilt.status == 0, "\(rebuilt)", sourceLocation: sourceLocation)
        #expect(try catalogDump(sourceLocation: sourceLocation) == before, "reindex rebuilt another catalog", sourceLocation: sourceLocation)
    }

    /// The commits about one story (transitions touch no file, so they are found by their trailer),
    /// newest first, each formatted with `format`.
    func storyCommits(_ slug: String, format: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let id = try storyID(slug, sourceLocation: sourceLocation)
        return try gitText("log", "--format=\(format)", "--grep=^Galley-Story: \(id)$", sourceLocation: sourceLocation)
            .components(separatedBy: "\n")
    }
}

/// Lines without the spaces a table pads its last-but-one columns with when the last cell is empty.
func trimmedLines(_ text: String) -> [String] {
    var lines = text.components(separatedBy: "\n")
    if lines.last == "" { lines.removeLast() }
    return lines.map { line in
        var line = Substring(line)
        while line.last == " " { line = line.dropLast() }
        return String(line)
    }
}

/// The Galley trailers of a commit in one `git log` line, `|`-separated:
/// event|transition|from|to|live|note|revision|actor|time.
let galleyTrailerFormat = ["Event", "Transition", "From", "To", "Live", "Note", "Revision", "Actor", "Time"]
    .map { "%(trailers:key=Galley-\($0),valueonly,separator=%x2C)" }.joined(separator: "|")
