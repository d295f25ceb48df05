import AsyncJobs

extension Model {
    /// The one place state changes (Bubble Tea's update): applies `message` and returns the side effects to
    /// run. Pure: no I/O, no clock, so every transition is a unit test.
    public mutating func update(_ message: Message) -> [Effect] {
        switch message {
        case .key(let key):
            return handle(key)
        case .tick(let time):
            now = time
            if let status, !status.isError, now - statusSince >= Self.statusLifetime { self.status = nil }
            // Pool slots live in this process: look at them every tick, whatever the store refresh.
            var effects: [Effect] = workers == nil ? [] : [.pool(.sample)]
            guard time >= nextRefresh else { return effects }
            nextRefresh = time + config.refresh
            effects.append(.load(loadRequest, force: false))
            return effects
        case .resized(let newSize):
            size = newSize
            return [.load(loadRequest, force: false)]
        case .loaded(let request, let snapshot, let time):
            guard request == loadRequest else { return [] }
            apply(snapshot)
            dataAsOf = time
            loadError = nil
            return []
        case .unchanged(let request, let time):
            if request == loadRequest { dataAsOf = time }
            return []
        case .loadFailed(let request, let error, _):
            if request == loadRequest { loadError = error }
            return []
        case .terminationAsked(let id, let lease):
            status = Status(Self.terminationAskedText(taskID: id, lease: lease, now: now, offset: config.utcOffsetSeconds))
            return [.load(loadRequest, force: true), .followTermination(taskID: id, until: now + Self.terminationPatience)]
        case .terminationFollowed(let id, let state, let lease, let time):
            status = Self.terminationStatus(taskID: id, state: state, lease: lease, now: time, offset: config.utcOffsetSeconds)
            return [.load(loadRequest, force: true)]
        case .performed(let action, let error):
            let origin = actionOrigins.removeValue(forKey: action) ?? route
            if let error {
                // A failure is reported wherever the user is now: it must not go unseen.
                status = Status("\(action.description) failed: \(error)", isError: true)
            } else if origin == route {
                status = Status(action.successText)
            }
            return [.load(loadRequest, force: true)]
        case .matched(let filter, let ids, let error):
            guard let state = queueDetail, filter.queue == state.queue else { return [] }
            if let error { status = Status("marking failed: \(error)", isError: true); return [] }
            queueDetail?.marked.formUnion(ids)
            status = Status(markedText)
            return []
        case .bulkProgress(let action, let outcome, let total):
            status = Status("\(action.verb): \(BulkOutcome.grouped(outcome.total)) of \(BulkOutcome.grouped(total)) tasks…")
            return []
        case .bulkFinished(let action, let outcome, let error):
            bulkRunning = nil
            queueDetail?.marked = []
            if let error {
                status = Status("\(action.verb) stopped: \(error) (\(outcome.summary(of: action)) before it)", isError: true)
            } else {
                status = Status(outcome.summary(of: action))
            }
            return [.load(loadRequest, force: true)]
        case .pools(let request, let snapshots, let error):
            guard var state = workers else { return [] }
            state.pools = snapshots
            state.selected = clamp(state.selected, count: state.rows.count)
            workers = state
            if let error { status = Status(error, isError: true) }
            else if let text = request.successText { status = Status(text) }
            return []
        }
    }

    private mutating func apply(_ screenData: ScreenData) {
        switch screenData {
        case .queues(let data):
            queues.data = data
            queues.selected = clamp(queues.selected, count: queues.visible.count)
        case .queueStats(let data):
            guard queueDetail?.queue == data.summary.queue.name else { return }
            queueDetail?.stats = data
        case .queueDetail(let data):
            guard queueDetail?.queue == data.summary.queue.name else { return }
            let selected = clamp(queueDetail?.selected ?? 0, count: data.matching)
            queueDetail?.data = data
            queueDetail?.selected = selected
        case .errors(let data):
            guard errors?.queue == data.queue else { return }
            let selected = clamp(errors?.selected ?? 0, count: data.groups.count)
            errors?.data = data
            errors?.selected = selected
        case .events(let data):
            events.take(data)
        case .taskDetail(let data):
            guard taskDetail?.id == data.task.id else { return }
            taskDetail?.data = data
        case .schedules(let data):
            schedules.data = data
            schedules.selected = clamp(schedules.selected, count: data.schedules.count)
        }
    }

