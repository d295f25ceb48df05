import AsyncJobs
import AsyncJobsHTTP
import AsyncJobsJetStream
import AsyncJobsTesting
import Foundation
import JetStream
import NATSTestSupport
import Testing

/// `/v1/schedules` served from the JetStream store: what the HTTP API creates is asyncjobs' KV entry, and a
/// schedule a Go `ajc task cron add` wrote is listed.
@Suite("JetStream schedules API", .serialized)
struct JetStreamSchedulesAPITests {
    @Test(arguments: bothServerVersions)
    func schedulesEndpointsUseAsyncJobsKV(version: NATSServerBinary.Version) async throws {
        try await withAccountsServer(version, accounts: 1) { server in
            let clock = ManualClock()
            let store = try await openStore(accountURL(server, 0), clock: clock)
            defer { Task { await closeStore(store) } }
            try await store.createQueue(Queue(name: "EMAIL"))
            let api = APIResponder(store: store, settings: APISettings(queues: ["EMAIL"]), clock: clock)
            // The method's type is NIO's, which this target does not import: one request per literal.
            func request(_ target: String, body: String = "") -> (post: HTTPRequest, get: HTTPRequest, delete: HTTPRequest) {
                (HTTPRequest(method: .POST, target: target, headers: [:], body: Array(body.utf8))!,
                 HTTPRequest(method: .GET, target: target, headers: [:], body: [])!,
                 HTTPRequest(method: .DELETE, target: target, headers: [:], body: [])!)
            }
            let created = await api.respond(to: request(
                "/v1/schedules", body: #"{"name":"nightly","schedule":"daily","task_type":"report","time_zone":"Europe/Paris"}"#).post)
            #expect(created.status == .created, "\(String(decoding: created.body, as: UTF8.self))")
            let js = JetStreamContext(client: store.client)
            let entry = try #require(try await js.keyValue("CHORIA_AJ_CONFIGURATION").get("scheduled_tasks.nightly"))
            #expect(String(decoding: entry.value, as: UTF8.self).hasPrefix(#"{"name":"nightly","schedule":"@daily","queue":"EMAIL","#))
            let golden = #"{"name":"go-made","schedule":"@every 1h","queue":"EMAIL","task_type":"x","payload":null,"max_tries":0,"created_at":"2026-12-01T06:48:28.336825441Z"}"#
            try await js.keyValue("CHORIA_AJ_CONFIGURATION").create("scheduled_tasks.go-made", value: Array(golden.utf8))
            let listed = try #require(try JSONSerialization.jsonObject(with: Data(await api.respond(to: request("/v1/schedules").get).body)) as? [String: Any])
            let names = (listed["schedules"] as? [[String: Any]])?.map { $0["name"] as? String }
            #expect(names == ["go-made", "nightly"])
            #expect(await api.respond(to: request("/v1/schedules/nightly").delete).status == .noContent)
            #expect(try await js.keyValue("CHORIA_AJ_CONFIGURATION").get("scheduled_tasks.nightly") == nil)
        }
    }
}
