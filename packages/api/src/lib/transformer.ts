// What travels over /trpc: superjson, so a Date (or Map, Set, BigInt, undefined) a procedure returns
// is the same kind of value in every client. The clients (packages/client) use superjson itself.
//
// On the way in, an input that is not in superjson's envelope is refused with a 400 that says how
// to send it. Plain superjson (tRPC 11.19.0, checked) reads a body of plain JSON such as
// `{"text": "hi"}` (what curl sends when the envelope is forgotten) as no input at all: a required
// input then fails with "expected object, received undefined", an optional one is silently dropped
// (the call runs as if nothing was sent), and `null` answers with a TypeError's text.
import { TRPCError } from "@trpc/server";
import superjson from "superjson";

/** How a raw HTTP caller sends an input; the API reference says the same. */
export const ENVELOPE_HELP = 'Send the input in superjson\'s envelope: {"json": <input>}';

function isEnvelope(value: unknown): value is { json?: unknown; meta?: unknown } {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  let keys = 0;
  for (const key in value) {
    if (key !== "json" && key !== "meta") return false;
    keys += 1;
  }
  // `{}` is how superjson sends `undefined` (its `json` key vanishes in JSON.stringify).
  if (keys > 0 && !("json" in value)) return false;
  const meta = (value as { meta?: unknown }).meta;
  return meta === undefined || (meta !== null && typeof meta === "object" && !Array.isArray(meta));
}

function deserializeInput(value: unknown): unknown {
  if (!isEnvelope(value))
    throw new TRPCError({ code: "BAD_REQUEST", message: `Input is not superjson. ${ENVELOPE_HELP}` });
  try {
    return superjson.deserialize(value as Parameters<typeof superjson.deserialize>[0]);
  } catch (cause) {
    // Meta naming a type it cannot rebuild, or a path such as __proto__ (which superjson refuses).
    throw new TRPCError({ code: "BAD_REQUEST", message: "Input's superjson meta is not valid", cause });
  }
}

export const transformer = {
  input: { serialize: (value: unknown) => superjson.serialize(value), deserialize: deserializeInput },
  output: { serialize: (value: unknown) => superjson.serialize(value), deserialize: superjson.deserialize },
};
