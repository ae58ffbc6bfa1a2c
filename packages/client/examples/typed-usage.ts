// Compiled by `npm run typecheck`: proves the client is fully typed (inputs, outputs, errors).
// The @ts-expect-error lines fail the typecheck if a wrong call were ever accepted.
import { createSupportClient, isErrorCode, TRPCClientError, type AppRouter } from "../src/index.ts";

export async function typedUsage() {
  const client = createSupportClient({ url: "http://localhost:3000", token: "sbt_example" });

  const faqs = await client.faq.list.query({ search: "refund", page: 1, pageSize: 20 });
  const firstQuestion: string | undefined = faqs.items[0]?.question;

  const preview = await client.assistant.preview.query({ question: "Do you ship to Canada?" });
  const tokens: number = preview.systemPromptTokens;
  const confident: boolean = preview.faqOnly.confident;

  const report = await client.faq.import.mutate({ format: "csv", content: "question,answer,category\n", dryRun: true });
  const added: number = report.added;

  const tickets = await client.ticket.list.query({ status: "open", page: 1, pageSize: 50 });
  const total: number = tickets.total;

  // @ts-expect-error: status must be open | in_progress | resolved
  await client.ticket.list.query({ status: "closed" });
  // @ts-expect-error: question is required
  await client.assistant.preview.query({});
  // @ts-expect-error: there is no such procedure
  await client.faq.destroyEverything.mutate();

  try {
    await client.faq.create.mutate({ question: "Q?", answer: "A.", category: "general" });
  } catch (err) {
    if (err instanceof TRPCClientError) {
      const typed = err as TRPCClientError<AppRouter>;
      const requestId: string | null | undefined = typed.data?.requestId;
      if (isErrorCode(err, "FORBIDDEN")) return { requestId };
    }
    throw err;
  }
  return { firstQuestion, tokens, confident, added, total };
}
