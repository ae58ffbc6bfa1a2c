// zod's compiled fast path probes with `new Function` when a schema is built, which the server's
// Content-Security-Policy (script-src 'self') refuses and reports as a violation: the console's
// schemas run without it. Imported first by main.tsx, so it runs before any schema exists.
import { z } from "zod";

z.config({ jitless: true });
