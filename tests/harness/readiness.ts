// Waits for a server's /readyz to answer a given status, as an orchestrator's probe would: asking
// again and again is the point here, readiness has no event an orchestrator could wait on.
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
