import AsyncJobs
import Foundation

extension RunRecord {
    /// Decodes a stored run record as `JSONDecoder` does, reading the usual forms straight from the bytes
    /// (``JSONScanner``) and leaving anything else to `JSONDecoder`: a store reads one per task at open.
    init(stored bytes: [UInt8]) throws {
        self = try Self.scanned(bytes) ?? Self.decoder.decode(RunRecord.self, from: Data(bytes))
    }

    /// The record read by the scanner alone; nil when it leaves it to `JSONDecoder`.
    static func scanned(_ bytes: [UInt8]) -> RunRecord? {
        var scanner = JSONScanner(bytes)
        guard let run = try? scan(&scanner), (try? scanner.expectEnd()) != nil else { return nil }
        return run
    }

    private static let decoder = JSONDecoder()

    private static func scan(_ scanner: inout JSONScanner) throws(JSONScanner.Unusual) -> RunRecord {
        var item: Item?
        var attempts: [Attempt]?
        try scanner.object { (scanner, key) throws(JSONScanner.Unusual) in
            if key.elementsEqual("item".utf8) {
                guard item == nil else { throw JSONScanner.Unusual() }
                item = scanner.null() ? nil : try scanItem(&scanner)
            } else if key.elementsEqual("attempts".utf8) {
                guard attempts == nil else { throw JSONScanner.Unusual() }
                var list: [Attempt] = []
                try scanner.array { (scanner) throws(JSONScanner.Unusual) in list.append(try scanAttempt(&scanner)) }
                attempts = list
            } else {
                try scanner.skipValue()
            }
        }
        guard let attempts else { throw JSONScanner.Unusual() }
        return RunRecord(item: item, attempts: attempts)
    }

    private static func scanItem(_ scanner: inout JSONScanner) throws(JSONScanner.Unusual) -> Item {
        var queue: String?, available: Timestamp?, enqueued: Timestamp?, published: Bool?, terminate: Bool?
        var lease: LeaseRecord?
        var leaseSeen = false
        try scanner.object { (scanner, key) throws(JSONScanner.Unusual) in
            switch String(decoding: key, as: UTF8.self) {
            case "queue" where queue == nil: queue = try scanner.string()
            case "available" where available == nil: available = try scanner.time()
            case "enqueued" where enqueued == nil: enqueued = try scanner.time()
            case "published" where published == nil: published = try scanner.bool()
            case "terminateRequested" where terminate == nil: terminate = try scanner.bool()
            case "lease" where !leaseSeen:
                leaseSeen = true
                lease = scanner.null() ? nil : try scanLease(&scanner)
            case "queue", "available", "enqueued", "published", "terminateRequested", "lease": throw JSONScanner.Unusual()
            default: try scanner.skipValue()
            }
        }
        guard let queue, let available, let enqueued, let published, let terminate else { throw JSONScanner.Unusual() }
        return Item(queue: queue, available: available, enqueued: enqueued, published: published, lease: lease,
                    terminateRequested: terminate)
    }

    private static func scanLease(_ scanner: inout JSONScanner) throws(JSONScanner.Unusual) -> LeaseRecord {
        var worker: String?, attempt: Int?, started: Timestamp?, expires: Timestamp?, ackSubject: String?
        try scanner.object { (scanner, key) throws(JSONScanner.Unusual) in
            switch String(decoding: key, as: UTF8.self) {
            case "worker" where worker == nil: worker = try scanner.string()
            case "attempt" where attempt == nil: attempt = Int(try scanner.integer())
            case "started" where started == nil: started = try scanner.time()
            case "expires" where expires == nil: expires = try scanner.time()
            case "ackSubject" where ackSubject == nil: ackSubject = try scanner.string()
            case "worker", "attempt", "started", "expires", "ackSubject": throw JSONScanner.Unusual()
            default: try scanner.skipValue()
            }
        }
        guard let worker, let attempt, let started, let expires, let ackSubject else { throw JSONScanner.Unusual() }
        return LeaseRecord(worker: worker, attempt: attempt, started: started, expires: expires, ackSubject: ackSubject)
    }

    private static func scanAttempt(_ scanner: inout JSONScanner) throws(JSONScanner.Unusual) -> Attempt {
        var n: Int?, worker: String?, started: Timestamp?, ended: Timestamp?, outcome: Attempt.Outcome?, error: String?
        var endedSeen = false, errorSeen = false
        try scanner.object { (scanner, key) throws(JSONScanner.Unusual) in
            switch String(decoding: key, as: UTF8.self) {
            case "n" where n == nil: n = Int(try scanner.integer())
            case "worker" where worker == nil: worker = try scanner.string()
            case "started" where started == nil: started = try scanner.time()
            case "ended" where !endedSeen:
                endedSeen = true
                ended = scanner.null() ? nil : try scanner.time()
            case "outcome" where outcome == nil:
                guard let named = Attempt.Outcome(rawValue: try scanner.string()) else { throw JSONScanner.Unusual() }
                outcome = named
            case "error" where !errorSeen:
                errorSeen = true
                error = scanner.null() ? nil : try scanner.string()
            case "n", "worker", "started", "ended", "outcome", "error": throw JSONScanner.Unusual()
            default: try scanner.skipValue()
            }
        }
        guard let n, let worker, let started, let outcome else { throw JSONScanner.Unusual() }
        return Attempt(n: n, worker: worker, started: started, ended: ended, outcome: outcome, error: error)
    }

}
