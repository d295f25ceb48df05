import Foundation
import Testing

/// `ajc task add --depends … --load`: blocked tasks, their release with the dependencies' results, and
/// the unreachable chain.
@Suite struct DependencyCommandTests {
    @Test func dependentRunsAfterItsDependenciesWithTheirResults() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "W")
        try await ajc.ok("task", "add", "make", "-q", "W", "--id", "a")
        try await ajc.ok("task", "add", "make", "-q", "W", "--id", "b")
        try await ajc.ok("task", "add", "use", "-q", "W", "--id", "c", "--depends", "a,b", "--load")
        let blocked = try await ajc.task("c")
        #expect(blocked["state"] as? String == "blocked")
        #expect(blocked["dependencies"] as? [String] == ["a", "b"])
        #expect(blocked["load_dependencies"] as? Bool == true)
        let view = try await ajc.ok("task", "view", "a")
        #expect(view.contains("Dependent   c (blocked)"), "\(view)")
        // `make` prints a result; `use` returns the task JSON it was given, dependency results included.
        let worker = try ajc.start(["task", "process", "", "W", "2",
                                    #"if [ "$AJ_TASK_TYPE" = make ]; then echo "\"made-$AJ_TASK_ID\""; else cat; fi"#])
        defer { worker.signal(SIGKILL) }
        let done = try await ajc.waitForTask("c", "complete") { $0["state"] as? String == "complete" }
        let seen = try #require((done["result"] as? [String: Any])?["payload"] as? [String: Any])
        let results = try #require(seen["dependency_results"] as? [String: [String: Any]])
        #expect(results["a"]?["payload"] as? String == "made-a")
        #expect(results["b"]?["payload"] as? String == "made-b")
        worker.signal(SIGTERM)
        #expect(try await worker.finish().status == 0)
    }

    @Test func aTerminatedDependencyMakesTheChainUnreachable() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "W")
        try await ajc.ok("task", "add", "t", "-q", "W", "--id", "root")
        try await ajc.ok("task", "add", "t", "-q", "W", "--id", "child", "--depends", "root")
        try await ajc.ok("task", "add", "t", "-q", "W", "--id", "grandchild", "--depends", "child")
        try await ajc.ok("task", "terminate", "root")
        for id in ["child", "grandchild"] {
            let task = try await ajc.task(id)
            #expect(task["state"] as? String == "unreachable", "\(task)")
            #expect(task["last_err"] as? String == "task dependencies failed: task root ended terminated", "\(task)")
        }
        let view = try await ajc.ok("task", "view", "grandchild")
        #expect(view.contains("Depends on  child (unreachable)"), "\(view)")
    }

    @Test func badDependenciesChangeNothing() async throws {
        let ajc = try AJCProcess()
        defer { ajc.cleanUp() }
        try await ajc.ok("queue", "add", "W")
        let before = try await ajc.dump()
        let missing = try await ajc("task", "add", "t", "-q", "W", "--depends", "nope")
        #expect(missing.status == 1, "\(missing)")
        #expect(missing.stderr.contains("task nope not found"), "\(missing)")
        let loadAlone = try await ajc("task", "add", "t", "-q", "W", "--load")
        #expect(loadAlone.status == 2, "\(loadAlone)")
        #expect(try await ajc.dump() == before)
    }
}
