// Settings, "Limits": how much the bot remembers and reads per message, and the daily AI usage cap.
import { Field } from "../../components/Field.tsx";
import type { SectionProps } from "./settings-form.ts";

export function LimitsSection({ form, set, errors }: SectionProps) {
  return (
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
  );
}
