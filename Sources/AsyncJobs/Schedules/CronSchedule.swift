import Foundation

/// When a scheduled task fires: asyncjobs' schedule syntax (robfig/cron's `ParseStandard`), evaluated in a
/// stated time zone.
///
/// Accepted: five fields `minute hour day-of-month month day-of-week` (each `*`, `?`, a number or name,
/// `a-b`, `*/n`, `a-b/n`, or a comma list of those; months `JAN`–`DEC`, weekdays `SUN`–`SAT` with 0 or 7 for
/// Sunday); the descriptors `@yearly` (`@annually`), `@monthly`, `@weekly`, `@daily` (`@midnight`),
/// `@hourly`; and `@every DURATION` (a Go duration of at least one second, fired every that long from the
/// previous fire). As in cron, when both day fields are restricted a day matching either fires.
///
/// asyncjobs evaluates schedules in the scheduler process's local time zone, so two schedulers on hosts
/// in different zones disagree; here the zone is part of the schedule (UTC unless given) and every
/// scheduler computes the same fires.
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    /// The schedule as written (after ``normalized(_:)``).
    public let text: String
    /// The IANA name of the time zone the fields are read in.
    public let timeZone: String
    private let rule: Rule

    private enum Rule: Sendable, Hashable {
        case fields(minutes: Set<Int>, hours: Set<Int>, days: Set<Int>, months: Set<Int>, weekdays: Set<Int>,
                    daysRestricted: Bool, weekdaysRestricted: Bool)
        case every(Duration)
    }

    /// The five-field forms of the descriptors.
    static let descriptors: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    /// Parses `text` in the time zone named `timeZone`; `invalidSetting` saying what is wrong.
    public init(_ text: String, timeZone: String = "UTC") throws(JobError) {
        let text = Self.normalized(text)
        guard TimeZone(identifier: timeZone) != nil else {
            throw .invalidSetting("unknown time zone \"\(timeZone)\": use an IANA name such as UTC or Europe/Paris")
        }
        self.text = text
        self.timeZone = timeZone
        if text.hasPrefix("@every") {
            let value = text.dropFirst("@every".count).trimmingCharacters(in: .whitespaces)
            guard let interval = GoDuration.parse(value), interval >= .seconds(1) else {
                throw .invalidSetting("schedule \"\(text)\": @every needs a duration of at least 1s, such as @every 5m")
            }
            rule = .every(interval)
            return
        }
        let expanded = Self.descriptors[text.lowercased()] ?? text
        if expanded.hasPrefix("@") {
            throw .invalidSetting("schedule \"\(text)\": unknown descriptor (use @yearly, @monthly, @weekly, @daily, @hourly or @every DURATION)")
        }
        let fields = expanded.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 5 else {
            throw .invalidSetting("schedule \"\(text)\": expected 5 fields (minute hour day-of-month month day-of-week), got \(fields.count)")
        }
        let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        let weekdays = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
        var weekdaySet = try Self.field(fields[4], "day-of-week", 0...7, names: weekdays, text: text)
        if weekdaySet.remove(7) != nil { weekdaySet.insert(0) }
        rule = .fields(
            minutes: try Self.field(fields[0], "minute", 0...59, text: text),
            hours: try Self.field(fields[1], "hour", 0...23, text: text),
            days: try Self.field(fields[2], "day-of-month", 1...31, text: text),
            months: try Self.field(fields[3], "month", 1...12, names: months, nameBase: 1, text: text),
            weekdays: weekdaySet,
            daysRestricted: !Self.isUnrestricted(fields[2]), weekdaysRestricted: !Self.isUnrestricted(fields[4]))
    }

    /// asyncjobs' `ajc task cron add` convenience: a schedule starting with a descriptor's word or `every`
    /// gets the `@` it lacks (`daily` → `@daily`, `every 5m` → `@every 5m`). Surrounding space is dropped.
    public static func normalized(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let first = trimmed.split(separator: " ").first?.lowercased() else { return trimmed }
        let words = Set(descriptors.keys.map { String($0.dropFirst()) }).union(["every"])
        return words.contains(first) ? "@" + trimmed : trimmed
    }

    public var description: String { "\(text) (\(timeZone))" }

    /// The first fire strictly after `after`, or nil when the fields can never match (say `0 0 30 2 *`).
    /// `@every` schedules fire at `after + interval`, rounded down to the second.
    public func nextFire(after: Timestamp) -> Timestamp? {
        switch rule {
        case .every(let interval):
            let next = (after + interval).nanoseconds
            return Timestamp(nanoseconds: next - next % 1_000_000_000)
        case let .fields(minutes, hours, days, months, weekdays, daysRestricted, weekdaysRestricted):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: timeZone)!
            // The next whole minute strictly after `after`, floored so fractions of a second do not count.
            let minuteNanos = Int64(60_000_000_000)
            let floored = after.nanoseconds - ((after.nanoseconds % minuteNanos) + minuteNanos) % minuteNanos
            let start = Timestamp(nanoseconds: floored + minuteNanos).date
            var wall = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: start)
            var (year, month, day, hour, minute) = (wall.year!, wall.month!, wall.day!, wall.hour!, wall.minute!)
            let lastYear = year + 5
            while year <= lastYear {
                if !months.contains(month) {
                    (month, day, hour, minute) = (month + 1, 1, 0, 0)
                    if month > 12 { (year, month) = (year + 1, 1) }
                    continue
                }
                let dayMatches = days.contains(day)
                let weekdayMatches = weekdays.contains(Self.weekday(year: year, month: month, day: day))
                let dayOK = daysRestricted && weekdaysRestricted ? (dayMatches || weekdayMatches) : (dayMatches && weekdayMatches)
                if day > Self.daysIn(year: year, month: month) || !dayOK {
                    (day, hour, minute) = (day + 1, 0, 0)
                    if day > Self.daysIn(year: year, month: month) {
                        (month, day) = (month + 1, 1)
                        if month > 12 { (year, month) = (year + 1, 1) }
                    }
                    continue
                }
                if !hours.contains(hour) {
                    (hour, minute) = (hour + 1, 0)
                    if hour > 23 { (day, hour) = (day + 1, 0) }
                    continue
                }
                if !minutes.contains(minute) {
                    minute += 1
                    if minute > 59 { (hour, minute) = (hour + 1, 0) }
                    if hour > 23 { (day, hour) = (day + 1, 0) }
                    continue
                }
                wall = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)
                // A wall time skipped by a daylight-saving change maps to the instant just after the gap.
                if let date = calendar.date(from: wall) {
                    let fire = Timestamp(date)
                    if fire > after { return fire }
                }
                minute += 1
                if minute > 59 { (hour, minute) = (hour + 1, 0) }
                if hour > 23 { (day, hour) = (day + 1, 0) }
            }
            return nil
        }
    }

    /// Whether a field leaves its unit unrestricted (`*` or `?`, with or without a step), which changes how
    /// the two day fields combine.
    private static func isUnrestricted(_ field: String) -> Bool { field.hasPrefix("*") || field.hasPrefix("?") }

    /// The values one field allows.
    private static func field(_ field: String, _ name: String, _ range: ClosedRange<Int>, names: [String] = [],
                              nameBase: Int = 0, text: String) throws(JobError) -> Set<Int> {
        func bad(_ why: String) -> JobError { .invalidSetting("schedule \"\(text)\": \(name) field \"\(field)\" \(why)") }
        func value(_ token: Substring) throws(JobError) -> Int {
            if let number = Int(token) {
                guard range.contains(number) else { throw bad("is out of range \(range.lowerBound)-\(range.upperBound)") }
                return number
            }
            guard let index = names.firstIndex(of: token.uppercased()) else { throw bad("has an unknown value \"\(token)\"") }
            return index + nameBase
        }
        var values = Set<Int>()
        for part in field.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2, !pieces[0].isEmpty else { throw bad("is malformed") }
            var step = 1
            if pieces.count == 2 {
                guard let number = Int(pieces[1]), number > 0 else { throw bad("has a bad step \"\(pieces[1])\"") }
                step = number
            }
            let bounds: ClosedRange<Int>
            if pieces[0] == "*" || pieces[0] == "?" {
                bounds = range
            } else {
                let ends = pieces[0].split(separator: "-", omittingEmptySubsequences: false)
                guard ends.count <= 2 else { throw bad("is malformed") }
                let low = try value(ends[0])
                let high = ends.count == 2 ? try value(ends[1]) : (pieces.count == 2 ? range.upperBound : low)
                guard low <= high else { throw bad("has a range that runs backwards") }
                bounds = low...high
            }
            values.formUnion(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
        }
        return values
    }

    private static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// 0 for Sunday … 6 for Saturday, from the civil date (days since 1970-01-01, a Thursday).
    private static func weekday(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return ((days % 7) + 11) % 7
    }
}
