import { describe, expect, it } from "vitest";
import { asksForHuman } from "./handoff-request.ts";

describe("asksForHuman", () => {
  it.each([
    "Can I talk to a human?",
    "I want to speak with a real person please",
    "connect me to an agent",
    "Transfer me to customer service",
    "agent",
    "Human please!",
    "i need a representative",
    "I don't want to talk to a bot",
    "let me talk to someone",
    "Can I talk to your coustmer executive",
    "call center not reachable",
    "hello, is ther anyone available to assist",
    "I want to raise a complaint",
    "This is extremely urgent",
    "live person to talk",
  ])("recognises %j", (text) => expect(asksForHuman(text)).toBe(true));

  it.each([
    "What is your return policy?",
    "Do humans test your tents?",
    "Is the Summit 2 good for two people?",
    "How do I contact the carrier about my parcel?",
    "Can my agent pick up the order?",
    "Which stove do your staff recommend?",
    "What are your customer care hours?",
    "Is the store open on Sunday?",
    "Can someone else collect my parcel?",
    "How can I contact you to change my address?",
  ])("leaves ordinary questions alone: %j", (text) => expect(asksForHuman(text)).toBe(false));
});
