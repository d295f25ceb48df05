import AsyncJobs
import AsyncJobsTesting
import Testing

@Suite struct NamesAndIdsTests {
    @Test(arguments: ["email", "email:new", "A_b-9", "24smZHaWnjuP371iglxeQWK7nOi"])
    func validNames(name: String) { #expect(NameValidation.isValid(name)) }

    @Test(arguments: ["", "has space", "dot.ted", "slash/y", "ü", "star*"])
    func invalidNames(name: String) { #expect(!NameValidation.isValid(name)) }

    @Test func ksuidsAre27Base62Characters() {
        let id = KSUID.make()
        #expect(id.count == 27)
        #expect(NameValidation.isValid(id))
        #expect(id.allSatisfy { $0.isLetter || $0.isNumber })
    }

    @Test func ksuidsSortByCreationTime() {
        var random = SeededRandom(seed: 3)
        let times = (0..<20).map { Timestamp(nanoseconds: (1_700_000_000 + Int64($0) * 97) * 1_000_000_000) }
        let ids = times.map { KSUID.make(at: $0, using: &random) }
        #expect(ids == ids.sorted())
        #expect(ids.map { KSUID.timestamp(of: $0) } == times)
    }

    @Test func asyncjobsIdDecodesToItsCreationSecond() throws {
        let time = try #require(KSUID.timestamp(of: "24smZHaWnjuP371iglxeQWK7nOi"))
        #expect(time.rfc3339.hasPrefix("2022-02-09T17:28:41"))
    }

    @Test(arguments: [("90s", 90_000_000_000), ("10m", 600_000_000_000), ("1h30m", 5_400_000_000_000),
                      ("500ms", 500_000_000), ("1.5h", 5_400_000_000_000), ("0", 0), ("2us", 2_000), ("-3s", -3_000_000_000),
                      ("2562047h", 9_223_369_200_000_000_000), ("2562047h47m16.854775807s", Int64.max), (".5s", 500_000_000),
                      ("1.s", 1_000_000_000), ("1m1.25s", 61_250_000_000)] as [(String, Int64)])
    func goDurationsParse(text: String, nanoseconds: Int64) {
        #expect(GoDuration.parse(text) == .nanoseconds(nanoseconds))
    }

    @Test(arguments: ["12parsecs", "", "10", "h", "1.2.3s", "5 m", ".s", "2562048h", "99999999999999999999s", "-", "1h-1m"])
    func badGoDurationsAreRejected(text: String) { #expect(GoDuration.parse(text) == nil) }

    @Test(arguments: [(5_400_000_000_000, "1h30m0s"), (1_500_000_000, "1.5s"), (500_000_000, "500ms"), (0, "0s"), (60_000_000_000, "1m0s")] as [(Int64, String)])
    func goDurationsFormatLikeGo(nanoseconds: Int64, text: String) {
        #expect(GoDuration.format(.nanoseconds(nanoseconds)) == text)
    }

    @Test func compactDurations() {
        #expect(GoDuration.compact(.seconds(45)) == "45s")
        #expect(GoDuration.compact(.seconds(192)) == "3m12s")
        #expect(GoDuration.compact(.seconds(7500)) == "2h05m")
        #expect(GoDuration.compact(.seconds(273_600)) == "3d04h")
    }

    @Test func triesLimitTakesTheLowerLimit() {
        #expect(AttemptRules.triesLimit(taskMaxTries: 10, queueMaxTries: 3) == 3)
        #expect(AttemptRules.triesLimit(taskMaxTries: 2, queueMaxTries: -1) == 2)
        #expect(AttemptRules.triesLimit(taskMaxTries: 0, queueMaxTries: -1) == nil)
        #expect(AttemptRules.hasTriesLeft(tries: 2, taskMaxTries: 3, queueMaxTries: -1))
        #expect(!AttemptRules.hasTriesLeft(tries: 3, taskMaxTries: 3, queueMaxTries: -1))
    }
}
