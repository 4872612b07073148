import Foundation
@testable import GalleyCore
import Testing

@Suite struct StoryFileTests {
    let id = StoryID("01J0SXYWC04VQCVJS4RMZNP4M9")!

    @Test func aStoryRoundTripsThroughItsFile() throws {
        let story = StoryFile(
            id: id, slug: try Slug(validating: "putin-kim-pakta"),
            headline: "Presiden Rusia Vladimir Putin Teken Kerja Sama: \"Pakta\" Pertahanan",
            byline: "Rina Reporter", section: "internasional", summary: "yes", language: "id",
            tags: ["Rusia", "Korea Utara"], dateline: "PYONGYANG",
            image: StoryImage(file: "assets/putin-kim.jpg", caption: "Presiden Rusia Vladimir Putin bertemu Kim Jong Un", credit: "BBC"),
            body: "RADARDETIK.ID – Hubungan yang panas.\n\n“Perjanjian,” kata Putin.\n\n\n")
        let text = story.render()
        #expect(text == """
            ---
            id: 01J0SXYWC04VQCVJS4RMZNP4M9
            slug: putin-kim-pakta
            headline: "Presiden Rusia Vladimir Putin Teken Kerja Sama: \\"Pakta\\" Pertahanan"
            byline: Rina Reporter
            section: internasional
            summary: "yes"
            language: id
            tags: ["Rusia", "Korea Utara"]
            dateline: PYONGYANG
            image:
              file: assets/putin-kim.jpg
              caption: Presiden Rusia Vladimir Putin bertemu Kim Jong Un
              credit: BBC
            ---

            RADARDETIK.ID – Hubungan yang panas.

            “Perjanjian,” kata Putin.

            """)
        #expect(try StoryFile.parse(text) == story)
    }

    @Test(arguments: ["- dash first", "key: value", "true", "No", "12", "2024-06-20", "#hash", "x #y", " padded", "tab\there", "“curly” quotes", "a\u{00A0}nbsp", "&anchor", "*alias", "50%"])
    func awkwardTextsSurviveTheFrontMatter(_ text: String) throws {
        let story = StoryFile(id: id, slug: try Slug(validating: "s"), headline: text, byline: text)
        let parsed = try StoryFile.parse(story.render())
        #expect(parsed.headline == text)
        #expect(parsed.byline == text)
    }

    @Test func malformedFrontMatterNamesTheLineAndColumn() throws {
        let text = "---\nid: \(id)\nslug: s\nheadline: \"never closed\nbyline: x\n---\nBody\n"
        let error = #expect(throws: GalleyError.self) { try StoryFile.parse(text, file: "stories/x/story.md") }
        #expect(error?.exitCode == 65)
        #expect(error?.message == "stories/x/story.md:4:11: while scanning a quoted scalar: found unexpected end of stream at 5:10")
    }

    @Test func anUnknownFieldIsRefusedWithItsPosition() throws {
        let text = "---\nid: \(id)\nslug: s\nhedline: Typo\n---\n"
        let error = #expect(throws: GalleyError.self) { try StoryFile.parse(text) }
        #expect(error?.message.hasPrefix("story.md:4:1: unknown field 'hedline' in the front matter; known fields are id, slug, headline") == true,
                "\(error?.message ?? "")")
    }

    @Test func aMissingHeadlineIsRefused() throws {
        let error = #expect(throws: GalleyError.self) { try StoryFile.parse("---\nid: \(id)\nslug: s\n---\n") }
        #expect(error?.message == "story.md:2:1: the front matter is missing the required field 'headline'")
    }

    @Test func aFileWithoutFrontMatterIsRefused() throws {
        let error = #expect(throws: GalleyError.self) { try StoryFile.parse("Just a body\n") }
        #expect(error?.message == "story.md:1:1: a story file must start with a '---' line opening its front matter")
        let unclosed = #expect(throws: GalleyError.self) { try StoryFile.parse("---\nid: \(id)\n") }
        #expect(unclosed?.message.contains("never closed") == true)
    }

    @Test func invalidUTF8NamesTheLineAndColumnOfTheFirstBadByte() throws {
        var data = Data("---\nid: \(id)\nslug: s\nheadline: Caf".utf8)
        data.append(0xE9)  // Latin-1 é
        data.append(contentsOf: Array("\n---\n".utf8))
        let error = #expect(throws: GalleyError.self) { try StoryFile.parse(data) }
        #expect(error?.message == "story.md:4:14: invalid UTF-8 (byte 0xE9); save the file as UTF-8 and try again")
    }

    @Test func aHugeFileIsRefusedBeforeItIsRead() throws {
        let data = Data(count: TextValidation.maximumStoryBytes + 1)
        let error = #expect(throws: GalleyError.self) { try StoryFile.parse(data) }
        #expect(error?.exitCode == 65)
        #expect(error?.message.contains("at most \(TextValidation.maximumStoryBytes) bytes") == true)
    }

    @Test(arguments: ["../secret.jpg", "/etc/passwd", "assets/../../x", "~/x.jpg", "a\\b.jpg"])
    func anImageOutsideTheStoryFolderIsRefused(_ path: String) throws {
        let text = "---\nid: \(id)\nslug: s\nheadline: H\nimage:\n  file: \(YAMLWriter.scalar(path))\n---\n"
        let error = #expect(throws: GalleyError.self) { try StoryFile.parse(text) }
        #expect(error?.message.hasPrefix("story.md:6:9: ") == true, "\(error?.message ?? "")")
    }

    @Test func aChangedIdIsRefusedWhenItIsNotAnId() throws {
        let error = #expect(throws: GalleyError.self) { try StoryFile.parse("---\nid: my-story\nslug: s\nheadline: H\n---\n") }
        #expect(error?.message.hasPrefix("story.md:2:5: 'my-story' is not a story id") == true, "\(error?.message ?? "")")
    }
}

/// `StoryFile.parse` reads files as `render()` writes them without Yams; what it reads must be
/// what Yams reads, and anything it does not recognise goes to Yams.
@Suite struct StoryFileFastPathTests {
    let id = StoryID("01J0SXYWC04VQCVJS4RMZNP4M9")!

    @Test func renderedFilesReadTheSameWithAndWithoutYams() throws {
        let headlines = ["Putin dan Kim", "\"Pakta\" Pertahanan: kata Putin", "null", "yes", "2024-06-20 update", "3.5",
                         "a #tag", "ends with colon:", "-dash first", "tab\there", "é “kutip” 😀", "  spaced  ",
                         "back\\slash", "[bracket", "0x1F", "~"]
        for headline in headlines {
            let story = StoryFile(id: id, slug: try Slug(validating: "putin-kim"), headline: headline, byline: headline,
                                  section: "internasional", summary: headline, language: "id", dateline: "JAKARTA",
                                  image: StoryImage(file: "assets/a.jpg", caption: headline, credit: "BBC"),
                                  embargo: Timestamp.parse("2024-06-20T05:00:00Z"), body: "Body \(headline)\n\n---\n\nmore\n")
            let text = story.render()
            let fast = try #require(StoryFile.parseWritten(text), "\(headline)")
            #expect(fast == (try StoryFile.parseYAML(text, file: "story.md")), "\(headline)")
            #expect(fast == story)
        }
    }

    @Test func filesEditedByHandGoToYams() throws {
        for text in ["---\nid: 01J0SXYWC04VQCVJS4RMZNP4M9\nslug: a\nheadline: H # comment\n---\n",
                     "---\nid: 01J0SXYWC04VQCVJS4RMZNP4M9\nslug: a\nheadline: 'H'\n---\n",
                     "---\nid: 01J0SXYWC04VQCVJS4RMZNP4M9\nslug: a\nheadline: H\ntags: [a, b]\n---\n",
                     "---\r\nid: 01J0SXYWC04VQCVJS4RMZNP4M9\r\nslug: a\r\nheadline: H\r\n---\r\n",
                     "---\nid: 01J0SXYWC04VQCVJS4RMZNP4M9\nslug: a\nheadline: H\nhedline: H\n---\n",
                     "---\nid: 01J0SXYWC04VQCVJS4RMZNP4M9\nslug: a\n---\n",
                     "---\nid: 01J0SXYWC04VQCVJS4RMZNP4M9\nslug: a\nheadline: \"\\x41\"\n---\n"] {
            #expect(StoryFile.parseWritten(text) == nil, "\(text)")
        }
        let written = "---\nid: 01J0SXYWC04VQCVJS4RMZNP4M9\nslug: a\nheadline: H\n---\n\nBody\n"
        #expect(StoryFile.parseWritten(written) == (try StoryFile.parseYAML(written, file: "story.md")))
    }
}

/// YAML is composed without Yams's resolver rules; null must still read as absent.
@Suite struct YAMLNullTests {
    @Test func nullFormsReadAsAbsentAndQuotedOnesAsText() throws {
        let reader = YAMLReader(file: "t.yml", lineOffset: 0)
        let yaml = "a: ~\nb: null\nc: NULL\nd:\ne: !!null x\nf: \"null\"\ng: '~'\nh: !!str null\ni: nullish\nj: Null\n"
        let fields = try reader.fields(try reader.compose(yaml), what: "t")
        for key in ["a", "b", "c", "d", "e", "j"] { #expect(try fields.string(key) == nil, "\(key)") }
        #expect(try fields.string("f") == "null")
        #expect(try fields.string("g") == "~")
        #expect(try fields.string("h") == "null")
        #expect(try fields.string("i") == "nullish")
    }
}
