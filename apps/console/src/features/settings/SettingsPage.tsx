// Business settings (admins): the bot's name and persona, the widget's look, where it may be
// embedded, limits, and who is emailed about new tickets. Changes apply to the next message.
import { useEffect, useState, type FormEvent } from "react";
import { ListInput } from "../../components/ListInput.tsx";
import { BusinessHoursSettings } from "./BusinessHoursSettings.tsx";
import { FaqLanguageSettings } from "./FaqLanguageSettings.tsx";
import { QuickStartSettings } from "./QuickStartSettings.tsx";
import { RetentionSettings } from "../customers/RetentionSettings.tsx";
import { Field } from "../../components/Field.tsx";
import { formErrors } from "../../components/form-errors.ts";
import { ErrorAlert, formatDateTime, Loading, useToast } from "../../components/ui.tsx";
import { useUnsavedChanges } from "../../navigation.ts";
import { trpc } from "../../trpc.ts";
import { LimitsSection } from "./LimitsSection.tsx";
import type { SettingsForm as Form } from "./settings-form.ts";
import { WidgetSettingsSection } from "./WidgetSettingsSection.tsx";

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

          <WidgetSettingsSection form={form} set={set} errors={errors} />

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

          <LimitsSection form={form} set={set} errors={errors} />
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
