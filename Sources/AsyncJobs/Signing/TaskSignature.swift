import Foundation

/// asyncjobs' task signatures (its issue #109): an Ed25519 signature over a fixed text made of the task's
/// identifying fields, carried in hex in the task's `signature` field.
///
/// The text and the hex encoding are asyncjobs' exactly, so a task signed by a Go client verifies here and
/// the other way round.
public enum TaskSignature {
    /// The text that is signed:
    /// `<id>:<queue>:<type>:<max_tries>:<created ns>:<deadline ns or 0>:<base64 of the payload>`.
    public static func signedText(of task: JobTask) -> String {
        let deadline = task.deadline?.nanoseconds ?? 0
        let payload = task.payload?.base64EncodedString() ?? ""
        return "\(task.id):\(task.queue):\(task.type):\(task.maxTries):\(task.created.nanoseconds):\(deadline):\(payload)"
    }
}
