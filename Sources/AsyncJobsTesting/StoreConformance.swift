import AsyncJobs
import Foundation

/// The behaviour every ``JobStore`` must show, as a list of checks any store's tests run against it,
/// grouped by the role they check (``Check/Role``): the worker's path, the inspector's, change tracking.
///
/// ```swift
/// @Test(arguments: StoreConformance.Check.allCases)
/// func conformance(_ check: StoreConformance.Check) async throws {
///     try await StoreConformance { clock in try MyStore(clock: clock) }.run(check)
/// }
/// ```
/// Each check holds the store to one protocol (``Check/role``; `Check.checks(of:)` lists a role's checks), and
/// each role's checks live in a file of their own.
/// `docs/writing-a-store.md` lists which check covers which requirement.
/// Each check gets a new, empty store on a ``ManualClock`` of its own, so time moves only when the check
/// moves it.
public struct StoreConformance: Sendable {
    /// Makes a new, empty store that reads time from the given clock.
    public typealias Factory = @Sendable (ManualClock) async throws -> any JobStore

    /// One behaviour to check.
    public enum Check: String, CaseIterable, Sendable, CustomStringConvertible {
        // The worker's path (StoreConformance+WorkerStore.swift).
        case enqueueAndLoad, enqueueIsAllOrNothing, defaultQueueOnFirstUse
        case claimOldestFirst, maxConcurrentAcrossWorkers, pausedQueueHandsOutNothing
        case completeRecordsResult, retryWaitsForItsTime, expireAndTerminateEndTheTask, staleResolutionIsFenced
        case abandonedLeaseIsRescued, rescueWithoutTriesLeftExpires, leaseWindowBoundsTheLease, renewalKeepsTheLease
        case deadlineExpiresInsteadOfRunning, maxAgeExpiresOldWork, maxEntriesRefusesOrDiscards
        case nextWakeupPointsAtPendingWork, batchedResolutionsActLikeSingleOnes, errorTextsAreCapped
        case rescueNeedsNoClaim, discardedStatesDeleteTheTask, retentionPrunesFinishedTasks
        case signatureIsKeptAsWritten, dependencyRunsWhenTheLastCompletes, failedDependencyEndsTheWholeChain
        // The inspector's (StoreConformance+InspectorStore.swift).
        case queueLifecycle, queueValidation, payloadsAndResultsRoundTrip
        case operatorRetryRunsAgain, operatorRetryMovesToAnotherQueue, operatorTerminateWaitingTask
        case operatorTerminateActiveTask
        case terminateOfVanishedWorkerEnds, listingFiltersAndPages, deleteAndPurge, removeQueueRemovesItsTasks
        case eventsFollowStateChanges, summariesCountLiveFigures, oldestReadyFollowsTheQueue, upcomingRetriesAndCompletions
        case bulkActionsSkipAndCount, textSearchReadsPayloads, digestsAndIDScope
        // The inspector's per-minute history (StoreConformance+MinuteStats.swift).
        case minuteCountsFollowOutcomes, latencyPercentilesWithinHistogramError, minuteStatsSplitByType
        case minuteStatsArePrunedAfterRetention, operatorRetryResetsReady
        // Schedules and elections (StoreConformance+ScheduleStore.swift).
        case scheduleLifecycle, electionHasOneLeaderAtATime, firesAreFencedOnLeadershipAndSlot
        // Change tracking, shared by both (StoreConformance+ChangeTracking.swift).
        case changeTokenMovesOnWrites, awaitChangeWakesAndTimesOut

        public var description: String { rawValue }

        /// The protocols of a store's seam, each checked on its own.
        public enum Role: String, CaseIterable, Sendable {
            /// ``AsyncJobs/WorkerStore``: enqueue, claim, resolve, renew and rescue leases, terminate
            /// requests, wake-ups.
            case workerStore
            /// ``AsyncJobs/InspectorStore``: queue administration, reads, summaries, events, operator actions.
            case inspectorStore
            /// ``AsyncJobs/ScheduleStore``: scheduled tasks, the election lease, fenced fires.
            case scheduleStore
            /// ``AsyncJobs/ChangeTracking``: change tokens and waiting for them to move.
            case changeTracking
        }

