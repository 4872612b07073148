import Foundation
@testable import GitKit
import Testing

/// libgit2's CA bundle is parsed once, when a network operation first asks for it
/// (`Library.ensureCertificatesLoaded`), not when libgit2 starts. CertificateLoadingTests (end to
/// end, with strace) shows which commands open the file.
@Suite struct CertificatesTests {
    @Test func theCABundleIsParsedOnceWhenFirstAskedFor() throws {
        Library.ensureInitialized()
        guard let path = Library.deferredCertificatesPath else {
            // A libgit2 built with OpenSSL (or with no bundle at its built-in place) asks for none.
            #expect(Library.certificateParseCount == 0)
            return
        }
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: path, isDirectory: &isFolder))
        try Library.ensureCertificatesLoaded()
        // Exactly one real parse in this process, whichever test asked first; asking again parses nothing.
        #expect(Library.certificateParseCount == 1)
        try Library.ensureCertificatesLoaded()
        #expect(Library.certificateParseCount == 1)
    }
}
