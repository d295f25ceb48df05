import Logging
import Synchronization

/// Runs a store's schedules: of all schedulers sharing the store (in `ajc task cron scheduler`, worker
/// pools, ajtop), one is elected leader through the store's lease (asyncjobs' `task_scheduler` election),
/// and only the leader makes tasks, each fire exactly once.
///
/// Once a fire is due the leader records it fenced on its leadership and the slot
/// (``ScheduleStore/recordFire(schedule:slot:task:skipped:leadership:)``) with a task id derived from the
/// slot, so neither a leader that lost its lease while frozen nor two schedulers in a race can make a
/// second task for one fire. When the leader dies the lease runs out within ``leaseTTL`` and another
/// scheduler takes over; fires that came due meanwhile follow each schedule's ``MissedFirePolicy``.
public final class Scheduler: Sendable {
    /// The election's name, asyncjobs' component key.
    public static let election = "task_scheduler"
    /// The lease a leader holds unless renewed (asyncjobs' election bucket TTL is 10 s too).
    public static let defaultLeaseTTL: Duration = .seconds(10)
    /// The longest a scheduler waits between rounds, so new schedules and a dead leader are noticed soon.
    public static let longestRound: Duration = .seconds(1)

    /// The store whose schedules it runs.
    public let store: any ScheduleStore
    /// This scheduler's name in the election (unique per process, like a worker name).
    public let candidate: String
    /// How long its leadership lasts without renewal: the longest no scheduler leads after a leader dies.
    /// It campaigns every third of it (and at least every ``longestRound``).
    public let leaseTTL: Duration
    let clock: any JobClock
    let logger: Logger
    private let current = Mutex<Leadership?>(nil)

    /// Creates a scheduler; nothing happens until ``run()`` (or ``round()``).
    public init(store: any ScheduleStore, candidate: String = WorkerPool.defaultWorkerName(),
                leaseTTL: Duration = Scheduler.defaultLeaseTTL, clock: any JobClock = SystemClock(),
                logger: Logger = Logger(label: "asyncjobs.scheduler")) {
        self.store = store
        self.candidate = candidate
        self.leaseTTL = max(leaseTTL, .milliseconds(300))
        self.clock = clock
        var logger = logger
        logger[metadataKey: "scheduler"] = "\(candidate)"
        self.logger = logger
    }

    /// The leadership as this scheduler last saw it.
    public var leadership: Leadership? { current.withLock { $0 } }

    /// Whether this scheduler led at its last round (and its lease has not run out since).
    public var isLeader: Bool { leadership?.isHeld(by: candidate, at: clock.now()) ?? false }

    /// Runs rounds until the calling task is cancelled, then resigns so another scheduler takes over at once.
    public func run() async {
        logger.info("scheduler started")
        while !Task.isCancelled {
            let next = await round()
            do { try await clock.sleep(until: next) } catch { break }
        }
        try? await store.resign(election: Self.election, candidate: candidate)
        logger.info("scheduler stopped")
    }

    /// One round: campaigns (taking or renewing the lease) and, when leading, records every due fire.
    /// Returns when the next round should run. Store failures are logged and left for the next round.
    @discardableResult
    public func round() async -> Timestamp {
        let now = clock.now()
        var wake = now + min(leaseTTL / 3, Self.longestRound)
        let leadership: Leadership
        do {
            leadership = try await store.campaign(election: Self.election, candidate: candidate, ttl: leaseTTL)
        } catch {
            logger.error("campaigning for \(Self.election) failed: \(error)")
            return wake
        }
        let wasLeader = current.withLock { previous in
            defer { previous = leadership }
            return previous?.leader == candidate && previous?.term == leadership.term
        }
        let leads = leadership.isHeld(by: candidate, at: now)
        if leads, !wasLeader { logger.notice("became the scheduling leader (term \(leadership.term))") }
        if !leads, wasLeader { logger.notice("lost the scheduling lead to \(leadership.leader)") }
        // A follower looks again the moment the leader's lease runs out, so a dead leader's place is taken
        // within the lease, not the lease and a round.
        guard leads else { return min(wake, leadership.expires + .milliseconds(1)) }
        let schedules: [ScheduledTask]
        do { schedules = try await store.schedules() } catch {
            logger.error("reading schedules failed: \(error)")
            return wake
        }
        for schedule in schedules {
            guard let cron = try? schedule.cron else {
                logger.error("schedule \(schedule.name) has an unreadable schedule \"\(schedule.schedule)\"; skipping it")
                continue
            }
            let lastFire = await fire(schedule, cron: cron, leadership: leadership, now: now) ?? schedule.lastFire
            if let next = cron.nextFire(after: max(lastFire ?? schedule.createdAt, now)) { wake = min(wake, next) }
        }
        return wake
    }

    /// Records the fire due for `schedule`, if any; the slot recorded (or found recorded).
    private func fire(_ schedule: ScheduledTask, cron: CronSchedule, leadership: Leadership, now: Timestamp) async -> Timestamp? {
        guard let plan = FirePlan.plan(for: schedule, cron: cron, now: now) else { return nil }
        let task = plan.runs ? schedule.task(forFireAt: plan.slot, now: now) : nil
        do {
            let receipt = try await store.recordFire(schedule: schedule.name, slot: plan.slot, task: task,
                                                     skipped: plan.skipped, leadership: leadership)
            switch receipt {
            case .fired:
                if let task { logger.info("schedule \(schedule.name) fired task \(task.id) for \(plan.slot)") }
                if plan.skipped > 0 {
                    logger.warning("schedule \(schedule.name) missed \(plan.skipped) fires while no scheduler led (\(schedule.missedFires.rawValue))")
                }
            case .alreadyFired: break
            case .notLeader:
                logger.notice("lost the scheduling lead before firing \(schedule.name)")
                return nil
            }
            return plan.slot
        } catch {
            logger.error("firing schedule \(schedule.name) failed: \(error)")
            return nil
        }
    }
}
