import Foundation
import NATS

/// Which NATS server a program's JetStream store lives on, as `ajc` and `ajtop` take it: `--nats URL`,
/// `--context NAME` (a NATS CLI context, as asyncjobs' `ajc --context`), or a `nats://` / `tls://` URL given
/// where a store path goes (`--store`, `AJ_STORE`). Anything else means the SQLite store.
public struct JetStreamStoreAddress: Sendable, Equatable {
    /// Where the connection settings come from.
    public enum Source: Sendable, Equatable {
        /// Server URLs (comma-separated for a cluster), credentials allowed in the URL.
        case url(String)
        /// A NATS CLI context by name.
        case context(String)
    }

    /// Where the connection settings come from.
    public let source: Source

    /// An address from `source`.
    public init(source: Source) {
        self.source = source
    }

    /// How a program names the store in its output: the URL without credentials, or `context NAME`.
    public var label: String {
        switch source {
        case .url(let url): Self.withoutCredentials(url)
        case .context(let name): "NATS context \(name)"
        }
    }

    /// Whether `text` names a NATS server rather than a file.
    public static func isServerURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("nats://") || lower.hasPrefix("tls://")
    }

    /// The address chosen by `--nats`, `--context`, `--store` and `AJ_STORE`, in that order, or nil for the
    /// SQLite store. Giving two of `--nats`, `--context` and a `--store` value is an error: each names a
    /// different store.
    public static func resolve(nats: String?, context: String?, store: String?,
                               environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(JetStreamStoreAddressError) -> JetStreamStoreAddress? {
        let given = [(nats, "--nats"), (context, "--context"), (store, "--store")].filter { $0.0 != nil }.map(\.1)
        if given.count > 1 {
            throw .conflicting("\(given.joined(separator: " and ")) each name a store; give one")
        }
        if let nats {
            guard !nats.isEmpty else { throw .invalid("--nats: the URL is empty") }
            return JetStreamStoreAddress(source: .url(nats))
        }
        if let context {
            guard !context.isEmpty else { throw .invalid("--context: the name is empty") }
            return JetStreamStoreAddress(source: .context(context))
        }
        if let store { return isServerURL(store) ? JetStreamStoreAddress(source: .url(store)) : nil }
        if let fromEnvironment = environment["AJ_STORE"], isServerURL(fromEnvironment) {
            return JetStreamStoreAddress(source: .url(fromEnvironment))
        }
        return nil
    }

    /// Connection options for this address; a missing or unreadable context is an error naming it.
    public func options(name: String) throws -> NATSOptions {
        var options: NATSOptions
        switch source {
        case .url(let url):
            options = NATSOptions(servers: url.split(separator: ",").map { String($0) })
        case .context(let context):
            options = try NATSOptions.context(named: context)
        }
        options.name = name
        return options
    }

    /// `nats://user:secret@host:4222` → `nats://host:4222`, so a header or log line never shows a secret.
    static func withoutCredentials(_ url: String) -> String {
        url.split(separator: ",").map { server -> String in
            guard let scheme = server.range(of: "://"), let at = server.lastIndex(of: "@"), at > scheme.upperBound else {
                return String(server)
            }
            return String(server[..<scheme.upperBound]) + String(server[server.index(after: at)...])
        }.joined(separator: ",")
    }
}

/// Why the store's address could not be decided.
public enum JetStreamStoreAddressError: Error, CustomStringConvertible, Equatable {
    case conflicting(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .conflicting(let text), .invalid(let text): text
        }
    }
}
