import Foundation
import Testing

/// Whether the libgit2 this test runner (and galley) links loads mbedTLS's X.509 library.
private let libgit2UsesMbedTLS: Bool = {
    // Read to the end: /proc files report a size of 0, which whole-file readers trust.
    guard let handle = FileHandle(forReadingAtPath: "/proc/self/maps"),
          let maps = try? handle.readToEnd() else { return false }
    return String(decoding: maps, as: UTF8.self).contains("libmbedx509")
}()

/// Debian's libgit2 is built with mbedTLS and parses the whole system CA bundle when it starts
/// (about 6 ms, a fifth of `galley show`). Galley postpones that until a command may open a TLS
/// connection (`CGitOptions`): `sync` and `clone` read the bundle, nothing else does.
/// `strace`, outside the process, shows which files each command opens.
/// Whether `strace` is installed (scripts/bootstrap installs it) and may trace here: a container
/// that forbids ptrace makes it fail before the command starts.
private let straceCanTrace: Bool = {
    guard let strace = try? ProgramRunner.tool("strace", package: "strace") else { return false }
    let result = try? ProgramRunner.run(strace, ["-f", "-qq", "-o", "/dev/null", "/bin/true"],
                                        in: FileManager.default.temporaryDirectory, environment: [:])
    return result?.status == 0
}()

@Suite(.enabled(if: libgit2UsesMbedTLS, "libgit2 here is not built with mbedTLS: nothing is postponed"),
       .enabled(if: straceCanTrace, "strace is missing or may not trace here (ptrace forbidden): run scripts/bootstrap"))
struct CertificateLoadingTests {

    /// The files under a certificate folder or named like a CA bundle that a traced command opened.
    func certificateFiles(in trace: URL) throws -> Set<String> {
        let text = try String(contentsOf: trace, encoding: .utf8)
        var files: Set<String> = []
        for line in text.split(separator: "\n") where line.contains("open") && !line.contains("ENOENT") {
            let parts = line.split(separator: "\"")
            guard parts.count >= 2 else { continue }
            let path = String(parts[1])
            if path.lowercased().contains("cert") { files.insert(path) }
        }
        return files
    }

    @Test func onlySyncAndCloneReadTheCABundle() throws {
        let room = try TempNewsroom()
        let remote = room.base.appendingPathComponent("remote.git", isDirectory: true)
        try #require(try room.git("init", "--quiet", "--bare", remote.path, in: room.outside).status == 0)
        expectSuccess(try room.galley("remote", "add", "origin", remote.path))

        let syncTrace = room.outside.appendingPathComponent("sync.trace")
        expectSuccess(try room.galleyOpeningFiles(["sync"], as: TempNewsroom.reporter, trace: syncTrace))
        let bundle = try certificateFiles(in: syncTrace)
        #expect(bundle.count == 1, "sync opened \(bundle.sorted()) (expected libgit2's one CA bundle)")

        let cloneTrace = room.outside.appendingPathComponent("clone.trace")
        let copy = room.base.appendingPathComponent("copy", isDirectory: true)
        expectSuccess(try room.galleyOpeningFiles(["clone", remote.path, copy.path], in: room.outside, trace: cloneTrace))
        #expect(try certificateFiles(in: cloneTrace) == bundle)

        // Commands that never leave the machine, reading and writing.
        let commands = [["new", "Flood warning for Bandung", "--slug", "flood-warning"], ["show", "flood-warning"],
                        ["board"], ["status"], ["reindex"]]
        for (index, arguments) in commands.enumerated() {
            let trace = room.outside.appendingPathComponent("local-\(index).trace")
            expectSuccess(try room.galleyOpeningFiles(arguments, as: TempNewsroom.admin, trace: trace))
            #expect(try certificateFiles(in: trace).isEmpty, "galley \(arguments.joined(separator: " ")) read a CA bundle")
        }
    }
}
