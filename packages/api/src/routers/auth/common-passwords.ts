// The most common passwords from public breach corpora (SecLists top lists, NCSC "100k most
// used"), lower-cased. Short ones are here too: they also catch padded variants such as
// "password1234" or "qwerty123456" (see isCommonPassword).
export const COMMON_PASSWORDS: readonly string[] = [
  "123456", "password", "12345678", "qwerty", "123456789", "12345", "1234", "111111", "1234567", "dragon",
  "123123", "baseball", "abc123", "football", "monkey", "letmein", "696969", "shadow", "master", "666666",
  "qwertyuiop", "123321", "mustang", "1234567890", "michael", "654321", "superman", "1qaz2wsx", "7777777", "121212",
  "000000", "qazwsx", "123qwe", "killer", "trustno1", "jordan", "jennifer", "zxcvbnm", "asdfgh", "hunter",
  "buster", "soccer", "harley", "batman", "andrew", "tigger", "sunshine", "iloveyou", "2000", "charlie",
  "robert", "thomas", "hockey", "ranger", "daniel", "starwars", "klaster", "112233", "george", "computer",
  "michelle", "jessica", "pepper", "1111", "zxcvbn", "555555", "11111111", "131313", "freedom", "777777",
  "pass", "maggie", "159753", "aaaaaa", "ginger", "princess", "joshua", "cheese", "amanda", "summer",
  "love", "ashley", "nicole", "chelsea", "biteme", "matthew", "access", "yankees", "987654321", "dallas",
  "austin", "thunder", "taylor", "matrix", "mobilemail", "minecraft", "william", "corvette", "hello", "martin",
  "heather", "secret", "merlin", "diamond", "1234qwer", "gfhjkm", "hammer", "silver", "222222", "88888888",
  "anthony", "justin", "test", "bailey", "q1w2e3r4t5", "patrick", "internet", "scooter", "orange", "11111",
  "golfer", "cookie", "richard", "samantha", "bigdog", "guitar", "jackson", "whatever", "mickey", "chicken",
  "sparky", "snoopy", "maverick", "phoenix", "camaro", "peanut", "morgan", "welcome", "falcon", "cowboy",
  "ferrari", "samsung", "andrea", "smokey", "steelers", "joseph", "mercedes", "dakota", "arsenal", "eagles",
  "melissa", "boomer", "booboo", "spider", "nascar", "monster", "tigers", "yellow", "xxxxxx", "123123123",
  "gateway", "marina", "diablo", "bulldog", "qwer1234", "compaq", "purple", "hardcore", "banana", "junior",
  "hannah", "123654", "porsche", "lakers", "iceman", "money", "cowboys", "987654", "london", "tennis",
  "999999", "ncc1701", "coffee", "scooby", "0000", "miller", "boston", "q1w2e3r4", "brandon", "yamaha",
  "chester", "mother", "forever", "johnny", "edward", "333333", "oliver", "redsox", "player", "nikita",
  "knight", "fender", "barney", "midnight", "please", "brandy", "chicago", "badboy", "slayer", "rangers",
  "charles", "angel", "flower", "rabbit", "wizard", "jasper", "enter", "rachel", "chris",
  "steven", "winner", "adidas", "victoria", "natasha", "1q2w3e4r", "jasmine", "winter", "prince",
  "marine", "ghbdtn", "fishing", "cocacola", "casper", "james", "232323", "raiders", "888888", "marlboro",
  "gandalf", "asdfasdf", "crystal", "87654321", "12344321", "golden", "8675309", "panther", "lauren", "angela",
  "thx1138", "angels", "madison", "winston", "shannon", "mike", "toyota", "jordan23", "canada", "sophie",
  "apples", "tiger", "qwerty123", "qwertyuiop123", "1q2w3e4r5t", "1q2w3e", "password1", "password123", "passw0rd", "p@ssw0rd",
  "p@ssword", "admin", "admin123", "administrator", "root", "toor", "changeme", "changeme123", "default", "guest",
  "welcome1", "welcome123", "letmein123", "iloveyou1", "abc12345", "abcd1234", "abcdef", "abcdefg", "abcdefgh", "abcdefghijkl",
  "qwertyui", "asdfghjkl", "zxcvbnm123", "1qazxsw2", "zaq12wsx", "zaq1xsw2", "qazwsxedc", "qazwsxedcrfv", "1qaz2wsx3edc", "!qaz2wsx",
  "monkey123", "dragon123", "football1", "baseball1", "superman1", "batman123", "princess1", "sunshine1", "shadow123", "master123",
  "trustno1!", "starwars1", "pokemon", "pokemon123", "naruto", "liverpool", "chelsea1", "barcelona", "realmadrid", "manchester",
  "loveyou", "lovely", "babygirl", "princesa", "teamo", "fuckyou", "fuckoff", "asshole", "bitch", "sexy",
  "super123", "login", "letmein1", "hello123", "hellohello", "helloworld", "test123", "testing", "testtest", "test1234",
  "qwe123", "qweasd", "qweasdzxc", "asd123", "zxc123", "azerty", "azertyuiop", "1234abcd", "a1b2c3", "a1b2c3d4",
  "aa123456", "a123456", "a12345678", "123abc", "1password", "iloveu", "secret123", "summer2024", "winter2024", "spring2024",
  "autumn2024", "summer2023", "winter2023", "password2023", "password2024", "password2025", "password!", "password1!", "passwordpassword", "company",
  "company123", "support", "support123", "helpdesk", "service", "customer", "office", "office123", "business", "shopping",
  "123456a", "123456q", "1234561", "12341234", "11223344", "123456654321", "123654789", "147258369", "159357", "741852963",
  "321654", "852456", "963852741", "789456123", "456789", "147258", "12qwaszx", "1qaz@wsx", "1qazzaq1", "q1w2e3",
  "0987654321", "9876543210", "1029384756", "01234567890", "123456789012", "1234567890123", "111111111111", "000000000000", "121212121212", "123123123123",
];

