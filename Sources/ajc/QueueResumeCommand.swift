import ArgumentParser

/// `ajc queue resume NAME`: lets a paused queue hand out work again.
struct QueueResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume a paused queue.",
        // Written out so the usage line wraps within 80 columns.
        usage: """
            ajc queue resume <name>
                   [--store <path> | --nats <url> | --context <name>]
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: "The queue's name.")
    var name: String

    func run() async throws {
        try await QueuePauseCommand.setPaused(false, queue: name, storeOptions: storeOptions)
    }
}
