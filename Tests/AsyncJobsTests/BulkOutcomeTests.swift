import AsyncJobs
import Testing

@Suite struct BulkOutcomeTests {
    @Test func summaryCountsSkippedTasks() {
        #expect(BulkOutcome(applied: 12_400, skipped: 8).summary(of: .retry)
                == "retried 12,400 tasks, skipped 8 (gone or not in a state to retry)")
    }

    @Test func terminateSummarySaysRunningTasksWereOnlyAsked() {
        #expect(BulkOutcome(applied: 10, asked: 3).summary(of: .terminate)
                == "terminated 7 tasks, asked workers to terminate 3 running ones (each stops within a second, or ends when its lease runs out)")
        #expect(BulkOutcome(applied: 1, asked: 1).summary(of: .terminate)
                == "asked workers to terminate 1 running task (each stops within a second, or ends when its lease runs out)")
    }

    @Test func batchesAddUpAskedTasks() {
        #expect(BulkOutcome(applied: 2, skipped: 1, asked: 1) + BulkOutcome(applied: 3, asked: 2)
                == BulkOutcome(applied: 5, skipped: 1, asked: 3))
    }
}
