import ArgumentParser

/// `ajc task …`: the task commands.
struct TaskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Enqueue, list, inspect, retry, terminate, watch and process tasks.",
        subcommands: [
            TaskAddCommand.self, TaskImportCommand.self, TaskListCommand.self, TaskViewCommand.self,
            TaskRetryCommand.self, TaskTerminateCommand.self, TaskRemoveCommand.self, TaskWatchCommand.self,
            TaskProcessCommand.self, TaskPurgeCommand.self, TaskInitializeCommand.self, TaskConfigureCommand.self,
            TaskCronCommand.self,
        ],
        aliases: ["t", "tasks"]
    )
}
