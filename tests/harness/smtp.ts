// An SMTP server started in-process for mail tests: it keeps what it receives and can refuse the
// first deliveries (451) to exercise retries.
import { SMTPServer } from "smtp-server";
import { changeWaiter } from "./wait.ts";

export type ReceivedMail = { from: string; to: string[]; raw: string };

export async function startSmtp(opts: { failFirst?: number } = {}) {
  const received: ReceivedMail[] = [];
  const arrived = changeWaiter();
  let failures = opts.failFirst ?? 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (failures > 0) {
          failures--;
          return callback(Object.assign(new Error("Mailbox busy, try later"), { responseCode: 451 }));
        }
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
        arrived.changed();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** Resolves once `count` mails have been received, on the mail that makes the count. */
    mails: (count: number, ms = 30_000) =>
      arrived.until(() => received.length >= count && received, `${count} mail(s); got ${received.length}`, ms),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Undoes quoted-printable soft breaks and escapes, enough to read the text part. */
export function decodeQp(raw: string): string {
  return raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}
