import Foundation
import Testing

/// docs/errors.md lists every error message the sources can print: `scripts/error-messages --check`
/// reads the messages out of Sources/ and names any the page lacks.
@Suite struct ErrorsDocTests {
    @Test func everyErrorMessageIsInTheErrorsPage() throws {
        let python = try ProgramRunner.tool("python3", package: "python3")
        let script = Golden.projectRoot.appendingPathComponent("scripts/error-messages")
        let result = try ProgramRunner.run(python, [script.path, "--check"], in: Golden.projectRoot,
                                           environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        #expect(result.status == 0, "add a row to docs/errors.md for each message named: \(result)")
        #expect(result.stdout.contains(" 0 missing"), "\(result)")
    }
}
