// Recognises a customer asking for a person in their own words ("can I talk to a human?"), so the
// conversation goes to staff without the customer having to find the button.
const PERSON = String.raw`(?:a |an |the |some |real |live |actual |)(?:human|person|people|agent|representative|rep|operator|staff|someone|somebody|support team|customer service|team member)`;
const ASK = String.raw`(?:talk|speak|chat|connect|transfer|put|get|escalate|reach|contact)`;

const PATTERNS = [
  new RegExp(String.raw`\b${ASK}\b[^.?!]{0,20}\b(?:to|with|me to|me with|me through to)?\s*${PERSON}\b`, "i"),
  new RegExp(String.raw`\b(?:i want|i need|i'd like|id like|can i have|give me|let me talk to)\s+${PERSON}\b`, "i"),
  /^\s*(?:human|agent|operator|representative|real person)(?:\s+please)?[\s.!?]*$/i,
  /\b(?:don'?t|do not|not|stop)\b[^.?!]{0,25}\b(?:bot|robot|machine)\b/i,
];

export function asksForHuman(text: string): boolean {
  return PATTERNS.some((p) => p.test(text));
}
