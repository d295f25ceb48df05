import AsyncJobs
import Foundation

extension APIResponder {
    func listQueues() async throws -> HTTPResponse {
        let summaries = try await store.summaries()
        let queues = try summaries.map { try JSONValue(encoding: $0) }
        return .json(.ok, JSONValue.object(["queues": .array(queues)]).jsonData)
    }

    func getQueue(_ name: String) async throws -> HTTPResponse {
        .json(.ok, try JSONValue(encoding: try await QueueInfo.read(queue: name, from: store, now: clock.now())).jsonData)
    }

    func createQueue(_ request: HTTPRequest) async throws -> HTTPResponse {
        let fields = try JSONObjectReader(body: request.body, allowed: [
            "name", "max_age", "max_entries", "discard_old", "max_tries", "max_runtime", "max_concurrent", "paused",
        ])
        guard let name = try fields.string("name") else { throw APIError.invalid("name is required", reason: "required", field: "name") }
        // As in asyncjobs, 0 (or absent) means the default for MaxConcurrent, MaxRunTime and MaxTries.
        var queue = Queue(name: name)
        if let value = try fields.integer("max_concurrent", in: 0...APIFormats.maxInteger), value != 0 { queue.maxConcurrent = value }
        if let value = try fields.duration("max_runtime"), value != .zero { queue.maxRunTime = value }
        if let value = try fields.integer("max_tries", in: -1...APIFormats.maxInteger), value != 0 { queue.maxTries = value }
        if let value = try fields.duration("max_age") { queue.maxAge = value }
        if let value = try fields.integer("max_entries", in: 0...APIFormats.maxInteger) { queue.maxEntries = value }
        if let value = try fields.bool("discard_old") { queue.discardOld = value }
        if let value = try fields.bool("paused") { queue.paused = value }
        try queue.validate()
        try await store.createQueue(queue)
        var response = HTTPResponse.json(.created, try JSONValue(encoding: try await store.summary(queue: name)).jsonData)
        response.headers.add(name: "Location", value: "/v1/queues/\(name)")
        return response
    }

    func deleteQueue(_ name: String) async throws -> HTTPResponse {
        _ = try await store.queue(named: name)
        try await store.removeQueue(name)
        return HTTPResponse(status: .noContent)
    }

    func purgeQueue(_ name: String) async throws -> HTTPResponse {
        let purged = try await store.purgeQueue(name)
        return .json(.accepted, JSONValue.object(["purged": .integer(Int64(purged))]).jsonData)
    }
}
