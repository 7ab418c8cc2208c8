/**
 * A graded outcome file a team might have: general questions both models answer, and tax-law questions only the
 * strong model gets right. Deterministic; the held-out prompts of each kind are not in it.
 */
export const CHEAP = 'google/gemini-2.5-flash-lite';
export const STRONG = 'anthropic/claude-sonnet-4-5';

const COUNTRIES = ['France', 'Peru', 'Kenya', 'Norway', 'Japan', 'Chile', 'Egypt', 'Canada', 'Poland', 'Vietnam', 'Ghana', 'Spain', 'Nepal', 'Cuba', 'Iceland', 'Brazil', 'Turkey', 'Laos', 'Mali', 'Greece'];
const EASY = [(c: string) => `What is the capital city of ${c}?`, (c: string) => `Name one famous dish from ${c}.`, (c: string) => `Which language do most people speak in ${c}?`, (c: string) => `What currency is used in ${c}?`, (c: string) => `Suggest a good month to visit ${c}.`, (c: string) => `What continent is ${c} on?`];
const ENTITIES = ['limited partnership', 'S corporation', 'family trust', 'sole proprietorship', 'cooperative', 'holding company', 'nonprofit foundation', 'joint venture', 'real estate investment trust', 'pension fund'];
const EVENTS = ['it sells depreciated equipment to a related party', 'a partner withdraws before the lock-up period ends', 'it converts its foreign subsidiary into a branch', 'it receives a carried interest allocation', 'the beneficiaries live in another jurisdiction', 'it restructures debt owed to its shareholders'];
const HARD = [(e: string, v: string) => `Under the federal tax statute, how is a ${e} taxed when ${v}? Cite the controlling provisions and the recapture rules.`, (e: string, v: string) => `Explain the withholding obligations and the statute of limitations for a ${e} when ${v}, including the relevant jurisdiction's anti-abuse doctrine.`];

export const HELD_OUT = {
  easy: 'What is the capital city of Portugal?',
  hard: 'Under the federal tax statute, how is a charitable remainder trust taxed when it sells appreciated stock to a related party? Cite the controlling provisions and the recapture rules.',
};

export function outcomeFile(): Record<string, unknown> {
  const prompts: { id: string; task: string; question: string; inputTokens: number }[] = [];
  const cheap: number[] = [];
  const strong: number[] = [];
  const outCheap: number[] = [];
  const outStrong: number[] = [];
  COUNTRIES.forEach((c) => EASY.forEach((q, k) => {
    prompts.push({ id: `easy/${c}/${k}`, task: 'general', question: q(c), inputTokens: 14 });
    cheap.push(1);
    strong.push(1);
    outCheap.push(25);
    outStrong.push(30);
  }));
  ENTITIES.forEach((e) => EVENTS.forEach((v, j) => HARD.forEach((q, k) => {
    prompts.push({ id: `tax/${e}/${j}/${k}`, task: 'tax', question: q(e, v), inputTokens: 45 });
    cheap.push(0);
    strong.push(1);
    outCheap.push(380);
    outStrong.push(420);
  })));
  return {
    source: { repo: 'https://example.invalid/our-evals', commit: 'abc123' },
    models: [
      { name: 'flash-lite', catalogId: CHEAP, inputPerMTok: 0.1, outputPerMTok: 0.4 },
      { name: 'sonnet', catalogId: STRONG, inputPerMTok: 3, outputPerMTok: 15 },
    ],
    prompts,
    scores: { 'flash-lite': cheap, sonnet: strong },
    outputTokens: { 'flash-lite': outCheap, sonnet: outStrong },
  };
}
