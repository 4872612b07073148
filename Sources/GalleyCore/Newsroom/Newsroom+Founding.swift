import Foundation
import GitKit

/// What `galley init` needs to found a newsroom.
public struct Founding: Sendable {
    public var name: String
    public var timeZone: String
    public var locale: String
    public var editorEmail: String
    public var editorName: String
    /// Make an existing git repository with history into a newsroom, keeping every commit.
    public var adopt: Bool
    /// The workflow file's text and the name to show in messages (default: the built-in default).
    public var workflow: (text: Data, source: String)?

    public init(name: String, timeZone: String, locale: String = "en_GB", editorEmail: String, editorName: String, adopt: Bool = false) {
        self.name = name
        self.timeZone = timeZone
        self.locale = locale
        self.editorEmail = editorEmail
        self.editorName = editorName
        self.adopt = adopt
    }
}

extension Newsroom {
    /// The `.gitignore` lines every newsroom needs: the catalog and built bundles are never committed.
    static let ignoredLines = [
        "# Galley: the catalog is rebuilt from git (`galley reindex`); bundles are built output.",
        "/\(stateFolder)/",
        "/bundles/",
    ]

    /// A git hook that stops `git commit` in a newsroom: Galley commits without git's staging
    /// area, so the index is empty and a plain `git commit` would record a tree without the stories.
    static let commitGuard = """
        #!/bin/sh
        # Installed by `galley init`. This folder is a Galley newsroom: save stories with
        # `galley save SLUG -m MESSAGE`. Galley does not keep git's staging area (index) up to date,
        # so a plain `git commit` here would record a tree without the newsroom's stories.
        echo "This is a Galley newsroom: use \\`galley save SLUG -m MESSAGE\\` instead of git commit." >&2
        echo "(git commit --no-verify bypasses this check; the commit would drop files git's index does not list.)" >&2
        exit 1

        """

    static func installCommitGuard(in gitDirectory: URL) throws {
        let hook = gitDirectory.appendingPathComponent("hooks/pre-commit")
        guard !FileManager.default.fileExists(atPath: hook.path) else { return }
        try AtomicFile.write(Data(commitGuard.utf8), to: hook)
        try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
    }

    /// Creates a newsroom in `folder`: a git repository (or an adopted one), settings, the founding
    /// admin, and an empty catalog, all in one first commit.
    public static func found(at folder: URL, _ founding: Founding, clock: Clock) throws -> Newsroom {
        let settings = try NewsroomSettings(name: founding.name, timeZone: founding.timeZone, locale: founding.locale)
        let workflowText = try founding.workflow?.text ?? Data(WorkflowFile.builtIn("default").text.utf8)
        let workflow = try WorkflowFile.parse(workflowText, file: founding.workflow?.source ?? "workflows/default.yml")
        let email = try EmailAddress.validate(founding.editorEmail)
        let name = try PersonName.validate(founding.editorName)
        let manager = FileManager.default
        if manager.fileExists(atPath: folder.appendingPathComponent(NewsroomSettings.fileName).path) {
            throw GalleyError.cannotCreate("\(folder.path) is already a Galley newsroom; nothing was changed. Work in it, or choose another folder")
        }
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw GalleyError.cannotCreate("cannot create \(folder.path): \(error.localizedDescription); check the parent folder's permissions, or choose another folder")
        }
        let repository: Repository
        if Repository.exists(at: folder) {
            repository = try git { try Repository.open(at: folder) }
            let branch = try git { try repository.headBranch() }
            if let head = try git({ try repository.resolve(branch) }), !founding.adopt {
                let count = try git { try repository.history(from: head).count }
                throw GalleyError.cannotCreate(
                    "\(folder.path) is a git repository with \(count) commit\(count == 1 ? "" : "s") on \(branch); pass --adopt to make it a newsroom on top of them (no commit is lost), or choose an empty folder")
            }
        } else {
            repository = try git { try Repository.create(at: folder, branch: "main") }
        }
        let branch = try git { try repository.headBranch() }
        let parent = try git { try repository.resolve(branch) }
        let now = clock.now
        let founder = Person(email: email, name: name, role: .admin, addedAt: Timestamp.format(now), addedBy: nil)

        // An adopted repository keeps its own .gitignore lines; ours are added after them.
        var ignore = ""
        if let parent, let existing = try git({ try repository.file(at: ".gitignore", in: parent) }) {
            ignore = String(decoding: existing, as: UTF8.self)
            if !ignore.isEmpty && !ignore.hasSuffix("\n") { ignore += "\n" }
        }
        for line in ignoredLines where !ignore.split(separator: "\n").contains(Substring(line)) {
            ignore += line + "\n"
        }
        let files: [(String, Data)] = [
            (NewsroomSettings.fileName, Data(settings.render().utf8)),
            (peopleFile, Data(PeopleFile.render([founder]).utf8)),
            (WorkflowFile.fileName, workflowText),
            (HouseDictionary.fileName, Data(HouseDictionary.defaults.render().utf8)),
            (".gitignore", Data(ignore.utf8)),
        ]
        var event = EditorialEvent(kind: .founded, actor: email, time: Timestamp.format(now))
        event.personEmail = email
        event.personName = name
        event.personRole = .admin
        let commit = try git {
            let updates = try files.map { TreeUpdate.upsert(path: $0.0, blob: try repository.writeBlob($0.1)) }
            return try repository.commit(parent: parent, updates: updates,
                                         author: Signature(name: name, email: email, time: now),
                                         message: event.commitMessage(subject: "Found the newsroom \(settings.name)"))
        }
        try git { try repository.updateReference(branch, to: commit, expecting: parent, logMessage: "galley init") }
        for (path, data) in files where path != ".gitignore" {
            try AtomicFile.write(data, to: folder.appendingPathComponent(path))
        }
        // The work tree's .gitignore may hold lines nobody committed yet: add ours, keep theirs.
        let ignoreURL = folder.appendingPathComponent(".gitignore")
        var local = (try? String(contentsOf: ignoreURL, encoding: .utf8)) ?? ""
        if !local.isEmpty && !local.hasSuffix("\n") { local += "\n" }
        for line in ignoredLines where !local.split(separator: "\n").contains(Substring(line)) {
            local += line + "\n"
        }
        try AtomicFile.write(Data(local.utf8), to: ignoreURL)
        try installCommitGuard(in: repository.gitDirectory)
        let catalog = try Catalog(url: catalogURL(folder))
        let newsroom = Newsroom(root: folder.standardizedFileURL, settings: settings, workflow: workflow, clock: clock,
                                repository: repository, catalog: catalog, branch: branch)
        try newsroom.catchUp()
        return newsroom
    }
}
