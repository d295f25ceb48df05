import Foundation

/// A NATS CLI context (`nats context save`), the JSON file `ajc --context` and `nats --context` read.
///
/// Contexts live in `$XDG_CONFIG_HOME/nats/context/NAME.json` (or `~/.config/nats/context/NAME.json`), and the
/// selected one's name is in `nats/context.txt` beside that folder.
public struct NATSContext: Sendable, Equatable, Decodable {
    public var description: String?
    /// One or more server URLs, comma-separated.
    public var url: String?
    public var user: String?
    public var password: String?
    public var token: String?
    /// Path to a `.creds` file.
    public var creds: String?
    /// Path to a file holding an NKey seed.
    public var nkey: String?
    public var cert: String?
    public var key: String?
    public var ca: String?
    public var inboxPrefix: String?
    public var jetStreamDomain: String?
    public var jetStreamAPIPrefix: String?

    enum CodingKeys: String, CodingKey {
        case description, url, user, password, token, creds, nkey, cert, key, ca
        case inboxPrefix = "inbox_prefix", jetStreamDomain = "jetstream_domain", jetStreamAPIPrefix = "jetstream_api_prefix"
    }

    /// Where contexts live for `environment` (`XDG_CONFIG_HOME`, else `HOME/.config`).
    public static func directory(environment: [String: String]) -> URL {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("nats")
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".config/nats")
    }

    /// Loads context `name`, or the selected one (`context.txt`) when `name` is nil.
    public static func load(named name: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (name: String, context: NATSContext) {
        let directory = directory(environment: environment)
        let chosen: String
        if let name, !name.isEmpty {
            chosen = name
        } else {
            let selection = directory.appendingPathComponent("context.txt")
            guard let text = try? String(contentsOf: selection, encoding: .utf8),
                  !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw NATSError.invalidArgument("no NATS context selected (\(selection.path) is missing or empty)")
            }
            chosen = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard !chosen.contains("/"), !chosen.hasPrefix(".") else {
            throw NATSError.invalidArgument("bad NATS context name '\(chosen)'")
        }
        let file = directory.appendingPathComponent("context/\(chosen).json")
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw NATSError.invalidArgument("NATS context '\(chosen)' not found at \(file.path)")
        }
        do {
            return (chosen, try JSONDecoder().decode(NATSContext.self, from: data))
        } catch {
            throw NATSError.invalidArgument("NATS context file \(file.path) is not valid: \(error)")
        }
    }

    /// The client options this context describes. Empty strings count as unset, as the NATS CLI writes them.
    public func options() throws -> NATSOptions {
        var options = NATSOptions()
        if let url = url.nonEmpty {
            options.servers = url.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        if let creds = creds.nonEmpty {
            options.auth = .credsFile(path: (creds as NSString).expandingTildeInPath)
        } else if let nkey = nkey.nonEmpty {
            let path = (nkey as NSString).expandingTildeInPath
            guard let seed = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw NATSError.auth("cannot read the NKey seed file \(path)")
            }
            options.auth = .nkeySeed(seed.trimmingCharacters(in: .whitespacesAndNewlines))
        } else if let user = user.nonEmpty {
            options.auth = .userPassword(user: user, password: password ?? "")
        } else if let token = token.nonEmpty {
            options.auth = .token(token)
        }
        if cert.nonEmpty != nil || key.nonEmpty != nil || ca.nonEmpty != nil {
            options.tls = NATSTLSOptions(caFile: ca.nonEmpty, certificateFile: cert.nonEmpty, keyFile: key.nonEmpty)
        }
        if let inboxPrefix = inboxPrefix.nonEmpty { options.inboxPrefix = inboxPrefix }
        return options
    }
}

extension NATSOptions {
    /// Options from NATS CLI context `name`, or from the selected context when `name` is nil.
    public static func context(named name: String?) throws -> NATSOptions {
        try NATSContext.load(named: name).context.options()
    }
}

extension Optional where Wrapped == String {
    /// The string unless it is nil or empty.
    fileprivate var nonEmpty: String? {
        guard let self, !self.isEmpty else { return nil }
        return self
    }
}
