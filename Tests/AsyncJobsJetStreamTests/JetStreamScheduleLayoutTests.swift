import AsyncJobs
import AsyncJobsJetStream
import AsyncJobsTesting
import Foundation
import JetStream
import NATS
import NATSTestSupport
import Testing

/// Scheduled tasks and the scheduler election read back raw from the server: asyncjobs' `ScheduledTask`
/// JSON at `scheduled_tasks.<name>`, the `task_scheduler` key of `CHORIA_AJ_ELECTIONS` as Go's `election`
/// package writes it, Go's entries read by the store, and one task per fire across processes.
@Suite("JetStream schedule layout", .serialized)
struct JetStreamScheduleLayoutTests {
    static let configuration = "KV_CHORIA_AJ_CONFIGURATION"
    static let elections = "KV_CHORIA_AJ_ELECTIONS"
    static let electionKey = "$KV.CHORIA_AJ_ELECTIONS.task_scheduler"

    @Test(arguments: bothServerVersions)
    func scheduledTaskIsAsyncJobsJSON(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            let store = try await openStore(accountURL(server, 0), clock: clock)
            defer { Task { await closeStore(store) } }
            let js = JetStreamContext(client: store.client)
            try await store.createQueue(Queue(name: "EMAIL"))
            let payload = Data(#"{"to":"a@example.net"}"#.utf8)
            try await store.createSchedule(ScheduledTask(
                name: "nightly", schedule: "0 3 * * *", timeZone: "Europe/Paris", queue: "EMAIL", taskType: "email:digest",
                payload: payload, deadline: .seconds(90), maxTries: 3, missedFires: .skip, createdAt: clock.now()))

            let entry = try #require(try await js.lastMessage(stream: Self.configuration,
                                                              subject: "$KV.CHORIA_AJ_CONFIGURATION.scheduled_tasks.nightly"))
            #expect(entry.headers?["Nats-Expected-Last-Subject-Sequence"] == "0", "written with a KV create")
            #expect(String(decoding: entry.payload, as: UTF8.self) == #"{"name":"nightly","schedule":"0 3 * * *","queue":"EMAIL","#
                + #""task_type":"email:digest","payload":"\#(payload.base64EncodedString())","deadline":90000000000,"#
                + #""max_tries":3,"created_at":"\#(clock.now().rfc3339)"}"#)
            // What asyncjobs has no field for is in the store's own bucket only.
            let extras = try #require(try await js.lastMessage(stream: "KV_AJTOP_SCHEDULES", subject: "$KV.AJTOP_SCHEDULES.nightly"))
            #expect(String(decoding: extras.payload, as: UTF8.self).contains(#""time_zone":"Europe\/Paris""#))

