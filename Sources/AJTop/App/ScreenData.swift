import AsyncJobs

/// Data read from the store for one ``LoadRequest``.
public enum ScreenData: Sendable, Hashable {
    /// For the home screen.
    case queues(QueuesData)
    /// For a queue's screen.
    case queueDetail(QueueDetailData)
    /// For a queue's history pane.
    case queueStats(QueueStatsData)
    /// For a queue's errors screen.
    case errors(ErrorsData)
    /// For the events screen.
    case events(EventsData)
    /// For a task's screen.
    case taskDetail(TaskDetailData)
    /// For the Schedules screen.
    case schedules(SchedulesData)
}
