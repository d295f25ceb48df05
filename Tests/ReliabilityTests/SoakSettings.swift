import Foundation

/// The size of a run: short by default (CI), long with `AJ_SOAK=1`, each figure overridable by its own
/// environment variable.
struct SoakSettings {
    /// Whether `AJ_SOAK=1` asked for the long soak.
    static let isLong = ProcessInfo.processInfo.environment["AJ_SOAK"] == "1"

    /// `name`'s value from the environment, else `long` in a soak and `short` otherwise.
    static func figure(_ name: String, short: Int, long: Int) -> Int {
        if let text = ProcessInfo.processInfo.environment[name], let value = Int(text), value > 0 { return value }
        return isLong ? long : short
    }

    /// SIGKILLs in the crash soak (`AJ_SOAK_KILLS`).
    static var kills: Int { figure("AJ_SOAK_KILLS", short: 24, long: 500) }
    /// Tasks enqueued before each kill in the crash soak (`AJ_SOAK_TASKS_PER_KILL`).
    static var tasksPerKill: Int { figure("AJ_SOAK_TASKS_PER_KILL", short: 10, long: 10) }
    /// Argument lists tried by the bad-arguments run (`AJ_SOAK_ARGUMENT_RUNS`).
    static var argumentRuns: Int { figure("AJ_SOAK_ARGUMENT_RUNS", short: 150, long: 1500) }
    /// Seed of the randomized runs (`AJ_SOAK_SEED`), printed so a failure can be replayed.
    static var seed: UInt64 { UInt64(figure("AJ_SOAK_SEED", short: 20261129, long: 20261129)) }

    /// `duration` in seconds with one decimal, for reports.
    static func seconds(_ duration: Duration) -> String { String(format: "%.1f s", duration / .seconds(1)) }

    /// Appends `line` to `$AJ_SOAK_REPORT` when set, so a soak's figures can be copied into RELIABILITY.md.
    static func report(_ line: String) {
        print("[reliability] \(line)")
        guard let path = ProcessInfo.processInfo.environment["AJ_SOAK_REPORT"], !path.isEmpty else { return }
        let handle = FileHandle(forWritingAtPath: path) ?? {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }()
        handle?.seekToEndOfFile()
        handle?.write(Data("\(line)\n".utf8))
        try? handle?.close()
    }
}
