import AsyncJobs

/// The checks of ``InspectorStore/minuteStats(queue:from:to:)``: what each state change adds to its
/// queue's, type's and minute's row, latency percentiles against the exact values, and pruning.
extension StoreConformance.Context {
    /// The start of the check's first minute: the manual clock starts on a minute boundary.
    private var firstMinute: Timestamp { MinuteStats.minute(containing: now) }

    /// Every row the store holds, all queues.
    private func allRows() async throws -> [MinuteStats] {
        try await store.minuteStats(queue: nil, from: Timestamp(nanoseconds: 0), to: now + .seconds(3_600))
    }

    func minuteCountsFollowOutcomes() async throws {
        try await makeQueue()
        try await makeQueue("other")
        let start = firstMinute
        try require(start == now, "the manual clock starts on a minute boundary")
        // The oldest task, past its deadline at the first claim, which expires it without an attempt.
        try await store.enqueue([makeTask("late", deadline: now + .seconds(5))])
        try await enqueue(3)
        try await store.enqueue([makeTask("o1", queue: "other")])
        clock.advance(by: .seconds(10))
        let claims = try await store.claim(queue: "work", upTo: 3, worker: "w")
        try requireEqual(claims.count, 3, "three tasks claimed")
        clock.advance(by: .seconds(2))
        try await store.resolve(claims[0], .complete(result: .null))
        try await store.resolve(claims[1], .retry(at: now + .seconds(78), outcome: .failed, error: "boom"))
        try await store.resolve(claims[2], .expire(outcome: .failed, error: "out of tries"))
        clock.advance(by: .seconds(78))  // 1:30, the retry is due
        clock.advance(by: .seconds(10))  // 1:40
        let again = try await claimOne()
        try requireEqual(again.task.id, "t2", "the retried task runs again")
        clock.advance(by: .seconds(5))
        try await store.resolve(again, .terminate(error: "give up"))
        try await store.terminate(taskID: "o1")

        let rows = try await allRows()
        try requireEqual(rows.map { "\($0.queue)/\(Int(($0.minute - start).seconds))" }, ["work/0", "other/60", "work/60"],
                         "one row per queue, type and minute with activity, by minute then queue")
        let first = rows[0], other = rows[1], second = rows[2]
        try requireEqual([first.completed, first.failed, first.retried], [1, 2, 1],
                         "first minute: one completed, two expired (past deadline, out of tries), one retried")
        try requireEqual([first.wait.count, first.run.count], [3, 3], "three attempts started and ended in the first minute")
        try requireEqual([second.completed, second.failed, second.retried], [0, 1, 0],
                         "second minute: the retried task terminated")
        try requireEqual([second.wait.count, second.run.count], [1, 1], "one attempt in the second minute")
        try requireEqual([other.failed, other.wait.count], [1, 0], "an operator terminate of a waiting task counts as failed")
        try requireClose(first.wait.percentile(1), .seconds(10), "the first attempts waited 10 s")
        try requireClose(first.run.percentile(0.5), .seconds(2), "the first attempts ran 2 s")
        try requireClose(second.wait.percentile(0.5), .seconds(10), "the retry waited from its due time, not its failure")
        try requireClose(second.run.percentile(0.5), .seconds(5), "the second attempt ran 5 s")

        try requireEqual(try await store.minuteStats(queue: "other", from: start, to: now).map(\.queue), ["other"],
                         "a named queue's rows only")
        try requireEqual(try await store.minuteStats(queue: "work", from: start + .seconds(60), to: now).count, 1,
                         "rows whose minute starts before `from` are left out")
        try requireEqual(try await store.minuteStats(queue: "work", from: start, to: start + .seconds(60)).count, 1,
                         "the minute starting at `to` is left out")
        try await requireThrows(JobError.queueNotFound("nope"), "a missing queue") {
            try await store.minuteStats(queue: "nope", from: start, to: now)
        }
    }

