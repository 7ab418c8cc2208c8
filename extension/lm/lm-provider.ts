/**
 * Switchyard in VS Code's chat model picker and the Language Model API (`vscode.lm`, final since VS Code 1.104):
 * "Switchyard Auto", one entry per policy and the models the policy file pins. Each request goes to the bundled
 * gateway (see gateway.ts) as a streamed Chat Completions request; text and tool calls stream back. Not offered in
 * Restricted Mode: an untrusted workspace gets no models (and so no keys are spent on its behalf).
 */
import * as vscode from 'vscode';
import { o200kCounter, roughTokenCount } from '../../shared/pricing/tokenizers.js';
import { formatEstimate } from '../money.js';
import type { SwitchyardWorkspace } from '../workspace.js';
import { streamChat } from './client.js';
import type { Gateway } from './gateway.js';
import { lmModels, type LmModelInfo } from './models.js';
import { chatCompletionsBody, type NeutralMessage, type NeutralPart } from './wire.js';


type Info = vscode.LanguageModelChatInformation & { gatewayModel: string };

export interface LmRequestNote {
  model: string;
  cost: number | undefined;
  via: string;
}

/** VS Code's message parts as plain data; images arrive as data parts (`mimeType` + `data`). */
export function neutralMessages(messages: readonly vscode.LanguageModelChatRequestMessage[]): NeutralMessage[] {
  return messages.map((m) => {
    const parts: NeutralPart[] = [];
    for (const p of m.content) {
      if (p instanceof vscode.LanguageModelTextPart) parts.push({ kind: 'text', text: p.value });
      else if (p instanceof vscode.LanguageModelToolCallPart) parts.push({ kind: 'toolCall', callId: p.callId, name: p.name, input: p.input });
      else if (p instanceof vscode.LanguageModelToolResultPart) {
        const text = p.content.map((c) => (c instanceof vscode.LanguageModelTextPart ? c.value : typeof c === 'string' ? c : JSON.stringify(c))).join('');
        parts.push({ kind: 'toolResult', callId: p.callId, text });
      } else if (p && typeof p === 'object' && 'mimeType' in p && 'data' in p && (p as { data: unknown }).data instanceof Uint8Array) {
        const d = p as { mimeType: string; data: Uint8Array };
        if (d.mimeType.startsWith('image/')) parts.push({ kind: 'image', mimeType: d.mimeType, data: d.data });
        else if (d.mimeType.startsWith('text/') || d.mimeType === 'application/json') parts.push({ kind: 'text', text: new TextDecoder().decode(d.data) });
      }
    }
    const role = m.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : m.role === vscode.LanguageModelChatMessageRole.User ? 'user' : 'system';
    return { role, parts, ...(m.name ? { name: m.name } : {}) };
  });
}

export class SwitchyardChatProvider implements vscode.LanguageModelChatProvider<Info>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly ws: SwitchyardWorkspace,
    private readonly gateway: Gateway,
    private readonly log: vscode.LogOutputChannel,
    private readonly version: string,
    private readonly onRequest: (note: LmRequestNote) => void,
  ) {
    this.subscription = ws.onDidChange(() => this.changed.fire());
  }

  provideLanguageModelChatInformation(): Info[] {
    if (!this.ws.trusted) return [];
    const router = this.ws.router();
    return lmModels(router.policies(), router.catalog(), this.version).map(toInfo);
  }

  async provideLanguageModelChatResponse(
    model: Info,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    if (!this.ws.trusted) throw new Error('Switchyard calls no model in Restricted Mode: trust this folder first.');
    await this.ws.ready;
    const tools = (options.tools ?? []).map((t) => ({ name: t.name, description: t.description, ...(t.inputSchema ? { inputSchema: t.inputSchema } : {}) }));
    const body = chatCompletionsBody(model.gatewayModel, neutralMessages(messages), tools, options.toolMode === vscode.LanguageModelChatToolMode.Required ? 'required' : 'auto');
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    const started = Date.now();
    try {
      const result = await streamChat(
        this.gateway,
        body,
        (e) => {
          if (e.type === 'text') progress.report(new vscode.LanguageModelTextPart(e.text));
          else progress.report(new vscode.LanguageModelToolCallPart(e.callId, e.name, e.input));
        },
        abort.signal,
      );
      this.log.info(`chat model ${model.name} → ${result.model} · ${result.cost !== undefined ? formatEstimate(result.cost) : 'cost unknown'}${result.inputTokens !== undefined ? ` · ${result.inputTokens}+${result.outputTokens ?? 0} tokens` : ''} · ${Date.now() - started} ms`);
      this.onRequest({ model: result.model, cost: result.cost, via: model.name });
    } catch (error) {
      if (abort.signal.aborted) throw new vscode.CancellationError();
      this.log.warn(`chat model ${model.name}: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    } finally {
      cancel.dispose();
    }
  }

  provideTokenCount(_model: Info, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    const plain =
      typeof text === 'string'
        ? text
        : neutralMessages([text])
            .flatMap((m) => m.parts)
            .map((p) => (p.kind === 'text' ? p.text : p.kind === 'toolResult' ? p.text : p.kind === 'toolCall' ? JSON.stringify(p.input) : ''))
            .join('');
    const count = o200kCounter();
    // Images: a flat allowance per image, as OpenAI's low-detail images cost.
    const images = typeof text === 'string' ? 0 : neutralMessages([text]).flatMap((m) => m.parts).filter((p) => p.kind === 'image').length;
    return Promise.resolve((count ? count(plain) : roughTokenCount(plain)) + images * 85);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function toInfo(m: LmModelInfo): Info {
  return {
    id: m.id,
    name: m.name,
    family: m.family,
    version: m.version,
    tooltip: m.tooltip,
    detail: m.detail,
    maxInputTokens: m.maxInputTokens,
    maxOutputTokens: m.maxOutputTokens,
    capabilities: m.capabilities,
    gatewayModel: m.gatewayModel,
  };
}
