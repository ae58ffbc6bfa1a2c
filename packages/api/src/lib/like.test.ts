import { describe, expect, it } from "vitest";
import { literalContains } from "./like.ts";

describe("literalContains", () => {
  it("escapes LIKE's wildcards and its escape character, nothing else", () => {
    expect(literalContains("50%_off\\now")).toBe("50\\%\\_off\\\\now");
    expect(literalContains("plain words")).toBe("plain words");
  });
});