    private func clamp(_ index: Int, count: Int) -> Int { max(0, min(index, count - 1)) }

    // MARK: Keys

    private mutating func handle(_ key: Key) -> [Effect] {
        if key == .resize { return [] }
        // An error stays until the user does something.
        if status?.isError == true { status = nil }
        if let confirmation { return answer(confirmation, with: key) }
        if filterInput != nil { return edit(with: key) }
        guard let action = keyMap.action(for: key) else { return [] }
        // On the Events screen `p` pauses the stream, which writes nothing.
        if action.isMutating && config.readOnly && !(action == .togglePause && route == .events) {
            let name = keyMap.bindings.first { $0.action == action }?.hint ?? action.rawValue
            status = Status("read-only: \(name) refused (ajtop was started with --read-only)", isError: true)
            return []
        }
        return run(action)
    }

    private mutating func answer(_ confirmation: Confirmation, with key: Key) -> [Effect] {
        self.confirmation = nil
        if key == .controlC { return quit() }
        switch confirmation {
        case .terminate(let id):
            guard key == .character("y") || key == .character("Y") else {
                status = Status("terminate \(id) cancelled")
                return []
            }
            status = Status("terminating \(id)…")
            return perform(.terminate(taskID: id))
        case .bulk(let action, let ids, _):
            guard key == .character("y") || key == .character("Y") else {
                status = Status("\(action.verb) cancelled; nothing was changed")
                return []
            }
            bulkRunning = action
            status = Status("\(action.verb): 0 of \(BulkOutcome.grouped(ids.count)) tasks…")
            return [.bulk(action, taskIDs: ids)]
        }
    }

    private mutating func edit(with key: Key) -> [Effect] {
        switch key {
        case .character(let character):
            filterInput?.append(character)
        case .backspace:
            if filterInput?.isEmpty == false { filterInput?.removeLast() }
        case .escape:
            filterInput = nil
        case .enter:
            let text = filterInput ?? ""
            filterInput = nil
            return applyFilter(text.isEmpty ? nil : text)
        case .controlC:
            return quit()
        default:
            break
        }
        return []
    }

    private mutating func applyFilter(_ text: String?) -> [Effect] {
        switch dataRoute {
        case .queues:
            queues.filter = text
            queues.selected = 0
            return []
        case .queueDetail:
            queueDetail?.filter = text
            queueDetail?.selected = 0
            return [.load(loadRequest, force: true)]
        case .events:
            events.filter = text
            events.selected = max(0, events.shown.count - 1)
            return []
        default:
            return []
        }
    }

    private mutating func quit() -> [Effect] {
        isQuitting = true
        return [.quit]
    }

    private mutating func run(_ action: KeyAction) -> [Effect] {
        switch action {
        case .moveUp: return move(by: -1)
        case .moveDown: return move(by: 1)
        case .pageUp: return move(by: -page)
        case .pageDown: return move(by: page)
        case .open: return open()
        case .back: return back(clearingFilter: true)
        case .quit: return route == .queues ? quit() : back(clearingFilter: false)
        case .forceQuit: return quit()
        case .nextTab, .previousTab: return switchTab(forward: action == .nextTab)
        case .queuesScreen: return go(to: [.queues])
        case .errorsScreen: return openErrors()
        case .history: return cycleHistory()
        case .eventsScreen: return go(to: [.queues, .events])
        case .workersScreen:
            guard workers != nil else {
                return refuse("no local worker pool runs in this ajtop, so there is no Workers screen")
            }
            stack = [.queues, .workers]
            return [.pool(.sample)]
        case .schedulesScreen: return go(to: [.queues, .schedules])
        case .toggleWorkers:
            return toggleWorkers()
        case .filter: return startFilter()
        case .help: return route == .help ? back(clearingFilter: false) : push(.help)
        case .toggleMark: return toggleMark()
        case .markAll: return markAll()
        case .clearMarks:
            guard queueDetail?.marked.isEmpty == false else { return refuse("no task is marked") }
            queueDetail?.marked = []
            status = Status("marks cleared")
            return []
        case .delete: return confirmBulk(.delete)
        case .retry:
            if hasMarks { return confirmBulk(.retry) }
            guard let id = targetTask else { return refuse("no task selected to retry") }
            status = Status("retrying \(id)…")
            return perform(.retry(taskID: id))
        case .terminate:
            if hasMarks { return confirmBulk(.terminate) }
            guard let id = targetTask else { return refuse("no task selected to terminate") }
            confirmation = .terminate(taskID: id)
            return []
        case .togglePause where route == .events:
            events.togglePaused()
            status = Status(events.paused ? "events paused: ↑/↓ scroll back, p follows again" : "following events")
            return [.load(loadRequest, force: true)]
        case .togglePause:
            guard let queue = targetQueue else { return refuse("no queue selected") }
            return perform(.setPaused(queue: queue.name, paused: !queue.paused))
        case .increaseConcurrency, .decreaseConcurrency:
            if route == .workers { return changeLocalConcurrency(by: action == .increaseConcurrency ? 1 : -1) }
            guard let queue = targetQueue else { return refuse("no queue selected") }
            let value = queue.maxConcurrent + (action == .increaseConcurrency ? 1 : -1)
            guard value >= 1 else { return refuse("MaxConcurrent of \(queue.name) is already 1") }
            return perform(.setMaxConcurrent(queue: queue.name, value: value))
        }
    }

