// Turns whatever a call threw into something a customer understands and can act on.
export type FailureKind = "offline" | "network" | "timeout" | "rate-limited" | "invalid" | "expired" | "server";

export type Failure = { kind: FailureKind; message: string; requestId?: string };

type TrpcErrorData = {
  code?: string;
  requestId?: string | null;
  zodError?: { fieldErrors?: Record<string, string[] | undefined>; formErrors?: string[] } | null;
};

function errorData(err: unknown): TrpcErrorData | null {
  if (typeof err !== "object" || err === null) return null;
  const data = (err as { data?: unknown }).data;
  return typeof data === "object" && data !== null ? (data as TrpcErrorData) : null;
}

export function errorCode(err: unknown): string | null {
  return errorData(err)?.code ?? null;
}

export function isExpiredSession(err: unknown): boolean {
  return errorCode(err) === "UNAUTHORIZED";
}

/** The first validation message for a field (e.g. "customerContact"), for inline form errors. */
export function fieldError(err: unknown, field: string): string | null {
  return errorData(err)?.zodError?.fieldErrors?.[field]?.[0] ?? null;
}

export function describeFailure(err: unknown, opts: { online?: boolean; timedOut?: boolean } = {}): Failure {
  if (opts.online === false) {
    return {
      kind: "offline",
      message: "You're offline. Your message is kept here; send it again when you're back online.",
    };
  }
  if (opts.timedOut) {
    return {
      kind: "timeout",
      message: "This is taking much longer than usual. Try again: your message won't be sent twice.",
    };
  }
  const data = errorData(err);
  if (!data?.code) {
    // No tRPC error body: the request never got an answer (connection lost, server unreachable).
    return { kind: "network", message: "We couldn't reach our server. Check your connection and try again." };
  }
  switch (data.code) {
    case "TOO_MANY_REQUESTS":
      return {
        kind: "rate-limited",
        message: "You're sending messages faster than we can answer. Wait a moment, then try again.",
      };
    case "BAD_REQUEST": {
      const first = Object.values(data.zodError?.fieldErrors ?? {}).flat()[0] ?? data.zodError?.formErrors?.[0];
      return { kind: "invalid", message: first ?? "That message couldn't be sent. Please check it and try again." };
    }
    case "UNAUTHORIZED":
      return { kind: "expired", message: "This conversation has expired. Send your message again to start a new one." };
    default:
      return {
        kind: "server",
        message: "Something went wrong on our side. Your message is still here; please try again.",
        requestId: data.requestId ?? undefined,
      };
  }
}
