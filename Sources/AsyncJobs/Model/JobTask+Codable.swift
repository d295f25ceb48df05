import Foundation

extension JobTask: Codable {
    enum CodingKeys: String, CodingKey {
        case id, type, queue, dependencies
        case dependencyResults = "dependency_results"
        case loadDependencies = "load_dependencies"
        case payload, deadline
        case maxTries = "max_tries"
        case result, state, created, tried, tries
        case lastError = "last_err"
        case signature
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        type = try container.decode(String.self, forKey: .type)
        queue = try container.decodeIfPresent(String.self, forKey: .queue) ?? ""
        dependencies = try container.decodeIfPresent([String].self, forKey: .dependencies) ?? []
        dependencyResults = try container.decodeIfPresent([String: TaskResult].self, forKey: .dependencyResults) ?? [:]
        loadDependencies = try container.decodeIfPresent(Bool.self, forKey: .loadDependencies) ?? false
        if let base64 = try container.decodeIfPresent(String.self, forKey: .payload) {
            guard let bytes = Data(base64Encoded: base64) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .payload, in: container, debugDescription: "payload is not base64")
            }
            payload = bytes
        } else {
            payload = nil
        }
        deadline = try container.decodeIfPresent(Timestamp.self, forKey: .deadline)
        // Absent means 0 (no per-task limit), as Go decodes it.
        maxTries = try container.decodeIfPresent(Int.self, forKey: .maxTries) ?? 0
        result = try container.decodeIfPresent(TaskResult.self, forKey: .result)
        let stateName = try container.decode(String.self, forKey: .state)
        guard let decodedState = TaskState(name: stateName) else {
            throw DecodingError.dataCorruptedError(
                forKey: .state, in: container, debugDescription: "unknown task state \(stateName)")
        }
        state = decodedState
        created = try container.decode(Timestamp.self, forKey: .created)
        tried = try container.decodeIfPresent(Timestamp.self, forKey: .tried)
        tries = try container.decodeIfPresent(Int.self, forKey: .tries) ?? 0
        lastError = try container.decodeIfPresent(String.self, forKey: .lastError)
        signature = try container.decodeIfPresent(String.self, forKey: .signature)
    }

    /// Writes the fields in asyncjobs' order; empty optionals are omitted as Go's `omitempty` does, and
    /// `max_tries` 0 is omitted so that records written without it round-trip byte for byte.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(type, forKey: .type)
        try container.encode(queue, forKey: .queue)
        if !dependencies.isEmpty { try container.encode(dependencies, forKey: .dependencies) }
        if !dependencyResults.isEmpty { try container.encode(dependencyResults, forKey: .dependencyResults) }
        if loadDependencies { try container.encode(true, forKey: .loadDependencies) }
        if let payload { try container.encode(payload.base64EncodedString(), forKey: .payload) }
        else { try container.encodeNil(forKey: .payload) }
        try container.encodeIfPresent(deadline, forKey: .deadline)
        if maxTries != 0 { try container.encode(maxTries, forKey: .maxTries) }
        try container.encodeIfPresent(result, forKey: .result)
        try container.encode(state, forKey: .state)
        try container.encode(created, forKey: .created)
        try container.encodeIfPresent(tried, forKey: .tried)
        try container.encode(tries, forKey: .tries)
        if let lastError, !lastError.isEmpty { try container.encode(lastError, forKey: .lastError) }
        if let signature, !signature.isEmpty { try container.encode(signature, forKey: .signature) }
    }

    /// The compact wire JSON of this task, fields in asyncjobs' order (byte-compatible with its records).
    public var wireJSON: Data {
        var writer = JSONWriter()
        writeWire(to: &writer)
        return Data(writer.bytes)
    }

    /// Writes the wire object; `extra` may append more members (e.g. `attempts` for `ajc task view`).
    func writeWire(to writer: inout JSONWriter, extra: (inout JSONWriter) -> Void = { _ in }) {
        writer.beginObject()
        writer.key("id"); writer.string(id)
        writer.key("type"); writer.string(type)
        writer.key("queue"); writer.string(queue)
        if !dependencies.isEmpty {
            writer.key("dependencies")
            writer.beginArray()
            for dependency in dependencies { writer.string(dependency) }
            writer.endArray()
        }
        if !dependencyResults.isEmpty {
            // Sorted, as Go marshals a map.
            writer.key("dependency_results")
            writer.beginObject()
            for (id, result) in dependencyResults.sorted(by: { $0.key < $1.key }) {
                writer.key(id)
                result.write(to: &writer)
            }
            writer.endObject()
        }
        if loadDependencies { writer.key("load_dependencies"); writer.bool(true) }
        writer.key("payload")
        if let payload { writer.string(payload.base64EncodedString()) } else { writer.null() }
        if let deadline { writer.key("deadline"); writer.string(deadline.rfc3339) }
        if maxTries != 0 { writer.key("max_tries"); writer.integer(maxTries) }
        if let result {
            writer.key("result")
            result.write(to: &writer)
        }
        writer.key("state"); writer.string(state.rawValue)
        writer.key("created"); writer.string(created.rfc3339)
        if let tried { writer.key("tried"); writer.string(tried.rfc3339) }
        writer.key("tries"); writer.integer(tries)
        if let lastError, !lastError.isEmpty { writer.key("last_err"); writer.string(lastError) }
        if let signature, !signature.isEmpty { writer.key("signature"); writer.string(signature) }
        extra(&writer)
        writer.endObject()
    }
}