    /// Whether the queue shown has marked tasks, so `r` and `t` act on them.
    private var hasMarks: Bool {
        guard case .queueDetail = route, queueDetail?.history == nil else { return false }
        return queueDetail?.marked.isEmpty == false
    }

    /// "12,408 marked".
    private var markedText: String { "\(BulkOutcome.grouped(queueDetail?.marked.count ?? 0)) marked" }

    /// `space`: marks or unmarks the selected task.
    private mutating func toggleMark() -> [Effect] {
        guard case .queueDetail = route, let id = queueDetail?.selectedTask?.id else { return refuse("no task selected to mark") }
        if queueDetail?.marked.remove(id) == nil { queueDetail?.marked.insert(id) }
        status = Status(markedText)
        return []
    }

    /// `*`: marks every task of the queue passing the tab and filter; the store lists them all.
    private mutating func markAll() -> [Effect] {
        guard case .queueDetail(let queue) = route, let state = queueDetail else {
            return refuse("* marks the tasks of a queue: open one first")
        }
        guard state.history == nil else { return refuse("* marks tasks: Esc leaves the history for the task list") }
        status = Status("marking…")
        var filter = state.taskFilter
        filter.queue = queue
        return [.markAll(filter)]
    }

    /// `r`, `t` with marks, and `d`: asks y/N before applying `action` to the marked tasks, or else to the
    /// selected one (`d` only; `r` and `t` keep their single-task forms).
    private mutating func confirmBulk(_ action: BulkAction) -> [Effect] {
        if let running = bulkRunning { return refuse("\(running.verb) of the marked tasks is still running") }
        guard case .queueDetail(let queue) = route, let state = queueDetail else {
            return refuse("d deletes tasks of a queue: open one and select or mark tasks")
        }
        let ids = state.marked.isEmpty ? (state.selectedTask.map { [$0.id] } ?? []) : state.marked.sorted()
        guard !ids.isEmpty else { return refuse("no task selected or marked to \(action.verb)") }
        confirmation = .bulk(action, taskIDs: ids, queue: queue)
        return []
    }

    /// Asks for `action`, remembering the screen it was asked from, where its result is reported.
    private mutating func perform(_ action: StoreAction) -> [Effect] {
        actionOrigins[action] = route
        return [.perform(action)]
    }

    /// `w`: drain running pools, or start stopped ones; a draining pool must finish first, because its
    /// running handlers still hold slots.
    private mutating func toggleWorkers() -> [Effect] {
        guard let workers else { return refuse("this ajtop runs no local worker pool") }
        switch workers.phase {
        case .running: return [.pool(.stop)]
        case .stopped: return [.pool(.start)]
        case .draining:
            return refuse("the worker pool is draining: \(workers.busy) running task(s) must finish before w starts it")
        }
    }

