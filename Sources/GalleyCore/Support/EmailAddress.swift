/// Checks the shape of the email addresses that identify people in the newsroom and in git.
public enum EmailAddress {
    /// Returns the address, or throws naming what is wrong with it.
    public static func validate(_ text: String) throws -> String {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        let problem: String?
        if text.isEmpty { problem = "it is empty" }
        else if parts.count != 2 || parts[0].isEmpty || parts[1].isEmpty { problem = "it needs one '@' with text on both sides" }
        else if text.contains(where: { $0.isWhitespace || $0.isNewline || "<>,;\"".contains($0) }) { problem = "it may not contain spaces, quotes, commas or angle brackets" }
        else if text.count > 254 { problem = "it is longer than 254 characters" }
        else { problem = nil }
        if let problem {
            throw GalleyError.badInput("'\(text)' is not an email address: \(problem); write it like rina@radardetik.id")
        }
        return text
    }
}
