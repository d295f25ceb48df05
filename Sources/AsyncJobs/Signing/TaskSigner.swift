import Crypto
import Foundation

/// Signs tasks before they are enqueued (asyncjobs' `TaskSigningKey` / `TaskSigningSeedFile`).
public struct TaskSigner: Sendable {
    /// The 32-byte Ed25519 seed; the key is rebuilt from it because Crypto's key type is not `Sendable`.
    private let seed: [UInt8]

    /// A signer from a hex seed (64 digits) or a hex Go `ed25519.PrivateKey` (128 digits: seed then
    /// public key), given directly or in a file, as asyncjobs reads them.
    public init(key: String) throws(TaskSignatureError) {
        let bytes = try HexKey.bytes(key, lengths: [32, 64], what: "signing seed")
        seed = Array(bytes.prefix(32))
        do {
            let privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
            // A 64-byte Go key carries its public half: a mismatch means a damaged or mixed-up key.
            if bytes.count == 64, Array(privateKey.publicKey.rawRepresentation) != Array(bytes.suffix(32)) {
                throw TaskSignatureError.invalidKey("the private key's public half does not match its seed")
            }
        } catch let error as TaskSignatureError {
            throw error
        } catch {
            throw .invalidKey("not an Ed25519 seed")
        }
    }

    private var privateKey: Curve25519.Signing.PrivateKey {
        // Validated as an Ed25519 seed by init.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: seed)
    }

    /// The public key that verifies this signer's tasks, in hex (what `--verify` takes).
    public var publicKeyHex: String { HexKey.encode(privateKey.publicKey.rawRepresentation) }

    /// `task` with its ``JobTask/signature`` set; `requiresQueue` without a queue, `alreadySigned` if it
    /// carries one. Sign the task as it will be enqueued: any later change of a signed field breaks it.
    public func sign(_ task: JobTask) throws(TaskSignatureError) -> JobTask {
        guard !task.queue.isEmpty else { throw .requiresQueue(taskID: task.id) }
        guard task.signature?.isEmpty ?? true else { throw .alreadySigned(taskID: task.id) }
        let message = Data(TaskSignature.signedText(of: task).utf8)
        guard let signature = try? privateKey.signature(for: message) else {
            // Ed25519 signing only fails if the key is unusable, which init ruled out.
            throw .invalidKey("signing failed")
        }
        var signed = task
        signed.signature = HexKey.encode(signature)
        return signed
    }
}
