import AsyncJobs
import AsyncJobsTesting
import Foundation
import Testing

@Suite struct TaskImportTests {
    let now = Timestamp(nanoseconds: 1_767_225_600_000_000_000)

    @Test func withATypeEveryLineIsAPayload() throws {
        let tasks = try TaskImport(queue: "Q", type: "number", now: now).tasks(from: Data("1\n2\r\n\n  \n3".utf8))
        #expect(tasks.map { String(decoding: $0.payload ?? Data(), as: UTF8.self) } == ["1", "2", "3"])
        #expect(tasks.allSatisfy { $0.type == "number" && $0.queue == "Q" && $0.created == now && $0.state == .new })
        #expect(Set(tasks.map(\.id)).count == 3)
        #expect(tasks.allSatisfy { KSUID.timestamp(of: $0.id) != nil })
    }

    @Test func objectLinesCarryTypePayloadIdDeadlineAndTries() throws {
        let input = """
            {"type": "email", "payload": {"to": "a@b.c"}, "id": "mail-1", "max_tries": 3, "deadline": "2026-01-02T00:00:00Z"}
            {"type": "email", "payload": "plain", "deadline": "90s"}
            {"type": "ping"}
            """
        let tasks = try TaskImport(queue: "Q", now: now).tasks(from: Data(input.utf8))
        #expect(tasks.count == 3)
        #expect(tasks[0].id == "mail-1")
        #expect(tasks[0].payload == Data(#"{"to": "a@b.c"}"#.utf8), "the payload's JSON text as written")
        #expect(tasks[0].maxTries == 3)
        #expect(tasks[0].deadline == Timestamp(rfc3339: "2026-01-02T00:00:00Z"))
        #expect(tasks[1].payload == Data(#""plain""#.utf8))
        #expect(tasks[1].deadline == now + .seconds(90))
        #expect(tasks[1].maxTries == JobTask.defaultMaxTries)
        #expect(tasks[2].type == "ping" && tasks[2].payload == nil)
    }

    @Test(arguments: [
        ("{\"type\": \"a\"}\nnot json\n", 2, "not a JSON object"),
        ("{\"type\": \"a\"}\n\n{\"payload\": 1}", 3, "\"type\" is missing"),
        ("{\"type\": \"a b\"}", 1, "invalid task type"),
        ("{\"type\": \"a\", \"id\": \"x/y\"}", 1, "invalid task id"),
        ("{\"type\": \"a\", \"tpye\": \"b\"}", 1, "unknown key \"tpye\""),
        ("{\"type\": \"a\", \"deadline\": \"soon\"}", 1, "\"deadline\" \"soon\""),
        ("{\"type\": \"a\", \"max_tries\": \"3\"}", 1, "\"max_tries\" must be an integer"),
        ("{\"type\": \"a\", \"max_tries\": -2}", 1, "max tries"),
        ("{\"type\": \"a\", \"max_tries\": 2.5}", 1, "\"max_tries\" must be an integer"),
        ("{\"type\": 5}", 1, "\"type\" must be a string"),
        ("[1, 2]", 1, "not a JSON object"),
        ("{\"type\": \"a\", \"payload\": {\"x\": [1, 2,]}}", 1, "invalid JSON at column"),
        ("{\"type\": \"a\", \"payload\": tru}", 1, "expected true"),
        ("{\"type\": \"a\", \"payload\": \"\\q\"}", 1, "invalid escape"),
        ("{\"type\": \"a\", \"payload\": 01}", 1, "invalid JSON"),
        ("{\"type\": \"a\"} trailing", 1, "unexpected text after the object"),
        ("{\"type\": \"a\", \"payload\": \"unterminated}", 1, "unterminated string"),
        ("{\"type\": \"a\", \"payload\": \"\\ud800\"}", 1, "unpaired surrogate"),
        ("{\"type\": \"a\", \"payload\": \"\\udc00\"}", 1, "unpaired surrogate"),
        ("{\"type\": \"a\\u00\"}", 1, "invalid \\u escape"),
        ("{\"type\": \"a\", \"payload\": \"\\", 1, "unterminated string"),
        ("{\"type\": \"j\", \"type\": \"k\"}", 1, "key \"type\" appears more than once"),
        ("{\"type\": \"a\", \"deadline\": \"-1h\"}", 1, "\"deadline\" \"-1h\" is not in the future"),
        ("{\"type\": \"a\", \"deadline\": \"2020-01-01T00:00:00Z\"}", 1, "is not in the future"),
        ("{\"type\": \"a\", \"id\": \"x\"}\n{\"type\": \"a\"}\n{\"type\": \"a\", \"id\": \"x\"}", 3, "task id \"x\" is also on line 1"),
    ])
    func aBadLineIsReportedByNumber(input: String, line: Int, reason: String) {
        let error = #expect(throws: TaskImportError.self) { try TaskImport(now: now).tasks(from: Data(input.utf8)) }
        #expect(error?.line == line)
        #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "")")
    }

