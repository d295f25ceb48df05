import AsyncJobs
import Foundation
import Testing

/// asyncjobs' schedule syntax (robfig/cron's standard parser) and the next fire of each form, checked
/// against fires worked out by hand from a calendar.
@Suite struct CronScheduleTests {
    /// An RFC 3339 instant.
    func at(_ text: String) -> Timestamp { Timestamp(ISO8601DateFormatter().date(from: text)!) }

    @Test(arguments: [
        ("*/15 * * * *", "UTC", "2026-12-01T12:07:30Z", "2026-12-01T12:15:00Z"),
        ("*/15 * * * *", "UTC", "2026-12-01T12:15:00Z", "2026-12-01T12:30:00Z"),
        ("0 9 * * MON-FRI", "UTC", "2026-12-05T10:00:00Z", "2026-12-07T09:00:00Z"),  // Saturday → Monday
        ("30 2 1 jan,jul *", "UTC", "2026-02-01T00:00:00Z", "2026-07-01T02:30:00Z"),
        ("0 12 * * 7", "UTC", "2026-12-01T00:00:00Z", "2026-12-06T12:00:00Z"),  // 7 is Sunday
        ("0 0 13 * FRI", "UTC", "2026-11-01T00:00:00Z", "2026-11-06T00:00:00Z"),  // a Friday before the 13th
        ("0 0 29 2 *", "UTC", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z"),
        ("@hourly", "UTC", "2026-12-01T12:59:59Z", "2026-12-01T13:00:00Z"),
        ("@daily", "Europe/Paris", "2026-03-01T12:00:00Z", "2026-03-01T23:00:00Z"),  // Paris midnight, UTC+1
        ("@daily", "Europe/Paris", "2026-07-01T12:00:00Z", "2026-07-01T22:00:00Z"),  // summer time, UTC+2
        ("@weekly", "UTC", "2026-12-01T00:00:00Z", "2026-12-06T00:00:00Z"),
        ("@monthly", "UTC", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z"),
        ("@yearly", "UTC", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z"),
        ("@every 90s", "UTC", "2026-12-01T12:00:00Z", "2026-12-01T12:01:30Z"),
        ("every 1h30m", "UTC", "2026-12-01T12:00:00Z", "2026-12-01T13:30:00Z"),
    ])
    func nextFire(schedule: String, zone: String, after: String, expected: String) throws {
        #expect(try CronSchedule(schedule, timeZone: zone).nextFire(after: at(after)) == at(expected))
    }

    @Test func everyRoundsDownToTheSecondFromThePreviousFire() throws {
        let after = at("2026-12-01T12:00:00Z") + .milliseconds(500)
        #expect(try CronSchedule("@every 1m").nextFire(after: after) == at("2026-12-01T12:01:00Z"))
    }

    @Test func asyncjobsPrependsTheAt() {
        #expect(CronSchedule.normalized("daily") == "@daily")
        #expect(CronSchedule.normalized(" every 5m ") == "@every 5m")
        #expect(CronSchedule.normalized("annually") == "@annually")
        #expect(CronSchedule.normalized("*/5 * * * *") == "*/5 * * * *")
        #expect(CronSchedule.normalized("@hourly") == "@hourly")
    }

    @Test func impossibleSchedulesNeverFire() throws {
        #expect(try CronSchedule("0 0 30 2 *").nextFire(after: at("2026-01-01T00:00:00Z")) == nil)
    }

    @Test(arguments: [
        ("61 * * * *", "minute field \"61\" is out of range 0-59"),
        ("* * *", "expected 5 fields"),
        ("* * * * * *", "expected 5 fields"),
        ("@sometimes", "unknown descriptor"),
        ("@every 0s", "@every needs a duration of at least 1s"),
        ("@every soon", "@every needs a duration"),
        ("5-1 * * * *", "runs backwards"),
        ("*/0 * * * *", "bad step"),
        ("* * * FOO *", "unknown value \"FOO\""),
    ])
    func badSchedulesAreRefusedSayingWhy(schedule: String, message: String) {
        do {
            _ = try CronSchedule(schedule)
            Issue.record("\(schedule) was accepted")
        } catch {
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test func unknownTimeZonesAreRefused() {
        #expect(throws: JobError.self) { try CronSchedule("@daily", timeZone: "Mars/Olympus") }
    }
}
