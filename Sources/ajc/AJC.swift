import ArgumentParser
import AsyncJobs
import Foundation

/// `ajc`: queues and tasks of an AsyncJobs store from the command line, shaped after asyncjobs' own `ajc`.
///
/// Parsing is done here rather than by `AsyncParsableCommand.main()` so that bad usage exits 2, as the help
/// text below promises (argument-parser would exit 64), and every error is one line on stderr.
@main
struct AJC: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ajc",
        abstract: "Manage AsyncJobs queues and tasks from the command line.",
        discussion: """
            Every command works on one store, a SQLite file shared by any number of processes: \
            --store PATH, else $AJ_STORE, else $XDG_DATA_HOME/ajtop/store.sqlite \
            (~/.local/share/ajtop/store.sqlite), created on first use. --nats URL, --context NAME \
            (a NATS CLI context) or a nats:// URL as the store select the JetStream store in \
            asyncjobs' layout, shared with Go asyncjobs programs.

            Durations are Go-style: 500ms, 90s, 10m, 1h30m.

            --debug anywhere on the line (or AJC_DEBUG=1) writes debug lines to stderr. asyncjobs' \
            command names, aliases and flags work too (ajc tasks list 500, ajc q new EMAIL --age 1h); \
            see docs/ajc.md, "Coming from asyncjobs' ajc".

            Exit status: 0 success; 1 a failed operation (not found, already exists, invalid name or \
            state, refused destructive action, store error); 2 bad usage (unknown command or flag, \
            unparsable value).
            """,
        version: AJC.version,
        subcommands: [QueueCommand.self, TaskCommand.self, InfoCommand.self, ServerCommand.self, PackageCommand.self]
    )

    /// Options that asyncjobs' `ajc` (or this one) takes anywhere on the line, including before the
    /// subcommand: the store's (`--store PATH`, `--nats URL`, `--context NAME`: asyncjobs' users write
    /// `ajc --context NAME task ls`), and the task group's `--sign KEY` and `--verify KEY`.
    static let globalOptions = ["--store", "--nats", "--context", "--sign", "--verify"]

    /// Moves global options given before the subcommand (`ajc --store s.sqlite queue ls`,
    /// `ajc task --sign KEY add …`) to just after it, where the subcommand's own option takes them:
    /// argument-parser only parses a command's own options. Not to the end: after a `--` they would be
    /// read as positional values.
    static func hoistingGlobalOptions(_ arguments: [String]) -> [String] {
        var path: [String] = []
        var moved: [String] = []
        var command: any ParsableCommand.Type = AJC.self
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if globalOptions.contains(argument), index + 1 < arguments.count {
                moved += arguments[index...(index + 1)]
                index += 2
            } else if globalOptions.contains(where: { argument.hasPrefix($0 + "=") }) {
                moved.append(argument)
                index += 1
            } else if let subcommand = command.configuration.subcommands.first(where: {
                $0.configuration.commandName == argument || $0.configuration.aliases.contains(argument)
            }) {
                path.append(argument)
                command = subcommand
                index += 1
            } else {
                break
            }
        }
        return path + moved + arguments[index...]
    }

    static func main() async {
        let command: any ParsableCommand
        do {
            _ = try DebugMode.environmentValue()
        } catch {
            Diagnostics.fail(usage: error.description)
        }
        do {
            let arguments = DebugMode.arguments(CommandLine.arguments.dropFirst()).remaining
            command = try parseAsRoot(hoistingGlobalOptions(arguments))
        } catch {
            // Help requests are "errors" that exit 0 after printing.
            if exitCode(for: error) == .success { exit(withError: error) }
            Diagnostics.fail(usage: message(for: error))
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var syncCommand = command
                try syncCommand.run()
            }
        } catch let error as ExitCode {
            // A command that chose its own status (task process after a second Ctrl-C).
            Foundation.exit(error.rawValue)
        } catch {
            // argument-parser's own errors reach here too: help requests from `help` or a command group
            // (exit 0 after printing) and validation errors (bad usage).
            switch exitCode(for: error) {
            case .success: exit(withError: error)
            case .validationFailure: Diagnostics.fail(usage: message(for: error))
            default: Diagnostics.fail(error)
            }
        }
    }

    /// What `ajc --version` prints.
    static let version = "0.1.0"
}
