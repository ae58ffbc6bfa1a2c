// Token counting in a short-lived worker thread: the o200k tokenizer's tables (~66 MB) are loaded
// only while there is something to count (FAQs written or not yet counted, a staff preview) and
// go away with the thread after an idle period, instead of living in every server process.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { TokenCounter } from "./types.ts";

export const TOKENIZER_MODULE = "gpt-tokenizer/encoding/o200k_base";
export const DEFAULT_TOKEN_WORKER_IDLE_MS = 30_000;

// Plain CommonJS run with `eval: true`, so there is no worker file to find next to the TypeScript
// source or the esbuild bundle; the tokenizer's absolute path comes from the parent. Counts exactly
// as token-count.ts does: special-token strings in the text count as plain text.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { countTokens } = require(workerData.tokenizer);
const options = { disallowedSpecial: new Set() };
parentPort.on("message", ({ id, texts }) => {
  try {
    parentPort.postMessage({ id, counts: texts.map((text) => countTokens(text, options)) });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.stack) || error) });
  }
});
`;

type Reply = { id: number; counts?: number[]; error?: string };
type Pending = { resolve: (counts: number[]) => void; reject: (error: Error) => void };

export type WorkerTokenCounter = TokenCounter & {
  /** Ends the worker now (counts in flight fail); a later count starts a new one. */
  close(): Promise<void>;
  /** Whether a worker thread (and so the tokenizer) currently exists. */
  readonly running: boolean;
};

/** Resolved from this module's location: the package in TypeScript source, dist/main.mjs when bundled. */
function resolveTokenizer(): string {
  return createRequire(import.meta.url).resolve(TOKENIZER_MODULE);
}

/**
 * A TokenCounter that starts a worker thread on demand, sends it each batch of texts, and ends it
 * after `idleMs` without work. An idle worker does not keep the process alive.
 */
export function createWorkerTokenCounter(
  opts: {
    idleMs?: number;
    /** Called when an idle worker has ended (tests wait on it). */ onIdleEnd?: () => void;
  } = {},
): WorkerTokenCounter {
  const idleMs = opts.idleMs ?? DEFAULT_TOKEN_WORKER_IDLE_MS;
  let worker: Worker | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  function clearIdleTimer() {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
  }

  function stop(w: Worker, error: Error): Promise<number> {
    if (worker === w) {
      worker = null;
      clearIdleTimer();
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    }
    return w.terminate();
  }

  function start(): Worker {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { tokenizer: resolveTokenizer() }, execArgv: [] });
    w.on("message", (reply: Reply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (reply.counts) p.resolve(reply.counts);
      else p.reject(new Error(`token counter: ${reply.error ?? "no counts"}`));
      if (pending.size === 0 && worker === w) {
        w.unref();
        idleTimer = setTimeout(
          () => void stop(w, new Error("token counter stopped")).then(() => opts.onIdleEnd?.()),
          idleMs,
        );
        idleTimer.unref();
      }
    });
    w.on("error", (error) => void stop(w, error));
    w.on("exit", (code) => void stop(w, new Error(`token counter worker exited with code ${code}`)));
    return w;
  }

  return {
    count(texts) {
      if (texts.length === 0) return Promise.resolve([]);
      clearIdleTimer();
      const w = (worker ??= start());
      w.ref(); // a count in flight keeps the process alive, as any pending I/O would
      const id = nextId++;
      return new Promise<number[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, texts });
      });
    },
    async close() {
      if (worker) await stop(worker, new Error("token counter closed"));
    },
    get running() {
      return worker !== null;
    },
  };
}

let shared: WorkerTokenCounter | undefined;

/** The process's one worker-backed counter (created on first use; starts no thread until it counts). */
export function sharedTokenCounter(): WorkerTokenCounter {
  return (shared ??= createWorkerTokenCounter());
}