    @Test func aLeadingByteOrderMarkIsNotPartOfTheFirstLine() throws {
        let bom = Data([0xEF, 0xBB, 0xBF])
        let objects = try TaskImport(now: now).tasks(from: bom + Data("{\"type\": \"a\"}\n{\"type\": \"b\"}".utf8))
        #expect(objects.map(\.type) == ["a", "b"])
        let payloads = try TaskImport(type: "t", now: now).tasks(from: bom + Data("one\ntwo".utf8))
        #expect(payloads.map { $0.payload } == [Data("one".utf8), Data("two".utf8)])
        // Only at the very start: elsewhere the bytes are a payload's own.
        let later = try TaskImport(type: "t", now: now).tasks(from: Data("one\n".utf8) + bom + Data("two".utf8))
        #expect(later[1].payload == bom + Data("two".utf8))
    }

    @Test func anIdTheStoreHoldsAlreadyIsReportedWithItsLine() async throws {
        let store = MemoryStore()
        try await store.enqueue([JobTask(id: "taken", type: "a", queue: Queue.defaultName)])
        let input = Data("{\"type\": \"a\"}\n{\"type\": \"a\", \"id\": \"taken\"}\n".utf8)
        let error = await #expect(throws: TaskImportError.self) { try await TaskImport(now: now).run(input, into: store) }
        #expect(error?.line == 2)
        #expect(error?.reason == "task taken already exists")
        #expect(try await store.tasks(TaskFilter(limit: 10)).count == 1, "nothing was imported")
    }

    @Test func payloadsOfEveryJSONKindAreKeptAsWrittenAndStringsAreUnescaped() throws {
        let payloads = [#"{"a": [1, -2.5e3, true, false, null, {"b": "\u00e9\ud83d\ude00"}]}"#, #"[]"#, #""text""#, "42", "-0.5"]
        let input = payloads.enumerated().map { #"{"type": "t\u003aescaped", "id": "i\u002d1\#($0.offset)", "payload": \#($0.element)}"# }
        let tasks = try TaskImport(now: now).tasks(from: Data(input.joined(separator: "\n").utf8))
        #expect(tasks.map { String(decoding: $0.payload ?? Data(), as: UTF8.self) } == payloads)
        #expect(tasks.allSatisfy { $0.type == "t:escaped" && $0.id.hasPrefix("i-1") })
        let nullPayload = try TaskImport(now: now).tasks(from: Data(#"{"type": "t", "payload": null, "id": null}"#.utf8))
        #expect(nullPayload.first?.payload == nil && nullPayload.first?.id.count == 27)
    }

    // The two large imports parse for seconds in a debug build: on threads of their own, not the pool's.
    @Test(.ownThread) func theFirstBadLineWinsAcrossParallelChunks() {
        var lines = (1...50_000).map { "{\"type\": \"t\", \"payload\": \($0)}" }
        lines[41_000] = "oops"
        lines[12_345] = "{}"
        let error = #expect(throws: TaskImportError.self) {
            try TaskImport(now: now).tasks(from: Data(lines.joined(separator: "\n").utf8))
        }
        #expect(error?.line == 12_346)
    }

    @Test(.ownThread) func manyLinesKeepTheirOrderAndGetUniqueIds() throws {
        let input = (1...30_000).map(String.init).joined(separator: "\n")
        let tasks = try TaskImport(type: "n", now: now).tasks(from: Data(input.utf8))
        #expect(tasks.count == 30_000)
        #expect(tasks.first?.payload == Data("1".utf8) && tasks.last?.payload == Data("30000".utf8))
        #expect(Set(tasks.map(\.id)).count == 30_000)
    }

    @Test func idsOfOneImportAscendInLineOrderWithinAChunk() throws {
        let tasks = try TaskImport(type: "n", now: now).tasks(from: Data("a\nb\nc\nd".utf8))
        #expect(tasks.map(\.id) == tasks.map(\.id).sorted())
        #expect(tasks.allSatisfy { KSUID.timestamp(of: $0.id) == Timestamp(nanoseconds: now.nanoseconds) })
    }

    @Test func anInvalidTypeOrQueueFailsBeforeAnyLine() {
        #expect(throws: TaskImportError.self) { try TaskImport(type: "bad type").tasks(from: Data("x".utf8)) }
        #expect(throws: TaskImportError.self) { try TaskImport(queue: "bad queue", type: "t").tasks(from: Data("x".utf8)) }
    }

    @Test func aBadLineWritesNothing() async throws {
        let store = MemoryStore()
        try await store.createQueue(Queue(name: "Q"))
        await #expect(throws: TaskImportError.self) {
            try await TaskImport(queue: "Q").run(Data("{\"type\": \"a\"}\n{\"type\": 5}".utf8), into: store)
        }
        #expect(try await store.countTasks(TaskFilter()) == 0)
    }

    @Test func aDuplicateIdWritesNothing() async throws {
        let store = MemoryStore()
        let input = "{\"type\": \"a\", \"id\": \"one\"}\n{\"type\": \"a\"}\n{\"type\": \"a\", \"id\": \"one\"}"
        await #expect(throws: TaskImportError(line: 3, reason: "task id \"one\" is also on line 1")) {
            try await TaskImport().run(Data(input.utf8), into: store)
        }
        #expect(try await store.countTasks(TaskFilter()) == 0)
    }

    @Test func runEnqueuesEveryTask() async throws {
        let store = MemoryStore()
        let count = try await TaskImport(type: "n").run(Data("a\nb\nc\n".utf8), into: store)
        #expect(count == 3)
        #expect(try await store.countTasks(TaskFilter(queue: Queue.defaultName, states: [.new])) == 3)
    }
}
