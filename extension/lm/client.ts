/**
 * One streamed Chat Completions request to the bundled gateway: events as they arrive, then the answering model
 * and the cost. Used by the chat model provider and by the editor's Run. No vscode import.
 */
import type { Gateway } from './gateway.js';
import { ChatStreamParser, gatewayError, type ChatCompletionsBody, type StreamEvent } from './wire.js';

export class GatewayFailure extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'GatewayFailure';
  }
}

export interface StreamResult {
  model: string;
  cost: number | undefined;
  inputTokens?: number;
  outputTokens?: number;
}

export async function streamChat(gateway: Gateway, body: ChatCompletionsBody, onEvent: (e: Exclude<StreamEvent, { type: 'done' | 'error' }>) => void, signal?: AbortSignal): Promise<StreamResult> {
  const endpoint = await gateway.acquire();
  try {
    const response = await fetch(`${endpoint.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${endpoint.token}` },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
    if (!response.ok || !response.body) {
      const error = gatewayError(response.status, await response.text());
      throw new GatewayFailure(error.message, error.code);
    }
    const routed = response.headers.get('x-switchyard-model') ?? undefined;
    const parser = new ChatStreamParser();
    const decoder = new TextDecoder();
    let result: StreamResult | undefined;
    const handle = (events: StreamEvent[]) => {
      for (const e of events) {
        if (e.type === 'error') throw new GatewayFailure(e.message, e.code);
        if (e.type === 'done') result = { model: e.model ?? routed ?? body.model, cost: e.cost, ...(e.inputTokens !== undefined ? { inputTokens: e.inputTokens, outputTokens: e.outputTokens ?? 0 } : {}) };
        else onEvent(e);
      }
    };
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) handle(parser.feed(decoder.decode(chunk, { stream: true })));
    handle(parser.end());
    return result ?? { model: routed ?? body.model, cost: undefined };
  } finally {
    gateway.release();
  }
}
