import Foundation
@testable import GitKit
import Testing

/// Whether the libgit2 this test runner links loads mbedTLS's X.509 library (Debian's does).
private let libgit2UsesMbedTLS: Bool = {
    // Read to the end: /proc files report a size of 0, which whole-file readers trust.
    guard let handle = FileHandle(forReadingAtPath: "/proc/self/maps"), let maps = try? handle.readToEnd() else { return false }
    return String(decoding: maps, as: UTF8.self).contains("libmbedx509")
}()

/// libgit2's CA bundle is loaded once, when a network operation first asks for it
/// (`Library.ensureCertificatesLoaded`), not when libgit2 starts. CertificateLoadingTests (end to
/// end, with strace) shows which commands open the file.
@Suite(.enabled(if: libgit2UsesMbedTLS, "libgit2 here is not built with mbedTLS: nothing is postponed"))
struct CertificatesTests {
    @Test func theCABundleIsLoadedOnceWhenFirstAskedFor() throws {
        Library.ensureInitialized()
        // libgit2's start-up call reached the executable's function (the interposition works)
        // and named its bundle, which exists.
        let path = try #require(Library.deferredCertificatesPath)
        #expect(FileManager.default.fileExists(atPath: path))
        Library.ensureCertificatesLoaded()
        // Loaded exactly once in this process, whichever test asked first; asking again loads nothing.
        #expect(Library.certificateLoadCount == 1)
        Library.ensureCertificatesLoaded()
        #expect(Library.certificateLoadCount == 1)
    }
}
