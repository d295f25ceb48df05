import AJTop
import ArgumentParser
import AsyncJobs

/// ajtop's command line (SPEC §7). Parsing only: the program itself is in `main.swift`.
struct AJTopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ajtop",
        abstract: "A live dashboard of AsyncJobs queues: depth, active against MaxConcurrent, retry timelines.",
        discussion: "Keys: ↑/↓ or k/j move, Enter open, Esc back, / filter, r retry, t terminate, p pause, "
            + "+/- MaxConcurrent, ? help, q quit. --batch prints plain-text frames instead."
    )

    @Option(name: .long, help: ArgumentHelp("The store file (default: $AJ_STORE, else the standard location).",
                                            valueName: "path"))
    var store: String?

    @Option(name: .long, help: ArgumentHelp("Refresh interval, Go-style (500ms, 1s, 2m).", valueName: "duration"))
    var refresh: String = "1s"

    @Flag(name: .long, help: "Refuse every action that changes the store.")
    var readOnly = false

    @Flag(name: .long, help: "Print plain-text frames to stdout instead of running full-screen (like top -b).")
    var batch = false

    @Option(name: .long, help: "Frames to print with --batch, one per refresh interval (default 1).")
    var iterations: Int?

    @Option(name: .long, help: "Frame width for --batch (default 120).")
    var width: Int?

    @Option(name: .long, help: "Frame height for --batch (default 40).")
    var height: Int?

    @Flag(name: .long, help: ArgumentHelp("With --batch: read afresh for every frame and print the median read+render time to stderr.",
                                          visibility: .hidden))
    var timing = false

    /// The parsed refresh interval.
    var refreshInterval: Duration { GoDuration.parse(refresh) ?? .seconds(1) }

    func validate() throws {
        guard let interval = GoDuration.parse(refresh), interval > .zero else {
            throw ValidationError("--refresh: \"\(refresh)\" is not a positive duration such as 500ms, 1s or 2m")
        }
        if !batch, iterations != nil || width != nil || height != nil || timing {
            throw ValidationError("--iterations, --width, --height and --timing need --batch")
        }
        if let iterations, iterations < 1 { throw ValidationError("--iterations must be at least 1, got \(iterations)") }
        if let width, width < 20 { throw ValidationError("--width must be at least 20, got \(width)") }
        if let height, height < 5 { throw ValidationError("--height must be at least 5, got \(height)") }
    }
}
