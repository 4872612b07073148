import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program started with `posix_spawn` and reaped only by this object, so it can be killed with
/// SIGKILL at any moment and waited for with a time limit.
///
/// Foundation's `Process` reaps its child on a thread of its own, after which the child's process id
/// can be given to another program; a `kill` sent then could hit a stranger. A child that nobody has
/// reaped keeps its id (as a zombie) until `waitpid`, so `kill` here only ever reaches the program this
/// object started. Output goes to files, as with `ProgramRunner`.
final class KillableProgram: @unchecked Sendable {
    let command: String
    let pid: pid_t
    private let lock = NSLock()
    /// The raw `waitpid` status once reaped.
    private var reaped: Int32?
    private let stdoutFile: URL
    private let stderrFile: URL

    private init(command: String, pid: pid_t, stdoutFile: URL, stderrFile: URL) {
        self.command = command
        self.pid = pid
        self.stdoutFile = stdoutFile
        self.stderrFile = stderrFile
    }

    deinit {
        // Never leave a child behind: kill and reap it if the test forgot to wait.
        if reapedStatus(blocking: false) == nil {
            sendKill(pid)
            _ = reapedStatus(blocking: true)
        }
        try? FileManager.default.removeItem(at: stdoutFile)
        try? FileManager.default.removeItem(at: stderrFile)
    }

    /// Starts `executable` with `arguments` in `directory`, with exactly `environment`.
    static func start(_ executable: URL, _ arguments: [String], in directory: URL,
                      environment: [String: String]) throws -> KillableProgram {
        let outputs = FileManager.default.temporaryDirectory
        let token = UUID().uuidString
        let stdoutFile = outputs.appendingPathComponent("galley-e2e-\(token).stdout")
        let stderrFile = outputs.appendingPathComponent("galley-e2e-\(token).stderr")

        // `sh` changes to the folder and then becomes the program (exec keeps the process id), which
        // avoids posix_spawn's non-portable chdir action; the arguments travel as "$@", never quoted.
        let argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory.path, executable.path] + arguments
        let envp = environment.map { "\($0.key)=\($0.value)" }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // The child must not keep the test runner's descriptors open (another program's pipes).
        try closeInheritedDescriptors(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var cArguments = argv.map { strdup($0) } + [nil]
        var cEnvironment = envp.map { strdup($0) } + [nil]
        defer {
            for pointer in cArguments { free(pointer) }
            for pointer in cEnvironment { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &cArguments, &cEnvironment)
        guard result == 0 else {
            throw HarnessError("cannot start \(executable.path): \(String(cString: strerror(result)))")
        }
        let command = ([executable.lastPathComponent] + arguments).joined(separator: " ")
        return KillableProgram(command: command, pid: pid, stdoutFile: stdoutFile, stderrFile: stderrFile)
    }

    /// Sends SIGKILL, unless the program has already been reaped (then there is nothing to kill).
    func kill() {
        lock.lock()
        defer { lock.unlock() }
        if reaped == nil { sendKill(pid) }
    }

    /// Waits for the program to end, at most `timeout` seconds. Nil when it was still running then
    /// (it is left running: the caller decides, usually `kill()` then `wait`).
    func wait(timeout: TimeInterval = 600) throws -> ProgramResult? {
        let deadline = Date().addingTimeInterval(timeout)
        var status = reapedStatus(blocking: false)
        while status == nil {
            if Date() >= deadline { return nil }
            usleep(1_000)
            status = reapedStatus(blocking: false)
        }
        return try result(status!)
    }

    private func reapedStatus(blocking: Bool) -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let reaped { return reaped }
        var status: Int32 = 0
        var answer: pid_t
        repeat {
            answer = waitpid(pid, &status, blocking ? 0 : WNOHANG)
        } while answer == -1 && errno == EINTR
        guard answer == pid else { return nil }
        reaped = status
        return status
    }

    private func result(_ raw: Int32) throws -> ProgramResult {
        let signal = raw & 0x7f
        // As ProgramRunner does: a program killed by a signal counts as 128 + the signal.
        let status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
        return ProgramResult(command: command, status: status,
                             stdoutData: (try? Data(contentsOf: stdoutFile)) ?? Data(),
                             stderrData: (try? Data(contentsOf: stderrFile)) ?? Data())
    }

    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) throws {
        #if os(Linux)
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
            if closeFrom(&actions, 3) == 0 { return }
        }
        throw HarnessError("posix_spawn_file_actions_addclosefrom_np is missing (glibc 2.34 or later is needed)")
        #else
        // Darwin: POSIX_SPAWN_CLOEXEC_DEFAULT would be the tool; these tests run on Linux.
        throw HarnessError("KillableProgram is written for Linux")
        #endif
    }
}

/// SIGKILL by process id (a name that does not collide with the method).
private func sendKill(_ pid: pid_t) {
    _ = kill(pid, SIGKILL)
}

/// A small, fast random number generator with a fixed seed (SplitMix64), so a run can be replayed.
struct ReliabilityRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension TempNewsroom {
    /// Starts `galley` as a killable process, as `person`, at `now`, with `environment` added.
    func launchGalley(_ arguments: [String], as person: Member?, at now: String,
                      environment: [String: String] = [:]) throws -> KillableProgram {
        var full = TestEnvironment.make(home: home, now: now)
        if let person { full["GALLEY_USER"] = person.email }
        full.merge(environment) { _, new in new }
        return try KillableProgram.start(try GalleyBinary.url(), arguments, in: folder, environment: full)
    }