/** Lower-cased; drops a trailing run of digits and symbols so "Password1234!" matches "password". */
function baseWord(password: string): string {
  return password.toLowerCase().replace(/[\d\W_]+$/u, "");
}

const COMMON = new Set(COMMON_PASSWORDS);

/**
 * Keyboard rows (QWERTY, QWERTZ, AZERTY, each row running on into the next as fingers do), columns,
 * digits and the alphabet. Walks along them ("qwertyuiopasdf", "1qaz2wsx", "zxcvbnm,./") are what
 * guessing tools try right after the breach lists.
 */
const SEQUENCES = [
  "`1234567890-=",
  "~!@#$%^&*()_+",
  "qwertyuiop[]\\asdfghjkl;'zxcvbnm,./",
  "qwertzuiopasdfghjklyxcvbnm",
  "azertyuiopqsdfghjklmwxcvbn",
  "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/-['=]",
  "zaq1xsw2cde3vfr4bgt5nhy6mju7,ki8.lo9/;p0",
  "abcdefghijklmnopqrstuvwxyz",
  "0123456789",
];
const WALKS = [...SEQUENCES, ...SEQUENCES.map((s) => [...s].reverse().join(""))];

/** Longest prefix of `text` (at least 3 characters) that runs along one sequence, or 0. */
function walkAt(text: string): number {
  let best = 0;
  for (let len = text.length; len >= 3 && len > best; len--) {
    const piece = text.slice(0, len);
    if (WALKS.some((w) => w.includes(piece))) best = len;
  }
  return best;
}

/** The whole password is a few keyboard or sequence walks end to end ("qwertyasdfgh", "qwertyuiopasdf1234"). */
export function isKeyboardWalk(password: string): boolean {
  const lower = password.toLowerCase();
  let walks = 0;
  for (let i = 0; i < lower.length; walks++) {
    const len = walkAt(lower.slice(i));
    if (len === 0) return false;
    i += len;
  }
  return walks <= Math.max(1, Math.floor(lower.length / 4));
}

export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return true;
  if (isKeyboardWalk(lower)) return true;
  const walkBase = baseWord(password);
  if (walkBase.length >= 6 && isKeyboardWalk(walkBase)) return true;
  const base = baseWord(password);
  if (base.length >= 4 && COMMON.has(base)) return true;
  // Digits-only passwords made of a common one repeated or padded ("123456123456").
  for (const common of COMMON) {
    if (common.length >= 4 && lower.length >= 12 && lower === common.repeat(Math.ceil(lower.length / common.length)).slice(0, lower.length)) return true;
  }
  return false;
}
