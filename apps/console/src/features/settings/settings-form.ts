// The Settings form's shape, shared by the page and its sections: the values as `settings.update`
// takes them, the setter for one field, and the field messages of the last refused save.
import type { FormErrors } from "../../components/form-errors.ts";
import type { RouterInputs } from "../../trpc.ts";

export type SettingsForm = RouterInputs["settings"]["update"];

export type SectionProps = {
  form: SettingsForm;
  set: <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => void;
  errors: FormErrors;
};
