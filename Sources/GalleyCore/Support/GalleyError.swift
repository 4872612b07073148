import Foundation

/// Everything that can go wrong in a use case, each with a message for the person at the terminal
/// (what was wrong, what to do) and the `sysexits.h` code the command exits with.
public enum GalleyError: Error, Equatable, CustomStringConvertible {
    /// The command was used wrongly (EX_USAGE, 64).
    case usage(String)
    /// The input data is malformed: front matter, UTF-8, a slug, a workflow file (EX_DATAERR, 65).
    case badInput(String)
    /// No such story, revision, person, file or newsroom (EX_NOINPUT, 66).
    case notFound(String)
    /// A git remote could not be reached (EX_UNAVAILABLE, 69).
    case unavailable(String)
    /// An output file or folder could not be created (EX_CANTCREAT, 73).
    case cannotCreate(String)
    /// Someone else changed the story or the newsroom first: retry (EX_TEMPFAIL, 75).
    case conflict(String)
    /// The acting person may not do this (EX_NOPERM, 77).
    case notPermitted(String)
    /// An internal failure: a bug or a broken repository (EX_SOFTWARE, 70).
    case internalFailure(String)

    /// The process exit code for this error, from `sysexits.h`.
    public var exitCode: Int32 {
        switch self {
        case .usage: return 64
        case .badInput: return 65
        case .notFound: return 66
        case .unavailable: return 69
        case .internalFailure: return 70
        case .cannotCreate: return 73
        case .conflict: return 75
        case .notPermitted: return 77
        }
    }

    public var message: String {
        switch self {
        case .usage(let m), .badInput(let m), .notFound(let m), .unavailable(let m),
             .cannotCreate(let m), .conflict(let m), .notPermitted(let m), .internalFailure(let m):
            return m
        }
    }

    public var description: String { message }
}
