import AJTop
import ArgumentParser
import AsyncJobs
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

let opened: (store: any JobStore, label: String)
do {
    opened = try StoreOpener.open(path: command.store)
} catch {
    // The store's errors already say "cannot open store PATH: why"; others get that context here.
    let text = String(describing: error)
    let line = text.hasPrefix("cannot open store") ? text : "cannot open store: \(text)"
    FileHandle.standardError.write(Data("ajtop: \(line)\n".utf8))
    exit(1)
}

let loader = DataLoader(store: opened.store)
var config = Model.Config(storeLabel: opened.label, refresh: command.refreshInterval, readOnly: command.readOnly,
                          utcOffsetSeconds: TimeZone.current.secondsFromGMT())

if command.batch {
    let size = Size(width: command.width ?? 120, height: command.height ?? 40)
    let runner = BatchRunner(loader: loader, config: config, size: size)
    let timing = try await runner.run(iterations: command.iterations ?? 1) { frame in
        FileHandle.standardOutput.write(Data(frame.utf8))
    }
    if command.timing {
        let line = String(format: "frames %d  median read+render %.2f ms  min %.2f ms  max %.2f ms\n",
                          timing.frameMilliseconds.count, timing.median,
                          timing.frameMilliseconds.min() ?? 0, timing.frameMilliseconds.max() ?? 0)
        FileHandle.standardError.write(Data(line.utf8))
    }
    exit(0)
}

setlocale(LC_ALL, "")
SignalFlag.install()
let noColor = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
let backend: NcursesBackend
do {
    backend = try NcursesBackend(noColor: noColor)
} catch {
    FileHandle.standardError.write(Data("ajtop: \(error.message)\n".utf8))
    exit(1)
}
let runner = AppRunner(model: Model(config: config, now: .now, size: backend.size), backend: backend,
                       dispatcher: EffectDispatcher(loader: loader), stopRequested: { SignalFlag.received != 0 })
runner.run()
backend.close()
let signalNumber = SignalFlag.received
exit(signalNumber == 0 ? 0 : 128 + signalNumber)
