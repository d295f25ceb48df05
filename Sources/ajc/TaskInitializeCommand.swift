import ArgumentParser

/// `ajc task initialize`: asyncjobs' creation of the JetStream tasks stream, accepted with its flags and
/// refused on SQLite, whose tables are created when the store is first opened.
struct TaskInitializeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "initialize",
        abstract: "Create asyncjobs' JetStream tasks stream (JetStream store only: exits 1 on SQLite).",
        discussion: "A SQLite store needs no initialising: any command creates it on first use."
    )

    @Flag(help: "Keep the tasks in memory.")
    var memory = false

    @Option(help: ArgumentHelp("How long tasks are kept.", valueName: "duration"))
    var retention: DurationArgument?

    @Option(parsing: .unconditional, help: ArgumentHelp("Stream replicas.", valueName: "n"))
    var replicas = 1

    func run() async throws {
        throw UnsupportedFeature.jetStreamOnly("task initialize", note: "its tables are created on first use; there is nothing to initialize")
    }
}
