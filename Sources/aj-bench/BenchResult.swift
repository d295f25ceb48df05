import Foundation

/// One measured figure, printed as a JSON line in the same shape as scripts/huey_bench.py's.
struct BenchResult {
    var workload: String
    var durability: String
    var config: String
    var perSecond: Double?
    var p50Milliseconds: Double?
    var p99Milliseconds: Double?
    var extra: [String: Double] = [:]

    func print() {
        var fields: [String: Any] = ["system": "aj", "workload": workload, "durability": durability, "config": config]
        if let perSecond { fields["per_s"] = perSecond }
        if let p50Milliseconds { fields["p50_ms"] = p50Milliseconds }
        if let p99Milliseconds { fields["p99_ms"] = p99Milliseconds }
        for (key, value) in extra { fields[key] = value }
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
        // Written straight to the file descriptor so lines reach a pipe at once, not at exit.
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
