import Foundation

extension JobTask {
    /// The wire object plus an `attempts` array of `{"n","worker","started","ended","outcome","error"}`:
    /// what `ajc task view --json` prints. `ended` and `error` are null while absent.
    public func wireJSON(attempts: [Attempt]) -> Data {
        var writer = JSONWriter()
        writeWire(to: &writer) { writer in
            writer.key("attempts")
            writer.beginArray()
            for attempt in attempts {
                writer.beginObject()
                writer.key("n"); writer.integer(attempt.n)
                writer.key("worker"); writer.string(attempt.worker)
                writer.key("started"); writer.string(attempt.started.rfc3339)
                writer.key("ended")
                if let ended = attempt.ended { writer.string(ended.rfc3339) } else { writer.null() }
                writer.key("outcome"); writer.string(attempt.outcome.rawValue)
                writer.key("error")
                if let error = attempt.error { writer.string(error) } else { writer.null() }
                writer.endObject()
            }
            writer.endArray()
        }
        return Data(writer.bytes)
    }
}
