import AsyncJobs
import AsyncJobsJetStream
import AsyncJobsTesting
import Foundation
import NATSTestSupport
import Testing

/// The shared conformance suite against real servers of both versions: every check on an empty store of its
/// own (one account each on one server), several at a time.
@Suite("JetStream store conformance", .serialized)
struct JetStreamStoreConformanceTests {
    /// `AJ_JS_CHECKS=a,b` runs only those checks (while working on them); by default every check of the
    /// roles the store has.
    static var checks: [StoreConformance.Check] {
        guard let names = ProcessInfo.processInfo.environment["AJ_JS_CHECKS"], !names.isEmpty else {
            return StoreConformance.Check.allCases
        }
        return names.split(separator: ",").compactMap { StoreConformance.Check(rawValue: String($0)) }
    }

    @Test(arguments: bothServerVersions)
    func conformance(version: NATSServerBinary.Version) async throws {
        let checks = Self.checks
        try await withAccountsServer(version, accounts: checks.count) { server in
            let stores = Collected<JetStreamStore>()
            let failures = Collected<String>()
            let passed = Collected<StoreConformance.Check>()
            await withTaskGroup(of: Void.self) { group in
                var next = 0
                func start(_ index: Int) {
                    let check = checks[index]
                    group.addTask {
                        let suite = StoreConformance { clock in
                            let store = try await openStore(accountURL(server, index), clock: clock)
                            stores.append(store)
                            return store
                        }
                        do {
                            try await suite.run(check)
                            passed.append(check)
                        } catch {
                            failures.append("\(check) on \(version): \(error)")
                        }
                    }
                }
                // A few at a time: the machine's two cores are shared.
                while next < min(6, checks.count) { start(next); next += 1 }
                while await group.next() != nil {
                    if next < checks.count { start(next); next += 1 }
                }
            }
            for store in stores.all { await closeStore(store) }
            for failure in failures.all.sorted() { Issue.record(Comment(rawValue: failure)) }
            #expect(passed.all.count + failures.all.count == checks.count, "every check ran")
            print("JetStream conformance on \(version): \(passed.all.count) of \(checks.count) checks passed")
        }
    }
}
