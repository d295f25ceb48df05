import JetStream
import NATS
import NATSTestSupport
import Testing

/// KV buckets on JetStream against real servers of both versions.
@Suite("KV buckets against real servers", .serialized)
struct KeyValueTests {
    @Test(arguments: bothServerVersions)
    func putGetCreateUpdateDeleteAndPurge(version: NATSServerBinary.Version) async throws {
        try await withJetStream(version) { _, js in
            let bucket = try await js.createKeyValue(KeyValueBucketConfig(
                bucket: "CHORIA_AJ_ELECTIONS", description: "Choria Async Jobs Leader Elections", ttl: .seconds(10),
                storage: .memory))
            #expect(bucket.allowsDirect)
            let info = try await js.streamInfo("KV_CHORIA_AJ_ELECTIONS")
            #expect(info.config.duplicateWindow == .seconds(10))
            #expect(info.config.maxAge == .seconds(10))
            #expect(info.config.allowRollupHeaders == true)

            #expect(try await bucket.get("task_scheduler") == nil)
            let won = try await bucket.create("task_scheduler", value: bytes("node-1"))
            await #expect { try await bucket.create("task_scheduler", value: bytes("node-2")) } throws: { error in
                if case .keyExists = error as? JetStreamError { return true }
                return false
            }
            let refreshed = try await bucket.update("task_scheduler", value: bytes("node-1"), revision: won)
            #expect(refreshed > won)
            await #expect { try await bucket.update("task_scheduler", value: bytes("node-2"), revision: won) }
                throws: { ($0 as? JetStreamError)?.isWrongLastSequence == true }
            let entry = try #require(try await bucket.get("task_scheduler"))
            #expect(entry.value == bytes("node-1"))
            #expect(entry.revision == refreshed)

            try await bucket.delete("task_scheduler")
            #expect(try await bucket.get("task_scheduler") == nil)
            #expect(try await bucket.latestEntry("task_scheduler")?.operation == .delete)
            let reclaimed = try await bucket.create("task_scheduler", value: bytes("node-2"))
            #expect(try await bucket.get("task_scheduler")?.revision == reclaimed)

            try await bucket.put("other", value: bytes("x"))
            try await bucket.purge("other")
            #expect(try await bucket.get("other") == nil)
            #expect(try await bucket.latestEntry("other")?.operation == .purge)

            await #expect { try await bucket.put("bad key", value: []) } throws: { error in
                if case .invalidArgument = error as? JetStreamError { return true }
                return false
            }
            let reopened = try await js.keyValue("CHORIA_AJ_ELECTIONS")
            #expect(try await reopened.get("task_scheduler")?.value == bytes("node-2"))
        }
    }

    @Test(arguments: bothServerVersions)
    func keysAndWatchSeeCurrentValuesThenChanges(version: NATSServerBinary.Version) async throws {
        try await withJetStream(version) { _, js in
            let bucket = try await js.createKeyValue(KeyValueBucketConfig(bucket: "CHORIA_AJ_CONFIGURATION", storage: .memory))
            #expect(try await bucket.keys().isEmpty)
            try await bucket.put("scheduled_tasks.a", value: bytes("1"))
            try await bucket.put("scheduled_tasks.b", value: bytes("1"))
            try await bucket.put("scheduled_tasks.a", value: bytes("2"))
            try await bucket.put("scheduled_tasks.c", value: bytes("1"))
            try await bucket.delete("scheduled_tasks.c")
            #expect(Set(try await bucket.keys()) == ["scheduled_tasks.a", "scheduled_tasks.b"])

            let watcher = try await bucket.watch(keys: "scheduled_tasks.*")
            var iterator = watcher.makeAsyncIterator()
            var initial: [String: KeyValueEntry] = [:]
            while case .entry(let entry)? = try await iterator.next() { initial[entry.key] = entry }
            #expect(initial["scheduled_tasks.a"]?.value == bytes("2"))
            #expect(initial["scheduled_tasks.b"]?.value == bytes("1"))
            #expect(initial["scheduled_tasks.c"]?.operation == .delete)

            try await bucket.put("scheduled_tasks.d", value: bytes("live"))
            guard case .entry(let live)? = try await iterator.next() else {
                Issue.record("no live entry after the initial values")
                return
            }
            #expect(live.key == "scheduled_tasks.d")
            #expect(live.value == bytes("live"))
            await watcher.stop()
        }
    }
}