        /// The protocol this check holds a store to (it may use the others to set up and look).
        public var role: Role {
            switch self {
            case .enqueueAndLoad, .enqueueIsAllOrNothing, .defaultQueueOnFirstUse, .claimOldestFirst,
                 .maxConcurrentAcrossWorkers, .pausedQueueHandsOutNothing, .completeRecordsResult,
                 .retryWaitsForItsTime, .expireAndTerminateEndTheTask, .staleResolutionIsFenced,
                 .abandonedLeaseIsRescued, .rescueWithoutTriesLeftExpires, .leaseWindowBoundsTheLease,
                 .renewalKeepsTheLease, .rescueNeedsNoClaim,
                 .deadlineExpiresInsteadOfRunning, .maxAgeExpiresOldWork, .maxEntriesRefusesOrDiscards,
                 .nextWakeupPointsAtPendingWork, .batchedResolutionsActLikeSingleOnes, .errorTextsAreCapped,
                 .discardedStatesDeleteTheTask, .retentionPrunesFinishedTasks, .signatureIsKeptAsWritten,
                 .dependencyRunsWhenTheLastCompletes, .failedDependencyEndsTheWholeChain:
                .workerStore
            case .queueLifecycle, .queueValidation, .payloadsAndResultsRoundTrip, .operatorRetryRunsAgain,
                 .operatorRetryMovesToAnotherQueue, .operatorTerminateWaitingTask, .operatorTerminateActiveTask, .terminateOfVanishedWorkerEnds,
                 .listingFiltersAndPages, .deleteAndPurge, .removeQueueRemovesItsTasks, .eventsFollowStateChanges,
                 .summariesCountLiveFigures, .oldestReadyFollowsTheQueue, .upcomingRetriesAndCompletions, .bulkActionsSkipAndCount,
                 .textSearchReadsPayloads, .digestsAndIDScope, .minuteCountsFollowOutcomes,
                 .latencyPercentilesWithinHistogramError, .minuteStatsSplitByType, .minuteStatsArePrunedAfterRetention,
                 .operatorRetryResetsReady:
                .inspectorStore
            case .scheduleLifecycle, .electionHasOneLeaderAtATime, .firesAreFencedOnLeadershipAndSlot:
                .scheduleStore
            case .changeTokenMovesOnWrites, .awaitChangeWakesAndTimesOut:
                .changeTracking
            }
        }

        /// Every check of `role`, in declaration order.
        public static func checks(of role: Role) -> [Check] { allCases.filter { $0.role == role } }
    }

    let makeStore: Factory

    /// Creates the suite over stores made by `makeStore`.
    public init(makeStore: @escaping Factory) {
        self.makeStore = makeStore
    }

    /// Runs one check on a new store; throws ``ConformanceFailure`` (or the store's error) when it fails.
    public func run(_ check: Check) async throws {
        let clock = ManualClock()
        let store = try await makeStore(clock)
        let context = Context(store: store, clock: clock)
        switch check {
        case .queueLifecycle: try await context.queueLifecycle()
        case .queueValidation: try await context.queueValidation()
        case .enqueueAndLoad: try await context.enqueueAndLoad()
        case .enqueueIsAllOrNothing: try await context.enqueueIsAllOrNothing()
        case .defaultQueueOnFirstUse: try await context.defaultQueueOnFirstUse()
        case .claimOldestFirst: try await context.claimOldestFirst()
        case .maxConcurrentAcrossWorkers: try await context.maxConcurrentAcrossWorkers()
        case .pausedQueueHandsOutNothing: try await context.pausedQueueHandsOutNothing()
        case .completeRecordsResult: try await context.completeRecordsResult()
        case .retryWaitsForItsTime: try await context.retryWaitsForItsTime()
        case .expireAndTerminateEndTheTask: try await context.expireAndTerminateEndTheTask()
        case .staleResolutionIsFenced: try await context.staleResolutionIsFenced()
        case .abandonedLeaseIsRescued: try await context.abandonedLeaseIsRescued()
        case .rescueWithoutTriesLeftExpires: try await context.rescueWithoutTriesLeftExpires()
        case .leaseWindowBoundsTheLease: try await context.leaseWindowBoundsTheLease()
        case .renewalKeepsTheLease: try await context.renewalKeepsTheLease()
        case .deadlineExpiresInsteadOfRunning: try await context.deadlineExpiresInsteadOfRunning()
        case .maxAgeExpiresOldWork: try await context.maxAgeExpiresOldWork()
        case .maxEntriesRefusesOrDiscards: try await context.maxEntriesRefusesOrDiscards()
        case .operatorRetryRunsAgain: try await context.operatorRetryRunsAgain()
        case .operatorRetryMovesToAnotherQueue: try await context.operatorRetryMovesToAnotherQueue()
        case .operatorTerminateWaitingTask: try await context.operatorTerminateWaitingTask()
        case .operatorTerminateActiveTask: try await context.operatorTerminateActiveTask()
        case .terminateOfVanishedWorkerEnds: try await context.terminateOfVanishedWorkerEnds()
        case .rescueNeedsNoClaim: try await context.rescueNeedsNoClaim()
        case .listingFiltersAndPages: try await context.listingFiltersAndPages()
        case .deleteAndPurge: try await context.deleteAndPurge()
        case .removeQueueRemovesItsTasks: try await context.removeQueueRemovesItsTasks()
        case .changeTokenMovesOnWrites: try await context.changeTokenMovesOnWrites()
        case .awaitChangeWakesAndTimesOut: try await context.awaitChangeWakesAndTimesOut()
        case .eventsFollowStateChanges: try await context.eventsFollowStateChanges()
        case .summariesCountLiveFigures: try await context.summariesCountLiveFigures()
        case .oldestReadyFollowsTheQueue: try await context.oldestReadyFollowsTheQueue()
        case .upcomingRetriesAndCompletions: try await context.upcomingRetriesAndCompletions()
        case .bulkActionsSkipAndCount: try await context.bulkActionsSkipAndCount()
        case .textSearchReadsPayloads: try await context.textSearchReadsPayloads()
        case .digestsAndIDScope: try await context.digestsAndIDScope()
        case .minuteCountsFollowOutcomes: try await context.minuteCountsFollowOutcomes()
        case .latencyPercentilesWithinHistogramError: try await context.latencyPercentilesWithinHistogramError()
        case .minuteStatsSplitByType: try await context.minuteStatsSplitByType()
        case .minuteStatsArePrunedAfterRetention: try await context.minuteStatsArePrunedAfterRetention()
        case .operatorRetryResetsReady: try await context.operatorRetryResetsReady()
        case .nextWakeupPointsAtPendingWork: try await context.nextWakeupPointsAtPendingWork()
        case .payloadsAndResultsRoundTrip: try await context.payloadsAndResultsRoundTrip()
        case .batchedResolutionsActLikeSingleOnes: try await context.batchedResolutionsActLikeSingleOnes()
        case .errorTextsAreCapped: try await context.errorTextsAreCapped()
        case .discardedStatesDeleteTheTask: try await context.discardedStatesDeleteTheTask()
        case .retentionPrunesFinishedTasks: try await context.retentionPrunesFinishedTasks()
        case .signatureIsKeptAsWritten: try await context.signatureIsKeptAsWritten()
        case .dependencyRunsWhenTheLastCompletes: try await context.dependencyRunsWhenTheLastCompletes()
        case .failedDependencyEndsTheWholeChain: try await context.failedDependencyEndsTheWholeChain()
        case .scheduleLifecycle: try await context.scheduleLifecycle()
        case .electionHasOneLeaderAtATime: try await context.electionHasOneLeaderAtATime()
        case .firesAreFencedOnLeadershipAndSlot: try await context.firesAreFencedOnLeadershipAndSlot()
        }
    }