    /// Runs `sqlite3` on the catalog, waiting up to 30 s for a writer to finish (other processes may
    /// be writing): rows as `a|b|c` lines. Nil with the failure when sqlite3 did not succeed.
    func sqlRows(_ statement: String) throws -> (rows: [String], failure: ProgramResult?) {
        let sqlite = try ProgramRunner.tool("sqlite3", package: "sqlite3")
        let result = try ProgramRunner.run(sqlite, ["-batch", "-bail", "-cmd", ".timeout 30000", catalogPath, statement],
                                           in: outside, environment: TestEnvironment.make(home: home, now: TempNewsroom.now))
        guard result.status == 0 else { return ([], result) }
        return (result.lines, nil)
    }

    /// Every lock file under `.git` (a ref lock, the index lock, a config lock...).
    func gitLockFiles() -> [String] {
        let gitFolder = folder.appendingPathComponent(".git")
        guard let walker = FileManager.default.enumerator(atPath: gitFolder.path) else { return [] }
        var locks: [String] = []
        for case let path as String in walker where path.hasSuffix(".lock") { locks.append(".git/" + path) }
        return locks.sorted()
    }

    /// The Galley commits on the branch, oldest first, read with the stock `git log`.
    func galleyCommits(sourceLocation: SourceLocation = #_sourceLocation) throws -> [TrailerCommit] {
        let keys = ["Time", "Event", "Transition", "Revision", "Story", "Slug", "Actor"]
        let format = "%H|%P|" + keys.map { "%(trailers:key=Galley-\($0),valueonly,separator=%x2C)" }.joined(separator: "|")
        let text = try gitText("log", "--reverse", "--format=\(format)", sourceLocation: sourceLocation)
        return text.split(separator: "\n").map { line in
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            return TrailerCommit(id: fields[0], parents: fields[1].split(separator: " ").count, time: fields[2], event: fields[3],
                                transition: fields[4], revision: Int(fields[5]), story: fields[6], slug: fields[7], actor: fields[8])
        }
    }

    /// The catalog's audit trail (`events`), keyed by commit id.
    func catalogEvents(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: CatalogEventRow] {
        let rows = try sql("SELECT commit_id, kind, ifnull(transition, ''), at, ifnull(revision, ''), ifnull(story_id, '') FROM events",
                           sourceLocation: sourceLocation)
        var events: [String: CatalogEventRow] = [:]
        for line in rows.split(separator: "\n") {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            events[fields[0]] = CatalogEventRow(commit: fields[0], kind: fields[1], transition: fields[2], at: fields[3],
                                             revision: Int(fields[4]), story: fields[5])
        }
        return events
    }

    /// The catalog's revision map: "story id rN" → commit id.
    func catalogRevisions(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: String] {
        let rows = try sql("SELECT story_id, number, commit_id FROM revisions", sourceLocation: sourceLocation)
        var map: [String: String] = [:]
        for line in rows.split(separator: "\n") {
            let fields = line.split(separator: "|").map(String.init)
            map["\(fields[0]) r\(fields[1])"] = fields[2]
        }
        return map
    }

    /// `PRAGMA integrity_check` by the stock sqlite3 shell.
    func catalogIntegrity(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try sql("PRAGMA integrity_check", sourceLocation: sourceLocation)
    }

    /// Checks a bundle folder against its manifest (every listed file present with its SHA-256 and
    /// size, nothing else); returns what is wrong, nil when it is complete.
    func bundleProblem(_ folder: URL) throws -> String? {
        let manifestURL = folder.appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: manifestURL.path) else { return "no manifest.json in \(folder.path)" }
        guard let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let files = manifest["files"] as? [[String: Any]] else { return "manifest.json of \(folder.path) does not parse" }
        let listed = files.compactMap { $0["path"] as? String }
        let present = Set((FileManager.default.subpaths(atPath: folder.path) ?? []).filter { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder) && !isFolder.boolValue
        })
        if present != Set(listed + ["manifest.json"]) {
            return "\(folder.path) holds \(present.sorted()), the manifest lists \(listed.sorted())"
        }
        let shasum = try ProgramRunner.tool("sha256sum", package: "coreutils")
        let sums = try ProgramRunner.run(shasum, listed, in: folder, environment: TestEnvironment.make(home: home, now: TempNewsroom.now))
        guard sums.status == 0 else { return "\(sums)" }
        let actual = Dictionary(uniqueKeysWithValues: sums.lines.map { line -> (String, String) in
            let parts = line.split(separator: " ", maxSplits: 1)
            return (String(parts[1].drop { $0 == " " || $0 == "*" }), String(parts[0]))
        })
        for file in files {
            guard let path = file["path"] as? String, let sha = file["sha256"] as? String else { return "a manifest entry without path or sha256" }
            if actual[path] != sha { return "\(folder.path)/\(path) does not match its SHA-256 in the manifest" }
            let size = (try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(path).path)[.size] as? Int) ?? -1
            if let listedSize = file["size"] as? Int, listedSize != size { return "\(folder.path)/\(path) is \(size) bytes, the manifest says \(listedSize)" }
        }
        return nil
    }
}

/// One Galley commit as `git log` shows its trailers.
struct TrailerCommit: Sendable {
    var id: String
    var parents: Int
    var time: String
    var event: String
    var transition: String
    var revision: Int?
    var story: String
    var slug: String
    var actor: String
}

/// One row of the catalog's `events` table.
struct CatalogEventRow: Sendable {
    var commit: String
    var kind: String
    var transition: String
    var at: String
    var revision: Int?
    var story: String
}

/// The exit codes of the command-line contract (DESIGN.md, `galley --help`): anything else is a crash.
/// 70 is in the contract (internal failure) but is itself a bug to report.
let galleyContractExitCodes: Set<Int32> = [0, 64, 65, 66, 69, 70, 73, 75, 77]
