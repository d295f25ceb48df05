/// Consumer management in both API forms: 2.10+ servers get `action` and `filter_subjects`; 2.9 servers get
/// the named create with the filter in the subject, and the `action` checks done by the client, because 2.9
/// silently ignores `action` (a "create" would update an existing consumer).
extension JetStreamContext {
    /// Creates a consumer, or an ephemeral one when the config has neither `name` nor `durableName`.
    ///
    /// `action` decides what happens to an existing consumer of that name: ``ConsumerCreateAction/create``
    /// fails with 10148 (on 2.9 the client checks with an info first and reports the same code),
    /// ``ConsumerCreateAction/update`` fails with 10149 when it does not exist, and the default replaces it.
    @discardableResult
    public func createConsumer(stream: String, config: ConsumerConfig,
                               action: ConsumerCreateAction = .createOrUpdate) async throws -> ConsumerInfo {
        try validateName(stream, what: "stream name")
        var config = config
        if config.name == nil { config.name = config.durableName }
        guard let name = config.name else {
            guard action == .createOrUpdate else {
                throw JetStreamError.invalidArgument("an ephemeral consumer has no name to create or update by")
            }
            return try await call(subjects.consumerCreateEphemeral(stream),
                                  body: ConsumerCreateRequest(streamName: stream, config: config))
        }
        try validateName(name, what: "consumer name")
        if let durable = config.durableName, durable != name {
            throw JetStreamError.invalidArgument("durable name \(durable) differs from consumer name \(name)")
        }
        if serverVersion >= .twoTen {
            let filter = (config.filterSubjects?.count ?? 0) == 0 ? config.filterSubject : nil
            return try await call(subjects.consumerCreate(stream, name: name, filter: filter),
                                  body: ConsumerCreateRequest(streamName: stream, config: config, action: action.rawValue))
        }
        return try await createConsumerOnTwoNine(stream: stream, name: name, config: config, action: action)
    }

    /// Updates an existing consumer's configuration; 10149 when it does not exist.
    @discardableResult
    public func updateConsumer(stream: String, config: ConsumerConfig) async throws -> ConsumerInfo {
        try await createConsumer(stream: stream, config: config, action: .update)
    }

    /// The consumer's configuration and state; 10014 when it does not exist.
    public func consumerInfo(stream: String, name: String) async throws -> ConsumerInfo {
        try validateName(stream, what: "stream name")
        try validateName(name, what: "consumer name")
        return try await call(subjects.consumerInfo(stream, name: name))
    }

    /// The consumer's info, or nil when no such consumer exists.
    public func consumerInfoIfExists(stream: String, name: String) async throws -> ConsumerInfo? {
        do {
            return try await consumerInfo(stream: stream, name: name)
        } catch JetStreamError.api(let error) where error.errCode == JetStreamErrorCode.consumerNotFound {
            return nil
        }
    }

    /// Deletes a consumer; its pending pulls end with `409 Consumer Deleted`.
    public func deleteConsumer(stream: String, name: String) async throws {
        try validateName(stream, what: "stream name")
        try validateName(name, what: "consumer name")
        let reply: SuccessResponse = try await call(subjects.consumerDelete(stream, name: name))
        guard reply.success else { throw JetStreamError.invalidResponse("consumer delete of \(name) did not succeed") }
    }

    /// The names of every consumer of `stream`, fetched page by page.
    public func consumerNames(stream: String) async throws -> [String] {
        try validateName(stream, what: "stream name")
        return try await allPages(subjects.consumerNames(stream), of: String.self)
    }

    /// The info of every consumer of `stream`, fetched page by page.
    public func consumers(stream: String) async throws -> [ConsumerInfo] {
        try validateName(stream, what: "stream name")
        return try await allPages(subjects.consumerList(stream), of: ConsumerInfo.self)
    }

    /// 2.9: one filter at most, carried in the subject; `action` enforced by an info first.
    private func createConsumerOnTwoNine(stream: String, name: String, config: ConsumerConfig,
                                         action: ConsumerCreateAction) async throws -> ConsumerInfo {
        var config = config
        if let filters = config.filterSubjects, !filters.isEmpty {
            guard filters.count == 1, config.filterSubject == nil else {
                throw JetStreamError.unsupportedByServer("several filter subjects need nats-server 2.10 (this is \(serverVersion))")
            }
            config.filterSubject = filters[0]
            config.filterSubjects = nil
        }
        switch action {
        case .createOrUpdate:
            break
        case .create:
            if try await consumerInfoIfExists(stream: stream, name: name) != nil {
                throw JetStreamError.api(JetStreamAPIError(
                    code: 400, errCode: JetStreamErrorCode.consumerAlreadyExists,
                    description: "consumer already exists (checked by the client: 2.9 ignores action)"))
            }
        case .update:
            if try await consumerInfoIfExists(stream: stream, name: name) == nil {
                throw JetStreamError.api(JetStreamAPIError(
                    code: 400, errCode: JetStreamErrorCode.consumerDoesNotExist,
                    description: "consumer does not exist (checked by the client: 2.9 ignores action)"))
            }
        }
        return try await call(subjects.consumerCreate(stream, name: name, filter: config.filterSubject),
                              body: ConsumerCreateRequest(streamName: stream, config: config))
    }
}
