import Foundation
import JetStream
import NATSTestSupport
import Testing

extension JetStreamInterop {
    /// The emulator stands in for Go asyncjobs only if it writes what Go writes: the Appendix's golden records
    /// byte for byte, and on a real server the layout of ../shared/reference/jetstream-wire.md §4.
    @Suite("asyncjobs emulator writes Go's bytes")
    struct EmulatorGoldenTests {
        @Test("the emulator's task saves and work item are the golden records written by Go asyncjobs, byte for byte")
        func goldenRecords() async throws {
            guard await AsyncJobsEmulator.shouldRun else { return }
            let report = try await AsyncJobsEmulator.selfTest()
            #expect(report.contains("selftest: 3/3 golden records byte for byte"), "\(report)")
        }

        @Test("on a real server, the emulator provisions asyncjobs' streams and WORKERS and stores Go-shaped records",
              arguments: [NATSServerBinary.Version.v2_9, .v2_15])
        func layoutOnServer(version: NATSServerBinary.Version) async throws {
            try await withInteropServer(version) { _, js, emulator in
                try await emulator.provision(queue: "EMAIL", maxConcurrent: 4, maxRunTime: "5s", maxTries: 7)
                let tasks = try await js.streamInfo("CHORIA_AJ_TASKS").config
                #expect(tasks.subjects == ["CHORIA_AJ.T.*"] && tasks.retention == .limits && tasks.maxMessagesPerSubject == 1)
                #expect(tasks.allowDirect == false && tasks.duplicateWindow == .seconds(120))
                let queue = try await js.streamInfo("CHORIA_AJ_Q_EMAIL").config
                #expect(queue.subjects == ["CHORIA_AJ.Q.EMAIL.>"] && queue.retention == .workqueue && queue.discard == .new)
                let workers = try await js.consumerInfo(stream: "CHORIA_AJ_Q_EMAIL", name: "WORKERS").config
                #expect(workers.ackWait == .seconds(5) && workers.maxAckPending == 4 && workers.maxDeliver == 7)
                #expect(workers.ackPolicy == .explicit && workers.durableName == "WORKERS")
                #expect(try await js.streamInfoIfExists("KV_CHORIA_AJ_CONFIGURATION") != nil)
                #expect(try await js.streamInfo("KV_CHORIA_AJ_ELECTIONS").config.maxAge == .seconds(10))

                let ids = try await emulator.enqueue(queue: "EMAIL", type: "email:new", payload: #"{"to":"a@b","x":"<&>"}"#)
                let id = try #require(ids.first)
                #expect(id.count == 27)
                let record = try #require(try await storedTask(id, js))
                #expect(keyOrder(record.raw) == ["id", "type", "queue", "payload", "max_tries", "state", "created", "tries"])
                #expect(record.fields["state"] as? String == "new" && record.fields["queue"] as? String == "EMAIL")
                let payload = try #require(Data(base64Encoded: record.fields["payload"] as? String ?? ""))
                #expect(String(decoding: payload, as: UTF8.self) == #"{"to":"a@b","x":"\u003c\u0026\u003e"}"#)
                let created = try #require(record.fields["created"] as? String)
                #expect(created.hasSuffix("Z") && !created.contains("+"))
                let item = try #require(try await js.lastMessage(stream: "CHORIA_AJ_Q_EMAIL", subject: "CHORIA_AJ.Q.EMAIL.\(id)"))
                #expect(item.headers?["Nats-Msg-Id"] == id)
                #expect(String(decoding: item.payload, as: UTF8.self) == #"{"kind":0,"job":"\#(id)"}"#)
            }
        }
    }
}
