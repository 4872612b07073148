import Foundation

/// What `index.html` shows of a story: the values a page template is given (docs/bundles.md
/// lists them), as the Mustache context a newsroom's own template renders, and written straight
/// into the built-in page.
///
/// The built-in page is the same text as the built-in template rendered by Mustache, byte for
/// byte (`ArticlePageTests` renders both), without building a `[String: Any]` context and
/// looking every name up in it: that rendering was 8% of `bundle --all`.
struct ArticlePage {
    struct DatelinePart {
        let text: String
        let datetime: String
    }

    struct Correction {
        let at: String
        let atLocal: String
        let note: String
    }

    struct Figure {
        let alt: String
        let creditLabel: String
        let src: String?
        let caption: String?
        let credit: String?
    }

    var headline: String
    var language: String
    var datelineParts: [DatelinePart]
    var bodyHTML: String
    var jsonLD: String
    var corrections: [Correction]
    var correctionsLabel: String
    var slug: String
    var revision: Int
    var wordCount: Int
    var preview: Bool
    var published: String?
    var updated: String?
    var byline: String?
    var section: String?
    var summary: String?
    var datelinePlace: String?
    var image: Figure?

    /// The context a Mustache template is rendered with. A value that is nil is left out, so a
    /// section on it is skipped (an empty text still opens its section, as Mustache does).
    var mustacheContext: [String: Any] {
        var context: [String: Any] = [
            "headline": headline,
            "language": language,
            "dateline_parts": datelineParts.map { ["text": $0.text, "datetime": $0.datetime] as [String: Any] },
            "body_html": bodyHTML,
            "json_ld": jsonLD,
            "corrections": corrections.map { ["at": $0.at, "at_local": $0.atLocal, "note": $0.note] as [String: Any] },
            "has_corrections": !corrections.isEmpty,
            "corrections_label": correctionsLabel,
            "slug": slug,
            "revision": revision,
            "word_count": wordCount,
            "preview": preview,
        ]
        context["published"] = published
        context["updated"] = updated
        context["byline"] = byline
        context["section"] = section
        context["summary"] = summary
        context["dateline_place"] = datelinePlace
        if let image {
            var figure: [String: Any] = ["alt": image.alt, "credit_label": image.creditLabel]
            figure["src"] = image.src
            figure["caption"] = image.caption
            figure["credit"] = image.credit
            context["image"] = figure
        }
        return context
    }

    /// `ArticleTemplate.builtIn`, rendered.
    func builtInHTML() -> String {
        var html = ""
        html.reserveCapacity(bodyHTML.utf8.count + jsonLD.utf8.count + 1024)
        func text(_ value: String) { HTML.append(escaping: value, to: &html) }
        /// An optional value's line: written, between `open` and `close`, only when there is one.
        func line(_ open: String, _ value: String?, _ close: String) {
            guard let value else { return }
            html += open
            text(value)
            html += close
        }
        /// A `<time>` element: the instant for machines, the text for readers.
        func time(_ datetime: String, _ shown: String) {
            html += "<time datetime=\""
            text(datetime)
            html += "\">"
            text(shown)
            html += "</time>"
        }
        html += "<!DOCTYPE html>\n<html lang=\""
        text(language)
        html += "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
        text(headline)
        html += "</title>\n"
        line("<meta name=\"description\" content=\"", summary, "\">\n")
        html += "<script type=\"application/ld+json\">"
        html += jsonLD
        html += "</script>\n</head>\n<body>\n"
        if preview {
            html += "<p class=\"preview\" role=\"status\">Preview of revision "
            text(String(revision))
            html += ": not published</p>\n"
        }
        html += "<article>\n<header>\n"
        line("<p class=\"section\">", section, "</p>\n")
        html += "<h1>"
        text(headline)
        html += "</h1>\n<p class=\"dateline\">"
        for part in datelineParts {
            time(part.datetime, part.text)
        }
        html += "</p>\n"
        line("<p class=\"byline\">", byline, "</p>\n")
        html += "</header>\n"
        if let image {
            html += "<figure>\n"
            if let src = image.src {
                html += "<img src=\""
                text(src)
                html += "\" alt=\""
                text(image.alt)
                html += "\">"
            }
            html += "\n<figcaption>"
            line("", image.caption, "")
            if let credit = image.credit {
                html += " <span class=\"credit\">"
                text(image.creditLabel)
                html += ": "
                text(credit)
                html += "</span>"
            }
            html += "</figcaption>\n</figure>\n"
        }
        html += "<div class=\"body\">\n"
        line("<p class=\"place\">", datelinePlace, "</p>\n")
        html += bodyHTML
        html += "\n</div>\n"
        if !corrections.isEmpty {
            html += "<aside class=\"corrections\">\n<h2>"
            text(correctionsLabel)
            html += "</h2>\n<ul>\n"
            for correction in corrections {
                html += "<li>"
                time(correction.at, correction.atLocal)
                html += ": "
                text(correction.note)
                html += "</li>\n"
            }
            html += "</ul>\n</aside>\n"
        }
        html += "</article>\n</body>\n</html>\n"
        return html
    }
}
