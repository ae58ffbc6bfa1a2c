// An OpenAI-compatible HTTP server for tests and benchmarks: streams chat completions like the real API,
// reports prompt-cache hits, and can be told to fail, hang or cut a stream. Plain module, no test-runner imports.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { countTokens, encode } from "gpt-tokenizer/encoding/o200k_base";

/**
 * What the next requests get. Fields combine (e.g. `{ reply, delayMsPerChunk }`).
 * `times` limits fail / hangMs / cutAfterChunks to that many requests; afterwards the server
 * answers normally again. Without `times` they apply to every request until setBehavior is called.
 */
export type FakeBehavior = {
  /** Fixed reply text instead of the grounded default. */
  reply?: string;
  /** Answer with this HTTP status and an OpenAI-shaped error body. */
  fail?: 400 | 401 | 429 | 500 | 503;
  times?: number;
  /** Sent as `retry-after-ms` with a failure, so SDK retries in tests don't wait the default back-off. */
  retryAfterMs?: number;
  /** Accept the request, then send nothing for this long (then answer normally). */
  hangMs?: number;
  /** Destroy the socket after this many SSE events (the role chunk counts as the first). */
  cutAfterChunks?: number;
  delayMsPerChunk?: number;
  /** Time to first token: the response headers go out at once, the first chunk after this long. */
  firstChunkDelayMs?: number;
  /** The whole reply in one chunk, for benchmarks. */
  instant?: boolean;
};

export type FakeOpenAi = {
  /** Base URL including /v1, for `new OpenAI({ baseURL })`. */
  url: string;
  /** Bodies of POST /v1/embeddings requests. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- request bodies are whatever the SDK sent
  embeddingRequests: Array<{ body: any }>;
  /** Make /v1/embeddings answer with this status (null: answer normally). */
  setEmbeddingsFailure(status: 500 | 503 | null): void;
  requests: Array<{
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- request bodies are whatever the SDK sent
    body: any;
    headers: Record<string, string>;
    /** Settles when the response is over: `complete` false when the connection closed before its end (client gone, or a cut). */
    finished: Promise<{ complete: boolean }>;
  }>;
  setBehavior(b: FakeBehavior): void;
  usage: { promptTokens: number; completionTokens: number; cachedTokens: number; calls: number };
  close(): Promise<void>;
};

export const FAKE_NOT_COVERED_REPLY =
  "I'm sorry, I don't have information about that in our FAQs. Would you like me to connect you with a member of our team? [HANDOFF]";

const SPECIAL_TOKENS_AS_TEXT = { disallowedSpecial: new Set<string>() };
const CACHE_MIN_TOKENS = 1024;
const CACHE_BLOCK_TOKENS = 128;
const REMEMBERED_PREFIXES = 32;

const STOPWORDS = new Set(
  "a an and are as at be by can do does for from how i if in is it me my of on or our the to we what when where which who why will with you your".split(
    " ",
  ),
);

function words(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (STOPWORDS.has(w) || w.length < 2) continue;
    out.add(w.length > 3 && w.endsWith("s") ? w.slice(0, -1) : w);
  }
  return out;
}

// Words the fake embeddings model treats as one meaning, so tests can show a match without shared words.
const FAKE_SYNONYMS: Record<string, string> = {
  voucher: "gift",
  present: "gift",
  coupon: "gift",
  card: "gift",
  parcel: "ship",
  package: "ship",
  delivery: "ship",
  deliver: "ship",
  shipping: "ship",
  arrive: "ship",
  money: "refund",
  reimburse: "refund",
  refund: "refund",
};
const FAKE_EMBEDDING_DIMENSIONS = 64;

