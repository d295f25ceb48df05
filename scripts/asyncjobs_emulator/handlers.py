"""The handlers the emulator's worker can run: a scripted one for tests and benchmarks, and Go's
`ExternalProcess` (what Go's `ajc task process TYPE QUEUE N FILE` runs)."""
import asyncio
import tempfile

from worker import TerminateTask

SIMULATED_FAILURE = "simulated failure"
TERMINATE_TASK = "terminate task"  # Go's ErrTerminateTask text


class ScriptedHandler:
    """Sleeps `sleep_s`, then: terminates tasks whose type is in `terminate_types`, fails those in
    `fail_types` (and any task while its try count is ≤ `fail_tries`), and otherwise returns `result`."""

    def __init__(self, *, sleep_s=0.0, fail_types=(), terminate_types=(), fail_tries=0, result="done"):
        self.sleep_s, self.fail_types, self.terminate_types = sleep_s, set(fail_types), set(terminate_types)
        self.fail_tries, self.result = fail_tries, result

    async def __call__(self, task):
        if self.sleep_s:
            await asyncio.sleep(self.sleep_s)
        if task["type"] in self.terminate_types:
            raise TerminateTask(TERMINATE_TASK)
        if task["type"] in self.fail_types or task["tries"] <= self.fail_tries:
            raise RuntimeError(SIMULATED_FAILURE)
        return self.result


class ExternalProcessHandler:
    """Go's `ExternalProcess`: the task JSON in a temp file named by `CHORIA_AJ_TASK` (the child's only
    environment variable), the combined stdout+stderr as the result string, a non-zero exit a failure
    `execution failed: exit status N`."""

    def __init__(self, command: str):
        self.command = command

    async def __call__(self, task):
        with tempfile.NamedTemporaryFile(prefix="aj-task-", suffix=".json") as file:
            file.write(task.encode())
            file.flush()
            process = await asyncio.create_subprocess_exec(
                self.command, env={"CHORIA_AJ_TASK": file.name},
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
            try:
                output, _ = await process.communicate()
            except asyncio.CancelledError:
                process.kill()
                await process.wait()
                raise
        if process.returncode != 0:
            raise RuntimeError(f"execution failed: exit status {process.returncode}")
        return output.decode("utf-8", "replace")
