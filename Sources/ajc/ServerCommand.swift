import ArgumentParser

/// `ajc server …`: servers in front of the store.
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Serve the store over HTTP.",
        subcommands: [ServerRunCommand.self]
    )
}
