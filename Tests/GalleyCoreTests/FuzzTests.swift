import Foundation
@testable import GalleyCore
import Testing

/// Seeded fuzzing of every parser that reads what a person or another site wrote: the workflow
/// file, the slug rules, story front matter, Markdown imports and datelines (the scraped-text
/// importer has its own in `ImportTests.noInputMakesTheImporterCrash`). Each input must either be
/// accepted, with the parser's promises kept, or refused with a `GalleyError` whose message says
/// where and what; a crash stops the whole test run. The seed is fixed (`GALLEY_FUZZ_SEED=N` runs
/// another) and every test prints how many inputs it tried.
@Suite struct FuzzTests {
    static let seed: UInt64 = ProcessInfo.processInfo.environment["GALLEY_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_240_620

    /// Pieces that upset parsers: YAML syntax, quotes, escapes, control characters, paths, Unicode.
    static let hostile: [String] = [
        ":", ": ", "- ", "[", "]", "{", "}", "\"", "'", "#", "&a", "*a", "!!str", "|", ">", "---", "...", "\t", "\n", "  ",
        "\\", "\\u0000", "\\e", "\u{0}", "\u{1B}[2J", "\u{7F}", "\u{85}", "\u{2028}", "\u{FEFF}", "../", "/etc/passwd",
        "é", "漢字", "🇮🇩", "e\u{301}", "~", "null", "yes", "0x10", "1e99", "-", "--", "..", "%", "<script>", "&amp;",
        String(repeating: "a", count: 300), "9999999999999999999999",
    ]

    /// `text` changed by a few random edits: lines dropped, duplicated or swapped, hostile pieces
    /// inserted, characters removed, the text cut short.
    static func mutate(_ text: String, _ random: inout SplitMix64) -> String {
        var lines = text.components(separatedBy: "\n")
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            guard !lines.isEmpty else { lines = [""]; continue }
            let index = Int.random(in: 0..<lines.count, using: &random)
            switch Int.random(in: 0..<7, using: &random) {
            case 0: lines.remove(at: index)
            case 1: lines.insert(lines[index], at: index)
            case 2: lines.swapAt(index, Int.random(in: 0..<lines.count, using: &random))
            case 3:
                var line = Array(lines[index])
                let at = line.isEmpty ? 0 : Int.random(in: 0...line.count, using: &random)
                line.insert(contentsOf: hostile.randomElement(using: &random)!, at: at)
                lines[index] = String(line)
            case 4:
                var line = Array(lines[index])
                if !line.isEmpty { line.remove(at: Int.random(in: 0..<line.count, using: &random)) }
                lines[index] = String(line)
            case 5: lines[index] = String(repeating: " ", count: Int.random(in: 0..<6, using: &random)) + lines[index].trimmingCharacters(in: .whitespaces)
            default:
                let joined = lines.joined(separator: "\n")
                lines = String(joined.prefix(Int.random(in: 0...joined.count, using: &random))).components(separatedBy: "\n")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Sometimes makes the bytes invalid UTF-8 too.
    static func bytes(_ text: String, _ random: inout SplitMix64) -> Data {
        var data = Data(text.utf8)
        if Int.random(in: 0..<10, using: &random) == 0 {
            data.insert([0xFF, 0xC3, 0x80, 0xE2].randomElement(using: &random)!, at: Int.random(in: 0...data.count, using: &random))
        }
        return data
    }

    /// A refusal must be ours, say where (the file name) and be one readable message.
    static func expectClearRefusal(_ error: any Error, file: String, input: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = error as? GalleyError else {
            Issue.record("not a GalleyError: \(error) for input:\n\(input)", sourceLocation: sourceLocation)
            return
        }
        #expect([64, 65].contains(error.exitCode), "\(error.exitCode): \(error.message)", sourceLocation: sourceLocation)
        #expect(error.message.contains(file), "the message does not name \(file): \(error.message)", sourceLocation: sourceLocation)
        #expect(!error.message.contains("Yams.") && !error.message.contains("Error Domain"),
                "a library's error leaked out: \(error.message)", sourceLocation: sourceLocation)
    }

    // MARK: Workflow files

    @Test func workflowFilesNeverCrashTheParser() throws {
        var random = SplitMix64(state: Self.seed)
        let originals = try ["default", "copydesk"].map { try WorkflowFile.builtIn($0).text }
        let rounds = 5000
        var accepted = 0
        for round in 0..<rounds {
            let text = Self.mutate(originals[round % 2], &random)
            let data = Self.bytes(text, &random)
            do {
                let workflow = try WorkflowFile.parse(data, file: "fuzz.yml")
                accepted += 1
                // What the parser accepts, the engine can use: a known initial state, transitions
                // between known states, each with someone allowed to make it.
                let states = Set(workflow.states.map(\.name))
                #expect(states.contains(workflow.initial), "\(text)")
                for transition in workflow.transitions {
                    #expect(states.contains(transition.to) && transition.from.allSatisfy(states.contains), "\(text)")
                    #expect(!transition.roles.isEmpty, "\(text)")
                }
                #expect(WorkflowFile.check(data, file: "fuzz.yml") == [], "\(text)")
            } catch {
                Self.expectClearRefusal(error, file: "fuzz.yml", input: text)
                #expect(!WorkflowFile.check(data, file: "fuzz.yml").isEmpty, "parse refused what check accepts:\n\(text)")
            }
        }
        print("fuzz: workflow file: \(rounds) inputs (seed \(Self.seed)), \(accepted) accepted, \(rounds - accepted) refused with a message, 0 crashes")
    }

    // MARK: Slugs

    @Test func slugRulesHoldForAnyText() throws {
        var random = SplitMix64(state: Self.seed)
        let alphabet = Array("abcxyz0189-") + ["A", "Z", "/", "\\", ".", " ", "_", "é", "ß", "İ", "\u{0}", "\n", "\u{1B}", "\u{2028}", "ｆ", "٣", "😀", "'", "’"]
        let rounds = 20_000
        var valid = 0
        let shape = #/^[a-z0-9]+(-[a-z0-9]+)*$/#
        for _ in 0..<rounds {
            let length = Int.random(in: 0...(Int.random(in: 0..<10, using: &random) == 0 ? 120 : 24), using: &random)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &random)! })
            do {
                let slug = try Slug(validating: text)
                valid += 1
                #expect(slug.text.wholeMatch(of: shape) != nil && slug.text.count <= Slug.maximumLength, "'\(text)'")
            } catch let error as GalleyError {
                #expect(error.exitCode == 65 && error.message.hasPrefix("invalid slug '"), "\(error.message)")
                #expect(Slug.problem(with: text) != nil)
            }
            // What a headline turns into is always a valid slug, and never a path.
            if let made = Slug.normalizing(text) {
                #expect(Slug.problem(with: made.text) == nil, "'\(text)' -> '\(made.text)'")
                #expect(made.text.count <= 60)
            }
        }
        print("fuzz: slug rules: \(rounds) inputs (seed \(Self.seed)), \(valid) valid, \(rounds - valid) refused naming the rule, 0 crashes")
    }

    // MARK: Story front matter

    @Test func storyFilesNeverCrashTheParser() throws {
        var random = SplitMix64(state: Self.seed)
        let story = StoryFile(
            id: StoryID("01J0SXYWC04VQCVJS4RMZNP4M9")!, slug: try Slug(validating: "putin-kim-pakta"),
            headline: "Presiden Rusia \"Putin\" Teken Kerja Sama", byline: "Rina Reporter", section: "internasional",
            summary: "Ringkas", language: "id", tags: ["Rusia", "Korea Utara"], dateline: "PYONGYANG",
            image: StoryImage(file: "assets/putin-kim.jpg", caption: "Putin bertemu Kim", credit: "BBC"),
            embargo: Date(timeIntervalSince1970: 1_718_900_000),
            body: "RADARDETIK.ID – Hubungan.\n\n“Perjanjian,” kata Putin.\n")
        let original = story.render()
        let rounds = 5000
        var accepted = 0
        for _ in 0..<rounds {
            let text = Self.mutate(original, &random)
            do {
                let parsed = try StoryFile.parse(Self.bytes(text, &random), file: "fuzz.md")
                accepted += 1
                // Whatever was accepted renders to a file that reads back the same.
                #expect(try StoryFile.parse(Data(parsed.render().utf8), file: "again.md") == parsed, "\(text)")
                if let image = parsed.image?.file { #expect(StoryFile.assetPathProblem(image) == nil) }
            } catch {
                Self.expectClearRefusal(error, file: "fuzz.md", input: text)
            }
        }
        print("fuzz: story front matter: \(rounds) inputs (seed \(Self.seed)), \(accepted) accepted, \(rounds - accepted) refused with file:line:col, 0 crashes")
    }

    // MARK: Markdown imports

    @Test func markdownImportsNeverCrashTheImporter() throws {
        var random = SplitMix64(state: Self.seed)
        let original = ImportTests.markdownSample
        let rounds = 5000
        var accepted = 0
        for _ in 0..<rounds {
            let text = Self.mutate(original, &random)
            do {
                let article = try MarkdownArticle.parse(text, file: "fuzz.md")
                accepted += 1
                #expect(!article.headline.trimmingCharacters(in: .whitespaces).isEmpty, "\(text)")
            } catch {
                Self.expectClearRefusal(error, file: "fuzz.md", input: text)
            }
        }
        print("fuzz: markdown importer: \(rounds) inputs (seed \(Self.seed)), \(accepted) accepted, \(rounds - accepted) refused with a message, 0 crashes")
    }

    // MARK: Datelines

    @Test func datelinesNeverCrashTheParser() throws {
        var random = SplitMix64(state: Self.seed)
        let words = ["Thursday,", "Kamis,", "20", "31", "0", "99", "-1", "June", "Juni", "Sept", "Agu", "foo", "2024", "1900", "99999",
                     "9999999999999999999", "|", "11:33", "25:61", "5:02", "PM", "AM", "WIB", "WITA", "EDT", "IST", "XYZ", "Last",
                     "Updated", "Diperbarui", "2024-06-20T04:33:29Z", "2024-13-45T99:99Z", "2024-06-20T04:33+07:00", "—", "Foto:", ""]
        let rounds = 20_000
        var parsed = 0
        let earliest = Date(timeIntervalSince1970: -5_000_000_000)
        let latest = Date(timeIntervalSince1970: 500_000_000_000)
        for _ in 0..<rounds {
            let line = (0..<Int.random(in: 0...10, using: &random)).map { _ in words.randomElement(using: &random)! }.joined(separator: " ")
            guard let times = DatelineParser.parse(line) else { continue }
            parsed += 1
            #expect(times.published > earliest && times.published < latest, "'\(line)' -> \(times.published)")
        }
        print("fuzz: dateline parser: \(rounds) inputs (seed \(Self.seed)), \(parsed) read as datelines, 0 crashes")
    }
}
