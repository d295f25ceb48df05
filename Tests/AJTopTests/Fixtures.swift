import AJTop
import AsyncJobs
import Foundation

/// Shared test data: a fixed clock reading and ready-made summaries and tasks.
enum Fixtures {
    /// 2026-01-01T12:00:00Z.
    static let now = Timestamp(nanoseconds: 1_767_268_800_000_000_000)

    static func summary(_ name: String, max: Int = 5, active: Int = 0, ready: Int = 0, scheduled: Int = 0,
                        counts: [TaskState: Int] = [:], paused: Bool = false, oldest: Duration? = nil) -> QueueSummary {
        QueueSummary(queue: Queue(name: name, maxConcurrent: max, paused: paused), counts: counts, active: active,
                     ready: ready, scheduled: scheduled, oldestReady: oldest.map { now - $0 })
    }

    static func task(_ id: String, type: String = "email:send", queue: String = "emails", state: TaskState = .new,
                     tries: Int = 0, error: String? = nil, age: Duration = .seconds(30), payload: String? = nil) -> JobTask {
        JobTask(id: id, type: type, queue: queue, payload: payload.map { Data($0.utf8) }, state: state,
                created: now - age, tries: tries, lastError: error)
    }

    static func model(size: Size = Size(width: 80, height: 24), readOnly: Bool = false) -> Model {
        Model(config: Model.Config(storeLabel: "/tmp/test.db", refresh: .seconds(1), readOnly: readOnly),
              now: now, size: size)
    }

    /// A model on the home screen with `summaries` loaded.
    static func home(_ summaries: [QueueSummary], size: Size = Size(width: 80, height: 24), readOnly: Bool = false) -> Model {
        var model = model(size: size, readOnly: readOnly)
        let request = model.loadRequest
        _ = model.update(.loaded(request, .queues(QueuesData(summaries: summaries, finished: [:])), at: now))
        return model
    }

    /// A model showing queue `emails` with `tasks` loaded (all of them on the first page).
    static func queueDetail(_ tasks: [JobTask], size: Size = Size(width: 80, height: 24), readOnly: Bool = false,
                            summary: QueueSummary? = nil, retriesDue: [Timestamp] = []) -> Model {
        let summary = summary ?? Fixtures.summary("emails", counts: [.new: tasks.count])
        var model = home([summary], size: size, readOnly: readOnly)
        _ = model.update(.key(.enter))
        let request = model.loadRequest
        let data = QueueDetailData(summary: summary, tasks: tasks, offset: 0, matching: tasks.count, retriesDue: retriesDue)
        _ = model.update(.loaded(request, .queueDetail(data), at: now))
        return model
    }

    /// A model showing task detail of `task` with `attempts`.
    static func taskDetail(_ task: JobTask, attempts: [Attempt] = [], nextAttempt: Timestamp? = nil,
                           size: Size = Size(width: 80, height: 24), readOnly: Bool = false,
                           dependencies: [TaskLink] = [], dependents: [TaskLink] = []) -> Model {
        var model = queueDetail([task], size: size, readOnly: readOnly)
        _ = model.update(.key(.enter))
        let data = TaskDetailData(task: task, attempts: attempts, nextAttempt: nextAttempt, dependencies: dependencies,
                                  dependents: dependents)
        _ = model.update(.loaded(model.loadRequest, .taskDetail(data), at: now))
        return model
    }
}
