import ArgumentParser

/// `--expect rN`: act only if the story's latest revision is still rN (exit 75 otherwise).
struct Expectation: ParsableArguments {
    @Option(name: .customLong("expect"), help: "Act only if the story's latest revision is still this one (e.g. r3); exit 75 if it moved on.",
            transform: Expectation.parse)
    var revision: Int?

    static func parse(_ text: String) throws -> Int {
        let digits = text.hasPrefix("r") ? String(text.dropFirst()) : text
        guard let number = Int(digits), number >= 1 else {
            throw ValidationError("--expect takes a revision like r3, not '\(text)'")
        }
        return number
    }
}
