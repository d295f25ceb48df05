import Foundation

extension JobTask {
    /// Decodes asyncjobs' task JSON as `JSONDecoder` decodes `JobTask`, many times faster: the common forms
    /// are read straight from the bytes (``JSONScanner``), and a record with anything else (a fractional
    /// number in a result, a repeated member, an unknown state …) goes through `JSONDecoder`, which also
    /// gives the error of a record that is not a task. A store reading every record at open spends most of
    /// its time here.
    public init(wireJSON bytes: [UInt8]) throws {
        self = try Self.scanned(wireJSON: bytes) ?? Self.wireDecoder.decode(JobTask.self, from: Data(bytes))
    }

    /// The task read by the scanner alone; nil when it leaves the record to `JSONDecoder`.
    static func scanned(wireJSON bytes: [UInt8]) -> JobTask? {
        var scanner = JSONScanner(bytes)
        guard let task = try? scan(&scanner), (try? scanner.expectEnd()) != nil else { return nil }
        return task
    }

    /// The full decoder, for what the scanner leaves to it.
    private static let wireDecoder = JSONDecoder()

    /// Reads the members ``init(from:)`` reads, with the same defaults for absent and null ones.
    private static func scan(_ scanner: inout JSONScanner) throws(JSONScanner.Unusual) -> JobTask {
        var task = JobTask(id: "", type: "", queue: "", maxTries: 0)
        var seen = WireMembers()
        var state: TaskState?
        var created: Timestamp?
        try scanner.object { (scanner, key) throws(JSONScanner.Unusual) in
            let member = WireMembers(key)
            // A repeated member is JSONDecoder's to judge.
            guard seen.isDisjoint(with: member) else { throw JSONScanner.Unusual() }
            seen.formUnion(member)
            switch member {
            case .id: task.id = try scanner.string()
            case .type: task.type = try scanner.string()
            case .queue: task.queue = scanner.null() ? "" : try scanner.string()
            case .dependencies:
                var dependencies: [String] = []
                if !scanner.null() {
                    try scanner.array { (scanner) throws(JSONScanner.Unusual) in dependencies.append(try scanner.string()) }
                }
                task.dependencies = dependencies
            case .dependencyResults:
                var results: [String: TaskResult] = [:]
                if !scanner.null() {
                    try scanner.object { (scanner, key) throws(JSONScanner.Unusual) in
                        let id = try JSONScanner.keyString(key)
                        guard results.updateValue(try scanResult(&scanner), forKey: id) == nil else {
                            throw JSONScanner.Unusual()
                        }
                    }
                }
                task.dependencyResults = results
            case .loadDependencies: task.loadDependencies = scanner.null() ? false : try scanner.bool()
            case .payload:
                if scanner.null() {
                    task.payload = nil
                } else {
                    guard let bytes = Data(base64Encoded: Data(try scanner.plainString())) else { throw JSONScanner.Unusual() }
                    task.payload = bytes
                }
            case .deadline: task.deadline = scanner.null() ? nil : try scanner.time()
            case .maxTries: task.maxTries = scanner.null() ? 0 : Int(try scanner.integer())
            case .result: task.result = scanner.null() ? nil : try scanResult(&scanner)
            case .state:
                guard let name = String(validating: try scanner.plainString(), as: UTF8.self),
                      let named = TaskState(name: name) else { throw JSONScanner.Unusual() }
                state = named
            case .created: created = try scanner.time()
            case .tried: task.tried = scanner.null() ? nil : try scanner.time()
            case .tries: task.tries = scanner.null() ? 0 : Int(try scanner.integer())
            case .lastError: task.lastError = scanner.null() ? nil : try scanner.string()
            case .signature: task.signature = scanner.null() ? nil : try scanner.string()
            default: try scanner.skipValue()
            }
        }
        guard seen.isSuperset(of: [.id, .type]), let state, let created else { throw JSONScanner.Unusual() }
        task.state = state
        task.created = created
        return task
    }


    /// `{"payload":…,"completed":…}`, as ``TaskResult/init(from:)`` reads it.
    private static func scanResult(_ scanner: inout JSONScanner) throws(JSONScanner.Unusual) -> TaskResult {
        var payload: JSONValue?
        var completed: Timestamp?
        try scanner.object { (scanner, key) throws(JSONScanner.Unusual) in
            if key.elementsEqual("payload".utf8) {
                guard payload == nil else { throw JSONScanner.Unusual() }
                payload = try scanner.value()
            } else if key.elementsEqual("completed".utf8) {
                guard completed == nil else { throw JSONScanner.Unusual() }
                completed = try scanner.time()
            } else {
                try scanner.skipValue()
            }
        }
        guard let completed else { throw JSONScanner.Unusual() }
        return TaskResult(payload: payload ?? .null, completed: completed)
    }
}

/// The members of asyncjobs' task JSON, as bits, to tell a repeated one.
private struct WireMembers: OptionSet {
    let rawValue: UInt32

    static let id = WireMembers(rawValue: 1 << 0)
    static let type = WireMembers(rawValue: 1 << 1)
    static let queue = WireMembers(rawValue: 1 << 2)
    static let dependencies = WireMembers(rawValue: 1 << 3)
    static let dependencyResults = WireMembers(rawValue: 1 << 4)
    static let loadDependencies = WireMembers(rawValue: 1 << 5)
    static let payload = WireMembers(rawValue: 1 << 6)
    static let deadline = WireMembers(rawValue: 1 << 7)
    static let maxTries = WireMembers(rawValue: 1 << 8)
    static let result = WireMembers(rawValue: 1 << 9)
    static let state = WireMembers(rawValue: 1 << 10)
    static let created = WireMembers(rawValue: 1 << 11)
    static let tried = WireMembers(rawValue: 1 << 12)
    static let tries = WireMembers(rawValue: 1 << 13)
    static let lastError = WireMembers(rawValue: 1 << 14)
    static let signature = WireMembers(rawValue: 1 << 15)

    init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The member a key names; empty for a key the task has no field for.
    init(_ key: ArraySlice<UInt8>) {
        // Lengths first: most names differ in length from the key, and a byte comparison of two arrays is
        // far cheaper than walking a string's UTF-8 view for every member of 100,000 records.
        for (name, member) in Self.names where name.count == key.count && name.elementsEqual(key) {
            self = member
            return
        }
        self = []
    }

    private static let names: [([UInt8], WireMembers)] = ([
        ("id", .id), ("type", .type), ("queue", .queue), ("dependencies", .dependencies),
        ("dependency_results", .dependencyResults), ("load_dependencies", .loadDependencies), ("payload", .payload),
        ("deadline", .deadline), ("max_tries", .maxTries), ("result", .result), ("state", .state),
        ("created", .created), ("tried", .tried), ("tries", .tries), ("last_err", .lastError),
        ("signature", .signature),
    ] as [(String, WireMembers)]).map { (Array($0.0.utf8), $0.1) }
}
