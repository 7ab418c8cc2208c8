/**
 * A message that is only a greeting or thanks ("hi", "hello there!", "thanks a lot", "hey, how are you?"). Anything
 * asked after the greeting ("Hi, what is the integral of sec³ x?") makes it a request like any other.
 */
const GREETING_ONLY =
  /^\s*(?:hi|hello|hey|hiya|howdy|yo|good (?:morning|afternoon|evening)|thanks|thank you|thx|greetings)(?:\s+(?:there|all|everyone|again|so much|a lot|very much|friend))?[\s,!.]*(?:(?:how are you|how's it going|how are things|what's up)(?:\s+(?:doing|today))*[\s?!.]*)?$/i;

export function isGreetingOnly(text: string): boolean {
  return text.length <= 80 && GREETING_ONLY.test(text);
}
