// The signed-in staff member, as `auth.me` returns them; App.tsx loads it and hands it to pages.
import type { RouterOutputs } from "./trpc.ts";

export type Me = RouterOutputs["auth"]["me"]["staff"];
