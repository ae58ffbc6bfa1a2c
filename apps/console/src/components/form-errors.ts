// Turns a failed call into what a form shows: a plain-words message next to each field the server
// refused, and one form-level message for everything else. The server sends zod's issues
// (`data.issues`: path, code, message) and the flattened form (`data.zodError`); messages a schema
// wrote for people ("Enter the business name") are kept, zod's own ("Invalid url", "Too small:
// expected number to be >=1") are reworded.

export type ServerIssue = {
  path: ReadonlyArray<string | number>;
  code?: string;
  message: string;
  origin?: string;
  format?: string;
  minimum?: number | string;
  maximum?: number | string;
};

type ErrorData = {
  code?: string;
  issues?: ServerIssue[] | null;
  zodError?: { fieldErrors?: Record<string, string[] | undefined>; formErrors?: string[] } | null;
};

export function errorText(err: unknown): string {
  if (!err) return "";
  const e = err as { message?: string; data?: { code?: string } };
  if (e.data?.code === "INTERNAL_SERVER_ERROR" || !e.message)
    return "Something went wrong on our side. Please try again.";
  if (/fetch|network/i.test(e.message) && !e.data)
    return "Can't reach the server. Check your connection and try again.";
  return e.message;
}

/** zod's built-in messages start like this; a schema's own messages are written for people. */
const ZOD_DEFAULT = /^(Invalid|Too (small|big)|Expected|Unrecognized|Required|String must|Number must|Array must)\b/;

const FORMAT_WORDS: Record<string, string> = {
  email: "Enter a valid email address",
  url: "Enter a valid web address, such as https://shop.example.com",
  uuid: "This reference isn't valid",
  datetime: "Enter a valid date and time",
  date: "Enter a valid date",
  regex: "Check the format of this value",
};

/** One issue in plain words. */
export function plainMessage(issue: ServerIssue): string {
  if (issue.message && !ZOD_DEFAULT.test(issue.message)) return issue.message;
  const n = issue.minimum ?? issue.maximum;
  switch (issue.code) {
    case "invalid_format":
      return FORMAT_WORDS[issue.format ?? ""] ?? "Check the format of this value";
    case "invalid_type":
      return /received undefined|received null/.test(issue.message)
        ? "Fill in this field"
        : issue.origin === "number" || /expected number/.test(issue.message)
          ? "Enter a number"
          : "Check this value";
    case "too_small":
      if (issue.origin === "string") return Number(n) <= 1 ? "Fill in this field" : `Use at least ${n} characters`;
      if (issue.origin === "array" || issue.origin === "set")
        return Number(n) <= 1 ? "Choose at least one" : `Choose at least ${n}`;
      return `Enter ${n} or more`;
    case "too_big":
      if (issue.origin === "string") return `Use at most ${n} characters`;
      if (issue.origin === "array" || issue.origin === "set") return `At most ${n} entries`;
      return `Enter ${n} or less`;
    case "invalid_value":
      return "Choose one of the options";
    case "unrecognized_keys":
      return "The form sent a field the server doesn't know; reload the page and try again";
    default:
      return /url/i.test(issue.message)
        ? FORMAT_WORDS.url!
        : /email/i.test(issue.message)
          ? FORMAT_WORDS.email!
          : "Check this value";
  }
}

export type FormErrors = {
  /** Plain message per top-level field ("allowedOrigins"), the first problem of that field. */
  fields: Record<string, string>;
  /** Everything not tied to one of `knownFields` (or no field at all): shown above the form. */
  form: string | null;
};

/**
 * Splits an error into field messages and a form message. `knownFields` are the fields this form
 * shows next to its inputs; a field error for any other field goes to the form-level message, so
 * nothing the server said is lost. A list field's message names the entry it is about
 * ("shop.example.com/help: Enter a website origin ...") when `values` holds the list.
 */
export function formErrors(err: unknown, knownFields: readonly string[], values?: Record<string, unknown>): FormErrors {
  if (!err) return { fields: {}, form: null };
  const data = (err as { data?: ErrorData | null }).data ?? null;
  const issues: ServerIssue[] =
    data?.issues ??
    Object.entries(data?.zodError?.fieldErrors ?? {}).flatMap(([field, messages]) =>
      (messages ?? []).map((message) => ({ path: [field], message })),
    );
  if (data?.code !== "BAD_REQUEST" || issues.length === 0) {
    // A rule checked in the service names its field the same way: "question: An FAQ with this question already exists".
    const text = errorText(err);
    const named = /^([A-Za-z]+): (.+)$/s.exec(text);
    if (!named) return { fields: {}, form: text };
    return knownFields.includes(named[1]!)
      ? { fields: { [named[1]!]: named[2]! }, form: null }
      : { fields: {}, form: named[2]! };
  }
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const [field, index] = issue.path;
    let text = plainMessage(issue);
    const list = field !== undefined ? values?.[String(field)] : undefined;
    if (typeof index === "number" && Array.isArray(list) && typeof list[index] === "string")
      text = `${list[index]}: ${text}`;
    if (field !== undefined && knownFields.includes(String(field))) fields[String(field)] ??= text;
    else other.push(text);
  }
  for (const message of data.zodError?.formErrors ?? []) other.push(plainMessage({ path: [], message }));
  return { fields, form: other.length ? [...new Set(other)].join(" ") : null };
}
