import AsyncJobs
import Foundation

/// asyncjobs' schedule endpoints (`/v1/schedules`, `/v1/schedules/{name}`): scheduled tasks as
/// `ajc task cron` manages them, in its JSON (``ScheduledTask/json(nextFire:)``).
extension APIResponder {
    /// The store's schedules role; 404 for a store without one, so the endpoint says so rather than pretend.
    private var scheduleStore: any ScheduleStore {
        get throws {
            guard let schedules = store as? any ScheduleStore else {
                throw APIError.notFound("this server's store has no scheduled tasks")
            }
            return schedules
        }
    }

    func listSchedules() async throws -> HTTPResponse {
        let schedules = try await scheduleStore.schedules().map { try JSONValue(json: $0.json(nextFire: $0.nextFire)) }
        return .json(.ok, JSONValue.object(["schedules": .array(schedules)]).jsonData)
    }

    func getSchedule(_ name: String) async throws -> HTTPResponse {
        let schedule = try await scheduleStore.schedule(named: name)
        return .json(.ok, schedule.json(nextFire: schedule.nextFire))
    }

    /// Creates a schedule whose tasks go to a served queue; 201 with its JSON and `Location`.
    func createSchedule(_ request: HTTPRequest) async throws -> HTTPResponse {
        let fields = try JSONObjectReader(body: request.body, allowed: [
            "name", "schedule", "queue", "task_type", "payload", "payload_base64", "deadline", "max_tries", "time_zone",
            "missed_fires",
        ])
        func required(_ name: String) throws -> String {
            guard let value = try fields.string(name) else { throw APIError.invalid("\(name) is required", reason: "required", field: name) }
            return value
        }
        var missed = MissedFirePolicy.catchUp
        if let text = try fields.string("missed_fires") {
            guard let policy = MissedFirePolicy(rawValue: text) else {
                throw APIError.invalid("missed_fires must be catch_up or skip, got \"\(text)\"", reason: "invalid_setting",
                                       field: "missed_fires")
            }
            missed = policy
        }
        let schedule = ScheduledTask(
            name: try required("name"), schedule: try required("schedule"), timeZone: try fields.string("time_zone") ?? "UTC",
            queue: try servedQueue(try fields.string("queue")), taskType: try required("task_type"), payload: try fields.payload(),
            deadline: try fields.duration("deadline"), maxTries: try fields.integer("max_tries", in: 0...APIFormats.maxInteger) ?? 0,
            missedFires: missed, createdAt: clock.now())
        try schedule.validate()
        try await scheduleStore.createSchedule(schedule)
        var response = HTTPResponse.json(.created, schedule.json(nextFire: schedule.nextFire))
        response.headers.add(name: "Location", value: "/v1/schedules/\(schedule.name)")
        return response
    }

    func deleteSchedule(_ name: String) async throws -> HTTPResponse {
        try await scheduleStore.removeSchedule(named: name)
        return HTTPResponse(status: .noContent)
    }
}
