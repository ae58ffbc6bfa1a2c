// Business settings (admins): the bot's name and persona, the widget's look, where it may be
// embedded, limits, and who is emailed about new tickets. Changes apply to the next message.
import { MessageIcon } from "../components/icons.tsx";
import { useEffect, useState, type FormEvent } from "react";
import { ListInput } from "../components/ListInput.tsx";
import { BusinessHoursSettings } from "./BusinessHoursSettings.tsx";
import { FaqLanguageSettings } from "./FaqLanguageSettings.tsx";
import { QuickStartSettings } from "./QuickStartSettings.tsx";
import { RetentionSettings } from "../features/customers/RetentionSettings.tsx";
import { Field } from "../components/Field.tsx";
import { formErrors } from "../components/form-errors.ts";
import { ErrorAlert, formatDateTime, Loading, useToast } from "../components/ui.tsx";
import { useUnsavedChanges } from "../navigation.ts";
import { trpc, type RouterInputs } from "../trpc.ts";

type Form = RouterInputs["settings"]["update"];

export function SettingsPage() {
  const toast = useToast();
  const utils = trpc.useUtils();
  const settings = trpc.settings.get.useQuery();
  const [form, setForm] = useState<Form | null>(null);
  useEffect(() => {
    if (settings.data && !form) {
      const { updatedAt: _u, ...rest } = settings.data;
      setForm(rest);
    }
  }, [settings.data, form]);
  const save = trpc.settings.update.useMutation({
    onSuccess: async (saved) => {
      const { updatedAt: _u, ...rest } = saved;
      setForm(rest);
      toast("Settings saved. They apply to the next customer message.");
      await utils.settings.get.invalidate();
    },
  });

  const dirty =
    Boolean(form && settings.data) &&
    JSON.stringify(form) !== JSON.stringify((({ updatedAt: _u, ...rest }) => rest)(settings.data!));
  useUnsavedChanges(dirty);

  if (settings.error) return <ErrorAlert error={settings.error} title="Settings couldn't be loaded." />;
  if (!form || !settings.data) return <Loading />;
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm({ ...form, [key]: value });
  // Field messages go next to their field; anything else (another helper's field, a server error) above the form.
  const errors = formErrors(save.error, Object.keys(form), form);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(form);
  };

  return (
    <>
      <form onSubmit={submit}>
        <div className="page-head">
          <div>
            <h1>Settings</h1>
            <p>
              Last saved {formatDateTime(settings.data.updatedAt)}. Changes apply to the next customer message; no
              restart needed.
            </p>
          </div>
          <div className="actions">
            {dirty && <span className="muted small">Unsaved changes</span>}
            <button className="primary" type="submit" disabled={save.isPending || !dirty}>
              {save.isPending ? "Saving…" : "Save settings"}
            </button>
          </div>
        </div>
        <div className="stack">
          <ErrorAlert error={errors.form} title="Not saved:" />
          {Object.keys(errors.fields).length > 0 && !errors.form && (
            <div className="alert error" role="alert">
              Not saved: check the fields marked below.
            </div>
          )}
          <section className="panel panel-body form">
            <h2>The bot</h2>
            <Field label="Business name" hint="How the bot refers to your business." error={errors.fields.businessName}>
              <input
                value={form.businessName}
                onChange={(e) => set("businessName", e.target.value)}
                maxLength={100}
                required
              />
            </Field>
            <Field
              label="Persona and tone"
              hint="A sentence or two on how the bot should sound, e.g. “Warm, brief and professional. Use the customer's language.”"
              error={errors.fields.persona}
            >
              <textarea
                rows={3}
                value={form.persona}
                onChange={(e) => set("persona", e.target.value)}
                maxLength={2000}
                required
              />
            </Field>
            <Field
              label="Welcome message"
              hint="The first thing customers see when they open the chat."
              error={errors.fields.welcomeMessage}
            >
              <input
                value={form.welcomeMessage}
                onChange={(e) => set("welcomeMessage", e.target.value)}
                maxLength={500}
                required
              />
            </Field>
          </section>

          <section className="panel panel-body form">
            <h2>Chat widget</h2>
            <div className="form-row">
              <div className="form">
                <label className="field">
                  Colour
                  <span className="row">
                    <input
                      type="color"
                      value={form.widgetColor}
                      onChange={(e) => set("widgetColor", e.target.value)}
                      aria-label="Widget colour picker"
                    />
                    <input
                      value={form.widgetColor}
                      onChange={(e) => set("widgetColor", e.target.value)}
                      style={{ width: 120 }}
                      aria-label="Widget colour"
                      aria-invalid={errors.fields.widgetColor ? true : undefined}
                      aria-describedby={errors.fields.widgetColor ? "widget-colour-error" : undefined}
                    />
                  </span>
                  {errors.fields.widgetColor && (
                    <span id="widget-colour-error" className="field-error" data-testid="field-error">
                      {errors.fields.widgetColor}
                    </span>
                  )}
                </label>
                <div className="field">
                  <strong>Position on the page</strong>
                  <div className="segmented" role="radiogroup" aria-label="Widget position">
                    {(["left", "right"] as const).map((p) => (
                      <button
                        type="button"
                        key={p}
                        role="radio"
                        aria-checked={form.widgetPosition === p}
                        className={form.widgetPosition === p ? "on" : ""}
                        onClick={() => set("widgetPosition", p)}
                      >
                        Bottom {p}
                      </button>
                    ))}
                  </div>
                </div>
              </div>
              <div className="widget-preview" aria-label="Widget preview">
                <div className="bubble" style={{ [form.widgetPosition]: 14 }}>
                  {form.welcomeMessage || "…"}
                </div>
                <div
                  className="launcher"
                  style={{
                    background: /^#[0-9a-f]{6}$/i.test(form.widgetColor) ? form.widgetColor : "#999",
                    [form.widgetPosition]: 14,
                  }}
                >
                  <MessageIcon size={22} />
                </div>
              </div>
            </div>
            <Field
              group
              label="Websites allowed to show the chat"
              hint={
                <>
                  The address of each site where you paste the chat code, such as <code>https://shop.example.com</code>.
                  Other sites can't embed it.
                </>
              }
              error={errors.fields.allowedOrigins}
            >
              <ListInput
                label="Add a website"
                values={form.allowedOrigins}
                onChange={(v) => set("allowedOrigins", v)}
                placeholder="https://shop.example.com"
                type="url"
              />
            </Field>
            <Field
              group
              label="Other domains replies may link to"
              hint={
                <>
                  Links in replies are clickable only to the websites above, this server and the domains listed here
                  (with their subdomains), such as <code>help.example.com</code>. A link anywhere else shows as plain
                  text, so a reply can't send customers to a look-alike site.
                </>
              }
              error={errors.fields.allowedLinkDomains}
            >
              <ListInput
                label="Add a domain"
                values={form.allowedLinkDomains ?? []}
                onChange={(v) => set("allowedLinkDomains", v)}
                placeholder="help.example.com"
              />
            </Field>
          </section>

          <section className="panel panel-body form">
            <h2>New-ticket emails</h2>
            <Field
              group
              label="Email these addresses when a customer asks for a person"
              hint="The email has the issue, the contact, the last messages and a link to the ticket."
              error={errors.fields.notificationEmails}
            >
              <ListInput
                label="Add an email address"
                values={form.notificationEmails}
                onChange={(v) => set("notificationEmails", v)}
                placeholder="support@yourcompany.com"
                type="email"
              />
              {form.notificationEmails.length === 0 && (
                <div className="alert warn">
                  No one is emailed about new tickets. Check the Tickets page regularly, or add an address.
                </div>
              )}
            </Field>
          </section>

          <section className="panel panel-body form">
            <h2>Limits</h2>
            <div className="form-row">
              <Field
                label="Conversation memory (messages)"
                hint="How many earlier messages the bot remembers in a conversation. 15 suits most shops."
                error={errors.fields.historyLength}
              >
                <input
                  type="number"
                  min={1}
                  max={50}
                  value={form.historyLength}
                  onChange={(e) => set("historyLength", Number(e.target.value))}
                />
              </Field>
              <Field
                label="FAQ budget (tokens)"
                hint="How much FAQ text the bot reads per message. Larger means more FAQs at once, at a higher cost. Check it on “Try the bot”."
                error={errors.fields.faqTokenBudget}
              >
                <input
                  type="number"
                  min={200}
                  max={50000}
                  step={100}
                  value={form.faqTokenBudget}
                  onChange={(e) => set("faqTokenBudget", Number(e.target.value))}
                />
              </Field>
            </div>
            <Field
              label="Daily AI usage cap (tokens)"
              hint="When reached, the bot answers from FAQs only (no AI model) until midnight UTC. 0 means always FAQ-only."
              error={errors.fields.dailyTokenCap}
              style={{ maxWidth: "50%" }}
            >
              <input
                type="number"
                min={0}
                step={10000}
                value={form.dailyTokenCap}
                onChange={(e) => set("dailyTokenCap", Number(e.target.value))}
              />
            </Field>
          </section>
        </div>
      </form>
      <div className="stack" style={{ marginTop: 16 }}>
        <BusinessHoursSettings />
        <FaqLanguageSettings />
        <QuickStartSettings />
        <RetentionSettings />
      </div>
    </>
  );
}
