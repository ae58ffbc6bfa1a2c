import { ZChangePasswordInput, ZSettingsInput } from "@support/schemas";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { formErrors, plainMessage } from "./form-errors.ts";

/** A refused call as the console receives it: the server sends zod's issues and the flattened form. */
function refused(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error("expected the input to be refused");
  return {
    message: "raw summary",
    data: { code: "BAD_REQUEST", issues: result.error.issues, zodError: z.flattenError(result.error) },
  };
}

const SETTINGS = {
  businessName: "Shop",
  persona: "Warm",
  welcomeMessage: "Hi",
  widgetColor: "#2563eb",
  widgetPosition: "right",
  allowedOrigins: ["https://shop.example.com"],
  historyLength: 15,
  faqTokenBudget: 4000,
  dailyTokenCap: 100000,
  notificationEmails: [],
};
const FIELDS = Object.keys(SETTINGS);

describe("server field errors in plain words, next to their field", () => {
  it("puts a bad website origin on the origins field, naming the entry, with no field path", () => {
    const values = { ...SETTINGS, allowedOrigins: ["https://shop.example.com", "https://shop.example.com/help"] };
    const errors = formErrors(refused(ZSettingsInput, values), FIELDS, values);
    expect(errors.fields.allowedOrigins).toBe(
      "https://shop.example.com/help: Enter a website origin such as https://shop.example.com (no path)",
    );
    expect(errors.form).toBeNull();
    expect(JSON.stringify(errors)).not.toContain("allowedOrigins.1");
  });

  it("rewords zod's own messages and keeps the schemas' messages", () => {
    const values = {
      ...SETTINGS,
      businessName: " ",
      historyLength: 0,
      notificationEmails: ["not-an-email"],
      dailyTokenCap: "lots",
    };
    const errors = formErrors(refused(ZSettingsInput, values), FIELDS, values);
    expect(errors.fields).toMatchObject({
      businessName: "Enter the business name",
      historyLength: "Keep at least 1 message",
      notificationEmails: "not-an-email: Enter valid email addresses",
      dailyTokenCap: "Enter a number",
    });
    expect(Object.values(errors.fields).join(" ")).not.toMatch(/Invalid|Too small|expected/);
  });

  it("sends a problem with a field the form doesn't show to the form-level message", () => {
    const errors = formErrors(refused(ZChangePasswordInput, { currentPassword: "", newPassword: "x" }), [
      "currentPassword",
    ]);
    expect(errors.fields.currentPassword).toBeTruthy();
    expect(errors.form).toBeTruthy();
    expect(errors.form).not.toContain("newPassword");
  });

  it("falls back to the flattened errors from an older server, and to the message for other errors", () => {
    const old = {
      message: "x",
      data: { code: "BAD_REQUEST", zodError: { fieldErrors: { url: ["Invalid URL"] }, formErrors: [] } },
    };
    expect(formErrors(old, ["url"]).fields.url).toBe("Enter a valid web address, such as https://shop.example.com");
    const conflict = { message: "A question like this already exists", data: { code: "CONFLICT" } };
    expect(formErrors(conflict, ["question"])).toEqual({ fields: {}, form: "A question like this already exists" });
    expect(formErrors(null, ["question"])).toEqual({ fields: {}, form: null });
  });

  it("puts a service rule's message on the field it names, without the field's name", () => {
    const clash = { message: "question: An FAQ with this question already exists", data: { code: "CONFLICT" } };
    expect(formErrors(clash, ["question", "answer"])).toEqual({
      fields: { question: "An FAQ with this question already exists" },
      form: null,
    });
    const wrong = {
      message: "currentPassword: Your current password is not correct",
      data: { code: "BAD_REQUEST", zodError: null },
    };
    expect(formErrors(wrong, ["newPassword"])).toEqual({ fields: {}, form: "Your current password is not correct" });
  });

  it("words the common zod checks", () => {
    expect(plainMessage({ path: ["url"], code: "invalid_format", format: "url", message: "Invalid URL" })).toMatch(
      /^Enter a valid web address/,
    );
    expect(
      plainMessage({
        path: ["name"],
        code: "too_small",
        origin: "string",
        minimum: 1,
        message: "Too small: expected string to have >=1 characters",
      }),
    ).toBe("Fill in this field");
    expect(
      plainMessage({
        path: ["name"],
        code: "too_big",
        origin: "string",
        maximum: 100,
        message: "Too big: expected string to have <=100 characters",
      }),
    ).toBe("Use at most 100 characters");
    expect(
      plainMessage({
        path: ["events"],
        code: "too_small",
        origin: "array",
        minimum: 1,
        message: "Too small: expected array to have >=1 items",
      }),
    ).toBe("Choose at least one");
  });
});
