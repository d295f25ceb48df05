import Crypto
import Foundation

/// Checks tasks' signatures before a worker runs them (asyncjobs' `TaskVerificationKey`, and
/// `TaskSignaturesOptional`). A worker pool given one refuses, without running it, a task that is badly
/// signed, or unsigned unless signatures are optional: the task ends `terminated` with a `last_err` that
/// says why (asyncjobs instead leaves its work item unacknowledged, to be redelivered until MaxDeliver).
public struct TaskVerifier: Sendable {
    private let publicKey: [UInt8]
    /// Whether unsigned tasks run (badly signed ones are refused either way).
    public let signaturesOptional: Bool

    /// A verifier from a hex public key (64 digits), given directly or in a file.
    public init(publicKey: String, signaturesOptional: Bool = false) throws(TaskSignatureError) {
        let bytes = try HexKey.bytes(publicKey, lengths: [32], what: "verification key")
        guard (try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)) != nil else {
            throw .invalidKey("not an Ed25519 public key")
        }
        self.publicKey = bytes
        self.signaturesOptional = signaturesOptional
    }

    /// Throws why `task` must not run: `notSigned` (unless optional) or `invalid`.
    public func verify(_ task: JobTask) throws(TaskSignatureError) {
        guard let hex = task.signature, !hex.isEmpty else {
            if signaturesOptional { return }
            throw .notSigned(taskID: task.id)
        }
        guard let signature = HexKey.decode(hex),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey),
              key.isValidSignature(signature, for: Data(TaskSignature.signedText(of: task).utf8))
        else { throw .invalid(taskID: task.id) }
    }
}
