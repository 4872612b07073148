import Foundation

/// Reads an article scraped from a news site as text: drops the site's chrome, finds the
/// headline, the dateline line, the caption and credit, and the outlet prefix of the first paragraph.
public enum ScrapedText {
    /// Lines that are site chrome, not article (compared whole, ignoring case).
    public static let defaultBoilerplate = [
        "Iklan", "Advertisement", "Advertisment", "Ads", "Notification", "×", "x", "Share", "Bagikan", "Tweet", "Follow",
        "Ikuti", "Komentar", "Comments", "Loading...", "Scroll to continue with content", "Scroll untuk melanjutkan",
        "Berita Terkait", "Related", "Tags", "Tag", "Trending", "Terpopuler", "Populer",
    ]

    /// Chrome that starts a line and takes the rest of it (`Baca Juga: another headline`).
    public static let defaultBoilerplatePrefixes = [
        "Baca Juga", "Baca juga", "Berita Terbaru", "Read more", "Read also", "Also read", "Lihat juga", "Simak juga",
        "Simak Video", "ADVERTISEMENT", "Editor:", "Penulis:", "Copyright ©", "©",
    ]

    public static func parse(_ text: String, file: String, boilerplate: [String] = []) throws -> ImportedArticle {
        let exact = Set((defaultBoilerplate + boilerplate).map { $0.lowercased() })
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        lines.removeAll { line in
            exact.contains(line.lowercased())
                || defaultBoilerplatePrefixes.contains { line.hasPrefix($0 + " ") || line.hasPrefix($0 + ":") || line == $0 || ($0.hasSuffix(":") && line.hasPrefix($0)) }
        }
        guard !lines.isEmpty else {
            throw GalleyError.badInput("\(file): no article text found (only site boilerplate or empty lines)")
        }
        var headlineIndex = 0
        var times: (published: Date, updated: Date?)?
        if let datelineIndex = lines.prefix(8).firstIndex(where: { DatelineParser.parse($0) != nil }) {
            times = DatelineParser.parse(lines[datelineIndex])
            headlineIndex = max(0, datelineIndex - 1)
            lines.remove(at: datelineIndex)
        }
        let headline = lines.remove(at: headlineIndex)
        if headlineIndex > 0 { lines.removeFirst(headlineIndex) }
        guard headline.count <= StoryFile.maximumHeadlineLength else {
            throw GalleyError.badInput("\(file): the first line is \(headline.count) characters, too long for a headline; is this a scraped article? Put the headline alone on the first line")
        }
        var article = ImportedArticle(headline: headline, paragraphs: [])
        article.published = times?.published
        article.lastUpdated = times?.updated ?? times?.published
        if let first = lines.first, let (caption, credit) = captionAndCredit(first) {
            article.caption = caption
            article.credit = credit
            lines.removeFirst()
        }
        if let first = lines.first, let (source, rest) = outletPrefix(first) {
            article.dateline = source
            lines[0] = rest
        }
        article.paragraphs = lines
        guard !article.paragraphs.isEmpty else {
            throw GalleyError.badInput("\(file): a headline but no paragraphs were found; the article's text must follow its headline")
        }
        return article
    }

    /// `"Caption"/Foto : BBC`, `Caption. Foto: AFP`, `Photo: Reuters`.
    static func captionAndCredit(_ line: String) -> (String?, String)? {
        guard let match = line.range(of: #"\s*/?\s*(Foto|Photo|Gambar|Image|Sumber foto)\s*:\s*"#, options: [.regularExpression, .caseInsensitive]) else {
            return nil
        }
        let credit = line[match.upperBound...].trimmingCharacters(in: .whitespaces)
        var caption = line[..<match.lowerBound].trimmingCharacters(in: .whitespaces)
        for (open, close) in [("\"", "\""), ("“", "”"), ("'", "'")] where caption.hasPrefix(open) && caption.hasSuffix(close) && caption.count >= 2 {
            caption = String(caption.dropFirst().dropLast())
        }
        guard !credit.isEmpty, credit.count <= 80 else { return nil }
        return (caption.isEmpty ? nil : caption, credit)
    }

    /// `RADARDETIK.ID – Text`, `JAKARTA, KOMPAS.com - Text`: a mostly upper-case outlet or place
    /// before a dash, which becomes the dateline source.
    static func outletPrefix(_ line: String) -> (String, String)? {
        guard let dash = line.range(of: #"\s+[–—-]\s+"#, options: .regularExpression) else { return nil }
        let prefix = line[..<dash.lowerBound].trimmingCharacters(in: .whitespaces)
        let rest = line[dash.upperBound...].trimmingCharacters(in: .whitespaces)
        let upper = prefix.filter(\.isUppercase).count
        let lower = prefix.filter(\.isLowercase).count
        guard !prefix.isEmpty, prefix.count <= 60, upper >= 2, upper >= lower, !rest.isEmpty else { return nil }
        return (prefix, rest)
    }
}
