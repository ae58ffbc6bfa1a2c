// tRPC over raw HTTP, the way a script without the typed client calls it: every input travels in
// superjson's envelope (`{"json": <input>, "meta"?: ...}`), every answer's result or error comes in
// one. A body without the envelope is refused with a 400 (packages/api/src/lib/transformer.ts).
import superjson from "superjson";

/** The body of a single, unbatched call (`POST /trpc/<path>`). */
export function callBody(input: unknown): string {
  return JSON.stringify(superjson.serialize(input));
}

/** The body of a batch (`POST /trpc/<a>,<b>?batch=1`): each call's envelope under its index. */
export function batchBody(...inputs: unknown[]): string {
  return JSON.stringify(Object.fromEntries(inputs.map((input, i) => [i, superjson.serialize(input)])));
}

/** The `input` query parameter of a GET, URL-encoded. */
export function queryInput(input: unknown): string {
  return encodeURIComponent(JSON.stringify(superjson.serialize(input)));
}

/** The error shape the API sends (packages/api/src/trpc.ts errorFormatter). */
export type TrpcErrorShape = {
  message: string;
  code: number;
  data: {
    code: string;
    httpStatus: number;
    path: string | null;
    requestId: string | null;
    zodError: { fieldErrors: Record<string, string[] | undefined>; formErrors: string[] } | null;
    issues: Array<{ path: Array<string | number>; code: string; message: string }> | null;
  };
};

async function answer(res: Response): Promise<{ result?: { data: unknown }; error?: unknown; text: string }> {
  const text = await res.text();
  const body = JSON.parse(text) as { result?: { data: unknown }; error?: unknown };
  return { ...body, text };
}

/** The error of a plain (not streamed) answer; fails when the call succeeded. */
export async function readError(res: Response): Promise<TrpcErrorShape> {
  const { error, text } = await answer(res);
  if (error === undefined) throw new Error(`expected an error, got ${text}`);
  return superjson.deserialize(error as Parameters<typeof superjson.deserialize>[0]);
}

/** The result of a plain (not streamed) answer; fails when the call failed. */
export async function readData<T = unknown>(res: Response): Promise<T> {
  const { result, text } = await answer(res);
  if (result === undefined) throw new Error(`expected a result, got ${text}`);
  return superjson.deserialize(result.data as Parameters<typeof superjson.deserialize>[0]);
}