/** A deterministic "embedding": a bag of word meanings hashed into 64 dimensions. */
export function fakeEmbedding(text: string): number[] {
  const vector = new Array<number>(FAKE_EMBEDDING_DIMENSIONS).fill(0);
  for (const w of words(text)) {
    const meaning = FAKE_SYNONYMS[w] ?? w;
    let h = 2166136261;
    for (const ch of meaning) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
    vector[(h >>> 0) % FAKE_EMBEDDING_DIMENSIONS]! += 1;
  }
  return vector;
}

type FaqInPrompt = { id: string; question: string; answer: string };

function faqsInSystemPrompt(system: string): FaqInPrompt[] {
  const block = /\[BUSINESS FAQS\]\n([\s\S]*?)\n\[\/BUSINESS FAQS\]/.exec(system)?.[1] ?? "";
  const faqs: FaqInPrompt[] = [];
  const entry = /\[FAQ ([^\]\n]+)\]\nQ: (.*)\nA: ([\s\S]*?)(?=\n\n\[FAQ [^\]\n]+\]\nQ: |$)/g;
  for (const m of block.matchAll(entry)) faqs.push({ id: m[1]!, question: m[2]!, answer: m[3]!.trim() });
  return faqs;
}

/** Deterministic "model": answers with the FAQ whose question shares most words with the last user message. */
function groundedReply(messages: Array<{ role: string; content: string }>): string {
  const system = messages.find((m) => m.role === "system")?.content ?? "";
  const lastUser = [...messages].reverse().find((m) => m.role === "user")?.content ?? "";
  const asked = words(lastUser);
  let best: { faq: FaqInPrompt; overlap: number } | null = null;
  for (const faq of faqsInSystemPrompt(system)) {
    let overlap = 0;
    for (const w of words(faq.question)) if (asked.has(w)) overlap += 1;
    if (overlap > 0 && (!best || overlap > best.overlap)) best = { faq, overlap };
  }
  if (!best) return FAKE_NOT_COVERED_REPLY;
  return `Happy to help with that. ${best.faq.answer} [FAQ ${best.faq.id}]`;
}

/** Splits like a tokenizer would, roughly: a word and its trailing space per chunk, so markers arrive in pieces. */
function splitIntoChunks(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [text];
}

function commonPrefixLength(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i += 1;
  return i;
}