    /// A store under test with its clock and small helpers the checks share.
    struct Context {
        let store: any JobStore
        let clock: ManualClock

        var now: Timestamp { clock.now() }

        /// Creates queue `name` with the given limits.
        @discardableResult
        func makeQueue(_ name: String = "work", maxConcurrent: Int = 100, maxRunTime: Duration = .seconds(60),
                       maxTries: Int = -1, maxAge: Duration = .zero, maxEntries: Int = 0,
                       discardOld: Bool = false, retention: Duration = .zero) async throws -> Queue {
            let queue = Queue(name: name, maxConcurrent: maxConcurrent, maxRunTime: maxRunTime, maxTries: maxTries,
                              maxAge: maxAge, maxEntries: maxEntries, discardOld: discardOld, retention: retention)
            try await store.createQueue(queue)
            return queue
        }

        /// A task created at the clock's time, one nanosecond apart per `sequence` so order is defined.
        func makeTask(_ id: String, type: String = "email:new", queue: String = "work", payload: String? = nil,
                      deadline: Timestamp? = nil, maxTries: Int = 10, sequence: Int64 = 0) -> JobTask {
            JobTask(id: id, type: type, queue: queue, payload: payload.map { Data($0.utf8) }, deadline: deadline,
                    maxTries: maxTries, created: now + .nanoseconds(sequence))
        }

        /// Enqueues tasks `prefix1…prefixN` one nanosecond apart and returns their ids, oldest first.
        @discardableResult
        func enqueue(_ count: Int, prefix: String = "t", queue: String = "work", maxTries: Int = 10) async throws -> [String] {
            let tasks = (1...count).map { makeTask("\(prefix)\($0)", queue: queue, maxTries: maxTries, sequence: Int64($0)) }
            try await store.enqueue(tasks)
            return tasks.map(\.id)
        }

        /// Claims exactly one task or fails.
        func claimOne(_ queue: String = "work", worker: String = "w1") async throws -> Claim {
            let claims = try await store.claim(queue: queue, upTo: 1, worker: worker)
            try require(claims.count == 1, "expected one claim from \(queue), got \(claims.count)")
            return claims[0]
        }
    }
}
