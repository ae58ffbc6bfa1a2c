// Waits for a server's /readyz to answer a given status, as an orchestrator's probe would: asking
// again and again is the point here, readiness has no event an orchestrator could wait on.
import type { ChildProcess } from "node:child_process";
export async function readyzTurns(
  url: string,
  status: 200 | 503,
  timeoutMs = 30_000,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const deadline = Date.now() + timeoutMs;
  let last: { status: number; body: Record<string, unknown> } | null = null;
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/readyz`).catch(() => null);
    if (res) {
      last = { status: res.status, body: (await res.json()) as Record<string, unknown> };
      if (res.status === status) return last;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`/readyz did not turn ${status} within ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
}

/**
 * Waits for a server process just spawned to answer /readyz with 200 (asked every `everyMs`, as a
 * probe would); fails at once, with its exit code, if the process exits first.
 */
export async function spawnedServerReady(
  child: ChildProcess,
  url: string,
  { timeoutMs, everyMs = 100, detail = () => "" }: { timeoutMs: number; everyMs?: number; detail?: () => string },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early with ${child.exitCode}${detail()}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server not ready in ${timeoutMs} ms${detail()}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
