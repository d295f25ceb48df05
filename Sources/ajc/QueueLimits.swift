import AsyncJobs

/// The limits asyncjobs' `ajc` puts on queue settings, enforced with its meaning by `queue add` and `queue
/// configure` (the library itself allows shorter times, which tests and embedded programs use).
enum QueueLimits {
    /// Shortest max age other than 0 (forever): JetStream's duplicate window, asyncjobs' floor.
    static let shortestMaxAge: Duration = .seconds(120)
    /// Shortest run time.
    static let shortestRunTime: Duration = .seconds(1)
    /// Largest max concurrent.
    static let largestConcurrency = 10_000

    /// Throws unless every setting in `changes` is within asyncjobs' limits.
    static func check(_ changes: QueueChanges) throws(JobError) {
        if let maxAge = changes.maxAge, maxAge != .zero, maxAge < shortestMaxAge {
            throw .invalidSetting("max age must be 0 (keep waiting tasks forever) or at least \(GoDuration.format(shortestMaxAge)), got \(GoDuration.format(maxAge))")
        }
        if let runTime = changes.maxRunTime, runTime < shortestRunTime {
            throw .invalidSetting("run time must be at least \(GoDuration.format(shortestRunTime)), got \(GoDuration.format(runTime))")
        }
        if let concurrency = changes.maxConcurrent, concurrency > largestConcurrency {
            throw .invalidSetting("max concurrent must be at most \(largestConcurrency), got \(concurrency)")
        }
    }
}
