import Foundation
import GitKit
import Testing

@Suite struct RepositoryTests {
    let folder: TemporaryFolder
    let repository: Repository
    let alice = Signature(name: "Alice Reporter", email: "alice@example.org", time: Date(timeIntervalSince1970: 1_718_857_980))

    init() throws {
        folder = try TemporaryFolder()
        repository = try Repository.create(at: folder.url, branch: "main")
    }

    /// Commits `files` (path → text) on top of `parent` and moves main to the result.
    func commit(_ files: [String: String], removing: [String] = [], parent: ObjectID?, message: String = "change\n") throws -> ObjectID {
        var updates = try files.sorted { $0.key < $1.key }.map { TreeUpdate.upsert(path: $0.key, blob: try repository.writeBlob(Data($0.value.utf8))) }
        updates += removing.map { TreeUpdate.remove(path: $0) }
        let id = try repository.commit(parent: parent, updates: updates, author: alice, message: message)
        try repository.updateReference("refs/heads/main", to: id, expecting: parent, logMessage: "test")
        return id
    }

    @Test func aNewRepositoryHasAnUnbornMainBranch() throws {
        #expect(try repository.headBranch() == "refs/heads/main")
        #expect(try repository.resolve("refs/heads/main") == nil)
    }

    @Test func commitsReadBackAtAnyRevision() throws {
        let first = try commit(["stories/a/story.md": "one\n"], parent: nil)
        let second = try commit(["stories/a/story.md": "two\n"], parent: first)
        #expect(try repository.file(at: "stories/a/story.md", in: first) == Data("one\n".utf8))
        #expect(try repository.file(at: "stories/a/story.md", in: second) == Data("two\n".utf8))
        #expect(try repository.file(at: "stories/missing.md", in: second) == nil)
        let info = try repository.commit(second)
        #expect(info.parents == [first])
        #expect(info.author == alice)
        #expect(info.subject == "change")
    }

    @Test func aCommitRewritesOnlyTheTreesAlongTheChangedPath() throws {
        let first = try commit(["stories/2024/06/A/story.md": "a\n", "stories/2024/07/B/story.md": "b\n"], parent: nil)
        let second = try commit(["stories/2024/07/C/story.md": "c\n"], parent: first)
        let before = try #require(try repository.entry(at: "stories/2024/06", in: first))
        let after = try #require(try repository.entry(at: "stories/2024/06", in: second))
        #expect(before.id == after.id)
        #expect(try repository.entry(at: "stories/2024/07", in: first)?.id != repository.entry(at: "stories/2024/07", in: second)?.id)
        let changed = try runGit(["diff-tree", "-r", "--name-only", first.hex, second.hex], in: folder.url)
        #expect(changed.output == "stories/2024/07/C/story.md\n")
    }

    @Test func removingAPathDropsItFromTheTree() throws {
        let first = try commit(["a/x.txt": "x\n", "a/y.txt": "y\n"], parent: nil)
        let second = try commit([:], removing: ["a/x.txt"], parent: first)
        #expect(try repository.files(under: "a", in: second).keys.sorted() == ["y.txt"])
    }

    @Test func aFolderIsReadByItsTreeAsFromTheCommit() throws {
        let first = try commit(["s/A/story.md": "one\n", "s/A/media/p.jpg": "jpg\n", "s/A/notes.txt": "n\n", "s/B/story.md": "b\n"], parent: nil)
        let folder = try #require(try repository.entry(at: "s/A", in: first))
        // git's own reading of the same tree: `git rev-parse COMMIT:s/A`.
        #expect(try runGit(["rev-parse", "\(first.hex):s/A"], in: self.folder.url).output == folder.id.hex + "\n")
        #expect(folder.kind == .tree)
        #expect(try repository.files(inTree: folder.id) == repository.files(under: "s/A", in: first))
        #expect(try repository.files(inTree: folder.id).keys.sorted() == ["media/p.jpg", "notes.txt", "story.md"])
        #expect(try repository.file(named: "story.md", inTree: folder.id) == Data("one\n".utf8))
        // A missing name, and a folder under the name, are no file.
        #expect(try repository.file(named: "other.md", inTree: folder.id) == nil)
        #expect(try repository.file(named: "media", inTree: folder.id) == nil)
    }

