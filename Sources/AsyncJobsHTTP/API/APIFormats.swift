import AsyncJobs
import Foundation

/// The text formats the API accepts, as the patterns its OpenAPI document states, so that what the
/// document calls valid is accepted and what it calls invalid is refused, to the character.
enum APIFormats {
    /// RFC 3339 times of years 1700 to 2199 (nanoseconds since 1970 fit in 64 bits only for 1678 to 2262).
    static let timePattern = #"^(1[7-9]|2[01])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"#
    /// Go durations of up to three parts, none negative, small enough never to overflow.
    static let durationPattern = #"^([0-9]{1,5}(\.[0-9]{1,3})?(ns|us|µs|ms|s|m|h)){1,3}$"#
    /// The largest integer any numeric field accepts.
    static let maxInteger = Int(Int32.max)

    private static let time = try! NSRegularExpression(pattern: timePattern)
    private static let duration = try! NSRegularExpression(pattern: durationPattern)

    /// The time `text` names, or nil when it does not follow ``timePattern``.
    static func time(_ text: String) -> Timestamp? {
        guard matches(time, text) else { return nil }
        return Timestamp(rfc3339: text)
    }

    /// The duration `text` names, or nil when it does not follow ``durationPattern``.
    static func duration(_ text: String) -> Duration? {
        guard matches(duration, text) else { return nil }
        return GoDuration.parse(text)
    }

    private static func matches(_ expression: NSRegularExpression, _ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
