import ArgumentParser
import AsyncJobs

/// asyncjobs' `ajc task --verify PUBKEY|FILE`: workers refuse tasks whose signature does not verify.
/// Accepted before the subcommand too (`ajc task --verify KEY process …`).
struct VerificationOptions: ParsableArguments {
    @Option(name: .customLong("verify"), help: ArgumentHelp(
        "Run only tasks signed by this Ed25519 public key (hex, or a file holding it); others end terminated.",
        valueName: "pubkey|file"))
    var publicKey: String?

    @Flag(help: "With --verify, run unsigned tasks too (badly signed ones are still refused).")
    var signaturesOptional = false

    func validate() throws {
        if signaturesOptional, publicKey == nil {
            throw ValidationError("--signatures-optional needs --verify")
        }
    }

    /// The verifier, or nil when no key was given; a bad key is a failed operation naming what is wrong.
    func verifier() throws -> TaskVerifier? {
        try publicKey.map { key throws(TaskSignatureError) in
            try TaskVerifier(publicKey: key, signaturesOptional: signaturesOptional)
        }
    }
}
