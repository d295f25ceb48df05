import ArgumentParser

/// `ajc queue …`: the queue commands.
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Create, inspect, configure, pause and remove queues.",
        subcommands: [
            QueueAddCommand.self, QueueListCommand.self, QueueInfoCommand.self, QueueConfigureCommand.self,
            QueuePauseCommand.self, QueueResumeCommand.self, QueuePurgeCommand.self, QueueRemoveCommand.self,
            QueueErrorsCommand.self,
        ],
        aliases: ["q", "queues"]
    )
}
