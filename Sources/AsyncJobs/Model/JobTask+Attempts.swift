import Foundation

extension JobTask {
    /// The wire object plus an `attempts` array of `{"n","worker","started","ended","outcome","error"}`:
    /// what `ajc task view --json` prints. `ended` and `error` are null while absent.
    public func wireJSON(attempts: [Attempt]) -> Data {
        var writer = JSONWriter()
        writeWire(to: &writer) { writer in
            writer.key("attempts")
            writer.beginArray()
            for attempt in attempts { attempt.write(to: &writer, absentAsNull: true) }
            writer.endArray()
        }
        return Data(writer.bytes)
    }
}

extension Attempt {
    /// Writes `{"n","worker","started","ended","outcome","error"}`; an absent `ended` or `error` is `null`
    /// when `absentAsNull` (what `ajc task view --json` prints), else left out (as `JSONEncoder` writes it).
    package func write(to writer: inout JSONWriter, absentAsNull: Bool) {
        writer.beginObject()
        writer.key("n"); writer.integer(n)
        writer.key("worker"); writer.string(worker)
        writer.key("started"); writer.string(started.rfc3339)
        if let ended { writer.key("ended"); writer.string(ended.rfc3339) } else if absentAsNull { writer.key("ended"); writer.null() }
        writer.key("outcome"); writer.string(outcome.rawValue)
        if let error { writer.key("error"); writer.string(error) } else if absentAsNull { writer.key("error"); writer.null() }
        writer.endObject()
    }
}
