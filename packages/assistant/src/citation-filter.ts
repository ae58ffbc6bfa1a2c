// Removes `[FAQ <id>]` and `[HANDOFF]` markers from the model's text as it streams, remembering what they said.
//
// Markers are stripped rather than shown because the UI lists sources separately. Stripping happens
// in the stream itself (text that might start a marker is held back until it is decided) so the
// concatenated deltas equal the final content and a customer never sees a marker flash by.
import { HANDOFF_MARKER } from "./prompt-template.ts";

// A marker longer than this is not a marker; stop holding text back.
const MAX_MARKER_LENGTH = 200;
const FAQ_MARKER = /^\[FAQ[\s:#-]+([^\]\n[]+)\]$/i;
const NOT_AN_ID = new Set(["faq", "and", "&"]);

export type CitationFilter = {
  /** Feed model text; returns the part that can be shown now. */
  push(text: string): string;
  /** End of stream; returns any text still held back. */
  finish(): string;
  /** Cited ids in first-cited order, unfiltered (the caller keeps only ids that were in the prompt). */
  readonly citedIds: string[];
  readonly handoffRequested: boolean;
};

function couldBecomeMarker(prefix: string): boolean {
  const lower = prefix.toLowerCase();
  if (HANDOFF_MARKER.toLowerCase().startsWith(lower)) return true;
  if ("[faq".startsWith(lower)) return true;
  return /^\[faq[\s:#-]/.test(lower) && !/[\n[]/.test(lower.slice(1));
}

export function createCitationFilter(): CitationFilter {
  const citedIds: string[] = [];
  let handoffRequested = false;
  let heldBracket: string | null = null;
  // Whitespace is held until the next visible character so a removed marker takes its leading space along.
  let heldWhitespace = "";
  let shownAny = false;

  function show(text: string): string {
    const out = (shownAny ? heldWhitespace : "") + text;
    heldWhitespace = "";
    shownAny = true;
    return out;
  }

  function consumeMarker(marker: string): boolean {
    if (marker.toUpperCase() === HANDOFF_MARKER) {
      handoffRequested = true;
      return true;
    }
    const match = FAQ_MARKER.exec(marker);
    if (!match?.[1]) return false;
    for (const raw of match[1].split(/[\s,;]+/)) {
      const id = raw.replace(/^#/, "");
      if (id === "" || NOT_AN_ID.has(id.toLowerCase())) continue;
      if (!citedIds.includes(id)) citedIds.push(id);
    }
    return true;
  }

  function feedChar(c: string): string {
    if (heldBracket !== null) {
      const candidate = heldBracket + c;
      if (c === "]" && consumeMarker(candidate)) {
        heldBracket = null;
        heldWhitespace = "";
        return "";
      }
      if (c !== "]" && candidate.length <= MAX_MARKER_LENGTH && couldBecomeMarker(candidate)) {
        heldBracket = candidate;
        return "";
      }
      // Not a marker after all: show what was held, then look at this character afresh (it may open a marker).
      const held = heldBracket;
      heldBracket = null;
      return show(held) + feedChar(c);
    }
    if (c === "[") {
      heldBracket = c;
      return "";
    }
    if (/\s/.test(c)) {
      if (shownAny) heldWhitespace += c;
      return "";
    }
    return show(c);
  }

  return {
    push(text) {
      let out = "";
      for (const c of text) out += feedChar(c);
      return out;
    },
    finish() {
      const held = heldBracket;
      heldBracket = null;
      heldWhitespace = held === null ? "" : heldWhitespace;
      return held === null ? "" : show(held);
    },
    citedIds,
    get handoffRequested() {
      return handoffRequested;
    },
  };
}
