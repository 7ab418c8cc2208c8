/**
 * Source entries that must never be routed to, and why: not chat models, routers, hosted variants of local
 * providers, implausible data. Shared by the generator (LiteLLM) and the live OpenRouter overlay.
 */
import type { ExclusionReason } from './model.js';

export interface Exclusion {
  reason: ExclusionReason;
  /** Reads after "<id> is": `a router, not a model: …`, `an OCR model, not a chat model`. */
  detail: string;
}

/** Providers that run on the user's machine. */
export const LOCAL_PROVIDERS: ReadonlySet<string> = new Set(['ollama', 'ollama_chat', 'lemonade', 'lm_studio', 'vllm', 'llamafile', 'local']);

const NOT_CHAT: readonly [RegExp, string][] = [
  // Speculative-decoding drafts (Fireworks' `qwen3-1p7b-fp8-draft-131072`) propose tokens for a larger model to check.
  [/(^|[-_./])draft([-_.]|$)/i, 'a speculative-decoding draft model'],
  // Special-purpose variants of chat models: they answer a general prompt worse, dearer, or not at all.
  [/(^|[-/])search-(api|preview)([-]|$)|-search$/i, 'a special-purpose variant: web search'],
  [/(^|[-/])audio(-preview)?([-]|$)/i, 'a special-purpose variant: audio in and out'],
  [/realtime/i, 'a special-purpose variant: realtime voice'],
  [/transcribe/i, 'a special-purpose variant: speech transcription'],
  [/computer-use/i, 'a special-purpose variant: computer use (screen control)'],
  // `ft:gpt-4.1-nano-2025-04-14`: the price of running one's own fine-tune, not a model anyone else can call.
  [/(^|\/)ft:/i, 'the price of a fine-tuned model (your own fine-tune, not a shared model)'],
  [/ocr([^a-z]|$)/i, 'an OCR model'],
  [/embed/i, 'an embedding model'],
  [/rerank/i, 'a reranking model'],
  [/moderation|llama-guard|(^|[/-])guard(-|$)|shieldgemma/i, 'a moderation classifier'],
  [/(^|[/-])(tts|whisper|speech)([-:]|$)|-tts(-|$)|native-audio|-live(-|$)/i, 'a speech model'],
  [/(^|[/-])(flux|dall-e|imagen|stable-diffusion|sdxl|gpt-image|seedream|seededit|recraft)([-.]|$)|-image(-preview|-generation)?$|image-generation/i, 'an image generation model'],
];

/** LiteLLM modes that are not chat. */
const MODE_DETAIL: Readonly<Record<string, string>> = {
  embedding: 'an embedding model',
  rerank: 'a reranking model',
  moderation: 'a moderation classifier',
  audio_transcription: 'a speech model',
  audio_speech: 'a speech model',
  realtime: 'a speech model',
  image_generation: 'an image generation model',
  image_edit: 'an image generation model',
  video_generation: 'a video generation model',
  ocr: 'an OCR model',
};

export function nonChatMode(mode: string): Exclusion | undefined {
  const what = MODE_DETAIL[mode];
  return what ? { reason: 'notChat', detail: `${what} (mode "${mode}"), not a chat model` } : undefined;
}

/** Names that are routers, not models: OpenRouter's `auto`, `free`, `openrouter/…` meta-models, `…/router`. */
function isRouter(provider: string, name: string): boolean {
  const n = name.toLowerCase();
  if (/^openrouter\//.test(n)) return true;
  if (provider === 'openrouter' && /^(auto|free|router)$/.test(n)) return true;
  return /(^|\/)(router|auto-router)$/.test(n) || /(^|\/)switchpoint\//.test(n);
}

/**
 * Why an entry (a `provider/name` with its base prices) is not routable, or undefined when it is. Prices are USD per
 * million tokens; `undefined` prices skip the price checks.
 */
export function classifyEntry(provider: string, name: string, pricing?: { inputPerMTok: number; outputPerMTok: number }): Exclusion | undefined {
  if (isRouter(provider, name)) return { reason: 'router', detail: 'a router, not a model: Switchyard does the routing' };
  for (const [re, what] of NOT_CHAT) if (re.test(name)) return { reason: 'notChat', detail: what.startsWith('a special-purpose') ? `${what}, not a general chat model` : `${what}, not a chat model` };
  if (LOCAL_PROVIDERS.has(provider) && /(-|:)cloud$|:cloud\b/i.test(name)) {
    return { reason: 'hostedLocal', detail: `a hosted variant of a local provider (it runs on ${provider}'s servers, not on this machine)` };
  }
  if (pricing) {
    const { inputPerMTok: i, outputPerMTok: o } = pricing;
    if (i > 0 && o === 0) return { reason: 'implausibleData', detail: `listed with implausible data (output priced $0 while input is paid, $${i}/M)` };
    if (o > 0 && i === 0 && !LOCAL_PROVIDERS.has(provider)) return { reason: 'implausibleData', detail: `listed with implausible data (input priced $0 while output is paid, $${o}/M)` };
    // The dearest real chat model (o1-pro) is $150 in / $600 out per million: beyond that is a unit error.
    if (i > 200 || o > 1000) return { reason: 'implausibleData', detail: `listed with implausible data (priced $${i}/$${o} per million tokens, beyond any real model's: a unit error)` };
  }
  return undefined;
}