const ERROR_BODIES: Record<number, { message: string; type: string; code: string | null }> = {
  400: { message: "Invalid request.", type: "invalid_request_error", code: null },
  401: { message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key" },
  429: {
    message: "Rate limit reached for requests. Please try again later.",
    type: "requests",
    code: "rate_limit_exceeded",
  },
  500: {
    message: "The server had an error while processing your request. Sorry about that!",
    type: "server_error",
    code: null,
  },
  503: { message: "The engine is currently overloaded, please try again later.", type: "server_error", code: null },
};

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  const e = ERROR_BODIES[status] ?? { message: `HTTP ${status}`, type: "server_error", code: null };
  sendJson(res, status, { error: { message: e.message, type: e.type, param: null, code: e.code } }, headers);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

export async function startFakeOpenAi(
  opts: { port?: number; host?: string; model?: string; behavior?: FakeBehavior } = {},
): Promise<FakeOpenAi> {
  const host = opts.host ?? "127.0.0.1";
  let behavior: FakeBehavior = opts.behavior ?? {};
  let disruptionsLeft = behavior.times ?? Infinity;
  const requests: FakeOpenAi["requests"] = [];
  const embeddingRequests: FakeOpenAi["embeddingRequests"] = [];
  let embeddingsFailure: 500 | 503 | null = null;
  const usage = { promptTokens: 0, completionTokens: 0, cachedTokens: 0, calls: 0 };
  const rememberedSystemPrefixes: number[][] = [];
  const encodeCache = new Map<string, number[]>();
  let completionCounter = 0;
  const pendingTimers = new Set<ReturnType<typeof setTimeout>>();

  // Tracked so close() does not leave a hanging request's timer keeping the process alive.
  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pendingTimers.delete(timer);
        resolve();
      }, ms);
      pendingTimers.add(timer);
    });
  }

  function encodeCached(text: string): number[] {
    let tokens = encodeCache.get(text);
    if (!tokens) {
      tokens = encode(text, SPECIAL_TOKENS_AS_TEXT);
      if (encodeCache.size >= 64) encodeCache.clear();
      encodeCache.set(text, tokens);
    }
    return tokens;
  }

  /** Like OpenAI: a cached prefix counts from 1024 tokens, in 128-token blocks; here measured on the system message. */
  function cachedTokensFor(system: string): number {
    if (system === "") return 0;
    const tokens = encodeCached(system);
    let longest = 0;
    for (const previous of rememberedSystemPrefixes) longest = Math.max(longest, commonPrefixLength(tokens, previous));
    if (
      !rememberedSystemPrefixes.some(
        (p) => p.length === tokens.length && commonPrefixLength(p, tokens) === tokens.length,
      )
    ) {
      rememberedSystemPrefixes.push(tokens);
      if (rememberedSystemPrefixes.length > REMEMBERED_PREFIXES) rememberedSystemPrefixes.shift();
    }
    return longest >= CACHE_MIN_TOKENS ? Math.floor(longest / CACHE_BLOCK_TOKENS) * CACHE_BLOCK_TOKENS : 0;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a raw JSON request body
  async function handleCompletion(req: IncomingMessage, res: ServerResponse, body: any): Promise<void> {
    const current = behavior;
    const disrupted =
      disruptionsLeft > 0 &&
      (current.fail !== undefined || current.hangMs !== undefined || current.cutAfterChunks !== undefined);
    if (disrupted) {
      disruptionsLeft -= 1;
      if (disruptionsLeft === 0)
        behavior = { ...current, fail: undefined, hangMs: undefined, cutAfterChunks: undefined };
    }

    if (disrupted && current.fail !== undefined) {
      const headers: Record<string, string> =
        current.retryAfterMs !== undefined ? { "retry-after-ms": String(current.retryAfterMs) } : {};
      sendError(res, current.fail, headers);
      return;
    }
    if (disrupted && current.hangMs !== undefined) {
      await sleep(current.hangMs);
      if (req.destroyed || res.destroyed) return;
    }

    const messages: Array<{ role: string; content: string }> = Array.isArray(body?.messages) ? body.messages : [];
    if (messages.length === 0) {
      sendError(res, 400);
      return;
    }
    const model = typeof body.model === "string" ? body.model : (opts.model ?? "gpt-4o-mini");
    const reply = current.reply ?? groundedReply(messages);
    // OpenAI's chat format costs about 3 tokens per message plus 3 to prime the reply.
    const promptTokens = messages.reduce(
      (sum, m) => sum + countTokens(String(m.content ?? ""), SPECIAL_TOKENS_AS_TEXT) + 3,
      3,
    );
    const completionTokens = countTokens(reply, SPECIAL_TOKENS_AS_TEXT);
    const cachedTokens = Math.min(
      promptTokens,
      cachedTokensFor(messages.find((m) => m.role === "system")?.content ?? ""),
    );
    const usageBody = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: cachedTokens, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    };
    const id = `chatcmpl-fake${(completionCounter += 1)}`;
    const created = Math.floor(Date.now() / 1000);
    const countUsage = () => {
      usage.calls += 1;
      usage.promptTokens += promptTokens;
      usage.completionTokens += completionTokens;
      usage.cachedTokens += cachedTokens;
    };

    if (body.stream !== true) {
      countUsage();
      sendJson(res, 200, {
        id,
        object: "chat.completion",
        created,
        model,
        system_fingerprint: "fp_fake",
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: reply, refusal: null },
            logprobs: null,
            finish_reason: "stop",
          },
        ],
        usage: usageBody,
        service_tier: "default",
      });
      return;
    }

    const includeUsage = body.stream_options?.include_usage === true;
    const chunk = (choices: unknown[], extra: object = {}) => ({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      system_fingerprint: "fp_fake",
      choices,
      ...(includeUsage ? { usage: null } : {}),
      ...extra,
    });
    const delta = (d: object, finish: string | null = null) => ({
      index: 0,
      delta: d,
      logprobs: null,
      finish_reason: finish,
    });

    const events: unknown[] = current.instant
      ? [chunk([delta({ role: "assistant", content: reply, refusal: null })])]
      : [
          chunk([delta({ role: "assistant", content: "", refusal: null })]),
          ...splitIntoChunks(reply).map((piece) => chunk([delta({ content: piece })])),
        ];
    events.push(chunk([delta({}, "stop")]));
    if (includeUsage) events.push(chunk([], { usage: usageBody }));

    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    const cutAfter = disrupted ? current.cutAfterChunks : undefined;
    if (current.instant && cutAfter === undefined) {
      countUsage();
      res.end(events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join("") + "data: [DONE]\n\n");
      return;
    }
    if (current.firstChunkDelayMs) {
      res.flushHeaders();
      await sleep(current.firstChunkDelayMs);
    }
    let sent = 0;
    for (const event of events) {
      if (cutAfter !== undefined && sent >= cutAfter) {
        res.socket?.destroy();
        return;
      }
      if (res.destroyed) return;
      // Wait until the bytes are handed to the socket, so a later cut really happens mid-stream.
      await new Promise<void>((resolve) => res.write(`data: ${JSON.stringify(event)}\n\n`, () => resolve()));
      sent += 1;
      if (current.delayMsPerChunk) await sleep(current.delayMsPerChunk);
    }
    countUsage();
    res.end("data: [DONE]\n\n");
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const raw = await readBody(req);
      if (req.method === "POST" && url.pathname === "/v1/chat/completions") {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, validated field by field
        let body: any;
        try {
          body = JSON.parse(raw);
        } catch {
          sendError(res, 400);
          return;
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers))
          if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
        const finished = new Promise<{ complete: boolean }>((resolve) =>
          res.once("close", () => resolve({ complete: res.writableFinished })),
        );
        requests.push({ body, headers, finished });
        await handleCompletion(req, res, body);
        return;
      }
      if (req.method === "POST" && url.pathname === "/v1/embeddings") {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON, validated field by field
        let body: any;
        try {
          body = JSON.parse(raw);
        } catch {
          sendError(res, 400);
          return;
        }
        embeddingRequests.push({ body });
        if (embeddingsFailure !== null) {
          sendError(res, embeddingsFailure);
          return;
        }
        const inputs: string[] = typeof body.input === "string" ? [body.input] : body.input;
        sendJson(res, 200, {
          object: "list",
          model: body.model,
          data: inputs.map((text, index) => ({ object: "embedding", index, embedding: fakeEmbedding(text) })),
          usage: { prompt_tokens: 0, total_tokens: 0 },
        });
        return;
      }
      if (req.method === "GET" && url.pathname === "/v1/models") {
        sendJson(res, 200, {
          object: "list",
          data: [{ id: opts.model ?? "gpt-4o-mini", object: "model", created: 0, owned_by: "fake" }],
        });
        return;
      }
      sendJson(res, 404, {
        error: {
          message: `Unknown route ${req.method} ${url.pathname}`,
          type: "invalid_request_error",
          param: null,
          code: "unknown_url",
        },
      });
    })().catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500);
      else res.destroy(error instanceof Error ? error : undefined);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${host}:${port}/v1`,
    embeddingRequests,
    setEmbeddingsFailure(status) {
      embeddingsFailure = status;
    },
    requests,
    usage,
    setBehavior(b) {
      behavior = b;
      disruptionsLeft = b.times ?? Infinity;
    },
    close() {
      for (const timer of pendingTimers) clearTimeout(timer);
      pendingTimers.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hanging and streaming requests would otherwise keep close() waiting.
        server.closeAllConnections();
      });
    },
  };
}
