import { describe, expect, it } from "vitest";
import { createCitationFilter } from "./citation-filter.ts";

function run(pieces: string[]) {
  const filter = createCitationFilter();
  let out = "";
  for (const piece of pieces) out += filter.push(piece);
  out += filter.finish();
  return { out, ids: filter.citedIds, handoff: filter.handoffRequested };
}

describe("createCitationFilter", () => {
  it("strips markers split across chunks and records the ids", () => {
    const r = run(["Refunds take 14 ", "days [F", "AQ ref", "-1]. Shipping is free [FAQ ship-2", "][FAQ ref-1]."]);
    expect(r.out).toBe("Refunds take 14 days. Shipping is free.");
    expect(r.ids).toEqual(["ref-1", "ship-2"]);
    expect(r.handoff).toBe(false);
  });

  it("reads several ids in one marker and detects [HANDOFF]", () => {
    const r = run(["See [FAQ a1, FAQ b2] and [FAQ: c3]. ", "[HANDOFF]"]);
    expect(r.out).toBe("See and.");
    expect(r.ids).toEqual(["a1", "b2", "c3"]);
    expect(r.handoff).toBe(true);
  });

  it("leaves ordinary brackets and an unfinished bracket alone", () => {
    expect(run(["Use [the form](https://x.y) or [FAQs", " page]. [Fa"]).out).toBe(
      "Use [the form](https://x.y) or [FAQs page]. [Fa",
    );
    expect(run(["[[FAQ 1]]"]).out).toBe("[]");
  });
});
