import ArgumentParser
import Foundation

/// `-f/--force` on destructive commands, and the one place that decides whether they may go ahead.
struct ForceOption: ParsableArguments {
    @Flag(name: [.short, .long], help: "Do not ask for confirmation (required when stdin is not a terminal).")
    var force = false

    /// Returns when the action may proceed: with `-f`, or when the person at the terminal answers yes to
    /// `question`. Otherwise throws, before anything has changed.
    func confirm(_ question: String) throws(Refusal) {
        if force { return }
        guard isatty(STDIN_FILENO) == 1 else { throw .notInteractive }
        FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else { throw .declined }
    }

    /// Why a destructive action did not happen.
    enum Refusal: Error, CustomStringConvertible {
        /// Nobody could be asked.
        case notInteractive
        /// The person said no.
        case declined

        var description: String {
            switch self {
            case .notInteractive: "refusing a destructive action without -f: stdin is not a terminal; nothing was changed"
            case .declined: "cancelled; nothing was changed"
            }
        }
    }
}
