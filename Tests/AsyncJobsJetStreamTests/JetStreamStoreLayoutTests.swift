import AsyncJobs
import AsyncJobsJetStream
import AsyncJobsTesting
import Foundation
import JetStream
import NATS
import NATSTestSupport
import Testing

/// asyncjobs' exact layout, read back raw from the server: streams, the `WORKERS` consumer, records, items,
/// headers and events as the Go library writes them; existing streams bound unchanged; the store's own
/// records only in `AJTOP_…` streams.
@Suite("JetStream store layout", .serialized)
struct JetStreamStoreLayoutTests {
    @Test(arguments: bothServerVersions)
    func streamsAndConsumerAreAsyncJobs(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let store = try await openStore(accountURL(server, 0), clock: ManualClock())
            defer { Task { await closeStore(store) } }
            let js = JetStreamContext(client: store.client)
            let tasks = try await js.streamInfo("CHORIA_AJ_TASKS").config
            #expect(tasks.subjects == ["CHORIA_AJ.T.*"])
            #expect(tasks.description == "Choria Async Jobs Tasks")
            #expect(tasks.retention == .limits)
            #expect(tasks.maxMessagesPerSubject == 1)
            #expect(tasks.allowDirect == false)
            #expect(tasks.duplicateWindow == .seconds(120))
            #expect(try await js.streamInfo("KV_CHORIA_AJ_CONFIGURATION").config.maxAge == Nanoseconds(0))
            #expect(try await js.streamInfo("KV_CHORIA_AJ_ELECTIONS").config.maxAge == .seconds(10))

            try await store.createQueue(Queue(name: "EMAIL", maxConcurrent: 4, maxRunTime: .seconds(30), maxTries: 5,
                                              maxEntries: 1000))
            let queue = try await js.streamInfo("CHORIA_AJ_Q_EMAIL").config
            #expect(queue.subjects == ["CHORIA_AJ.Q.EMAIL.>"])
            #expect(queue.description == "Choria Async Jobs Work Queue")
            #expect(queue.retention == .workqueue)
            #expect(queue.maxMessagesPerSubject == 1)
            #expect(queue.maxMessages == 1000)
            #expect(queue.discard == .new)
            let workers = try await js.consumerInfo(stream: "CHORIA_AJ_Q_EMAIL", name: "WORKERS").config
            #expect(workers.durableName == "WORKERS")
            #expect(workers.ackPolicy == .explicit)
            #expect(workers.ackWait == .seconds(30))
            #expect(workers.maxAckPending == 4)
            #expect(workers.maxDeliver == 5)
            #expect(workers.deliverPolicy == .all)

            // Every stream is asyncjobs' or the store's own; only the event history captures asyncjobs'
            // subjects, and only `CHORIA_AJ.E.>`.
            let names = Set(try await js.streamNames())
            #expect(names == ["CHORIA_AJ_TASKS", "CHORIA_AJ_Q_EMAIL", "KV_CHORIA_AJ_CONFIGURATION", "KV_CHORIA_AJ_ELECTIONS",
                              "AJTOP_RUNS", "AJTOP_QUEUES", "AJTOP_EVENTS", "AJTOP_STATS", "KV_AJTOP_SCHEDULES"])
            for name in names where name.hasPrefix("AJTOP_") {
                let subjects = try await js.streamInfo(name).config.subjects ?? []
                #expect(subjects.allSatisfy { $0.hasPrefix("AJTOP.") || $0 == "CHORIA_AJ.E.>" }, "\(name): \(subjects)")
            }
        }
    }

    @Test(arguments: bothServerVersions)
    func recordsItemsHeadersAndEventsAreAsyncJobs(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            let store = try await openStore(accountURL(server, 0), clock: clock)
            defer { Task { await closeStore(store) } }
            let js = JetStreamContext(client: store.client)
            let events = try await store.client.subscribe("CHORIA_AJ.E.>")
            try await store.createQueue(Queue(name: "EMAIL", maxRunTime: .seconds(30)))
            let id = "3MrTVGwtyjpdlKSb2Rnvdud4YIg"
            let payload = Data(#"{"to":"user0@example.net"}"#.utf8)
            try await store.enqueue([JobTask(id: id, type: "email:new", queue: "EMAIL", payload: payload, created: clock.now())])

            let enqueued = try #require(try await js.lastMessage(stream: "CHORIA_AJ_TASKS", subject: "CHORIA_AJ.T.\(id)"))
            #expect(enqueued.headers?["Nats-Expected-Last-Subject-Sequence"] == "0")
            let created = clock.now().rfc3339
            #expect(String(decoding: enqueued.payload, as: UTF8.self) == #"{"id":"\#(id)","type":"email:new","queue":"EMAIL","#
                + #""payload":"\#(payload.base64EncodedString())","max_tries":10,"state":"new","created":"\#(created)","tries":0}"#)
            let item = try #require(try await js.lastMessage(stream: "CHORIA_AJ_Q_EMAIL", subject: "CHORIA_AJ.Q.EMAIL.\(id)"))
            #expect(String(decoding: item.payload, as: UTF8.self) == #"{"kind":0,"job":"\#(id)"}"#)
            #expect(item.headers?["Nats-Msg-Id"] == id)

            let claim = try #require(try await store.claim(queue: "EMAIL", upTo: 1, worker: "w").first)
            let active = try #require(try await js.lastMessage(stream: "CHORIA_AJ_TASKS", subject: "CHORIA_AJ.T.\(id)"))
            #expect(active.headers?["Nats-Expected-Last-Subject-Sequence"] == String(enqueued.sequence))
            #expect(String(decoding: active.payload, as: UTF8.self).contains(#""state":"active""#))
            #expect(String(decoding: active.payload, as: UTF8.self).contains(#""tries":1"#), "the try is counted before the handler runs")
            clock.advance(by: .milliseconds(5))
            try await store.resolve(claim, .retry(at: clock.now(), outcome: .failed, error: "simulated failure"))
            let retried = try #require(try await js.lastMessage(stream: "CHORIA_AJ_TASKS", subject: "CHORIA_AJ.T.\(id)"))
            #expect(retried.headers?["Nats-Expected-Last-Subject-Sequence"] == String(active.sequence))
            #expect(String(decoding: retried.payload, as: UTF8.self).hasSuffix(#""tries":1,"last_err":"simulated failure"}"#))

            // The three state events as asyncjobs writes them, field for field.
            var seen: [[String: Any]] = []
            var keys: [String] = []
            for await message in events {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(message.payload)) as? [String: Any])
                #expect(message.subject == "CHORIA_AJ.E.task_state.\(id)")
                if seen.isEmpty { keys = Self.keyOrder(message.payload) }
                seen.append(object)
                if seen.count == 3 { break }
            }
            #expect(keys == ["event_id", "type", "timestamp", "task_id", "state", "tries", "queue", "task_type"])
            #expect(seen.map { $0["state"] as? String } == ["new", "active", "retry"])
            #expect(seen.allSatisfy { $0["type"] as? String == "io.choria.asyncjobs.v1.task_state" })
            #expect(seen[2]["last_error"] as? String == "simulated failure")
            #expect(seen[2]["task_age"] as? Int == 5_000_000, "task_age is nanoseconds")
            #expect(seen[2]["tries"] as? Int == 1)
            try await events.unsubscribe(after: nil)
            // The store kept and numbered them.
            #expect(try await store.events(after: 0, limit: 10).map(\.state) == [.new, .active, .retry])
            #expect(try await js.streamInfo("AJTOP_EVENTS").state.messages == 3)
        }
    }

    /// A task made and enqueued at once gets no run record until it is claimed (its task record implies
    /// one, as a Go producer's does); one created a while before its enqueue gets one saying when it was
    /// enqueued, which is where its wait and its place in the queue count from.
    @Test(arguments: bothServerVersions)
    func aFreshTaskHasNoRunRecordUntilClaimed(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            let store = try await openStore(accountURL(server, 0), clock: clock)
            defer { Task { await closeStore(store) } }
            let js = JetStreamContext(client: store.client)
            try await store.createQueue(Queue(name: "EMAIL", maxRunTime: .seconds(30)))
            let madeEarlier = JobTask(id: "made-earlier", type: "t", queue: "EMAIL", created: clock.now())
            clock.advance(by: .seconds(5))
            let enqueuedAt = clock.now()
            try await store.enqueue([JobTask(id: "fresh", type: "t", queue: "EMAIL", created: enqueuedAt)])
            clock.advance(by: .seconds(1))
            #expect(try await store.summary(queue: "EMAIL").oldestReady == enqueuedAt, "waiting since its creation")
            try await store.enqueue([madeEarlier])

            #expect(try await js.lastMessage(stream: "AJTOP_RUNS", subject: "AJTOP.R.fresh") == nil)
            let earlier = try #require(try await js.lastMessage(stream: "AJTOP_RUNS", subject: "AJTOP.R.made-earlier"))
            #expect(String(decoding: earlier.payload, as: UTF8.self).contains(#""available":"\#((enqueuedAt + .seconds(1)).rfc3339)""#))
            // Claimed in the order they were enqueued, not created.
            let first = try #require(try await store.claim(queue: "EMAIL", upTo: 1, worker: "w").first)
            #expect(first.task.id == "fresh")
            let leased = try #require(try await js.lastMessage(stream: "AJTOP_RUNS", subject: "AJTOP.R.fresh"))
            #expect(leased.headers?["Nats-Expected-Last-Subject-Sequence"] == "0")
            #expect(String(decoding: leased.payload, as: UTF8.self).contains(#""worker":"w""#))
            #expect(try await store.attempts(taskID: "fresh").count == 1)
        }
    }

    @Test(arguments: bothServerVersions)
    func goRecordsReadAndRoundTripByteForByte(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            // What the Go library wrote (asyncjobs.md, Appendix), put there as a Go producer would, before the
            // store ever opened.
            let client = try await NATSClient.connect(NATSOptions(servers: [accountURL(server, 0)]))
            let js = JetStreamContext(client: client)
            _ = try await js.createStream(StreamConfig(name: "CHORIA_AJ_TASKS", subjects: ["CHORIA_AJ.T.*"], description: "custom"))
            let golden = #"{"id":"3MrTVGwtyjpdlKSb2Rnvdud4YIg","type":"email:new","queue":"EMAIL","payload":"eyJib2R5IjoidGVzdCIsInN1YmplY3QiOiJoZWxsbyIsInRvIjoidXNlcjBAZXhhbXBsZS5uZXQifQ==","max_tries":10,"result":{"payload":"sent","completed":"2026-12-01T06:48:28.338491177Z"},"state":"complete","created":"2026-12-01T06:48:28.336825441Z","tried":"2026-12-01T06:48:28.338491117Z","tries":1}"#
            try await js.publish("CHORIA_AJ.T.3MrTVGwtyjpdlKSb2Rnvdud4YIg", payload: Array(golden.utf8),
                                 options: PublishOptions(expectedLastSubjectSequence: 0))
            var queue = StreamConfig(name: "CHORIA_AJ_Q_EMAIL", subjects: ["CHORIA_AJ.Q.EMAIL.>"], retention: .workqueue)
            queue.maxMessagesPerSubject = 1
            queue.discard = .new
            _ = try await js.createStream(queue)
            _ = try await js.createConsumer(stream: "CHORIA_AJ_Q_EMAIL", config: ConsumerConfig(
                name: "WORKERS", durableName: "WORKERS", deliverPolicy: .all, ackPolicy: .explicit, ackWait: .seconds(600),
                maxDeliver: 7, maxAckPending: 3))

            let store = try await openStore(accountURL(server, 0), clock: ManualClock())
            defer { Task { await closeStore(store); await client.close() } }
            let task = try await store.task(id: "3MrTVGwtyjpdlKSb2Rnvdud4YIg")
            #expect(task.state == .complete)
            #expect(task.result?.payload == "sent")
            #expect(String(decoding: task.wireJSON, as: UTF8.self) == golden, "re-encoded byte for byte")
            #expect(try await store.queue(named: "EMAIL") == Queue(name: "EMAIL", maxConcurrent: 3, maxRunTime: .seconds(600), maxTries: 7))
            #expect(try await js.streamInfo("CHORIA_AJ_TASKS").config.description == "custom", "bound unchanged")
            #expect(try await js.consumerInfo(stream: "CHORIA_AJ_Q_EMAIL", name: "WORKERS").config.maxAckPending == 3)
        }
    }

    /// The keys of a JSON object in the order they appear.
    static func keyOrder(_ bytes: [UInt8]) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        let pattern = try! NSRegularExpression(pattern: #""([a-z_]+)":"#)
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
