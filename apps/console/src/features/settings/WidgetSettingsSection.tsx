// Settings, "Chat widget": colour and position (with a preview), the websites that may embed the
// chat, and the other domains replies may link to.
import { Field } from "../../components/Field.tsx";
import { MessageIcon } from "../../components/icons.tsx";
import { ListInput } from "../../components/ListInput.tsx";
import type { SectionProps } from "./settings-form.ts";

export function WidgetSettingsSection({ form, set, errors }: SectionProps) {
  return (
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
            The address of each site where you paste the chat code, such as <code>https://shop.example.com</code>. Other
            sites can't embed it.
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
            Links in replies are clickable only to the websites above, this server and the domains listed here (with
            their subdomains), such as <code>help.example.com</code>. A link anywhere else shows as plain text, so a
            reply can't send customers to a look-alike site.
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
  );
}
