// Recognises a customer asking for a person in their own words ("can I talk to a human?"), or
// saying what only a person can deal with (a complaint, an emergency, staff they cannot reach), so
// the bot offers a person without the customer having to find the button.
//
// Measured with `npm run eval:faq -- ... --handoff H` against real "I want an agent" messages and
// ordinary questions of two unrelated sets: each pattern names a reason to want a person, not a
// word list tuned to one shop.

// Who a customer asks for.
const PERSON = String.raw`(?:an? |the |some |your |real |live |actual |)(?:human(?: being)?|person|people|agent|representative|rep|operator|staff|someone|somebody|anyone|anybody|(?:[a-z]+ )?(?:executive|advisor|adviser)|supervisor|manager|expert|(?:customer |client )?(?:support|service|care)(?: team| executive| agent)?|team member|your team)`;
// What they want to do with that person.
const REACH = String.raw`(?:talk|speak|chat|connect|transfer|put|get|escalate|reach|contact|call)`;

const PATTERNS: RegExp[] = [
  // "talk to a human", "connect me with customer support", "chat with an expert".
  new RegExp(
    String.raw`\b${REACH}\b[^.?!]{0,20}?\b(?:to|with|me to|me with|me through to|through to)\s+${PERSON}\b`,
    "i",
  ),
  // "I want an agent", "I need customer support", "give me a real person".
  new RegExp(
    String.raw`\b(?:i want|i need|i'd like|id like|i would like|can i have|can i get|give me|need|want)\s+(?:to\s+)?${PERSON}\b`,
    "i",
  ),
  // "live agent", "real person available", "human to answer", "chat agent".
  /\b(?:live|real|actual)\s+(?:agent|person|human|people|chat)\b/i,
  /\bhuman\s+(?:to|who|that)\b/i,
  /\b(?:chat|talk|speak)\s+(?:agent|human|person|executive)\b/i,
  // A message that is only a way of reaching staff: "Agent", "Talk", "Contact", "contact support", "I want talk".
  /^\s*(?:(?:i\s+)?(?:want|need)\s+(?:to\s+)?)?(?:human|agent|operator|representative|real person|talk|contact(?:\s+(?:us|support|customer care|customer support))?|customer (?:care|support|service)|support|complaint|complain)(?:\s+(?:please|pls|now))?[\s.!?]*$/i,
  // "Is anyone there?", "is there anyone available to assist".
  /\b(?:is\s+(?:there\s+)?(?:any\s?one|any\s?body|some\s?one)|any\s?one)\s+(?:there|available|(?:here|online)\b)/i,
  /\b(?:no\s?one|nobody|no body)\s+(?:is\s+)?(?:answer|respond|pick|repl|help|avail|there)/i,
  // Staff they could not reach: "call center not reachable", "customer care number not available", "this number is invalid".
  /\b(?:call\s*cent(?:er|re)|customer\s*(?:care|support|service)|helpline|phone|number|support)\b[^.?!]{0,25}\b(?:not\s+(?:reachable|available|working|answering|responding|picking|connecting)|unavailable|unreachable|invalid|never\s+answers?|doesn'?t\s+answer|does not answer|is\s+busy|always\s+busy)/i,
  // Complaints: only a person can own them.
  /\b(?:complain(?:t|ts|ed|ing)?|raise\s+(?:a\s+)?(?:complaint|issue|ticket))\b/i,
  /\b(?:fraud|fraudsters?|cheat(?:ers?|ed|ing)?|scam(?:mers?)?)\b/i,
  /\b(?:useless|pathetic|worst|horrible|terrible|disgusting|ridiculous)\b/i,
  /\b(?:poor|bad|slow|lousy|awful)\s+(?:customer\s+)?(?:service|support|care|response)\b/i,
  /\bwaste\s+of\s+(?:my\s+|our\s+)?(?:time|money)\b/i,
  /\b(?:i\s*(?:'?m|am)\s+done\s+with|fed\s+up)\b/i,
  // Urgency the bot cannot act on.
  /\b(?:urgent(?:ly)?|emergency|asap)\b(?![^.?!]{0,20}\b(?:room|care|department|services?|number)\b)/i,
  /\bimmediate(?:ly)?\s+(?:resolution|fix|help|assistance|action|response|solution)\b/i,
  // "I don't want to talk to a bot".
  /\b(?:don'?t|do not|not|stop)\b[^.?!]{0,25}\b(?:bot|robot|machine)\b/i,
];

export function asksForHuman(text: string): boolean {
  return PATTERNS.some((p) => p.test(text));
}
