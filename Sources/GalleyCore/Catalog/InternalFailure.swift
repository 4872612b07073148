import GitKit
import GRDB

/// An error from SQLite or libgit2 that no use case turned into a `GalleyError`: the command
/// line reports it with exit code 70 instead of letting it fall through as a generic failure.
public protocol InternalFailure: Error, CustomStringConvertible {}

extension DatabaseError: InternalFailure {}
extension GitError: InternalFailure {}
