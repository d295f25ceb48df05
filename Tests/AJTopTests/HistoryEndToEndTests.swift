import AsyncJobsTesting
import Foundation
import Testing

/// The history pane and the home screen's P95WAIT in the real binary, on a SQLite store whose week of
/// history `ajtop-bench --history 7` wrote through the store's API with a clock it set.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
final class HistoryEndToEndTests {
    let store: ScratchStore

    init() async throws {
        store = try ScratchStore("ajtop-history")
        let seeded = try await Binaries.run("ajtop-bench", [store.path, "0", "--history", "7"])
        guard seeded.status == 0 else {
            throw TmuxSession.Failure(description: "ajtop-bench --history failed: \(seeded.error)")
        }
    }

    /// The text of `line` under the column titled `title` (right-aligned, `width` wide) of `header`.
    func cell(_ line: String, under title: String, width: Int, in header: String) -> String? {
        guard let range = header.range(of: title) else { return nil }
        let end = header.distance(from: header.startIndex, to: range.upperBound)
        let characters = Array(line)
        guard end <= characters.count else { return nil }
        return String(characters[(end - width)..<end]).trimmingCharacters(in: .whitespaces)
    }

    @Test func theWeekChartShowsOldActivityAndHomeShowsTheP95Wait() async throws {
        let session = try TmuxSession([Binaries.path("ajtop"), "--store", store.path, "--refresh", "1s"], width: 80, height: 24)
        defer { session.close() }
        // Home at 80 columns: the rate beside the sparkline is not the subject here; the wait of the last five
        // minutes is, for the seeder's last batches.
        let home = try await session.waitFor("the history queue's row") { screen in screen.contains { $0.hasPrefix("▶history") } }
        let header = try #require(home.first { $0.contains("P95WAIT") })
        let row = try #require(home.first { $0.hasPrefix("▶history") })
        let wait = try #require(cell(row, under: "P95WAIT", width: 7, in: header))
        #expect(wait != "—" && wait.last == "s", "P95WAIT reads a duration: \(row)")
        try session.send("Enter")
        try await session.waitFor(text: "Queue history")
        try session.send("h")
        try await session.waitFor(text: "History [1h]")
        try session.send("h")
        try await session.waitFor(text: "History  1h [24h]")
        try session.send("h")
        let week = try await session.waitFor("the week's chart") { screen in screen.contains { $0.hasPrefix("7d per 3h:") } }
        let title = try #require(week.firstIndex { $0.hasPrefix("7d per 3h:") })
        // Bars of the completions chart, right of its 6-column scale; the oldest half is days 7 to 4 back.
        let bars = week[(title + 1)...(title + 4)].map { Array($0.dropFirst(6).prefix(56)) }
        let oldHalf = bars.map { String($0.prefix(28)) }.joined()
        #expect(oldHalf.contains { "▁▂▃▄▅▆▇█".contains($0) }, "activity 4 to 7 days back: \(week)")
        #expect(week.contains { $0.hasPrefix(" all types") && $0.contains("5m") }, "the latency table: \(week)")
        try session.send("Escape")
        try await session.waitFor("the tasks again") { screen in screen.contains { $0.hasPrefix(" ID ") } }
    }
}
