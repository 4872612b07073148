import Clibgit2
import Foundation

/// Where the credentials for a remote come from. They are handed to libgit2 when the remote asks
/// and never written anywhere: not in the repository, its configuration or any catalog.
public struct Credentials: Sendable {
    /// A private key file for `ssh://` remotes; without one the ssh agent is asked.
    public var sshKey: URL?
    /// The key's passphrase, if it has one.
    public var sshPassphrase: String?
    /// A token for `https://` remotes (sent as the password).
    public var token: String?
    /// The user name sent with the token when the URL names none.
    public var tokenUser: String
    /// Ask git's credential helper (`git credential fill`) for `https://` remotes without a token.
    public var useCredentialHelper: Bool

    public init(sshKey: URL? = nil, sshPassphrase: String? = nil, token: String? = nil, tokenUser: String = "git",
                useCredentialHelper: Bool = true) {
        self.sshKey = sshKey
        self.sshPassphrase = sshPassphrase
        self.token = token
        self.tokenUser = tokenUser
        self.useCredentialHelper = useCredentialHelper
    }
}

/// What a transfer's callbacks share with the C side: the credentials, what was already offered
/// (libgit2 asks again after a refusal, so each source is offered once), and a push's statuses.
final class CallbackPayload {
    let credentials: Credentials
    let collector: PushCollector?
    var offered: Set<String> = []

    init(credentials: Credentials, collector: PushCollector? = nil) {
        self.credentials = credentials
        self.collector = collector
    }

    /// Points `callbacks` at this payload; it must outlive the transfer (`withExtendedLifetime`).
    func install(in callbacks: inout git_remote_callbacks) {
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.credentials = { out, url, usernameFromURL, allowed, payload in
            guard let out, let payload else { return GIT_PASSTHROUGH.rawValue }
            let box = Unmanaged<CallbackPayload>.fromOpaque(payload).takeUnretainedValue()
            return box.acquire(out, url: url.map { String(cString: $0) } ?? "",
                               user: usernameFromURL.map { String(cString: $0) }, allowed: allowed)
        }
    }

    private func acquire(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, url: String, user: String?,
                         allowed: UInt32) -> Int32 {
        func allows(_ type: git_credential_t) -> Bool { allowed & type.rawValue != 0 }
        func once(_ source: String) -> Bool { offered.insert(source).inserted }
        if allows(GIT_CREDENTIAL_SSH_KEY) {
            let name = user ?? "git"
            if let key = credentials.sshKey, once("ssh-key") {
                let publicKey = key.path + ".pub"
                return git_credential_ssh_key_new(out, name, FileManager.default.fileExists(atPath: publicKey) ? publicKey : nil,
                                                  key.path, credentials.sshPassphrase)
            }
            if credentials.sshKey == nil, once("ssh-agent") {
                return git_credential_ssh_key_from_agent(out, name)
            }
        }
        if allows(GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
            if let token = credentials.token, once("token") {
                return git_credential_userpass_plaintext_new(out, user ?? credentials.tokenUser, token)
            }
            if credentials.token == nil, credentials.useCredentialHelper, once("helper"),
               let (name, password) = CredentialHelper.fill(url: url, user: user) {
                return git_credential_userpass_plaintext_new(out, name, password)
            }
        }
        if allows(GIT_CREDENTIAL_USERNAME), once("username") {
            return git_credential_username_new(out, user ?? "git")
        }
        git_error_set_str(GIT_ERROR_NET.rawValue.asInt32,
                          "the remote refused every credential offered (\(offered.sorted().joined(separator: ", ")))")
        return GIT_EAUTH.rawValue
    }
}

private extension UInt32 {
    var asInt32: Int32 { Int32(bitPattern: self) }
}

/// Asks git's credential helper, as `git fetch` would, without ever prompting on the terminal.
enum CredentialHelper {
    static func fill(url: String, user: String?) -> (String, String)? {
        guard let parsed = URL(string: url), let scheme = parsed.scheme, let host = parsed.host else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "credential", "fill"]
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_ASKPASS"] = "/bin/false"
        process.environment = environment
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        var request = "protocol=\(scheme)\nhost=\(host)\(parsed.port.map { ":\($0)" } ?? "")\n"
        if !parsed.path.isEmpty { request += "path=\(parsed.path.dropFirst())\n" }
        if let user { request += "username=\(user)\n" }
        input.fileHandleForWriting.write(Data((request + "\n").utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        var values: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        guard let name = values["username"], let password = values["password"] else { return nil }
        return (name, password)
    }
}
