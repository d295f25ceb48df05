import ArgumentParser

/// `ajc server run`: asyncjobs' HTTP API server, accepted with its flags and refused until the HTTP API
/// exists (issue 19).
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "asyncjobs' HTTP API server (not supported by this version yet).",
        subcommands: [Run.self]
    )

    /// `ajc server run`.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Serve asyncjobs' HTTP API (not supported by this version yet: exits 1).",
            // Written out so the usage line wraps within 80 columns.
            usage: """
                ajc server run [--bind <address>] [--queue <queue>]
                       [--allow-create-default] [--tls-cert <file>] [--tls-key <file>]
                       [--tls-client-ca <file>]
                       [--read-timeout <duration>] [--write-timeout <duration>]
                       [--max-body <bytes>] [--unsafe-bind]
                """
        )

        @Option(help: ArgumentHelp("Address to listen on.", valueName: "address"))
        var bind = "127.0.0.1:8080"

        @Option(name: .customLong("tls-cert"), help: ArgumentHelp("TLS certificate.", valueName: "file"))
        var tlsCertificate: String?

        @Option(name: .customLong("tls-key"), help: ArgumentHelp("TLS key.", valueName: "file"))
        var tlsKey: String?

        @Option(name: .customLong("tls-client-ca"), help: ArgumentHelp("CA for client certificates.", valueName: "file"))
        var tlsClientCA: String?

        @Option(help: ArgumentHelp("The queue tasks are enqueued to.", valueName: "queue"))
        var queue: String?

        @Flag(help: "Allow creating the DEFAULT queue when --queue is not given.")
        var allowCreateDefault = false

        @Option(help: ArgumentHelp("Read timeout.", valueName: "duration"))
        var readTimeout = DurationArgument(argument: "30s")!

        @Option(help: ArgumentHelp("Write timeout.", valueName: "duration"))
        var writeTimeout = DurationArgument(argument: "30s")!

        @Option(help: ArgumentHelp("Largest request body.", valueName: "bytes"))
        var maxBody = 524_288

        @Flag(help: "Allow a non-loopback address without mutual TLS.")
        var unsafeBind = false

        func run() async throws {
            throw UnsupportedFeature.notYet("the HTTP API server (ajc server run) is")
        }
    }
}