    func latencyPercentilesWithinHistogramError() async throws {
        try await makeQueue()
        try await enqueue(40)
        var waits: [Duration] = [], runs: [Duration] = []
        let enqueued = now
        // Irregular but known gaps: each attempt waits longer than the last and runs for its own time.
        for step in 1...40 {
            clock.advance(by: .milliseconds(Int64(37 * step % 500 + 20)))
            let claim = try await claimOne()
            waits.append(now - enqueued)
            let run = Duration.milliseconds(Int64((step * step * 13) % 4_000 + 1))
            clock.advance(by: run)
            runs.append(run)
            try await store.resolve(claim, .complete(result: .null))
        }
        let totals = MinuteStats.totals(try await allRows())
        try requireEqual([totals.completed, totals.wait.count, totals.run.count], [40, 40, 40], "every attempt counted")
        for p in [0.5, 0.95, 0.99] {
            try requireClose(totals.wait.percentile(p), exactPercentile(waits, p), "wait p\(Int(p * 100))")
            try requireClose(totals.run.percentile(p), exactPercentile(runs, p), "run p\(Int(p * 100))")
        }
    }

    func minuteStatsSplitByType() async throws {
        try await makeQueue()
        try await store.enqueue([makeTask("a1", type: "email", sequence: 1), makeTask("a2", type: "email", sequence: 2),
                                 makeTask("b1", type: "sms", sequence: 3)])
        let claims = try await store.claim(queue: "work", upTo: 3, worker: "w")
        clock.advance(by: .seconds(1))
        for claim in claims {
            try await store.resolve(claim, claim.task.type == "sms" ? .retry(at: now, outcome: .failed, error: "x")
                                                                    : .complete(result: .null))
        }
        let rows = try await allRows()
        try requireEqual(rows.map(\.type), ["email", "sms"], "one row per type, by type")
        let byType = MinuteStats.totalsByType(rows)
        try requireEqual([byType["email"]?.completed, byType["email"]?.retried], [2, 0], "email: two completed")
        try requireEqual([byType["sms"]?.completed, byType["sms"]?.retried], [0, 1], "sms: one retried")
        try requireEqual([byType["email"]?.run.count, byType["sms"]?.run.count], [2, 1], "run times per type")
    }

    func minuteStatsArePrunedAfterRetention() async throws {
        try await makeQueue()
        try await enqueue(2)
        try await store.resolve(try await claimOne(), .complete(result: .null))
        clock.advance(by: .seconds(86_400))
        try await store.resolve(try await claimOne(), .complete(result: .null))
        clock.advance(by: MinuteStats.retention - .seconds(86_400) + .seconds(120))
        try await store.pruneFinished(limit: 1_000)
        let rows = try await allRows()
        try requireEqual(rows.map(\.completed), [1], "the row older than the retention is pruned, the newer one kept")
        try require(rows[0].minute >= now - MinuteStats.retention, "the kept row is within the retention")
        clock.advance(by: .seconds(86_400))
        try await store.pruneFinished(limit: 1_000)
        try requireEqual(try await allRows().count, 0, "every row goes once it is older than the retention")
    }

    func operatorRetryResetsReady() async throws {
        try await makeQueue()
        try await enqueue(1)
        try await store.resolve(try await claimOne(), .expire(outcome: .failed, error: "out of tries"))
        clock.advance(by: .seconds(600))
        try await store.retry(taskID: "t1")
        clock.advance(by: .seconds(3))
        let claim = try await claimOne()
        let rows = try await store.minuteStats(queue: "work", from: MinuteStats.minute(containing: now), to: now + .seconds(60))
        try requireEqual(rows.map(\.wait.count), [1], "the retried attempt's wait is recorded in its minute")
        try requireClose(rows.first?.wait.percentile(0.5), .seconds(3), "the wait counts from the operator retry")
        try await store.resolve(claim, .complete(result: .null))
    }

    /// The exact nearest-rank percentile of `values`.
    private func exactPercentile(_ values: [Duration], _ p: Double) -> Duration {
        let sorted = values.sorted()
        return sorted[max(1, Int((p * Double(sorted.count)).rounded(.up))) - 1]
    }

    /// Fails unless `actual` is within the histogram's relative error of `expected`.
    private func requireClose(_ actual: Duration?, _ expected: Duration, _ what: String,
                              file: String = #fileID, line: Int = #line) throws {
        guard let actual else {
            throw ConformanceFailure(message: "\(what): expected about \(expected), got none", location: "\(file):\(line)")
        }
        let error = abs(actual.seconds - expected.seconds) / expected.seconds
        try require(error <= LatencyHistogram.relativeError + 1e-9,
                    "\(what): expected \(expected) within \(LatencyHistogram.relativeError), got \(actual)",
                    file: file, line: line)
    }
}
