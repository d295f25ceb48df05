import AsyncJobsTesting
import Foundation
import Testing

/// Issue 21's points in a real terminal: `ajtop` in tmux running shell handlers over a store prepared with
/// `ajc`, so tasks complete with results and terminate with errors as an operator's would.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
final class PolishEndToEndTests {
    let store: ScratchStore
    var path: String { store.path }

    init() async throws {
        store = try ScratchStore("ajtop-polish")
        try await ajc("queue", "add", "emails", "--concurrent", "2")
        for _ in 0..<3 { try await ajc("task", "add", "email:send", #"{"to":"a@example.com"}"#, "-q", "emails") }
        try await ajc("task", "add", "bad:send", "-q", "emails")
    }

    /// `ajc --store <the store> arguments…`; throws unless it exits 0.
    @discardableResult
    func ajc(_ arguments: String...) async throws -> String { try await store.ajc(arguments) }

    @Test func queuesShowMakeUpErrorRateAndScaleAndTabsShowResultsAndErrors() async throws {
        let session = try TmuxSession([Binaries.path("ajtop"), "--store", path, "--workers", "2", "--queue", "emails",
                                       "--handler", #"email:=printf '{"sent":true,"id":"m-1"}'"#,
                                       "--handler", "bad:=echo 'bad payload: no recipient' >&2; exit 64"],
                                      width: 120, height: 30)
        defer { session.close() }

        // Home: 3 complete and 1 terminated in the last minute, so ERR% 25%; the bar and the rate beside
        // the sparkline.
        let home = try await session.waitFor("the queue's figures", timeout: .seconds(15)) { screen in
            screen.contains { $0.hasPrefix("▶emails") && $0.contains(" 25% ") && $0.contains("/s") }
        }
        #expect(home.contains { $0.contains("ERR% STATES") && $0.contains("THROUGHPUT 60s") })
        let row = home.first { $0.hasPrefix("▶emails") } ?? ""
        #expect(row.contains("░") && row.contains("╳"), "complete and failed both have cells: \(row)")

        // The Complete tab: each task's result.
        try session.send("Enter")
        try await session.waitFor(text: "Queue emails")
        for _ in 0..<4 { try session.send("Tab") }
        try await session.waitFor("results") { screen in
            screen.contains { $0.contains("DONE RESULT") }
                && screen.filter { $0.contains(#"{"id":"m-1","sent":true}"#) || $0.contains(#"{"sent":true,"id":"m-1"}"#) }.count == 3
        }
        // The selection's highlight runs to the right edge of the row, past the last text.
        // A second capture, with escapes, can land on a redraw in progress: read again until it has the row.
        var selected = ""
        let deadline = ContinuousClock.now + .seconds(5)
        while selected.isEmpty && ContinuousClock.now < deadline {
            let styled = try session.capture(escapes: true, trailingSpaces: true).components(separatedBy: "\n")
            selected = styled.first { $0.contains("▶") && $0.contains("m-1") } ?? ""
            if selected.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(!selected.isEmpty, "the selected row is on the styled screen")
        let afterMarker = selected.components(separatedBy: "▶").last ?? ""
        #expect(!afterMarker.contains("\u{1B}[0m") && !afterMarker.contains("\u{1B}[49m"),
                "no reset before the end of the selected row")
        #expect(afterMarker.hasSuffix("  "), "the highlighted row is captured to its end")

        // A task's attempt under a second reads in milliseconds.
        try session.send("Enter")
        try await session.waitFor("the attempt's duration") { screen in
            screen.contains { $0.range(of: #"#1 .* [0-9]+ms  ✓ complete"#, options: .regularExpression) != nil }
        }
        try session.send("Escape")

        // The Terminated tab: the last error.
        try session.send("Tab")
        try session.send("Tab")
        try await session.waitFor("the terminated task's error") { screen in
            screen.contains { $0.contains("[terminated 1]") } && screen.contains { $0.contains("LAST ERROR") }
                && screen.contains { $0.contains("bad:send") && $0.contains("bad payload: no recipient") }
        }

        // Help carries the bar's legend.
        try session.send("?")
        try await session.waitFor(text: "Keys")
        try session.send("NPage")
        try await session.waitFor(text: "Marks")
        try await session.waitFor(text: "STATES bar: █ active  ▓ ready  ▒ retry scheduled  ░ complete  ╳ failed")
        try session.send("C-c")
        #expect(try await session.waitForExit() == 0)
    }

    @Test func homeFitsEightyColumnsWithTheNewColumns() async throws {
        let session = try TmuxSession([Binaries.path("ajtop"), "--store", path], width: 80, height: 24)
        defer { session.close() }
        let screen = try await session.waitFor("the queue row") { $0.contains { $0.hasPrefix("▶emails") } }
        #expect(screen.contains { $0 == " QUEUE      P READY  ACTIVE RETRY FAILED ERR% THROUGHPUT 60s     P95WAIT OLDEST" })
        #expect(screen.allSatisfy { $0.count <= 80 })
        // Nothing finished yet, so no error rate; a new store's sparkline has no past to show.
        #expect(screen.first { $0.hasPrefix("▶emails") }?.contains(" idle ") == true)
        try session.send("q")
        #expect(try await session.waitForExit() == 0)
    }
}