    @Test func movingTheBranchFromAStaleCommitIsAConflict() throws {
        let first = try commit(["a.txt": "1\n"], parent: nil)
        let winner = try commit(["a.txt": "2\n"], parent: first)
        let loser = try repository.commit(parent: first, updates: [.upsert(path: "a.txt", blob: try repository.writeBlob(Data("3\n".utf8)))],
                                          author: alice, message: "late\n")
        let error = #expect(throws: GitError.self) {
            try repository.updateReference("refs/heads/main", to: loser, expecting: first, logMessage: "late")
        }
        #expect(error?.isConflict == true)
        #expect(error?.call == "git_reference_create_matching")
        #expect(try repository.resolve("refs/heads/main") == winner)
    }

    @Test func creatingABranchThatAlreadyExistsIsAConflict() throws {
        let first = try commit(["a.txt": "1\n"], parent: nil)
        let other = try repository.commit(parent: nil, updates: [], author: alice, message: "root\n")
        let error = #expect(throws: GitError.self) {
            try repository.updateReference("refs/heads/main", to: other, expecting: nil, logMessage: "x")
        }
        #expect(error?.isConflict == true)
        #expect(try repository.resolve("refs/heads/main") == first)
    }

    @Test func historyIsOldestFirstAndStopsAtSince() throws {
        let a = try commit(["f": "a\n"], parent: nil)
        let b = try commit(["f": "b\n"], parent: a)
        let c = try commit(["f": "c\n"], parent: b)
        #expect(try repository.history(from: c) == [a, b, c])
        #expect(try repository.history(from: c, since: a) == [b, c])
        #expect(try repository.isAncestor(a, of: c))
        #expect(try !repository.isAncestor(c, of: a))
    }

    @Test func aLineIsWalkedNewestFirstWithItsTreesAndMessages() throws {
        let a = try commit(["f": "a\n"], parent: nil, message: "first\n\nGalley-Event: found\n")
        let b = try commit(["f": "b\n"], parent: a, message: "second\n")
        let c = try commit(["f": "c\n"], parent: b, message: "third, ünïcode\n")
        var fromA: [ObjectID] = []
        #expect(try repository.walkLine(from: a) { fromA.append($0.id); return true })
        #expect(fromA == [a])
        // A merge: the history is not a line, and only `history(from:)` orders it.
        let side = try repository.commit(parent: a, updates: [.upsert(path: "g", blob: try repository.writeBlob(Data("side\n".utf8)))],
                                         author: alice, message: "side\n")
        let tree = try runGit(["rev-parse", "\(c.hex)^{tree}"], in: folder.url).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let merged = try runGit(["-c", "user.name=A", "-c", "user.email=a@example.org", "commit-tree", tree, "-p", c.hex, "-p", side.hex,
                                 "-m", "merge"], in: folder.url)
        #expect(merged.status == 0)
        let merge = try #require(ObjectID(hex: merged.output.trimmingCharacters(in: .whitespacesAndNewlines)))
        // Walked newest first, the line is handed over up to the merge and not beyond; stopped by
        // the caller, no further.
        var walked: [ObjectID] = []
        #expect(try !repository.walkLine(from: merge) { walked.append($0.id); return true })
        #expect(walked.isEmpty)
        var commits: [LineCommit] = []
        #expect(try repository.walkLine(from: c) { commits.append($0); return true })
        #expect(commits.map(\.id) == [c, b, a])
        #expect(commits.reversed().map(\.id) == (try repository.history(from: c)))
        // Each with its root tree (as git names it) and its message.
        for commit in commits {
            let tree = try runGit(["rev-parse", "\(commit.id.hex)^{tree}"], in: folder.url).output
            #expect(commit.tree.hex + "\n" == tree)
            #expect(commit.message == (try repository.commitMessage(commit.id)))
            #expect(try repository.entry(at: "f", inTree: commit.tree) == (try repository.entry(at: "f", in: commit.id)))
        }
        #expect(try repository.entry(at: "missing", inTree: commits[0].tree) == nil)
        #expect(try !repository.walkLine(from: c) { walked.append($0.id); return $0.id != b })
        #expect(walked == [c, b])
        #expect(try repository.history(from: merge).count == 5)
    }

    @Test func theStockGitCommandLineReadsWhatGitKitWrote() throws {
        let message = Trailers.message(subject: "Save a story", trailers: [Trailer("Galley-Event", "save"), Trailer("Galley-Revision", "2")])
        let first = try commit(["stories/a/story.md": "hello\n"], parent: nil, message: message)
        #expect(try runGit(["fsck", "--strict"], in: folder.url).status == 0)
        let log = try runGit(["log", "--format=%an <%ae>|%s|%(trailers:key=Galley-Revision,valueonly)"], in: folder.url)
        #expect(log.output == "Alice Reporter <alice@example.org>|Save a story|2\n\n")
        #expect(try runGit(["show", "\(first.hex):stories/a/story.md"], in: folder.url).output == "hello\n")
    }

    @Test func failuresNameTheCallAndLibgit2sMessage() throws {
        let missing = folder.url.appendingPathComponent("nowhere")
        let error = #expect(throws: GitError.self) { try Repository.open(at: missing) }
        #expect(error?.call == "git_repository_open_ext")
        #expect(error?.isNotFound == true)
        #expect(error?.message.isEmpty == false)
    }

    @Test func configValuesAreReadFromTheRepository() throws {
        #expect(try repository.configString("galley.test") == nil)
        try repository.setConfigString("galley.test", "yes")
        #expect(try repository.configString("galley.test") == "yes")
    }
}

@Suite struct TrailerTests {
    @Test func trailersRoundTripThroughLibgit2sParser() throws {
        let message = Trailers.message(subject: "Subject", body: "Body text.", trailers: [
            Trailer("Galley-Event", "save"), Trailer("Galley-Message", "two\nlines"),
        ])
        #expect(message == "Subject\n\nBody text.\n\nGalley-Event: save\nGalley-Message: two lines\n")
        #expect(try Trailers.parse(message) == [Trailer("Galley-Event", "save"), Trailer("Galley-Message", "two lines")])
    }

    @Test func aMessageWithoutTrailersHasNone() throws {
        #expect(try Trailers.parse("Just a subject\n\nAnd a body.\n").isEmpty)
    }
}
