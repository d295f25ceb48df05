import AsyncJobs
import Testing

/// Error texts normalised so that failures of one cause read as one, and grouped by that pattern.
@Suite struct ErrorPatternTests {
    @Test(arguments: [
        ("timed out after 3s (request 17)", "timed out after <duration> (request <n>)"),
        ("timed out after 9s (request 18)", "timed out after <duration> (request <n>)"),
        ("ran past MaxRunTime 1m30s.", "ran past MaxRunTime <duration>."),
        ("took 1.5ms, limit 250µs", "took <duration>, limit <duration>"),
        ("dial tcp 10.0.0.7:5432: connection refused", "dial tcp <addr>: connection refused"),
        ("bounce from ada@example.com", "bounce from <addr>"),
        ("task 2NxAAAAAAAAAAAAAAAAAAAAAAAA not found", "task <id> not found"),
        ("lock 3f2b8c1e-9d4a-4b7e-8f00-1234567890ab held", "lock <id> held"),
        ("user42 has 7 items; max=5", "user<n> has <n> items; max=<n>"),
        ("HTTP 503 from upstream", "HTTP <n> from upstream"),
        ("version 2.10.3 is too old", "version <n> is too old"),
        ("smtp unavailable", "smtp unavailable"),
        ("exit status 1: \"no such file\"", "exit status <n>: \"no such file\""),
        ("", ""),
    ])
    func varyingPartsAreNormalised(error: String, pattern: String) {
        #expect(ErrorPattern(of: error).text == pattern)
    }

    @Test func wordsThatOnlyLookLikeIdentifiersStay() {
        // Long words without a digit are text, not ids.
        #expect(ErrorPattern(of: "UnrecognizedSelector in handler").text == "UnrecognizedSelector in handler")
        #expect(ErrorPattern(of: "at 12:30 yesterday").text == "at <n>:<n> yesterday")
    }

    static let now = Timestamp(nanoseconds: 1_767_268_800_000_000_000)

    static func digest(_ id: String, _ error: String?, state: TaskState = .retry, type: String = "email",
                       tried: Duration? = nil) -> TaskDigest {
        TaskDigest(id: id, type: type, state: state, created: now - .seconds(3600), tried: tried.map { now - $0 },
                   tries: 1, lastError: error)
    }

    @Test func groupsCountFirstAndLastSeenLargestFirst() {
        let groups = ErrorGroup.grouping([
            Self.digest("a", "timed out after 3s (request 17)", tried: .seconds(300)),
            Self.digest("b", "connection refused", state: .expired, type: "sms", tried: .seconds(20)),
            Self.digest("c", "timed out after 9s (request 18)", state: .terminated, tried: .seconds(10)),
            Self.digest("d", nil, state: .retry),
            Self.digest("e", "timed out after 1s (request 19)", type: "sms", tried: nil),
        ])
        #expect(groups.map(\.pattern.text) == ["timed out after <duration> (request <n>)", "connection refused"])
        let timeouts = groups[0]
        #expect(timeouts.count == 3)
        #expect(timeouts.taskIDs == ["c", "a", "e"], "most recently tried first; never tried counts from creation")
        #expect(timeouts.example == "timed out after 9s (request 18)")
        #expect(timeouts.firstSeen == Self.now - .seconds(3600) && timeouts.lastSeen == Self.now - .seconds(10))
        #expect(timeouts.states == [.retry: 2, .terminated: 1])
        #expect(timeouts.types == ["email": 2, "sms": 1])
        #expect(groups[1].taskIDs == ["b"] && groups[1].states == [.expired: 1])
    }

    @Test func equalCountsLeadWithTheMostRecentlySeen() {
        let groups = ErrorGroup.grouping([
            Self.digest("a", "old trouble", tried: .seconds(600)),
            Self.digest("b", "new trouble", tried: .seconds(5)),
        ])
        #expect(groups.map(\.pattern.text) == ["new trouble", "old trouble"])
        #expect(ErrorGroup.grouping([Self.digest("a", nil), Self.digest("b", "")]).isEmpty)
    }
}
