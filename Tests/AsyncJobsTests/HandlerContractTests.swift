import AsyncJobs
import AsyncJobsTesting
import Foundation
import Logging
import Testing

/// Which contract a handler command gets, and asyncjobs' contract run for real: an executable file run
/// directly, the task in `$CHORIA_AJ_TASK`, combined output as the result, any failure retried.
@Suite struct HandlerContractTests {
    let task = JobTask(id: "task-1", type: "email:new", queue: "EMAIL", payload: Data(#"{"to":"a@b.c"}"#.utf8))
    let context = HandlerContext(deadline: .now + .seconds(60), attempt: 1, worker: "test",
                                 logger: Logger(label: "test"))

    /// A private folder holding `files` (name → script text), each made executable unless its name ends
    /// in `.txt`.
    func folder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("aj-contract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files {
            let file = folder.appendingPathComponent(name)
            if name.hasSuffix(".txt") {
                try Data(text.utf8).write(to: file)
            } else {
                try ExecutableScript.write(text, to: file)
            }
        }
        return folder
    }

    /// Runs the executable `script` under asyncjobs' contract.
    func runAsyncjobsStyle(_ script: String) async throws -> JSONValue {
        let folder = try folder(["handler": "#!/bin/sh\n" + script])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("handler").path
        let contract = HandlerContract.detect(path)
        #expect(contract == .executable(path: path))
        return try await ShellCommandHandler(command: path, contract: contract).run(task, context: context)
    }

    @Test func aPathToAnExecutableFileGetsAsyncjobsContract() throws {
        let folder = try folder(["run.sh": "#!/bin/sh\n", "notes.txt": "not a program"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("run.sh").path
        #expect(HandlerContract.detect(script) == .executable(path: script))
        // Not executable, a folder, missing, or a command line with arguments: ours.
        #expect(HandlerContract.detect(folder.appendingPathComponent("notes.txt").path) == .shell)
        #expect(HandlerContract.detect(folder.path) == .shell)
        #expect(HandlerContract.detect(folder.appendingPathComponent("missing").path) == .shell)
        #expect(HandlerContract.detect("\(script) --verbose") == .shell)
        #expect(HandlerContract.detect("cat | wc -l") == .shell)
        #expect(HandlerContract.detect("") == .shell)
    }

    @Test func aBareNameIsLookedUpOnThePathAsGoDoes() throws {
        let folder = try folder(["aj-contract-handler": "#!/bin/sh\n", "aj-plain.txt": ""])
        defer { try? FileManager.default.removeItem(at: folder) }
        let searchPath = "/nonexistent:\(folder.path)"
        #expect(HandlerContract.detect("aj-contract-handler", searchPath: searchPath)
                == .executable(path: folder.appendingPathComponent("aj-contract-handler").path))
        #expect(HandlerContract.detect("aj-plain.txt", searchPath: searchPath) == .shell)
        #expect(HandlerContract.detect("aj-contract-handler", searchPath: "/nonexistent") == .shell)
    }

    @Test func theTaskIsInChoriaAJTaskAndStdinIsEmpty() async throws {
        let output = try await runAsyncjobsStyle(#"cat "$CHORIA_AJ_TASK""#)
        #expect(output == (try JSONValue(json: task.wireJSON)))
        let stdin = try await runAsyncjobsStyle(#"input=$(cat); echo "stdin had ${#input} bytes""#)
        #expect(stdin == "stdin had 0 bytes")
    }

    @Test func combinedOutputInOrderIsTheResult() async throws {
        let output = try await runAsyncjobsStyle("echo first; echo second >&2; echo third")
        #expect(output == "first\nsecond\nthird")
    }

    @Test func jsonOutputIsStoredAsJSON() async throws {
        #expect(try await runAsyncjobsStyle(#"echo '{"sent": true}'"#) == ["sent": true])
    }

    @Test func everyNonZeroExitRetriesEvenTheTerminateCode() async throws {
        let error = await #expect(throws: ShellCommandHandlerError.self) {
            try await runAsyncjobsStyle("echo 'mailbox full'; exit \(ShellCommandHandler.terminateExitCode)")
        }
        #expect(error == .failed("exit status 64: mailbox full"))
        let silent = await #expect(throws: ShellCommandHandlerError.self) { try await runAsyncjobsStyle("exit 3") }
        #expect(silent == .failed("exit status 3"))
    }

    @Test func aPathWithAQuoteRunsAsTheFile() async throws {
        let folder = try folder(["it's a handler": "#!/bin/sh\necho quoted ok\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("it's a handler").path
        // A path with blanks is a command line (asyncjobs users give one word); run as a file, it must
        // still be quoted safely.
        let output = try await ShellCommandHandler(command: path, contract: .executable(path: path)).run(task, context: context)
        #expect(output == "quoted ok")
    }

    @Test func ourContractAlsoNamesTheTaskFileChoriaAJTask() async throws {
        let output = try await ShellCommandHandler(command: #"cat "$CHORIA_AJ_TASK""#).run(task, context: context)
        #expect(output == (try JSONValue(json: task.wireJSON)))
    }
}
