import ArgumentParser
import Foundation

/// `--json` (`-j`, as asyncjobs spells it), on every command whose output is data.
struct OutputOptions: ParsableArguments {
    @Flag(name: [.customShort("j"), .long], help: "Print JSON instead of text (a list is a JSON array, one element per line).")
    var json = false

    /// Prints `value` as one line of JSON with sorted keys, so equal data always prints equal bytes.
    static func printJSON(_ value: some Encodable) throws {
        print(String(decoding: try encode(value), as: UTF8.self))
    }

    /// Prints a JSON array with one element per line, so it is both valid JSON and easy to grep.
    static func printJSONArray(_ elements: [Data]) {
        guard !elements.isEmpty else { return print("[]") }
        print("[\n" + elements.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ",\n") + "\n]")
    }

    /// Compact JSON with sorted keys.
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}
