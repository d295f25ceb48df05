import NATS

/// A KV bucket on JetStream: keys are subjects `$KV.<bucket>.<key>` of the stream `KV_<bucket>`, a key's
/// revision is the stream sequence of its last write, and deletes are marker messages.
///
/// Writes are stream publishes with expectations, so ``create(_:value:)`` and ``update(_:value:revision:)``
/// are compare-and-set operations (the basis of leader elections).
public final class KeyValueBucket: Sendable {
    /// The bucket's name.
    public let name: String
    /// The backing stream's name, `KV_<name>`.
    public let streamName: String
    /// Whether the backing stream answers direct gets (buckets made by nats.go and by this library do).
    public let allowsDirect: Bool
    let context: JetStreamContext

    init(context: JetStreamContext, name: String, allowsDirect: Bool) {
        self.context = context
        self.name = name
        self.streamName = "KV_\(name)"
        self.allowsDirect = allowsDirect
    }

    /// The current entry of `key`, or nil when it was never written, was deleted or purged, or expired.
    public func get(_ key: String) async throws -> KeyValueEntry? {
        guard let entry = try await latestEntry(key), entry.operation == .put else { return nil }
        return entry
    }

    /// The latest revision of `key` including delete and purge markers, or nil when there is none.
    public func latestEntry(_ key: String) async throws -> KeyValueEntry? {
        try Self.validateKey(key)
        let subject = subject(for: key)
        let message: StreamMessage? = allowsDirect
            ? try await context.directMessage(stream: streamName, lastBySubject: subject)
            : try await context.lastMessage(stream: streamName, subject: subject)
        return message.map { entry(key: key, from: $0) }
    }

    /// Writes `value` and returns the key's new revision.
    @discardableResult
    public func put(_ key: String, value: [UInt8]) async throws -> UInt64 {
        try Self.validateKey(key)
        return try await context.publish(subject(for: key), payload: value).sequence
    }

    /// Writes `value` only if `key` has no value (never written, deleted, purged or expired); otherwise throws
    /// ``JetStreamError/keyExists(bucket:key:)``. Returns the new revision.
    @discardableResult
    public func create(_ key: String, value: [UInt8]) async throws -> UInt64 {
        do {
            return try await update(key, value: value, revision: 0)
        } catch let error as JetStreamError where error.isWrongLastSequence {
            // A delete or purge marker is the key's last message, so "no message yet" fails against it; the key
            // is still free, and a write expecting the marker's revision claims it.
            if let marker = try await latestEntry(key), marker.operation != .put {
                do {
                    return try await update(key, value: value, revision: marker.revision)
                } catch let retry as JetStreamError where retry.isWrongLastSequence {
                    throw JetStreamError.keyExists(bucket: name, key: key)
                }
            }
            throw JetStreamError.keyExists(bucket: name, key: key)
        }
    }

    /// Writes `value` only if the key's last revision is `revision` (0: the key was never written); a lost race
    /// throws an API error with ``JetStreamError/isWrongLastSequence`` true. Returns the new revision.
    @discardableResult
    public func update(_ key: String, value: [UInt8], revision: UInt64) async throws -> UInt64 {
        try Self.validateKey(key)
        let options = PublishOptions(expectedLastSubjectSequence: revision)
        return try await context.publish(subject(for: key), payload: value, options: options).sequence
    }

    /// Marks `key` deleted; its history (if the bucket keeps any) remains until purged.
    public func delete(_ key: String) async throws {
        try Self.validateKey(key)
        try await context.publish(subject(for: key), payload: [], headers: ["KV-Operation": "DEL"])
    }

    /// Removes `key`'s history, leaving one purge marker.
    public func purge(_ key: String) async throws {
        try Self.validateKey(key)
        try await context.publish(subject(for: key), payload: [], headers: ["KV-Operation": "PURGE", "Nats-Rollup": "sub"])
    }

    /// Every key that currently has a value.
    public func keys() async throws -> [String] {
        let watcher = try await watch(headersOnly: true)
        var keys: [String] = []
        for try await event in watcher {
            switch event {
            case .entry(let entry) where entry.operation == .put: keys.append(entry.key)
            case .entry: continue
            case .caughtUp:
                await watcher.stop()
                return keys
            }
        }
        return keys
    }

    /// Watches keys matching `keys` (a subject pattern under the bucket, `>` for all): first the current entry of
    /// each (or, with `includeHistory`, every kept revision), then ``KeyValueWatchEvent/caughtUp``, then every
    /// change as it happens.
    public func watch(keys: String = ">", includeHistory: Bool = false, headersOnly: Bool = false) async throws -> KeyValueWatcher {
        try KeyValueWatcher.start(bucket: self, filter: subject(for: keys), includeHistory: includeHistory,
                                  headersOnly: headersOnly)
    }

    func subject(for key: String) -> String { "$KV.\(name).\(key)" }

    /// The entry a stored KV message stands for.
    func entry(key: String, from message: StreamMessage) -> KeyValueEntry {
        KeyValueEntry(bucket: name, key: key, value: message.payload, revision: message.sequence,
                      operation: Self.operation(message.headers), created: message.time)
    }

    static func operation(_ headers: NATSHeaders?) -> KeyValueEntry.Operation {
        headers?["KV-Operation"].flatMap(KeyValueEntry.Operation.init(rawValue:)) ?? .put
    }

    /// Keys are subject tokens of `[-/_=.a-zA-Z0-9]`, not starting or ending with `.`.
    static func validateKey(_ key: String) throws {
        let allowed = key.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-/_=.".unicodeScalars.contains(scalar))
        }
        guard !key.isEmpty, allowed, !key.hasPrefix("."), !key.hasSuffix(".") else {
            throw JetStreamError.invalidArgument("KV key \"\(key)\" must be letters, digits and -/_=. without a leading or trailing dot")
        }
    }

    /// Bucket names are `[a-zA-Z0-9_-]+`.
    static func validateBucket(_ name: String) throws {
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-")
        }
        guard !name.isEmpty, allowed else {
            throw JetStreamError.invalidArgument("KV bucket name \"\(name)\" must be letters, digits, _ and -")
        }
    }
}
