import Foundation
import Testing

/// The permission table of `docs/permissions.md`, run: every row (a command that changes the
/// newsroom) as every column (a role, as the story's author or not, or a stranger), with the real
/// `galley` binary. The table is read from the document, so the two cannot drift: a row without a
/// scenario here, or a scenario without a row, fails too.
///
/// A `yes` must exit 0. A `no` must exit 77 with a message naming the role and what to do, and
/// change nothing (branch, refs, catalog read with `sqlite3`, work tree).
@Suite struct PermissionTests {
    // MARK: The table

    struct Table {
        var columns: [String]
        var rows: [(command: String, allowed: [Bool])]
    }

    static let documentURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/permissions.md")

    /// Reads the table: the header row starting `| Command |`, then one row per command in backticks.
    static func table() throws -> Table {
        let text = try String(contentsOf: documentURL, encoding: .utf8)
        func cells(_ line: String) -> [String] {
            line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let lines = text.components(separatedBy: "\n")
        guard let headerIndex = lines.firstIndex(where: { $0.hasPrefix("| Command |") }) else {
            throw HarnessError("\(documentURL.path) has no table starting with '| Command |'")
        }
        // Columns between the command and the final "Rule" column.
        let columns = Array(cells(lines[headerIndex]).dropFirst().dropLast())
        var rows: [(String, [Bool])] = []
        for line in lines[(headerIndex + 2)...] {
            guard line.hasPrefix("|") else { break }
            let row = cells(line)
            guard row.count == columns.count + 2, row[0].hasPrefix("`galley "), row[0].hasSuffix("`") else {
                throw HarnessError("malformed row in \(documentURL.lastPathComponent): \(line)")
            }
            let allowed = try row[1...columns.count].map { cell -> Bool in
                switch cell {
                case "yes": return true
                case "no": return false
                default: throw HarnessError("a cell must be yes or no, not '\(cell)': \(line)")
                }
            }
            rows.append((String(row[0].dropFirst().dropLast()), allowed))
        }
        return Table(columns: columns, rows: rows)
    }

    // MARK: Who acts, on whose story

    static let tono = Member(email: "tono@radar.id", name: "Tono Reporter", role: "reporter")
    static let stranger = Member(email: "stranger@radar.id", name: "Stranger", role: "not a member")

    /// The person acting and the author of the story they act on, for a column of the table.
    static func people(forColumn column: String) throws -> (actor: Member, author: Member) {
        switch column {
        case "reporter, own story": return (TempNewsroom.reporter, TempNewsroom.reporter)
        case "reporter, another's story": return (tono, TempNewsroom.reporter)
        case "editor, own story": return (TempNewsroom.editor, TempNewsroom.editor)
        case "editor, another's story": return (TempNewsroom.editor, TempNewsroom.reporter)
        case "admin, own story": return (TempNewsroom.admin, TempNewsroom.admin)
        case "admin, another's story": return (TempNewsroom.admin, TempNewsroom.reporter)
        case "not a member": return (stranger, TempNewsroom.reporter)
        default: throw HarnessError("unknown column '\(column)' in \(documentURL.lastPathComponent)")
        }
    }

    // MARK: The scenarios

    /// One cell's set-up: the newsroom of the row, the column's number, the story's author.
    struct Stage {
        let room: TempNewsroom
        let number: Int
        let author: Member

        /// Someone other than the author who may approve and unpublish.
        var approver: Member { author.email == TempNewsroom.editor.email ? TempNewsroom.admin : TempNewsroom.editor }

        func draft(body: String = "First paragraph.\n") throws -> String {
            let file = try room.outsideFile("body-\(number).md", Data(body.utf8))
            return try room.newStory("Story number \(number) of the row", ["--body-file", file.path], as: author)
        }

        func review() throws -> String {
            let slug = try draft()
            try room.succeed("submit", slug, as: author)
            return slug
        }

        func published() throws -> String {
            let slug = try review()
            try room.succeed("approve", slug, as: approver)
            return slug
        }

        func markdownFile(published: Bool) throws -> String {
            let front = "---\nheadline: Imported story \(number)\n" + (published ? "published: 2024-06-20T11:33:00+07:00\n" : "") + "---\n"
            return try room.outsideFile("import-\(number).md", Data((front + "First paragraph.\n").utf8)).path
        }
    }

    /// The command line each row runs, after setting up what it needs; keyed by the row's text.
    static let scenarios: [String: @Sendable (Stage) throws -> [String]] = [
        "galley new HEADLINE": { stage in ["new", "Fresh story \(stage.number)"] },
        "galley import FILE": { stage in ["import", try stage.markdownFile(published: false)] },
        "galley import FILE --published": { stage in ["import", try stage.markdownFile(published: true), "--published"] },
        "galley save SLUG -m MESSAGE": { stage in
            let slug = try stage.draft()
            try stage.room.changeStory(slug) { $0 + "\nA second paragraph.\n" }
            return ["save", slug, "-m", "Add a paragraph"]
        },
        "galley edit SLUG": { stage in ["edit", try stage.draft(), "-m", "Edited"] },
        "galley restore SLUG rN": { stage in
            let slug = try stage.draft()
            try stage.room.changeStory(slug) { $0 + "\nA second paragraph.\n" }
            try stage.room.save(slug, "Add a paragraph", as: stage.author)
            return ["restore", slug, "r1"]
        },
        "galley rename SLUG NEW-SLUG": { stage in
            let slug = try stage.draft()
            return ["rename", slug, "renamed-\(stage.number)"]
        },
        "galley lint SLUG --fix": { stage in ["lint", try stage.draft(body: "He said ``hello'' to us.\n"), "--fix"] },
        "galley submit SLUG": { stage in ["submit", try stage.draft()] },
        "galley submit SLUG --force": { stage in ["submit", try stage.draft(body: "He said ``hello'' to us.\n"), "--force"] },
        "galley reject SLUG -m NOTE": { stage in ["reject", try stage.review(), "-m", "Needs a source"] },
        "galley approve SLUG": { stage in ["approve", try stage.review()] },
        "galley approve SLUG --at TIME": { stage in ["approve", try stage.review(), "--at", "2024-06-21T05:00:00Z"] },
        "galley correct SLUG -m NOTE": { stage in
            let slug = try stage.published()
            try stage.room.changeStory(slug) { $0.replacingOccurrences(of: "First paragraph.", with: "First paragraph, corrected.") }
            try stage.room.save(slug, "Fix the first paragraph", as: stage.author)
            return ["correct", slug, "-m", "An earlier version misquoted the minister."]
        },
        "galley unpublish SLUG -m NOTE": { stage in ["unpublish", try stage.published(), "-m", "Legal asked"] },
        "galley transition SLUG reopen": { stage in
            let slug = try stage.published()
            try stage.room.succeed("unpublish", slug, "-m", "Legal asked", as: stage.approver)
            return ["transition", slug, "reopen"]
        },
        "galley people add EMAIL --name NAME --role ROLE": { stage in
            ["people", "add", "new\(stage.number)@radar.id", "--name", "New Person \(stage.number)", "--role", "reporter"]
        },
        "galley people role EMAIL ROLE": { stage in
            let email = "person\(stage.number)@radar.id"
            try stage.room.succeed("people", "add", email, "--name", "Person \(stage.number)", "--role", "reporter", as: TempNewsroom.admin)
            return ["people", "role", email, "editor"]
        },
        "galley workflow use FILE": { stage in
            let installed = try String(contentsOf: stage.room.folder.appendingPathComponent("workflow.yml"), encoding: .utf8)
            let changed = installed.replacingOccurrences(of: "help: Send the story", with: "help: (\(stage.number)) Send the story")
            return ["workflow", "use", try stage.room.outsideFile("workflow-\(stage.number).yml", Data(changed.utf8)).path]
        },
        "galley settings save -m MESSAGE": { stage in
            let url = stage.room.folder.appendingPathComponent("galley.yml")
            let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n").filter { !$0.hasPrefix("base_url:") && !$0.isEmpty }
            try Data((lines + ["base_url: https://radar.id/edition-\(stage.number)/", ""]).joined(separator: "\n").utf8).write(to: url)
            return ["settings", "save", "-m", "Edition \(stage.number)"]
        },
        "galley publish-due": { _ in ["publish-due"] },
        "galley bundle SLUG": { stage in ["bundle", try stage.published()] },
        "galley preview SLUG": { stage in ["preview", try stage.draft()] },
        "galley doctor --repair": { _ in ["doctor", "--repair"] },
        "galley reindex": { _ in ["reindex"] },
    ]

    /// The editor program `galley edit` runs: appends a line to the file it is given.
    static func editorScript(in room: TempNewsroom) throws -> String {
        let script = room.outside.appendingPathComponent("append-editor.sh")
        if !FileManager.default.fileExists(atPath: script.path) {
            try Data("#!/bin/sh\nprintf '\\nAdded in the editor.\\n' >> \"$1\"\n".utf8).write(to: script)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        }
        return script.path
    }

    // MARK: The tests

    @Test func theTableAndTheScenariosNameTheSameCommands() throws {
        let table = try Self.table()
        let documented = Set(table.rows.map(\.command))
        #expect(table.rows.count == documented.count, "a command appears twice in the table")
        #expect(documented.subtracting(Self.scenarios.keys).sorted() == [], "rows of docs/permissions.md with no scenario in PermissionTests")
        #expect(Set(Self.scenarios.keys).subtracting(documented).sorted() == [], "scenarios with no row in docs/permissions.md")
        for column in table.columns { _ = try Self.people(forColumn: column) }
    }

    /// Every subcommand that writes (a commit, the catalog or the work tree) has a row.
    @Test func everyCommandThatWritesHasARow() throws {
        let documented = try Self.table().rows.map(\.command)
        let writers = ["new", "import", "save", "edit", "restore", "rename", "lint", "submit", "reject", "approve", "correct",
                       "unpublish", "transition", "people add", "people role", "workflow use", "settings save", "publish-due",
                       "bundle", "preview", "doctor", "reindex"]
        for writer in writers {
            #expect(documented.contains { $0.hasPrefix("galley \(writer) ") || $0 == "galley \(writer)" }, "no row for galley \(writer)")
        }
    }

    static var rowNames: [String] { (try? table().rows.map(\.command)) ?? [] }

    @Test(arguments: rowNames)
    func everyMutatingCommandAsEveryRoleFollowsTheTable(_ command: String) throws {
        let table = try Self.table()
        let row = try #require(table.rows.first { $0.command == command })
        let scenario = try #require(Self.scenarios[command], "no scenario for \(command)")
        let room = try TempNewsroom()
        try room.succeed("people", "add", Self.tono.email, "--name", Self.tono.name, "--role", Self.tono.role, as: TempNewsroom.admin)
        let editor = try Self.editorScript(in: room)
        var outcomes: [String] = []
        for (number, column) in table.columns.enumerated() {
            let (actor, author) = try Self.people(forColumn: column)
            let arguments = try scenario(Stage(room: room, number: number + 1, author: author))
            let before = try room.snapshot()
            let result = try room.galley(arguments: arguments, as: actor, environment: ["EDITOR": editor])
            let expected = row.allowed[number]
            outcomes.append("\(column): \(result.status)")
            if expected {
                #expect(result.status == 0, "\(column) may run `\(command)` (docs/permissions.md): \(result)")
            } else {
                if command.hasPrefix("galley import") {
                    // import reports each file on its own line ("failed FILE: ..."), then the count;
                    // who is acting is checked before any file ("galley: error: ...").
                    #expect(result.status == 77 && result.stdout == "", "\(result)")
                    #expect(result.stderr.hasPrefix("failed ") || result.stderr.hasPrefix("galley: error: "), "\(result)")
                } else {
                    expectRefusal(result, exitCode: 77, mentioning: [actor.email])
                }
                let who = actor.role == "not a member" ? ["not a member"] : [actor.role, "wrote this story"]
                #expect(who.contains { result.stderr.contains($0) }, "the refusal should name the role: \(result)")
                let whatToDo = ["ask", "Ask", "another editor must", "Import it as a draft", "galley people add"]
                #expect(whatToDo.contains { result.stderr.contains($0) }, "the refusal should say what to do: \(result)")
                try room.expectUnchanged(since: before)
            }
        }
        print("permissions: \(command): \(outcomes.joined(separator: ", "))")
    }
}
