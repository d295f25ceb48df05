import AsyncJobs
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        "2022-02-09T17:28:41.943198067Z", "2022-02-09T17:33:33.005041134Z", "2026-11-29T00:00:00Z",
        "1999-12-31T23:59:59.5Z", "2022-02-09T17:28:41.00000001Z",
    ])
    func rfc3339RoundTripsExactly(text: String) throws {
        let time = try #require(Timestamp(rfc3339: text))
        #expect(time.rfc3339 == text)
    }

    @Test func parsesOffsetsToUTC() throws {
        let time = try #require(Timestamp(rfc3339: "2022-02-09T18:28:41.5+01:00"))
        #expect(time.rfc3339 == "2022-02-09T17:28:41.5Z")
    }

    @Test(arguments: ["", "2022-02-09", "2022-02-09T17:28:41", "2022-13-09T17:28:41Z", "2022-02-09T17:28:41.Z", "x022-02-09T17:28:41Z"])
    func rejectsMalformedTimes(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test func arithmeticWithDurations() {
        let start = Timestamp(nanoseconds: 1_000)
        #expect((start + .seconds(2)).nanoseconds == 2_000_001_000)
        #expect((start + .seconds(2)) - start == .seconds(2))
    }
}
