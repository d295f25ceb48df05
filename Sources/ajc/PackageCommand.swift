import ArgumentParser

/// `ajc package docker`: asyncjobs' generator of a Go worker container, accepted with its flag and
/// refused: it writes Go code for asyncjobs' library, which this Swift engine cannot build.
struct PackageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "package",
        abstract: "asyncjobs' worker packaging (not supported by this version).",
        subcommands: [Docker.self],
        aliases: ["pkg"]
    )

    /// `ajc package docker`.
    struct Docker: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "docker",
            abstract: "Generate a Go worker and Dockerfile (not supported by this version: exits 1)."
        )

        @Option(help: ArgumentHelp("The package description.", valueName: "file"))
        var file = "asyncjobs.yaml"

        func run() async throws {
            throw UnsupportedFeature(description: "ajc package docker generates a Go worker for asyncjobs' Go library; this version has no package generator: run handlers with 'ajc task process' or embed the Swift library")
        }
    }
}
