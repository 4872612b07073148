import Foundation
import Mustache

/// The Mustache template that turns a story into `index.html`. The built-in one can be replaced
/// by a newsroom's own `templates/article.mustache`; docs/bundles.md lists every variable.
public struct ArticleTemplate: Sendable {
    /// Where a newsroom puts its own template, relative to the newsroom root.
    public static let overridePath = "templates/article.mustache"

    let template: MustacheTemplate
    /// Where the template came from, for messages.
    public let source: String
    /// True for the built-in template, which is written without Mustache (`ArticlePage`).
    let isBuiltIn: Bool

    /// The newsroom's committed override when there is one, else the built-in template.
    public init(override data: Data?) throws {
        if let data {
            try self.init(text: try TextValidation.decodeUTF8(data, file: ArticleTemplate.overridePath), source: ArticleTemplate.overridePath)
        } else {
            try self.init(text: ArticleTemplate.builtIn, source: "the built-in template")
        }
    }

    public init(text: String, source: String) throws {
        isBuiltIn = text == ArticleTemplate.builtIn
        do {
            template = try MustacheTemplate(string: text)
        } catch {
            let reason = String(describing: error)
            throw GalleyError.badInput("\(source) is not a valid Mustache template (\(reason)); fix it, or delete it to use the built-in one")
        }
        self.source = source
    }

    func render(_ page: ArticlePage) -> String {
        isBuiltIn ? page.builtInHTML() : template.render(page.mustacheContext)
    }

    /// The built-in article page: semantic HTML5, the dateline exactly as the newsroom formats it,
    /// machine-readable times, the lead image with caption and credit, corrections, JSON-LD.
    public static let builtIn = """
        <!DOCTYPE html>
        <html lang="{{language}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{headline}}</title>
        {{#summary}}<meta name="description" content="{{summary}}">
        {{/summary}}<script type="application/ld+json">{{{json_ld}}}</script>
        </head>
        <body>
        {{#preview}}<p class="preview" role="status">Preview of revision {{revision}}: not published</p>
        {{/preview}}<article>
        <header>
        {{#section}}<p class="section">{{section}}</p>
        {{/section}}<h1>{{headline}}</h1>
        <p class="dateline">{{#dateline_parts}}<time datetime="{{datetime}}">{{text}}</time>{{/dateline_parts}}</p>
        {{#byline}}<p class="byline">{{byline}}</p>
        {{/byline}}</header>
        {{#image}}<figure>
        {{#src}}<img src="{{src}}" alt="{{alt}}">{{/src}}
        <figcaption>{{caption}}{{#credit}} <span class="credit">{{credit_label}}: {{credit}}</span>{{/credit}}</figcaption>
        </figure>
        {{/image}}<div class="body">
        {{#dateline_place}}<p class="place">{{dateline_place}}</p>
        {{/dateline_place}}{{{body_html}}}
        </div>
        {{#has_corrections}}<aside class="corrections">
        <h2>{{corrections_label}}</h2>
        <ul>
        {{#corrections}}<li><time datetime="{{at}}">{{at_local}}</time>: {{note}}</li>
        {{/corrections}}</ul>
        </aside>
        {{/has_corrections}}</article>
        </body>
        </html>

        """
}
