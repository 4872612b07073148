import Foundation
import Testing

/// The JSON every `--json` command prints, through a newsroom's day at fixed times: each output is
/// kept as a golden file (`Golden/json/`), with the temporary folder, story ids and commit ids
/// replaced by placeholders, and docs/json.md must name every key they hold.
@Suite struct JSONShapeTests {
    static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Runs one command with `--json`, expects valid JSON and the exit status, and compares it with
    /// its golden file.
    private func shape(_ name: String, _ room: TempNewsroom, _ arguments: [String], as person: Member? = nil,
                       at now: String, status: Int32 = 0, in directory: URL? = nil, environment: [String: String] = [:],
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try room.galley(arguments: arguments + ["--json"], as: person, at: now, in: directory, environment: environment)
        #expect(result.status == status, "\(result)", sourceLocation: sourceLocation)
        #expect((try? JSONSerialization.jsonObject(with: result.stdoutData)) != nil, "not JSON: \(result)", sourceLocation: sourceLocation)
        try Golden.expectMatch(Golden.normalized(result.stdout, base: room.base), "json/\(name).json", sourceLocation: sourceLocation)
    }

    @Test func everyJSONOutputKeepsItsShape() throws {
        let room = try TempNewsroom()
        let reporter = TempNewsroom.reporter, editor = TempNewsroom.editor, admin = TempNewsroom.admin
        let seed = JSONShapeTests.projectRoot.appendingPathComponent("fixtures/radardetik-putin-kim-2024-06-20.txt").path

        try shape("init", room, ["init", room.outside.appendingPathComponent("other").path] + TempNewsroom.initOptions,
                  at: "2024-06-20T04:00:00Z", in: room.outside)
        try shape("people-list", room, ["people", "list"], at: "2024-06-20T04:30:00Z")
        try shape("whoami", room, ["whoami"], as: reporter, at: "2024-06-20T04:30:00Z")
        try shape("people-add", room, ["people", "add", "tono@radar.id", "--name", "Tono Fotografer", "--role", "reporter"],
                  as: admin, at: "2024-06-20T04:31:00Z")
        try shape("people-role", room, ["people", "role", "tono@radar.id", "editor"], as: admin, at: "2024-06-20T04:32:00Z")

        let body = try room.outsideFile("floods.md", Data("""
            Heavy rain closed Jakarta's inner ring road on Thursday morning.

            The governor asked commuters to stay home.

            """.utf8))
        try shape("new", room, ["new", "Floods close Jakarta's ring road", "--slug", "jakarta-floods", "--section", "metro",
                                "--body-file", body.path], as: reporter, at: "2024-06-20T05:00:00Z")
        try room.changeStory("jakarta-floods") { $0 + "Trains still run.\n" }
        try shape("save", room, ["save", "jakarta-floods", "-m", "Add the trains"], as: reporter, at: "2024-06-20T05:05:00Z")
        try shape("save-nothing", room, ["save", "jakarta-floods", "-m", "Again"], as: reporter, at: "2024-06-20T05:06:00Z")
        try shape("show", room, ["show", "jakarta-floods@r2"], at: "2024-06-20T05:07:00Z")
        try shape("log", room, ["log", "jakarta-floods"], at: "2024-06-20T05:07:00Z")
        try shape("diff", room, ["diff", "jakarta-floods", "r1", "r2"], at: "2024-06-20T05:07:00Z")
        try shape("lint", room, ["lint", "jakarta-floods"], at: "2024-06-20T05:07:00Z")
        let draft = try room.outsideFile("draft.txt", Data("A  doubled space and ``TeX quotes''.\n".utf8))
        try shape("lint-file", room, ["lint", draft.path], at: "2024-06-20T05:07:00Z", status: 65)
        try shape("search", room, ["search", "governor", "ring*"], at: "2024-06-20T05:07:00Z")
        try shape("submit", room, ["submit", "jakarta-floods", "-m", "Ready for the desk"], as: reporter, at: "2024-06-20T05:10:00Z")
        try shape("board", room, ["board"], at: "2024-06-20T05:15:00Z")
        try shape("status", room, ["status"], as: editor, at: "2024-06-20T05:15:00Z")
        try shape("approve", room, ["approve", "jakarta-floods"], as: editor, at: "2024-06-20T05:20:00Z")
        try shape("history", room, ["history", "jakarta-floods"], at: "2024-06-20T05:21:00Z")
        try shape("bundle", room, ["bundle", "jakarta-floods"], at: "2024-06-20T05:22:00Z")
        try shape("bundle-all", room, ["bundle", "--all"], at: "2024-06-20T05:22:00Z")
        try shape("preview", room, ["preview", "jakarta-floods"], at: "2024-06-20T05:22:00Z")

        try room.newStory("Harvest comes early", ["--slug", "harvest"], at: "2024-06-20T05:30:00Z")
        try room.succeed("submit", "harvest", as: reporter, at: "2024-06-20T05:31:00Z")
        try shape("approve-at", room, ["approve", "harvest", "--at", "2024-06-20T14:00:00+07:00"], as: editor,
                  at: "2024-06-20T05:32:00Z")
        try shape("publish-due", room, ["publish-due"], at: "2024-06-20T07:00:00Z")

        try room.changeStory("jakarta-floods") { $0.replacingOccurrences(of: "Trains still run.", with: "Trains run late.") }
        try room.save("jakarta-floods", "Trains run late", at: "2024-06-20T07:10:00Z")
        try shape("correct", room, ["correct", "jakarta-floods", "-m", "An earlier version said trains ran on time."],
                  as: editor, at: "2024-06-20T07:15:00Z")

        try shape("import", room, ["import", seed], as: reporter, at: "2024-06-20T08:00:00Z")
        try shape("lint-fix", room, ["lint", "presiden-rusia-vladimir-putin-teken-kerja-sama-pertahanan", "--fix"], as: reporter,
                  at: "2024-06-20T08:05:00Z")
        try shape("rename", room, ["rename", "presiden-rusia-vladimir-putin-teken-kerja-sama-pertahanan", "putin-kim-pact"],
                  as: reporter, at: "2024-06-20T08:06:00Z")

        try shape("workflow-show", room, ["workflow", "show"], at: "2024-06-20T08:10:00Z")
        try shape("workflow-check", room, ["workflow", "check", "workflows/copydesk.yml"], at: "2024-06-20T08:10:00Z",
                  in: JSONShapeTests.projectRoot)
        try shape("workflow-use", room, ["workflow", "use", "copydesk"], as: admin, at: "2024-06-20T08:11:00Z")
        try shape("settings-save", room, ["settings", "save", "-m", "Nothing new"], as: admin, at: "2024-06-20T08:12:00Z")
        try shape("doctor", room, ["doctor"], at: "2024-06-20T08:13:00Z")
        try shape("reindex", room, ["reindex"], at: "2024-06-20T08:14:00Z")

        // Sync: a bare repository on this machine as the remote, then a clone of it.
        let remote = room.outside.appendingPathComponent("desk.git")
        try #require(try room.git(arguments: ["init", "--quiet", "--bare", remote.path], in: room.outside).status == 0)
        try shape("remote-add", room, ["remote", "add", "origin", remote.path], as: admin, at: "2024-06-20T08:20:00Z")
        try shape("remote-list", room, ["remote", "list"], at: "2024-06-20T08:20:00Z")
        try shape("sync", room, ["sync"], at: "2024-06-20T08:21:00Z")
        try shape("clone", room, ["clone", remote.path, room.outside.appendingPathComponent("copy").path],
                  at: "2024-06-20T08:22:00Z", in: room.outside)
    }

    /// docs/json.md documents every shape: each key in a golden file is named there as `key`.
    @Test func docsNameEveryKeyOfEveryShape() throws {
        let docs = try String(contentsOf: JSONShapeTests.projectRoot.appendingPathComponent("docs/json.md"), encoding: .utf8)
        let folder = Golden.folder.appendingPathComponent("json")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count >= 30, "\(files)")
        for file in files {
            let value = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(file)))
            for key in JSONShapeTests.keys(of: value).sorted() {
                #expect(docs.contains("`\(key)`"), "docs/json.md does not name the key `\(key)` of \(file)")
            }
            #expect(docs.contains("Golden/json/\(file)"), "docs/json.md does not link the example Golden/json/\(file)")
        }
    }

    static func keys(of value: Any) -> Set<String> {
        if let object = value as? [String: Any] {
            return object.reduce(into: Set(object.keys)) { $0.formUnion(keys(of: $1.value)) }
        }
        if let array = value as? [Any] {
            return array.reduce(into: Set<String>()) { $0.formUnion(keys(of: $1)) }
        }
        return []
    }
}
