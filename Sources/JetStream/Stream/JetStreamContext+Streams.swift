/// Stream management: create, update, info, delete, purge, and the paged names and list.
extension JetStreamContext {
    /// Creates a stream. An identical existing stream is returned as is (`didCreate == false`); one with a
    /// different configuration fails with 10058.
    @discardableResult
    public func createStream(_ config: StreamConfig) async throws -> StreamInfo {
        try validateName(config.name, what: "stream name")
        return try await call(subjects.streamCreate(config.name), body: config)
    }

    /// Replaces a stream's configuration (send the whole config, not a delta).
    @discardableResult
    public func updateStream(_ config: StreamConfig) async throws -> StreamInfo {
        try validateName(config.name, what: "stream name")
        return try await call(subjects.streamUpdate(config.name), body: config)
    }

    /// The stream's configuration and state; 10059 when it does not exist.
    public func streamInfo(_ name: String) async throws -> StreamInfo {
        try validateName(name, what: "stream name")
        return try await call(subjects.streamInfo(name))
    }

    /// The stream's info, or nil when no such stream exists.
    public func streamInfoIfExists(_ name: String) async throws -> StreamInfo? {
        do {
            return try await streamInfo(name)
        } catch JetStreamError.api(let error) where error.errCode == JetStreamErrorCode.streamNotFound {
            return nil
        }
    }

    /// Deletes a stream and everything in it.
    public func deleteStream(_ name: String) async throws {
        try validateName(name, what: "stream name")
        let reply: SuccessResponse = try await call(subjects.streamDelete(name))
        guard reply.success else { throw JetStreamError.invalidResponse("stream delete of \(name) did not succeed") }
    }

    /// Removes messages from a stream: all, or only those on `subject`, or those below sequence `upTo`, or all
    /// but the newest `keep`. Returns how many were removed.
    @discardableResult
    public func purgeStream(_ name: String, subject: String? = nil, upTo sequence: UInt64? = nil,
                            keep: UInt64? = nil) async throws -> UInt64 {
        try validateName(name, what: "stream name")
        if sequence != nil, keep != nil {
            throw JetStreamError.invalidArgument("purge takes a sequence or a keep count, not both")
        }
        let request = StreamPurgeRequest(filter: subject, seq: sequence, keep: keep)
        let reply: StreamPurgeResponse = try await call(subjects.streamPurge(name), body: request)
        return reply.purged
    }

    /// The names of every stream (optionally only those capturing `subject`), fetched page by page.
    public func streamNames(subject: String? = nil) async throws -> [String] {
        try await allPages(subjects.streamNames, subject: subject, of: String.self)
    }

    /// The info of every stream (optionally only those capturing `subject`), fetched page by page.
    public func streams(subject: String? = nil) async throws -> [StreamInfo] {
        try await allPages(subjects.streamList, subject: subject, of: StreamInfo.self)
    }

    /// Requests pages until the server has sent `total` items.
    func allPages<Item: Decodable>(_ subject: String, subject filter: String? = nil, of: Item.Type) async throws -> [Item] {
        var items: [Item] = []
        while true {
            let page: APIPage<Item> = try await call(subject, body: APIPageRequest(offset: items.count, subject: filter))
            items += page.items
            if !page.hasMore { return items }
        }
    }

    /// Refuses names the server would misroute: stream and consumer names are one subject token.
    func validateName(_ name: String, what: String) throws {
        let forbidden: Set<Character> = [".", "*", ">", " ", "\t", "\r", "\n"]
        guard !name.isEmpty, !name.contains(where: forbidden.contains) else {
            throw JetStreamError.invalidArgument("\(what) \"\(name)\" is empty or holds . * > or whitespace")
        }
    }
}
