// Staff sign-in and account schemas shared by the API and the console's forms.
import { z } from "zod";
import { zText } from "./common.ts";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export const ZStaffEmail = zText({ error: "Enter an email address" })
  .trim()
  .toLowerCase()
  .max(320, "Email addresses are at most 320 characters")
  .email("Enter a valid email address");

/** Length only: the common-password check needs the server's list and runs there. */
export const ZNewPassword = zText({ error: "Enter a password" })
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters`);

export const ZStaffRole = z.enum(["admin", "agent"]);
export type StaffRole = z.infer<typeof ZStaffRole>;

export const ZSignInInput = z.object({
  email: ZStaffEmail,
  password: zText().min(1, "Enter your password").max(1024),
});

/** A staff member as any caller may see them: never a password hash. */
export const ZStaffMember = z.object({
  id: z.string().uuid(),
  email: z.string(),
  name: z.string(),
  role: ZStaffRole,
  isActive: z.boolean(),
  lastLoginAt: z.date().nullable(),
  createdAt: z.date(),
});
export type StaffMember = z.infer<typeof ZStaffMember>;

export const ZMeOutput = z.object({ staff: ZStaffMember });
export const ZSignInOutput = z.object({ staff: ZStaffMember });

export const ZChangePasswordInput = z.object({
  currentPassword: zText().min(1, "Enter your current password").max(1024),
  newPassword: ZNewPassword,
});
