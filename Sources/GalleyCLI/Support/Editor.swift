import Foundation
import GalleyCore

/// Runs the person's editor on a file, as git does: `$VISUAL`, else `$EDITOR`, else `vi`,
/// through the shell so an editor command with arguments (`code --wait`) works.
enum Editor {
    static func open(_ file: URL) throws {
        let environment = ProcessInfo.processInfo.environment
        let command = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " \"$1\"", "galley-editor", file.path]
        do {
            try process.run()
        } catch {
            throw GalleyError.unavailable("cannot start the editor '\(command)': \(error.localizedDescription); set EDITOR to an editor that is installed, like EDITOR=nano")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GalleyError.unavailable("the editor '\(command)' exited with status \(process.terminationStatus); nothing was saved (your file is kept as it is)")
        }
    }
}
