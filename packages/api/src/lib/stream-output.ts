// Output schemas for procedures that stream (a mutation or subscription that yields events).
// tRPC 11.19 runs an output parser once, on the procedure's return value: for a stream that is the
// async iterable itself, never its events. So a plain event schema in `.output()` would reject
// every stream, and no schema at all checks nothing. These schemas accept the iterable and hand
// tRPC a wrapped one that validates (and transforms, e.g. a Date to its ISO text) each event as it
// is yielded; tracked events (`tracked(id, data)`) are checked by their data and keep their id.
import { TRPCError, isTrackedEnvelope, tracked, type TrackedEnvelope } from "@trpc/server";
import { z } from "zod";

/** The event schema of each stream schema made here, for the API reference. */
const eventSchemas = new WeakMap<z.ZodType, z.ZodType>();

/** For the API reference: the schema of each event when `schema` is a stream's, else undefined. */
export function streamEventSchema(schema: unknown): z.ZodType | undefined {
  return schema instanceof z.ZodType ? eventSchemas.get(schema) : undefined;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}

function parseEvent<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Output validation failed", cause: result.error });
}

function stream<In, Out>(event: z.ZodType, check: (value: unknown) => unknown) {
  const schema = z
    .custom<AsyncIterable<In>>(isAsyncIterable, "expected a stream of events")
    .transform(async function* (events): AsyncGenerator<Out, void, undefined> {
      // Returning early (the client went away) returns the source too, so its cleanup runs.
      for await (const value of events) yield check(value) as Out;
    });
  eventSchemas.set(schema, event);
  return schema;
}

/** A stream of `event`s (e.g. chat.send's turn events). */
export function zStream<T extends z.ZodType>(event: T) {
  return stream<z.input<T>, z.output<T>>(event, (value) => parseEvent(event, value));
}

/** A subscription's events, some of them tracked (resumable from their id after a reconnect). */
export function zTrackedStream<T extends z.ZodType>(event: T) {
  return stream<z.input<T> | TrackedEnvelope<z.input<T>>, z.output<T> | TrackedEnvelope<z.output<T>>>(event, (value) =>
    isTrackedEnvelope<unknown>(value) ? tracked(value[0], parseEvent(event, value[1])) : parseEvent(event, value),
  );
}
