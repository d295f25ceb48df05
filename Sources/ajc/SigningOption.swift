import ArgumentParser
import AsyncJobs

/// asyncjobs' `ajc task --sign SEED|FILE`: sign the tasks a command enqueues. Accepted before the
/// subcommand too (`ajc task --sign KEY add …`), as asyncjobs' group flag; see ``AJC/hoistingGlobalOptions(_:)``.
struct SigningOption: ParsableArguments {
    @Option(name: .customLong("sign"), help: ArgumentHelp(
        "Sign each task with this Ed25519 key: a hex seed (or Go private key), or a file holding one.",
        valueName: "seed|file"))
    var key: String?

    /// The signer, or nil when no key was given; a bad key is a failed operation naming what is wrong.
    func signer() throws -> TaskSigner? {
        try key.map { key throws(TaskSignatureError) in try TaskSigner(key: key) }
    }

    /// `task` signed when a key was given, else unchanged.
    func apply(_ signer: TaskSigner?, to task: JobTask) throws -> JobTask {
        try signer?.sign(task) ?? task
    }
}
