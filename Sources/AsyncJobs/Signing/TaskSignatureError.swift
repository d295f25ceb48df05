/// Why a task could not be signed or did not verify; each description is what the refused task's
/// `last_err` says.
public enum TaskSignatureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A key was not hex of the expected length (or a file holding it).
    case invalidKey(String)
    /// The task has no queue, which the signed text needs (asyncjobs' `ErrTaskSignatureRequiresQueue`).
    case requiresQueue(taskID: String)
    /// The task carries a signature already (asyncjobs' `ErrTaskAlreadySigned`).
    case alreadySigned(taskID: String)
    /// Verification is on and the task has no signature (asyncjobs' `ErrTaskNotSigned`).
    case notSigned(taskID: String)
    /// The signature does not match the task and the key (asyncjobs' `ErrTaskSignatureInvalid`).
    case invalid(taskID: String)

    public var description: String {
        switch self {
        case .invalidKey(let reason): "invalid signing key: \(reason)"
        case .requiresQueue(let id): "cannot sign task \(id): signing requires a queue"
        case .alreadySigned(let id): "cannot sign task \(id): it is already signed"
        case .notSigned(let id): "task \(id) refused: it is not signed and this worker requires signatures"
        case .invalid(let id): "task \(id) refused: its signature is invalid for this worker's verification key"
        }
    }
}
