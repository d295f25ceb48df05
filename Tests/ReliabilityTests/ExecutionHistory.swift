import Foundation

/// Every handler run the workers recorded in their shared execution log (`S <task> <pid> <ns>` at the
/// start, `E <task> <pid> <ns>` at the end), turned into intervals: the side channel that proves, without
/// trusting the store, that no task ran in two places at once.
struct ExecutionHistory {
    /// One handler run.
    struct Execution: CustomStringConvertible {
        var task: String
        var pid: Int32
        var start: Int64
        /// When it returned, or when its process died (for runs cut short by a kill); nil if neither is known.
        var end: Int64?

        var description: String { "\(task) in pid \(pid) [\(start), \(end.map(String.init) ?? "?")]" }
    }

    /// Runs by task id.
    private(set) var byTask: [String: [Execution]] = [:]

    /// Reads the log at `path`. `deaths` gives, per pid, when that process was seen dead (after a kill or
    /// an exit): a run without an end line ended then.
    init(path: String, deaths: [Int32: Int64]) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var open: [String: Execution] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 4, let pid = Int32(fields[2]), let time = Int64(fields[3]) else {
                throw ExecutionLogError(line: String(line))
            }
            let task = String(fields[1])
            let key = "\(task) \(pid)"
            if fields[0] == "S" {
                // A second start in the same process (a retry) while one is open cannot happen: the first
                // run would have ended first. Keep both to let the overlap check find it if it does.
                if let previous = open.removeValue(forKey: key) { byTask[task, default: []].append(previous) }
                open[key] = Execution(task: task, pid: pid, start: time)
            } else if var execution = open.removeValue(forKey: key) {
                execution.end = time
                byTask[task, default: []].append(execution)
            } else {
                throw ExecutionLogError(line: String(line))
            }
        }
        for var execution in open.values {
            execution.end = deaths[execution.pid]
            byTask[execution.task, default: []].append(execution)
        }
    }

    /// How many handler runs there were.
    var count: Int { byTask.values.reduce(0) { $0 + $1.count } }

    /// Pairs of runs of one task that overlapped in time (the second started before the first ended, or
    /// the first's end is unknown).
    var overlaps: [(Execution, Execution)] {
        var found: [(Execution, Execution)] = []
        for runs in byTask.values {
            let sorted = runs.sorted { $0.start < $1.start }
            for (earlier, later) in zip(sorted, sorted.dropFirst()) where earlier.end.map({ $0 > later.start }) ?? true {
                found.append((earlier, later))
            }
        }
        return found
    }

    /// The most runs in progress at one instant, over the runs that started in `window` (nanoseconds).
    func peakConcurrency(startingIn window: ClosedRange<Int64>) -> Int {
        let runs = byTask.values.joined()
        var peak = 0
        for run in runs where window.contains(run.start) {
            let running = runs.count { other in other.start <= run.start && (other.end ?? .max) > run.start }
            peak = max(peak, running)
        }
        return peak
    }

    /// A log line that does not parse, or ends a run that never started.
    struct ExecutionLogError: Error, CustomStringConvertible {
        var line: String
        var description: String { "bad execution log line: \(line)" }
    }
}
