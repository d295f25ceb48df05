import AJTop
import AsyncJobs
import AsyncJobsTesting
import Foundation
import Testing

/// The Events screen (`3`): the live stream of state changes, followed, paused for scrollback, filtered,
/// and Enter opening the event's task. Rendering, key transitions and the read.
@Suite struct EventsScreenTests {
    func lines(_ model: Model) -> [String] { ScreenTests().lines(model) }

    static func event(_ sequence: Int64, _ id: String, _ state: TaskState, queue: String = "emails", tries: Int = 0,
                      error: String? = nil) -> TaskEvent {
        TaskEvent(sequence: sequence, at: Fixtures.now - .seconds(60 - sequence), taskID: id, queue: queue,
                  type: "email:send", state: state, tries: tries, error: error)
    }

    static let stream = [
        event(41, "2NxAAAAAAAAAAAAAAAAAAAAAAAA", .new), event(42, "2NxAAAAAAAAAAAAAAAAAAAAAAAA", .active, tries: 1),
        event(43, "2NxAAAAAAAAAAAAAAAAAAAAAAAA", .retry, tries: 1, error: "smtp timeout"),
        event(44, "2NxBBBBBBBBBBBBBBBBBBBBBBBB", .complete, queue: "reports", tries: 1),
    ]

    /// The Events screen after its first read returned `events`.
    func eventsScreen(_ events: [TaskEvent] = Self.stream) -> Model {
        var model = Fixtures.home([Fixtures.summary("emails")])
        _ = model.update(.key(.character("3")))
        _ = model.update(.loaded(.events(after: nil), .events(EventsData(after: 40, events: events)), at: Fixtures.now))
        return model
    }

    @Test func theStreamReadsLikeTaskWatchNewestLastAndSelected() {
        let model = eventsScreen()
        let screen = lines(model)
        #expect(Array(screen.prefix(7)) == [
            "ajtop  Events  store /tmp/test.db                12:00:00  refresh 1s  pool off",
            "Events: following, newest last (p pauses, ↑ scrolls back)",
            " TIME     TASK                        QUEUE      TRIES STATE        ERROR",
            " 11:59:41 2NxAAAAAAAAAAAAAAAAAAAAAAAA emails         0 ○ new",
            " 11:59:42 2NxAAAAAAAAAAAAAAAAAAAAAAAA emails         1 ▶ active",
            " 11:59:43 2NxAAAAAAAAAAAAAAAAAAAAAAAA emails         1 ↻ retry      smtp timeo…",
            "▶11:59:44 2NxBBBBBBBBBBBBBBBBBBBBBBBB reports        1 ✓ complete",
        ])
        #expect(screen[23].hasPrefix("? help  Enter open  Esc back  / filter  p pause/follow"))
        let buffer = AppView.render(model)
        #expect(buffer.styles(in: Rect(x: 68, y: 5, width: 11, height: 1)) == [.danger])
        #expect(buffer.styles(in: Rect(x: 55, y: 5, width: 7, height: 1)) == [.retryScheduled])
    }

    @Test func followingTakesNewEventsAndTheNextReadStartsAfterThem() {
        var model = eventsScreen()
        #expect(model.loadRequest == .events(after: 44))
        let later = [Self.event(45, "2NxCCCCCCCCCCCCCCCCCCCCCCCC", .new)]
        _ = model.update(.loaded(.events(after: 44), .events(EventsData(after: 44, events: later)), at: Fixtures.now))
        #expect(model.events.events.map(\.sequence) == [41, 42, 43, 44, 45])
        #expect(model.events.selectedEvent?.sequence == 45)
        #expect(model.loadRequest == .events(after: 45))
    }

    @Test func scrollingBackPausesAndPFollowsAgain() {
        var model = eventsScreen()
        _ = model.update(.key(.up))
        #expect(model.events.paused && model.events.selectedEvent?.sequence == 43)
        // While paused, new events are counted and the lines stay put.
        let later = [Self.event(45, "2NxCCCCCCCCCCCCCCCCCCCCCCCC", .new), Self.event(46, "2NxCCCCCCCCCCCCCCCCCCCCCCCC", .active)]
        _ = model.update(.loaded(.events(after: 44), .events(EventsData(after: 44, events: later)), at: Fixtures.now))
        #expect(model.events.events.count == 4 && model.events.selectedEvent?.sequence == 43)
        #expect(lines(model)[1] == "Events: paused, 2 new since (p follows)")
        #expect(AppView.render(model).styles(in: Rect(x: 0, y: 1, width: 14, height: 1)) == [.warning])
        let effects = model.update(.key(.character("p")))
        #expect(!model.events.paused && effects == [.load(.events(after: 44), force: true)])
        _ = model.update(.loaded(.events(after: 44), .events(EventsData(after: 44, events: later)), at: Fixtures.now))
        #expect(model.events.selectedEvent?.sequence == 46)
    }

    @Test func pausingIsAllowedReadOnlyAndFilterAndEnterWork() {
        var model = eventsScreen()
        model.config.readOnly = true
        _ = model.update(.key(.character("p")))
        #expect(model.events.paused && model.status?.isError == false)
        _ = model.update(.key(.character("/")))
        for character in "reports" { _ = model.update(.key(.character(character))) }
        _ = model.update(.key(.enter))
        #expect(model.events.shown.map(\.sequence) == [44])
        #expect(lines(model)[1].hasSuffix("/reports: 1 of 4"))
        #expect(model.update(.key(.enter)) == [.load(.taskDetail(id: "2NxBBBBBBBBBBBBBBBBBBBBBBBB"), force: true)])
        #expect(model.route == .taskDetail("2NxBBBBBBBBBBBBBBBBBBBBBBBB"))
        _ = model.update(.key(.escape))
        #expect(model.route == .events && model.events.filter == "reports")
        _ = model.update(.key(.escape))
        #expect(model.events.filter == nil && model.route == .events)
        _ = model.update(.key(.escape))
        #expect(model.route == .queues)
    }

    @Test func theFirstReadStartsABacklogBeforeTheNewest() async throws {
        let clock = ManualClock(start: Fixtures.now)
        let store = MemoryStore(clock: clock)
        try await store.createQueue(Queue(name: "emails"))
        try await store.enqueue((1...300).map { JobTask(id: "t\($0)", type: "email:send", queue: "emails", created: Fixtures.now) })
        let latest = try await store.latestEventSequence()
        let controller = StoreController(store: store, clock: clock)
        guard case .loaded(_, .events(let data), _) = await controller.load(.events(after: nil), force: true) else {
            Issue.record("expected events")
            return
        }
        #expect(data.after == latest - Model.eventsBacklog)
        #expect(data.events.count == Int(Model.eventsBacklog) && data.events.last?.sequence == latest)
    }
}
