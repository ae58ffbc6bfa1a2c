// Child process for the load benchmark: the fake OpenAI server on its own event loop, so the
// model's streaming and token counting don't slow the load generator's clocks.
import { startFakeOpenAi, type FakeBehavior } from "../fakes/openai-server.ts";

const behavior = JSON.parse(process.env.FAKE_BEHAVIOR ?? "{}") as FakeBehavior;
const fake = await startFakeOpenAi({ behavior });
// It keeps every request body for tests; nobody reads them here.
setInterval(() => (fake.requests.length = 0), 5_000).unref();
process.send?.({ url: fake.url });
process.on("SIGTERM", () => void fake.close().then(() => process.exit(0)));
