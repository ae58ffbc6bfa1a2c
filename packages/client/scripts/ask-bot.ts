// npm run bot:ask -- --token sbt_... "Do you ship to Canada?"
// Shows what the bot would do with a question: the FAQs it would select (with scores), the prompt's
// token count, the FAQ-only answer and the reply a customer would get now (the model's when the
// server has one; it counts against the daily token cap). Creates no customer conversation.
import { describeError, fail, parseScriptArgs } from "./cli-args.ts";

const USAGE = `Usage: npm run bot:ask -- [--url http://localhost:3000] --token sbt_... "<customer question>" [--json]`;
const { client, values, positionals } = parseScriptArgs(USAGE, { json: { type: "boolean" } });
const question = positionals.join(" ").trim() || fail(USAGE);

try {
  const preview = await client.assistant.preview.query({ question });
  if (values.json) {
    console.log(JSON.stringify(preview, null, 2));
  } else {
    console.log(`Question: ${question}\n`);
    console.log(
      `FAQs in the prompt (${preview.selected.length} of ${preview.activeFaqs} active, ${preview.faqTokens}/${preview.faqTokenBudget} FAQ tokens, system prompt ${preview.systemPromptTokens} tokens):`,
    );
    for (const s of preview.selected)
      console.log(`  ${s.score === null ? "  all " : s.score.toFixed(3)}  [${s.category}] ${s.question}`);
    console.log(
      `\nFAQ-only answer (${preview.faqOnly.confident ? "confident" : "not confident: would offer a human"}):\n`,
    );
    console.log(preview.faqOnly.content.replace(/^/gm, "  "));
    if (preview.faqOnly.sources.length)
      console.log(`\nSource: ${preview.faqOnly.sources.map((s) => s.question).join(", ")}`);
    const { reply } = preview;
    const label =
      reply.mode === "llm"
        ? `model ${reply.model}`
        : reply.mode === "offer"
          ? "offers a person"
          : `FAQ-only: ${reply.fallbackReason}`;
    console.log(`\nReply a customer would get (${label}):\n`);
    console.log((reply.mode === "offer" ? "(the customer asked for a person)" : reply.content).replace(/^/gm, "  "));
  }
} catch (err) {
  fail(`Preview failed: ${describeError(err)}`);
}
