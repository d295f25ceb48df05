import Foundation

extension Timestamp {
    /// The time in UTC as RFC 3339 with up to nine fractional digits and trailing zeros trimmed,
    /// exactly as Go's `time.RFC3339Nano` writes it (asyncjobs' wire format).
    public var rfc3339: String {
        var seconds = nanoseconds / 1_000_000_000
        var fraction = nanoseconds % 1_000_000_000
        if fraction < 0 {
            fraction += 1_000_000_000
            seconds -= 1
        }
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        // Written digit by digit: every record, event and run record carries several of these, and
        // `String(format:)` (NSString formatting) cost more than the rest of a write.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(30)
        /// `value` in decimal, zero-padded to at least `digits` (as `%0Nd`).
        func append(_ value: Int, digits: Int) {
            if value < 0 { bytes.append(45) }
            var rest = value.magnitude
            var reversed: [UInt8] = []
            repeat {
                reversed.append(UInt8(48 + rest % 10))
                rest /= 10
            } while rest > 0
            let width = value < 0 ? digits - 1 : digits
            if reversed.count < width { bytes.append(contentsOf: repeatElement(48, count: width - reversed.count)) }
            bytes.append(contentsOf: reversed.reversed())
        }
        append(Int(parts.tm_year) + 1900, digits: 4)
        bytes.append(45)
        append(Int(parts.tm_mon) + 1, digits: 2)
        bytes.append(45)
        append(Int(parts.tm_mday), digits: 2)
        bytes.append(84)
        append(Int(parts.tm_hour), digits: 2)
        bytes.append(58)
        append(Int(parts.tm_min), digits: 2)
        bytes.append(58)
        append(Int(parts.tm_sec), digits: 2)
        if fraction != 0 {
            var digits = 9
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            bytes.append(46)
            append(Int(fraction), digits: digits)
        }
        bytes.append(90)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses an RFC 3339 time such as `2022-02-09T17:28:41.943198067Z` or `2022-02-09T18:28:41+01:00`,
    /// keeping every fractional digit down to nanoseconds. Returns nil for anything else.
    public init?(rfc3339 text: String) {
        self.init(rfc3339UTF8: Array(text.utf8)[...])
    }

    /// Parses the UTF-8 bytes of an RFC 3339 time, as ``init(rfc3339:)`` parses its text (a record decoder
    /// reads times straight from the record's bytes).
    public init?(rfc3339UTF8 text: ArraySlice<UInt8>) {
        guard let nanoseconds = text.withUnsafeBufferPointer(Self.rfc3339Nanoseconds) else { return nil }
        self.init(nanoseconds: nanoseconds)
    }

    private static func rfc3339Nanoseconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count >= 20,
              let year = number(0..<4), bytes[4] == 45, let month = number(5..<7), bytes[7] == 45,
              let day = number(8..<10), bytes[10] == 84 || bytes[10] == 116,
              let hour = number(11..<13), bytes[13] == 58, let minute = number(14..<16), bytes[16] == 58,
              let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction: Int64 = 0
        if bytes[index] == 46 {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if digits < 9 { fraction = fraction * 10 + Int64(bytes[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 9) { fraction *= 10 }
        }
        guard index < bytes.count else { return nil }
        var offsetSeconds = 0
        if bytes[index] == 90 || bytes[index] == 122 {
            index += 1
        } else if bytes[index] == 43 || bytes[index] == 45 {
            guard let offsetHours = number(index + 1..<index + 3), index + 3 < bytes.count, bytes[index + 3] == 58,
                  let offsetMinutes = number(index + 4..<index + 6) else { return nil }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (bytes[index] == 45 ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let epochSeconds = Int64(timegm(&parts)) - Int64(offsetSeconds)
        // Nanoseconds since 1970 fit in Int64 only for years 1678 to 2262; outside them the text is no time we can hold.
        let (scaled, overflow) = epochSeconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return nil }
        let (total, carry) = scaled.addingReportingOverflow(fraction)
        guard !carry else { return nil }
        return total
    }
}
