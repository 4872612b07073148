import Foundation
import Testing

/// What a person at a terminal sees: colour only on a terminal (never with NO_COLOR or
/// `--color never`, always with `--color always`), tables cut to the terminal's width, `--quiet`
/// for scripts, and shell completion scripts that complete the newsroom's slugs and people.
@Suite struct TerminalTests {
    static let escape = "\u{1B}["

    /// A story with an unsaved change, so `galley diff` has something to colour.
    private func roomWithAChange() throws -> TempNewsroom {
        let room = try TempNewsroom()
        try room.newStory("Floods close Jakarta's ring road", ["--slug", "jakarta-floods"])
        try room.changeStory("jakarta-floods") { $0 + "Trains still run.\n" }
        return room
    }

    /// Runs galley on a pseudo-terminal, through util-linux's `script`, as a person's shell would.
    private func onATerminal(_ room: TempNewsroom, _ arguments: [String], environment: [String: String] = [:]) throws -> ProgramResult {
        let script = try ProgramRunner.tool("script", package: "bsdutils")
        let command = ([try GalleyBinary.url().path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            .joined(separator: " ")
        var env = TestEnvironment.make(home: room.home, now: TempNewsroom.now)
        env["GALLEY_USER"] = TempNewsroom.reporter.email
        env["TERM"] = "xterm"
        env.merge(environment) { _, new in new }
        return try ProgramRunner.run(script, ["-q", "-e", "-c", command, "/dev/null"], in: room.folder, environment: env)
    }

    @Test func colourOnlyOnATerminalAndNeverWithNoColor() throws {
        let room = try roomWithAChange()
        let piped = try room.galley("diff", "jakarta-floods")
        expectSuccess(piped)
        #expect(!piped.stdout.contains(TerminalTests.escape), "\(piped)")

        let terminal = try onATerminal(room, ["diff", "jakarta-floods"])
        expectSuccess(terminal)
        #expect(terminal.stdout.contains(TerminalTests.escape + "32m+Trains still run."), "\(terminal)")

        let noColor = try onATerminal(room, ["diff", "jakarta-floods"], environment: ["NO_COLOR": "1"])
        expectSuccess(noColor)
        #expect(!noColor.stdout.contains(TerminalTests.escape), "\(noColor)")
        #expect(noColor.stdout.contains("+Trains still run."), "\(noColor)")

        let never = try onATerminal(room, ["diff", "jakarta-floods", "--color", "never"])
        #expect(!never.stdout.contains(TerminalTests.escape), "\(never)")
    }

    @Test func colorAlwaysForcesColourEvenIntoAPipeAndOverNoColor() throws {
        let room = try roomWithAChange()
        let always = try room.galley("--color", "always", "diff", "jakarta-floods", environment: ["NO_COLOR": "1"])
        expectSuccess(always)
        #expect(always.stdout.contains(TerminalTests.escape + "32m+Trains still run."), "\(always)")
        let never = try room.galley("diff", "jakarta-floods", "--color=never")
        #expect(!never.stdout.contains(TerminalTests.escape), "\(never)")
        let wrong = try room.galley("diff", "jakarta-floods", "--color", "sometimes")
        #expect(wrong.status == 64, "\(wrong)")
        #expect(wrong.stderr.contains("sometimes"), "\(wrong)")

        // Golden copies of the same diff with colour on and off.
        try Golden.expectMatch(Golden.normalized(always.stdout, base: room.base), "terminal/diff-color-always.txt")
        try Golden.expectMatch(Golden.normalized(never.stdout, base: room.base), "terminal/diff-color-never.txt")
    }

    @Test func lintMarksErrorsAndWarningsInColourOnlyWhenAsked() throws {
        let room = try TempNewsroom()
        let draft = try room.outsideFile("draft.txt", Data("A  doubled space and ``TeX quotes''.\n".utf8))
        let plain = try room.galley("lint", draft.path)
        #expect(plain.status == 65)
        #expect(plain.stdout.contains(": error: [tex-quotes]"), "\(plain)")
        #expect(!plain.stdout.contains(TerminalTests.escape))
        let coloured = try room.galley("lint", draft.path, "--color", "always")
        #expect(coloured.stdout.contains(TerminalTests.escape + "1m" + TerminalTests.escape + "31merror:"), "\(coloured)")
    }

    @Test func tablesFitTheTerminalWidthAndCutWithAnEllipsis() throws {
        let room = try TempNewsroom()
        try room.newStory("Floods close Jakarta's inner ring road as the rains of June keep falling",
                          ["--slug", "jakarta-floods-close-the-inner-ring-road"], at: "2024-06-20T04:10:00Z")
        try room.newStory("Harvest comes early", ["--slug", "harvest"], at: "2024-06-20T04:20:00Z")
        let wide = try room.galley("board")
        expectSuccess(wide)
        #expect(wide.lines.contains { $0.count > 60 }, "without COLUMNS and not on a terminal, nothing is cut: \(wide)")
        #expect(!wide.stdout.contains("…"))

        for command in [["board"], ["log", "jakarta-floods-close-the-inner-ring-road"], ["people"], ["workflow", "show"]] {
            let narrow = try room.galley(arguments: command, environment: ["COLUMNS": "60"])
            expectSuccess(narrow)
            for line in narrow.lines {
                #expect(line.count <= 60, "\(command): a line of \(line.count) characters: \(line)")
            }
        }
        let board = try room.galley("board", environment: ["COLUMNS": "60"])
        #expect(board.stdout.contains("…"), "\(board)")
        try Golden.expectMatch(board.stdout, "terminal/board-columns-60.txt")

        let terminal = try onATerminal(room, ["board"], environment: ["COLUMNS": "50"])
        for line in terminal.stdout.components(separatedBy: "\r\n") {
            #expect(line.replacingOccurrences(of: "\u{1B}[1m", with: "").replacingOccurrences(of: "\u{1B}[0m", with: "").count <= 50,
                    "\(line)")
        }
    }

    @Test func quietKeepsDataAndErrorsButDropsNotesAndProgress() throws {
        let room = try TempNewsroom()
        let seed = JSONShapeTests.projectRoot.appendingPathComponent("fixtures/radardetik-putin-kim-2024-06-20.txt").path
        let loud = try room.galley("import", seed, as: TempNewsroom.reporter)
        expectSuccess(loud)
        #expect(loud.stderr == "Imported 1 of 1 file.\n", "\(loud)")

        let body = try room.outsideFile("a.md", Data("---\nheadline: A second story\n---\nText.\n".utf8))
        let quiet = try room.galley("--quiet", "import", body.path, as: TempNewsroom.reporter)
        expectSuccess(quiet)
        #expect(quiet.stderr == "", "\(quiet)")
        #expect(quiet.stdout.hasSuffix("-> a-second-story (draft)\n"), "\(quiet)")

        // On a terminal, the progress bar is drawn, and not with --quiet.
        let files = try (1...3).map { try room.outsideFile("s\($0).md", Data("---\nheadline: Story \($0)\n---\nText.\n".utf8)).path }
        let bar = try onATerminal(room, ["import"] + files)
        #expect(bar.stdout.contains("Importing ["), "\(bar)")
        let noBar = try onATerminal(room, ["import", "--quiet"] + files.map { $0.replacingOccurrences(of: ".md", with: ".md") },
                                    environment: ["GALLEY_NOW": "2024-06-20T05:30:00Z"])
        #expect(!noBar.stdout.contains("Importing ["), "\(noBar)")

        let nothingDue = try room.galley("publish-due", "--quiet")
        expectSuccess(nothingDue)
        #expect(nothingDue.stdout == "" && nothingDue.stderr == "", "\(nothingDue)")

        let error = try room.galley("show", "no-such-story", "--quiet")
        expectRefusal(error, exitCode: 66, mentioning: ["no story with the slug 'no-such-story'"])
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsCompleteSlugsAndPeople(_ shell: String) throws {
        let room = try TempNewsroom(founded: false)
        let result = try room.galley("--generate-completion-script", shell)
        expectSuccess(result)
        #expect(result.stdout.count > 1000, "\(result)")
        // The hooks that ask galley for the newsroom's slugs (submit's argument) and people (--as).
        #expect(result.stdout.contains("---completion submit -- positional@0"), "\(shell) script has no slug hook")
        #expect(result.stdout.contains("---completion submit -- --as"), "\(shell) script has no people hook")
        #expect(result.stdout.contains("publish-due"))
    }

    @Test func theCompletionHooksAnswerWithTheNewsroomsSlugsAndPeople() throws {
        let room = try TempNewsroom()
        try room.newStory("Floods close Jakarta's ring road", ["--slug", "jakarta-floods"])
        try room.newStory("Harvest comes early", ["--slug", "harvest"])
        let slugs = try room.galley("---completion", "submit", "--", "positional@0", "2", "1", "galley", "submit", "j",
                                    environment: ["SAP_SHELL": "bash"])
        expectSuccess(slugs)
        #expect(slugs.lines == ["jakarta-floods"], "\(slugs)")
        let people = try room.galley("---completion", "submit", "--", "--as", "3", "1", "galley", "submit", "--as", "s",
                                     environment: ["SAP_SHELL": "bash"])
        expectSuccess(people)
        #expect(people.lines == ["sam@radar.id"], "\(people)")
    }
}
