/// An error text with its varying parts replaced by placeholders, so that the failures of one cause read as
/// one: "timed out after 3s (request 17)" and "timed out after 9s (request 18)" both become
/// "timed out after <duration> (request <n>)".
///
/// Pure and shared by every store and face (ajtop's errors view, `ajc queue errors`), so that grouping never
/// depends on the backend. What varies, token by token (a token is a run of text between spaces, brackets,
/// quotes, commas, semicolons and `=`; a trailing `.`, `:` or `!` stays outside it):
/// - UUIDs and long identifiers mixing letters and digits (KSUIDs, hashes, `req_8f3a…`) → `<id>`;
/// - IPv4 addresses, with or without a port, and e-mail addresses → `<addr>`;
/// - durations (`3s`, `1.5ms`, `1h30m`) → `<duration>`;
/// - any other run of digits (with decimals) → `<n>`, inside a word too (`user42` → `user<n>`).
public struct ErrorPattern: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The normalised text.
    public let text: String

    /// The pattern of `error`.
    public init(of error: String) {
        var out = ""
        var token = ""
        for character in error {
            if Self.separators.contains(character) || character.isWhitespace {
                out += Self.normalised(token: token)
                token = ""
                out.append(character)
            } else {
                token.append(character)
            }
        }
        out += Self.normalised(token: token)
        text = out
    }

    public var description: String { text }

    public static func < (lhs: ErrorPattern, rhs: ErrorPattern) -> Bool { lhs.text < rhs.text }

    /// Characters that end a token and are kept as they are.
    static let separators: Set<Character> = ["(", ")", "[", "]", "{", "}", "<", ">", "\"", "'", "`", ",", ";", "="]

    /// Punctuation that ends a sentence or a label rather than belonging to the token before it.
    static let trailing: Set<Character> = [".", ":", "!", "?"]

    /// One token with its varying part replaced; trailing punctuation is kept outside.
    static func normalised(token: String) -> String {
        guard !token.isEmpty else { return "" }
        var core = Substring(token)
        var tail = ""
        while let last = core.last, trailing.contains(last) {
            tail = String(last) + tail
            core = core.dropLast()
        }
        guard !core.isEmpty else { return token }
        if isUUID(core) || isLongIdentifier(core) { return "<id>" + tail }
        if isAddress(core) { return "<addr>" + tail }
        if isDuration(core) { return "<duration>" + tail }
        return replacingNumbers(in: core) + tail
    }

    /// 8-4-4-4-12 hexadecimal digits.
    static func isUUID(_ token: Substring) -> Bool {
        let groups = token.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    /// At least 12 characters of letters, digits, `_` and `-` with both a letter and a digit (KSUIDs, hashes,
    /// generated request ids); a shorter word with a number in it (`user42`) keeps its word.
    static func isLongIdentifier(_ token: Substring) -> Bool {
        guard token.count >= 12, token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
        else { return false }
        return token.contains(where: \.isLetter) && token.contains(where: \.isNumber)
    }

    /// An IPv4 address with an optional port, or an e-mail address.
    static func isAddress(_ token: Substring) -> Bool {
        if let at = token.firstIndex(of: "@"), at != token.startIndex, token.index(after: at) != token.endIndex,
           token[token.index(after: at)...].contains(".") {
            return true
        }
        let hostAndPort = token.split(separator: ":", omittingEmptySubsequences: false)
        guard hostAndPort.count <= 2 else { return false }
        if hostAndPort.count == 2, hostAndPort[1].isEmpty || !hostAndPort[1].allSatisfy(\.isNumber) { return false }
        let octets = hostAndPort[0].split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) }
    }

    /// Go-style durations: one or more number-and-unit pairs (`3s`, `1.5ms`, `1h30m0s`, `250µs`).
    static func isDuration(_ token: Substring) -> Bool {
        var rest = token[...]
        var pairs = 0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, number.first?.isNumber == true else { return false }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter }
            guard ["ns", "us", "µs", "ms", "s", "m", "h", "d"].contains(String(unit)) else { return false }
            rest = rest.dropFirst(unit.count)
            pairs += 1
        }
        return pairs > 0
    }

    /// `token` with each run of digits (and the decimal point between digits) as `<n>`.
    static func replacingNumbers(in token: Substring) -> String {
        var out = ""
        var index = token.startIndex
        while index < token.endIndex {
            guard token[index].isNumber else {
                out.append(token[index])
                index = token.index(after: index)
                continue
            }
            var end = index
            while end < token.endIndex {
                if token[end].isNumber { end = token.index(after: end); continue }
                let next = token.index(after: end)
                if token[end] == ".", next < token.endIndex, token[next].isNumber { end = next; continue }
                break
            }
            out += "<n>"
            index = end
        }
        return out
    }
}
