// Business hours (admins): when people answer in the chat, in the business's time zone, and the
// days off. Outside them the widget says when the team is back and asks for an email first.
import { useEffect, useState, type FormEvent } from "react";
import { ListInput } from "../../components/ListInput.tsx";
import { Field } from "../../components/Field.tsx";
import { formErrors } from "../../components/form-errors.ts";
import { ErrorAlert, Loading, useToast } from "../../components/ui.tsx";
import { useUnsavedChanges } from "../../navigation.ts";
import { trpc, type RouterInputs } from "../../trpc.ts";

type Hours = RouterInputs["settings"]["updateHours"];
// Monday first, as most calendars show it; `day` is 0 = Sunday as in JavaScript and the API.
const DAYS = [
  [1, "Monday"],
  [2, "Tuesday"],
  [3, "Wednesday"],
  [4, "Thursday"],
  [5, "Friday"],
  [6, "Saturday"],
  [0, "Sunday"],
] as const;

const TIME_ZONES: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf("timeZone");
  } catch {
    return [];
  }
})();

export function BusinessHoursSettings() {
  const toast = useToast();
  const utils = trpc.useUtils();
  const hours = trpc.settings.hours.useQuery();
  const [form, setForm] = useState<Hours | null>(null);
  useEffect(() => {
    if (hours.data && !form) setForm(hours.data);
  }, [hours.data, form]);
  const save = trpc.settings.updateHours.useMutation({
    onSuccess: async (saved) => {
      setForm(saved);
      toast("Business hours saved. The chat uses them at once.");
      await utils.settings.hours.invalidate();
    },
  });
  const dirty = Boolean(form && hours.data) && JSON.stringify(form) !== JSON.stringify(hours.data);
  useUnsavedChanges(dirty);
  if (hours.error) return <ErrorAlert error={hours.error} title="Business hours couldn't be loaded." />;
  if (!form || !hours.data) return <Loading />;
  const errors = formErrors(save.error, ["timeZone", "weekly", "holidays"], form);
  const intervalOf = (day: number) => form.weekly.find((h) => h.day === day) ?? null;
  const setDay = (day: number, value: { open: string; close: string } | null) => {
    const others = form.weekly.filter((h) => h.day !== day);
    setForm({ ...form, weekly: value ? [...others, { day, ...value }].sort((a, b) => a.day - b.day) : others });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(form);
  };

  return (
    <form onSubmit={submit} aria-labelledby="business-hours-title">
      <section className="panel panel-body form">
        <h2 id="business-hours-title">Business hours</h2>
        <span className="hint">
          When your team answers in the chat. Outside these hours the chat says when you are back and asks customers for
          their email first. With no day open, the chat treats you as always available.
        </span>
        <ErrorAlert error={errors.form} title="Not saved:" />
        <Field label="Time zone" error={errors.fields.timeZone} style={{ maxWidth: 320 }}>
          <input
            list="time-zones"
            value={form.timeZone}
            onChange={(e) => setForm({ ...form, timeZone: e.target.value })}
            required
          />
        </Field>
        <datalist id="time-zones">
          {TIME_ZONES.map((tz) => (
            <option key={tz} value={tz} />
          ))}
        </datalist>
        <div
          className="field"
          role="group"
          aria-label="Weekly hours"
          aria-describedby={errors.fields.weekly ? "weekly-hours-error" : undefined}
        >
          {DAYS.map(([day, name]) => {
            const interval = intervalOf(day);
            return (
              <div className="row" key={day}>
                <label style={{ width: 130 }}>
                  <input
                    type="checkbox"
                    checked={interval !== null}
                    onChange={(e) => setDay(day, e.target.checked ? { open: "09:00", close: "17:00" } : null)}
                  />{" "}
                  {name}
                </label>
                {interval ? (
                  <>
                    <input
                      type="time"
                      aria-label={`${name} opens`}
                      value={interval.open}
                      onChange={(e) => setDay(day, { ...interval, open: e.target.value })}
                      required
                    />
                    <span>to</span>
                    <input
                      type="time"
                      aria-label={`${name} closes`}
                      value={interval.close}
                      onChange={(e) => setDay(day, { ...interval, close: e.target.value })}
                      required
                    />
                  </>
                ) : (
                  <span className="muted small">Closed</span>
                )}
              </div>
            );
          })}
          {errors.fields.weekly && (
            <span id="weekly-hours-error" className="field-error" data-testid="field-error">
              {errors.fields.weekly}
            </span>
          )}
        </div>
        <Field group label="Holidays" hint="Whole days closed, in the time zone above." error={errors.fields.holidays}>
          <ListInput
            label="Add a holiday"
            values={form.holidays}
            onChange={(v) => setForm({ ...form, holidays: v })}
            placeholder="2026-12-25"
            type="date"
          />
        </Field>
        <div className="actions">
          {dirty && <span className="muted small">Unsaved changes</span>}
          <button className="primary" type="submit" disabled={save.isPending || !dirty}>
            {save.isPending ? "Saving…" : "Save business hours"}
          </button>
        </div>
      </section>
    </form>
  );
}
