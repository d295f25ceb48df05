import ArgumentParser

/// `ajc task configure RETENTION [REPLICAS]`: asyncjobs' settings of the tasks stream, accepted by name and
/// refused: this store has no task retention yet, and replicas are JetStream's.
struct TaskConfigureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "configure",
        abstract: "Set how long tasks are kept (not supported by this version yet: exits 1).",
        discussion: "Tasks are kept until deleted: 'ajc task purge', 'ajc queue purge --state S', 'ajc task rm'.",
        aliases: ["config", "cfg"]
    )

    @Argument(help: ArgumentHelp("How long tasks are kept.", valueName: "retention"))
    var retention: DurationArgument

    @Argument(help: ArgumentHelp("Stream replicas (JetStream store only).", valueName: "replicas"))
    var replicas: Int?

    func run() async throws {
        try UnsupportedFeature.refuse([(replicas != nil, .jetStreamOnly("REPLICAS"))])
        throw UnsupportedFeature.notYet(
            "task retention is", hint: "tasks are kept until deleted ('ajc task purge', 'ajc queue purge --state S', 'ajc task rm')")
    }
}
