import Foundation
import Testing

/// What one run of a program left behind: its exit status and everything it printed.
/// Printed in full when an expectation about it fails, so a failure shows the command and its output.
struct ProgramResult: Sendable, CustomStringConvertible {
    /// The command line, for messages.
    let command: String
    let status: Int32
    let stdoutData: Data
    let stderrData: Data

    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    var stderr: String { String(decoding: stderrData, as: UTF8.self) }
    /// Standard output without the final newline (for commands that print one value).
    var line: String { stdout.hasSuffix("\n") ? String(stdout.dropLast()) : stdout }
    /// Standard output split into lines, without the final empty one.
    var lines: [String] { stdout.isEmpty ? [] : line.components(separatedBy: "\n") }

    var description: String {
        "`\(command)` exited with \(status)\n--- stdout ---\n\(stdout)\n--- stderr ---\n\(stderr)\n---"
    }
}

/// A failure of the harness itself (a missing binary, a set-up step that did not work), with a message
/// that says what to do.
struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A started program whose exit has not been waited for yet: lets a test run several at once.
final class RunningProgram {
    let command: String
    private let process: Process
    private let exited: DispatchSemaphore
    private let stdoutFile: URL
    private let stderrFile: URL

    fileprivate init(command: String, process: Process, exited: DispatchSemaphore, stdoutFile: URL, stderrFile: URL) {
        self.command = command
        self.process = process
        self.exited = exited
        self.stdoutFile = stdoutFile
        self.stderrFile = stderrFile
    }

    /// Waits for the program to exit and collects what it printed.
    func wait() throws -> ProgramResult {
        exited.wait()
        defer {
            try? FileManager.default.removeItem(at: stdoutFile)
            try? FileManager.default.removeItem(at: stderrFile)
        }
        var status = process.terminationStatus
        if process.terminationReason == .uncaughtSignal { status += 128 }
        return ProgramResult(command: command, status: status,
                             stdoutData: try Data(contentsOf: stdoutFile), stderrData: try Data(contentsOf: stderrFile))
    }
}

/// Runs programs the way a person's shell would, like swift-argument-parser's `AssertExecuteCommand`:
/// given arguments, a working folder and an environment, capturing standard output, standard error
/// and the exit status. Output goes to files rather than pipes, so a program that prints a lot can
/// never block on a full pipe while the test waits for it.
enum ProgramRunner {
    static func start(_ executable: URL, _ arguments: [String], in directory: URL,
                      environment: [String: String]) throws -> RunningProgram {
        let outputs = FileManager.default.temporaryDirectory
        let token = UUID().uuidString
        let stdoutFile = outputs.appendingPathComponent("galley-e2e-\(token).stdout")
        let stderrFile = outputs.appendingPathComponent("galley-e2e-\(token).stderr")
        guard FileManager.default.createFile(atPath: stdoutFile.path, contents: nil),
              FileManager.default.createFile(atPath: stderrFile.path, contents: nil) else {
            throw HarnessError("cannot create output files in \(outputs.path)")
        }
        let stdout = try FileHandle(forWritingTo: stdoutFile)
        let stderr = try FileHandle(forWritingTo: stderrFile)
        defer {
            try? stdout.close()
            try? stderr.close()
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        let command = ([executable.lastPathComponent] + arguments).map(shellQuoted).joined(separator: " ")
        do {
            try process.run()
        } catch {
            throw HarnessError("cannot run \(executable.path): \(error)")
        }
        return RunningProgram(command: command, process: process, exited: exited, stdoutFile: stdoutFile, stderrFile: stderrFile)
    }

    static func run(_ executable: URL, _ arguments: [String], in directory: URL,
                    environment: [String: String]) throws -> ProgramResult {
        try start(executable, arguments, in: directory, environment: environment).wait()
    }

    /// Finds a program on the PATH (`git`, `sqlite3`), failing with the package to install.
    static func tool(_ name: String, package: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw HarnessError("`\(name)` is not on the PATH; the end-to-end tests read the newsroom with it: apt-get install \(package)")
    }

    private static func shellQuoted(_ word: String) -> String {
        if !word.isEmpty, word.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=@:,+".contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// The `galley` binary under test: built by SwiftPM next to the test runner, because the test
/// target depends on the `galley` executable.
enum GalleyBinary {
    static func url() throws -> URL {
        try located.get()
    }

    private static let located: Result<URL, HarnessError> = {
        let manager = FileManager.default
        let runner: URL
        if let target = try? manager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            runner = URL(fileURLWithPath: target)
        } else if let executable = Bundle.main.executableURL {
            runner = executable
        } else {
            runner = URL(fileURLWithPath: CommandLine.arguments[0])
        }
        // On Linux the runner is `<build>/debug/galleyPackageTests.xctest`; on macOS it sits inside
        // a bundle a few folders below `<build>/debug`.
        var folder = runner.deletingLastPathComponent()
        var looked: [String] = []
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("galley")
            looked.append(candidate.path)
            var isFolder: ObjCBool = false
            if manager.fileExists(atPath: candidate.path, isDirectory: &isFolder), !isFolder.boolValue,
               manager.isExecutableFile(atPath: candidate.path) {
                return .success(candidate)
            }
            folder = folder.deletingLastPathComponent()
        }
        return .failure(HarnessError(
            "the galley executable is not next to the test runner \(runner.path) (looked at \(looked.joined(separator: ", "))); "
                + "build it first with `swift build` using the same --scratch-path as `swift test`"))
    }()
}

/// The environment every program in these tests runs with: built from nothing rather than inherited,
/// so the machine's identity, clock, git configuration and editor never leak in.
enum TestEnvironment {
    /// An odd, half-hour-offset zone: any output that wrongly depends on the local zone shows it.
    static let timeZone = "America/St_Johns"

    static func make(home: URL, now: String) -> [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        return [
            "PATH": inherited["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": home.path,
            "XDG_CONFIG_HOME": home.appendingPathComponent(".config").path,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_PAGER": "cat",
            "PAGER": "cat",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TZ": timeZone,
            "GALLEY_NOW": now,
            // A command that opens an editor by mistake must not wait for a person.
            "EDITOR": "false",
        ]
    }
}

// MARK: - Expectations

/// Expects a command to have succeeded, showing its output when it did not.
func expectSuccess(_ result: ProgramResult, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status == 0, "\(result)", sourceLocation: sourceLocation)
}

/// Expects a command to have failed the way the command-line contract says: the exit code, nothing on
/// standard output, and one `galley: error:` message on standard error holding every fragment.
func expectRefusal(_ result: ProgramResult, exitCode: Int32, mentioning fragments: [String],
                   sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status == exitCode, "\(result)", sourceLocation: sourceLocation)
    #expect(result.stdout == "", "a refused command printed data: \(result)", sourceLocation: sourceLocation)
    #expect(result.stderr.hasPrefix("galley: error: "), "\(result)", sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(result.stderr.contains(fragment), "stderr should mention \(fragment): \(result)", sourceLocation: sourceLocation)
    }
}

/// Parses a command's standard output as a JSON object.
func jsonObject(_ result: ProgramResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: result.stdoutData)
    return try #require(value as? [String: Any], "not a JSON object: \(result)", sourceLocation: sourceLocation)
}

/// Parses a command's standard output as a JSON array of objects.
func jsonArray(_ result: ProgramResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
    let value = try JSONSerialization.jsonObject(with: result.stdoutData)
    return try #require(value as? [[String: Any]], "not a JSON array of objects: \(result)", sourceLocation: sourceLocation)
}
