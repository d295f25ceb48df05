/// The transient failure of a flaky demo task: an ordinary error, so the task retries on the demo's policy.
struct DemoFailure: Error, CustomStringConvertible {
    /// What the pretend mail server said.
    var message: String
    var description: String { message }
}