    /// `+`/`-` on the Workers screen: the local concurrency of the selected row's pool.
    private mutating func changeLocalConcurrency(by delta: Int) -> [Effect] {
        guard let workers, let row = workers.selectedRow else { return refuse("no worker pool selected") }
        let pool = workers.pools[row.pool]
        let value = pool.concurrency + delta
        guard value >= 1 else { return refuse("local concurrency for \(pool.queue) is already 1") }
        return [.pool(.setConcurrency(queue: pool.queue, value: value))]
    }

    private mutating func refuse(_ text: String) -> [Effect] {
        status = Status(text, isError: true)
        return []
    }

    /// Rows one page moves on the shown screen.
    private var page: Int {
        switch route {
        case .queues: max(1, QueuesScreen.visibleRows(for: size))
        case .queueDetail: QueueDetailScreen.pageSize(for: size)
        case .errors: ErrorsScreen.visibleRows(for: size)
        case .events: EventsScreen.visibleRows(for: size)
        case .workers: max(1, WorkersScreen.visibleRows(self))
        case .schedules: max(1, SchedulesScreen.visibleRows(for: size))
        case .taskDetail, .help: max(1, size.height - 4)
        }
    }

    private mutating func move(by delta: Int) -> [Effect] {
        switch route {
        case .queues:
            queues.selected = clamp(queues.selected + delta, count: queues.visible.count)
            return []
        case .queueDetail:
            guard var state = queueDetail, state.history == nil else { return [] }
            let before = loadRequest
            state.selected = clamp(state.selected + delta, count: state.data?.matching ?? 0)
            queueDetail = state
            return loadRequest == before ? [] : [.load(loadRequest, force: true)]
        case .errors:
            let selected = clamp((errors?.selected ?? 0) + delta, count: errors?.data?.groups.count ?? 0)
            errors?.selected = selected
            return []
        case .events:
            // Reading back freezes the stream, so the lines do not run away under the cursor.
            if delta < 0 && !events.paused { events.togglePaused() }
            events.selected = clamp(events.selected + delta, count: events.shown.count)
            return []
        case .taskDetail:
            let scroll = min(max(0, (taskDetail?.scroll ?? 0) + delta), TaskDetailScreen.maxScroll(self))
            taskDetail?.scroll = scroll
            return []
        case .workers:
            guard var state = workers else { return [] }
            state.selected = clamp(state.selected + delta, count: state.rows.count)
            workers = state
            return []
        case .schedules:
            schedules.selected = clamp(schedules.selected + delta, count: schedules.data?.schedules.count ?? 0)
            return []
        case .help:
            helpScroll = min(max(0, helpScroll + delta), HelpScreen.maxScroll(self))
            return []
        }
    }

    private mutating func open() -> [Effect] {
        switch route {
        case .queues:
            guard let summary = queues.selectedSummary else { return refuse("no queue to open") }
            queueDetail = QueueDetailState(queue: summary.queue.name)
            return push(.queueDetail(summary.queue.name))
        case .queueDetail:
            guard let task = queueDetail?.selectedTask else { return refuse("no task to open") }
            taskDetail = TaskDetailState(id: task.id)
            return push(.taskDetail(task.id))
        case .events:
            guard let event = events.selectedEvent else { return refuse("no event selected") }
            taskDetail = TaskDetailState(id: event.taskID)
            return push(.taskDetail(event.taskID))
        case .errors(let queue):
            guard let group = errors?.selectedGroup else { return refuse("no error group to open") }
            return listTasks(of: group, in: queue)
        case .workers:
            guard let slot = workers?.selectedRow?.slot else { return refuse("the selected slot is idle") }
            taskDetail = TaskDetailState(id: slot.taskID)
            return push(.taskDetail(slot.taskID))
        case .schedules:
            let shown = schedules.data?.schedules ?? []
            guard shown.indices.contains(schedules.selected), let id = shown[schedules.selected].lastTaskID else {
                return refuse("the selected schedule has made no task yet")
            }
            taskDetail = TaskDetailState(id: id)
            return push(.taskDetail(id))
        case .taskDetail, .help:
            return []
        }
    }

    /// `e`: the errors screen of the selected queue (home) or of the queue shown.
    private mutating func openErrors() -> [Effect] {
        let queue: String
        switch route {
        case .queues:
            guard let name = queues.selectedSummary?.queue.name else { return refuse("no queue selected") }
            queue = name
        case .queueDetail(let name): queue = name
        default: return refuse("e shows a queue's errors: select or open a queue first")
        }
        errors = ErrorsState(queue: queue)
        return push(.errors(queue))
    }

