import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password.ts";

describe("passwordProblem", () => {
  it.each([
    "qwertyuiopasdf",
    "qwertyasdfgh",
    "Qwertyuiopasdf!",
    "1qaz2wsx3edc4rfv",
    "zxcvbnm,./123",
    "poiuytrewqlkj",
    "azertyuiopqsdf",
    "abcdefghijkl",
    "1234567890-=",
  ])("refuses the keyboard or sequence walk %s as too common", (password) => {
    expect(passwordProblem(password)).toMatch(/too common/);
  });

  it.each(["violet-harbour-lantern-42", "mossy-quartz-window-77", "correct horse battery", "Tr0ub4dor&3xyz"])(
    "accepts %s",
    (password) => {
      expect(passwordProblem(password)).toBeNull();
    },
  );
});
