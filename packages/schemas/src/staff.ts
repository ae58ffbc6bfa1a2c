// Staff administration (admins only): create accounts, change role, deactivate and restore.
import { z } from "zod";
import { zText } from "./common.ts";
import { ZNewPassword, ZStaffEmail, ZStaffMember, ZStaffRole } from "./auth.ts";

export const ZStaffName = zText().trim().min(1, "Enter a name").max(100, "Names are at most 100 characters");

export const ZStaffCreateInput = z.object({
  email: ZStaffEmail,
  name: ZStaffName,
  role: ZStaffRole,
  password: ZNewPassword,
});

export const ZStaffUpdateInput = z.object({
  id: z.string().uuid(),
  name: ZStaffName.optional(),
  role: ZStaffRole.optional(),
});

export const ZStaffSetActiveInput = z.object({ id: z.string().uuid(), isActive: z.boolean() });
export const ZStaffResetPasswordInput = z.object({ id: z.string().uuid(), password: ZNewPassword });
export const ZStaffListOutput = z.array(ZStaffMember);
