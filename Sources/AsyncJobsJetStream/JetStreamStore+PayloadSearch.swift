import AsyncJobs
import Foundation
import JetStream

/// The tasks whose stored payload contains a searched text, as far as the tasks stream was read.
struct PayloadSearch: Sendable {
    var text: String
    var matching: Set<String>
    /// The last tasks-stream sequence read: the next search for the same text reads only what came after.
    var readThrough: UInt64
}

/// A text search (``TaskFilter/text``) in a store whose mirror holds no payloads: the mirror answers for
/// ids, types and errors, and the payloads are read from the tasks stream. The first search for a text
/// reads every task's last record; a later one for the same text (ajtop's search, at every refresh) reads
/// only the records written since, so an idle store is read once.
extension JetStreamStore {
    /// The ids of the tasks whose stored payload contains `filter`'s text; nil when the mirror answers the
    /// filter alone (it holds payloads, or the filter searches no text).
    func payloadMatches(_ filter: TaskFilter) async throws -> Set<String>? {
        guard !mode.holdsPayloads, let text = filter.text, !text.isEmpty else { return nil }
        var search = payloadSearch.withLock { $0 }.flatMap { $0.text == text ? $0 : nil }
            ?? PayloadSearch(text: text, matching: [], readThrough: 0)
        let start: StreamWatcher.Start = search.readThrough == 0 ? .lastPerSubject : .sequence(search.readThrough + 1)
        let needle = Data(text.utf8)
        do {
            let watcher = try StreamWatcher.start(context: js, stream: StoreLayout.tasksStream,
                                                  filter: StoreLayout.taskSubjectPrefix + "*", start: start)
            scan: for try await event in watcher {
                switch event {
                case .caughtUp: break scan
                case .message(let message):
                    search.readThrough = max(search.readThrough, message.sequence)
                    let id = String(message.subject.dropFirst(StoreLayout.taskSubjectPrefix.count))
                    if let payload = try? JobTask(wireJSON: message.payload).payload, payload.range(of: needle) != nil {
                        search.matching.insert(id)
                    } else {
                        search.matching.remove(id)
                    }
                }
            }
            await watcher.stop()
        } catch {
            throw Self.storageError(error, "searching the stored payloads")
        }
        let found = search
        payloadSearch.withLock { $0 = found }
        return found.matching
    }
}

extension Mirror {
    /// `filter`'s test of a task, with its text also found in the tasks of `payloadMatches` (the payloads a
    /// mirror without them searched on the server).
    static func matcher(_ filter: TaskFilter, payloadMatches: Set<String>?) -> (JobTask) -> Bool {
        guard let payloadMatches, let text = filter.text, !text.isEmpty else { return filter.matches }
        var rest = filter
        rest.text = nil
        return { task in
            rest.matches(task) && (TaskFilter.task(task, contains: text) || payloadMatches.contains(task.id))
        }
    }
}