            // No deadline and no payload: Go's `omitempty` drops the deadline, a nil []byte is null.
            try await store.createSchedule(ScheduledTask(name: "bare", schedule: "@hourly", taskType: "ping", createdAt: clock.now()))
            let bare = try #require(try await js.lastMessage(stream: Self.configuration,
                                                             subject: "$KV.CHORIA_AJ_CONFIGURATION.scheduled_tasks.bare"))
            #expect(String(decoding: bare.payload, as: UTF8.self) == #"{"name":"bare","schedule":"@hourly","queue":"DEFAULT","#
                + #""task_type":"ping","payload":null,"max_tries":0,"created_at":"\#(clock.now().rfc3339)"}"#)

            try await store.removeSchedule(named: "bare")
            let removed = try #require(try await js.lastMessage(stream: Self.configuration,
                                                                subject: "$KV.CHORIA_AJ_CONFIGURATION.scheduled_tasks.bare"))
            #expect(removed.headers?["KV-Operation"] == "DEL", "removed with a KV delete, as Go's RemoveScheduledTask")
        }
    }

    @Test(arguments: bothServerVersions)
    func goScheduleIsRead(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let store = try await openStore(accountURL(server, 0), clock: ManualClock())
            defer { Task { await closeStore(store) } }
            // As `ajc task cron add` writes it (Go's `encoding/json` of ScheduledTask), without any extras.
            let golden = #"{"name":"hourly","schedule":"@every 1h","queue":"DEFAULT","task_type":"email:new","payload":"eyJhIjoxfQ==","deadline":60000000000,"max_tries":5,"created_at":"2026-12-01T06:48:28.336825441Z"}"#
            let bucket = try await JetStreamContext(client: store.client).keyValue("CHORIA_AJ_CONFIGURATION")
            try await bucket.create("scheduled_tasks.hourly", value: Array(golden.utf8))
            let read = try await store.schedule(named: "hourly")
            #expect(read == ScheduledTask(name: "hourly", schedule: "@every 1h", timeZone: "UTC", queue: "DEFAULT", taskType: "email:new",
                                          payload: Data(#"{"a":1}"#.utf8), deadline: .seconds(60), maxTries: 5, missedFires: .skip,
                                          createdAt: Timestamp(rfc3339: "2026-12-01T06:48:28.336825441Z")!))
            #expect(try await store.schedules().map(\.name) == ["hourly"])
            await #expect(throws: JobError.scheduleExists("hourly")) {
                try await store.createSchedule(ScheduledTask(name: "hourly", schedule: "@daily", taskType: "x"))
            }
        }
    }

    @Test(arguments: bothServerVersions)
    func electionKeyIsAsyncJobs(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            let store = try await openStore(accountURL(server, 0), clock: clock)
            defer { Task { await closeStore(store) } }
            let js = JetStreamContext(client: store.client)
            let won = try await store.campaign(election: Scheduler.election, candidate: "ours", ttl: .seconds(10))
            let created = try #require(try await js.lastMessage(stream: Self.elections, subject: Self.electionKey))
            #expect(String(decoding: created.payload, as: UTF8.self) == "ours", "value = the candidate's name")
            #expect(created.headers?["Nats-Expected-Last-Subject-Sequence"] == "0", "won with a KV create")
            #expect(won.term == Int64(created.sequence))
            _ = try await store.campaign(election: Scheduler.election, candidate: "ours", ttl: .seconds(10))
            let renewed = try #require(try await js.lastMessage(stream: Self.elections, subject: Self.electionKey))
            #expect(renewed.headers?["Nats-Expected-Last-Subject-Sequence"] == String(created.sequence),
                    "kept with a KV update on the last revision")

            // While our entry is there, a Go candidate's create (nats.go's algorithm, as KeyValueBucket's) loses.
            let bucket = try await js.keyValue("CHORIA_AJ_ELECTIONS")
            await #expect(throws: JetStreamError.self) { try await bucket.create("task_scheduler", value: Array("go".utf8)) }
            // Once ours resigns, Go's create wins at once, and ours then finds Go leading and fires nothing.
            try await store.resign(election: Scheduler.election, candidate: "ours")
            let goRevision = try await bucket.create("task_scheduler", value: Array("go".utf8))
            let seen = try await store.campaign(election: Scheduler.election, candidate: "ours", ttl: .seconds(10))
            #expect(seen.leader == "go")
            #expect(seen.term == Int64(goRevision))
            try await store.createSchedule(ScheduledTask(name: "s", schedule: "@every 1m", taskType: "t", createdAt: clock.now()))
            let slot = clock.now() + .seconds(60)
            #expect(try await store.recordFire(schedule: "s", slot: slot, task: nil, skipped: 0, leadership: won) == .notLeader)
            // A Go leader that keeps renewing stays leader even past our clock's idea of its lease: only the
            // server's TTL ends a Go lease.
            _ = try await bucket.update("task_scheduler", value: Array("go".utf8), revision: goRevision)
            #expect(try await store.leadership(election: Scheduler.election)?.leader == "go")
        }
    }

    @Test(arguments: bothServerVersions)
    func oneTaskPerFireAcrossProcesses(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            let first = try await openStore(accountURL(server, 0), clock: clock)
            let second = try await openStore(accountURL(server, 0), clock: clock)
            defer { Task { await closeStore(first); await closeStore(second) } }
            try await first.createQueue(Queue(name: "work"))
            try await first.createSchedule(ScheduledTask(name: "s", schedule: "@every 1m", queue: "work", taskType: "t",
                                                         createdAt: clock.now()))
            let leader = try await first.campaign(election: Scheduler.election, candidate: "a", ttl: .seconds(120))
            let slot = clock.now() + .seconds(60)
            clock.advance(by: .seconds(61))
            let schedule = try await first.schedule(named: "s")
            // Both processes pass the fence with the same leadership (a stale read in the second): the derived
            // task id and the record written expecting no earlier message leave one task.
            async let a = first.recordFire(schedule: "s", slot: slot, task: schedule.task(forFireAt: slot, now: clock.now()),
                                           skipped: 0, leadership: leader)
            async let b = second.recordFire(schedule: "s", slot: slot, task: schedule.task(forFireAt: slot, now: clock.now()),
                                            skipped: 0, leadership: leader)
            let receipts = try await [a, b]
            #expect(receipts.filter { $0 == .fired }.count == 1, "\(receipts)")
            #expect(receipts.filter { $0 == .alreadyFired }.count == 1, "\(receipts)")
            let js = JetStreamContext(client: first.client)
            #expect(try await js.streamInfo("CHORIA_AJ_TASKS").state.messages == 1)
            #expect(try await second.schedule(named: "s").lastFire == slot)
        }
    }
}
