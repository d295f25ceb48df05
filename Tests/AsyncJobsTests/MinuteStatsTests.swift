import AsyncJobs
import Testing

@Suite struct MinuteStatsTests {
    let base = Timestamp(nanoseconds: 1_767_225_600_000_000_000)  // 2026-01-01T00:00:00Z

    func row(_ queue: String = "q", _ type: String = "a", minute: Int, completed: Int = 0, failed: Int = 0,
             retried: Int = 0, wait: [Duration] = []) -> MinuteStats {
        var histogram = LatencyHistogram()
        for value in wait { histogram.record(value) }
        return MinuteStats(queue: queue, type: type, minute: base + .seconds(60 * minute), completed: completed,
                           failed: failed, retried: retried, wait: histogram)
    }

    @Test func minutesStartOnUTCMinuteBoundaries() {
        #expect(MinuteStats.minute(containing: base + .seconds(59) + .nanoseconds(999)) == base)
        #expect(MinuteStats.minute(containing: base + .seconds(60)) == base + .seconds(60))
        #expect(MinuteStats.minute(containing: Timestamp(nanoseconds: -1)) == Timestamp(nanoseconds: -60_000_000_000))
    }

    @Test func retentionCoversAWeek() {
        #expect(MinuteStats.retention > .seconds(7 * 86_400))
        #expect(MinuteStats.retention <= .seconds(8 * 86_400))
    }

    @Test func totalsMergeOverTypesQueuesAndMinutes() {
        let rows = [row(minute: 0, completed: 2, wait: [.seconds(1)]), row("q", "b", minute: 0, failed: 1),
                    row("r", "a", minute: 3, completed: 1, retried: 4, wait: [.seconds(2), .seconds(3)])]
        let all = MinuteStats.totals(rows)
        #expect([all.completed, all.failed, all.retried, all.wait.count] == [3, 1, 4, 3])
        #expect(all.errorRate == 0.25)
        let byType = MinuteStats.totalsByType(rows)
        #expect(byType["a"]?.completed == 3 && byType["b"]?.failed == 1)
        let byQueue = MinuteStats.totalsByQueue(rows)
        #expect(byQueue["q"]?.finished == 3 && byQueue["r"]?.retried == 4)
        #expect(StatsTotals.zero.errorRate == nil)
        #expect(MinuteStats.within(rows, from: base + .seconds(60), to: base + .seconds(240)).map(\.queue) == ["r"])
    }

    @Test func seriesBucketsRowsOldestFirst() {
        let rows = [row(minute: 0, completed: 1), row(minute: 4, completed: 2), row("q", "b", minute: 5, completed: 3),
                    row(minute: 9, completed: 4), row(minute: 10, completed: 99)]
        let series = MinuteStats.series(rows, buckets: 2, bucket: .seconds(300), endingAt: base + .seconds(600))
        #expect(series.map(\.completed) == [3, 7])
        #expect(MinuteStats.series(rows, buckets: 0, bucket: .seconds(60), endingAt: base).isEmpty)
    }

    @Test func aMergedRowAddsEveryFigure() {
        var merged = row(minute: 0, completed: 1, wait: [.seconds(1)])
        merged.merge(row("q", "b", minute: 7, failed: 2, retried: 1, wait: [.seconds(5)]))
        #expect([merged.completed, merged.failed, merged.retried, merged.wait.count] == [1, 2, 1, 2])
        #expect(merged.type == "a" && merged.minute == base)
        #expect(!merged.isEmpty && row(minute: 0).isEmpty)
    }

    @Test func theLedgerCountsByTheSharedRules() {
        var ledger = MinuteStatsLedger()
        ledger.attemptStarted(queue: "q", type: "a", ready: base, at: base + .seconds(2))
        ledger.attemptEnded(queue: "q", type: "a", started: base + .seconds(2), at: base + .seconds(61), taskState: .retry)
        ledger.taskChanged(queue: "q", type: "a", to: .complete, at: base + .seconds(61))
        ledger.taskChanged(queue: "q", type: "a", to: .terminated, at: base + .seconds(62))
        ledger.taskChanged(queue: "q", type: "a", to: .unreachable, at: base + .seconds(62))
        ledger.taskChanged(queue: "q", type: "a", to: .retry, at: base + .seconds(62))
        let rows = ledger.rows(queue: "q", from: base, to: base + .seconds(120))
        #expect(rows.map(\.minute) == [base, base + .seconds(60)])
        #expect(rows[0].wait.count == 1 && rows[0].run.isEmpty)
        #expect([rows[1].completed, rows[1].failed, rows[1].retried, rows[1].run.count] == [1, 1, 1, 1])
        #expect(ledger.prune(before: base + .seconds(60)) == 1)
        #expect(ledger.drain().count == 1 && ledger.isEmpty)
    }
}
