import AJTop
import AJTopTerminal
import ArgumentParser
import AsyncJobs
import AsyncJobsHTTP
import Foundation

// Usage errors are one line on stderr and exit 2 (argument-parser alone would print several lines and exit 64).
let command: AJTopCommand
do {
    command = try AJTopCommand.parse()
} catch {
    if AJTopCommand.exitCode(for: error) == .success {
        print(AJTopCommand.fullMessage(for: error))
        exit(0)
    }
    let message = AJTopCommand.message(for: error).split(separator: "\n").first.map(String.init) ?? "bad usage"
    FileHandle.standardError.write(Data("ajtop: \(message)\n".utf8))
    exit(2)
}

/// Says what went wrong in one line on stderr and exits 1.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ajtop: \(message)\n".utf8))
    exit(1)
}

let opened: (store: any JobStore, label: String, readOnlyReason: String?)
do {
    opened = try await StoreOpener.open(path: command.store, nats: command.nats, context: command.context,
                                        demo: command.demo, readOnly: command.readOnly, runsWorkers: command.runsWorkers)
} catch {
    // The store's errors already say "cannot open store PATH: why"; others get that context here.
    let text = String(describing: error)
    fail(text.hasPrefix("cannot open store") ? text : "cannot open store: \(text)")
}
// A store this user cannot write is still worth watching: read-only mode, said once here and in the header.
let readOnly = command.readOnly || opened.readOnlyReason != nil
if let reason = opened.readOnlyReason, !command.readOnly {
    if command.runsWorkers { fail("cannot run workers: \(opened.label) is read-only (\(reason))") }
    FileHandle.standardError.write(Data("ajtop: \(opened.label) is read-only (\(reason)); watching in read-only mode\n".utf8))
}

// Watching is enough to rescue: a dead worker's task comes back (or its asked terminate finishes) even in
// a queue no worker serves. Not in --read-only mode, which promises to write nothing.
let rescuer = command.readOnly ? nil : Task { await LeaseRescuer(store: opened.store).run() }

if command.batch {
    let config = Model.Config(storeLabel: opened.label, refresh: command.refreshInterval, readOnly: readOnly,
                              utcOffsetSeconds: TimeZone.current.secondsFromGMT())
    let size = Size(width: command.width ?? 120, height: command.height ?? 40)
    let runner = BatchRunner(store: StoreController(store: opened.store), config: config, size: size,
                             keys: command.batchKeys ?? [])
    let ascii = !AsciiFallback.localeIsUTF8
    let output = StandardOutput()
    let timing = try await runner.run(iterations: command.iterations ?? 1) { frame in
        // A reader that stopped reading (`ajtop --batch | head -1`) ends the run quietly, like `top -b`.
        if !output.write(ascii ? AsciiFallback.text(frame) : frame) { exit(0) }
    }
    if command.timing {
        let line = String(format: "frames %d  median read+render %.2f ms  min %.2f ms  max %.2f ms\n",
                          timing.frameMilliseconds.count, timing.median,
                          timing.frameMilliseconds.min() ?? 0, timing.frameMilliseconds.max() ?? 0)
        FileHandle.standardError.write(Data(line.utf8))
    }
    exit(0)
}

// Before the pools exist, so that they record into the Prometheus backend this bootstraps.
var monitor: HTTPServer?
if let address = command.monitor {
    do {
        monitor = try await MetricsServer.start(on: try BindAddress(parsing: address), store: opened.store)
    } catch {
        fail("cannot serve metrics: \(error)")
    }
}
let local: LocalPools
do {
    local = try await LocalPools.make(for: command, store: opened.store)
} catch {
    fail("cannot start the worker pool: \(error)")
}
let signalNumber: Int32?
do {
    signalNumber = try await Dashboard.run(
        store: opened.store, pools: local.pools,
        options: Dashboard.Options(storeLabel: opened.label, refresh: command.refreshInterval, readOnly: readOnly))
} catch {
    fail("\(error)")
}
for companion in local.companions { companion.cancel() }
rescuer?.cancel()
await monitor?.stop()
exit(signalNumber.map { 128 + $0 } ?? 0)
