// The knowledge base's language (admins): how the bot reads words when it looks for the FAQ that
// answers a message — stems ("livraisons" finds "livraison") and function words — with accents
// ignored. Replies still come in the customer's language, whatever this is.
import { useEffect, useState, type FormEvent } from "react";
import { ErrorAlert, Loading, useToast } from "../../components/ui.tsx";
import { trpc, type RouterInputs } from "../../trpc.ts";

type Language = RouterInputs["settings"]["updateFaqLanguage"]["language"];

// In the order admins look for them; values are PostgreSQL's text-search configuration names.
const LANGUAGES: Array<[Language, string]> = [
  ["english", "English"],
  ["french", "French"],
  ["german", "German"],
  ["spanish", "Spanish"],
  ["italian", "Italian"],
  ["portuguese", "Portuguese"],
  ["dutch", "Dutch"],
  ["danish", "Danish"],
  ["swedish", "Swedish"],
  ["norwegian", "Norwegian"],
  ["finnish", "Finnish"],
  ["hungarian", "Hungarian"],
  ["romanian", "Romanian"],
  ["russian", "Russian"],
  ["turkish", "Turkish"],
  ["catalan", "Catalan"],
  ["basque", "Basque"],
  ["irish", "Irish"],
  ["armenian", "Armenian"],
  ["arabic", "Arabic"],
  ["tamil", "Tamil"],
  ["simple", "Other (no stemming)"],
];

export function FaqLanguageSettings() {
  const toast = useToast();
  const utils = trpc.useUtils();
  const current = trpc.settings.faqLanguage.useQuery();
  const [language, setLanguage] = useState<Language | null>(null);
  useEffect(() => {
    if (current.data && !language) setLanguage(current.data.language);
  }, [current.data, language]);
  const save = trpc.settings.updateFaqLanguage.useMutation({
    onSuccess: async (saved) => {
      setLanguage(saved.language);
      toast("FAQ language saved. The bot reads FAQs and messages with it from the next message on.");
      await utils.settings.faqLanguage.invalidate();
    },
  });
  if (current.error) return <ErrorAlert error={current.error} title="The FAQ language couldn't be loaded." />;
  if (!language || !current.data) return <Loading />;

  const dirty = language !== current.data.language;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ language });
  };

  return (
    <form onSubmit={submit} aria-labelledby="faq-language-title">
      <section className="panel panel-body form">
        <h2 id="faq-language-title">FAQ language</h2>
        <span className="hint">
          The language your FAQs are written in. The bot uses it to match word forms and skip words like “the” or “le”
          when it looks for the FAQ that answers a message; accents never matter. Customers still get replies in their
          own language.
        </span>
        <ErrorAlert error={save.error} title="Not saved:" />
        <label className="field" style={{ maxWidth: 320 }}>
          Language of your FAQs
          <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
            {LANGUAGES.map(([value, name]) => (
              <option key={value} value={value}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <div className="actions">
          {dirty && <span className="muted small">Unsaved changes</span>}
          <button className="primary" type="submit" disabled={save.isPending || !dirty}>
            {save.isPending ? "Saving…" : "Save FAQ language"}
          </button>
        </div>
      </section>
    </form>
  );
}