    /// Enter on an error group: the queue's screen listing only the group's tasks, where the marks and bulk
    /// actions apply to them; the queue's own screen state (marks, tab) is kept when it was open.
    private mutating func listTasks(of group: ErrorGroup, in queue: String) -> [Effect] {
        var state = queueDetail?.queue == queue ? queueDetail ?? QueueDetailState(queue: queue) : QueueDetailState(queue: queue)
        state.errorScope = QueueDetailState.ErrorScope(group)
        state.tab = .all
        state.filter = nil
        state.selected = 0
        queueDetail = state
        errors = nil
        return go(to: [.queues, .queueDetail(queue)])
    }

    private mutating func push(_ next: Route) -> [Effect] {
        stack.append(next)
        return next == .help ? [] : [.load(loadRequest, force: true)]
    }

    private mutating func go(to routes: [Route]) -> [Effect] {
        stack = routes
        return [.load(loadRequest, force: true)]
    }

    private mutating func back(clearingFilter: Bool) -> [Effect] {
        if clearingFilter {
            if case .queueDetail = route, queueDetail?.history != nil {
                queueDetail?.history = nil
                return [.load(loadRequest, force: true)]
            }
            if case .queueDetail = route, queueDetail?.filter != nil { return applyFilter(nil) }
            if case .queueDetail = route, queueDetail?.errorScope != nil {
                queueDetail?.errorScope = nil
                queueDetail?.selected = 0
                return [.load(loadRequest, force: true)]
            }
            if route == .queues, queues.filter != nil { return applyFilter(nil) }
            if route == .events, events.filter != nil { return applyFilter(nil) }
        }
        guard stack.count > 1 else { return [] }
        let left = stack.removeLast()
        if left == .help { helpScroll = 0; return [] }
        if case .taskDetail = left { taskDetail = nil }
        if case .queueDetail = left { queueDetail = nil }
        if case .errors = left { errors = nil }
        return [.load(loadRequest, force: true)]
    }

    /// `h` on a queue: the history pane at its first window, then each next one.
    private mutating func cycleHistory() -> [Effect] {
        guard case .queueDetail = route, var state = queueDetail else {
            return refuse("h shows a queue's history: open a queue first")
        }
        state.history = state.history?.next ?? HistoryWindow.allCases[0]
        queueDetail = state
        return [.load(loadRequest, force: true)]
    }

    private mutating func switchTab(forward: Bool) -> [Effect] {
        guard case .queueDetail = route, var state = queueDetail else { return [] }
        // Tab from the history pane goes back to the tasks, on the next tab.
        state.history = nil
        state.tab = forward ? state.tab.next : state.tab.previous
        state.selected = 0
        queueDetail = state
        return [.load(loadRequest, force: true)]
    }

    private mutating func startFilter() -> [Effect] {
        switch route {
        case .queues:
            filterInput = queues.filter ?? ""
        case .queueDetail:
            filterInput = queueDetail?.filter ?? ""
        case .events:
            filterInput = events.filter ?? ""
        default:
            return refuse("/ filters the queue list, a queue's tasks or the events")
        }
        return []
    }

    /// The task `r` and `t` act on: the selected one in a queue, or the one shown.
    public var targetTask: String? {
        switch route {
        case .queueDetail: queueDetail?.selectedTask?.id
        case .taskDetail: taskDetail?.id
        case .workers: workers?.selectedRow?.slot?.taskID
        default: nil
        }
    }

    /// The queue `p`, `+` and `-` act on: the selected or shown one (a task's own queue on its screen), with
    /// its current settings.
    public var targetQueue: Queue? {
        switch route {
        case .queues: queues.selectedSummary?.queue
        case .queueDetail:
            // The pane shown is the one refreshed: its summary has the queue's current settings.
            (queueDetail?.history == nil ? nil : queueDetail?.stats?.summary.queue) ?? queueDetail?.data?.summary.queue
        case .taskDetail: taskDetail?.data?.queue
        case .errors, .workers, .events, .schedules, .help: nil
        }
    }
}
