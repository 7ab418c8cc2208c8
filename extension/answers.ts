/**
 * Read-only documents that a model's answer streams into (`switchyard-answer:` URIs, Markdown). Read-only,
 * so closing one never asks to save; the text grows as chunks arrive, with updates batched per frame.
 */
import * as vscode from 'vscode';

export const ANSWER_SCHEME = 'switchyard-answer';
/** The one answer document's URI. */
export const answerUri = (): vscode.Uri => vscode.Uri.from({ scheme: ANSWER_SCHEME, path: '/Switchyard answer.md' });

export interface AnswerHandle {
  uri: vscode.Uri;
  append(text: string): void;
  /** Flush pending text now. */
  flush(): void;
}

export class AnswerDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;
  private readonly closing = vscode.workspace.onDidCloseTextDocument((doc) => {
    if (doc.uri.scheme === ANSWER_SCHEME) this.texts.delete(doc.uri.toString());
  });

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /**
   * The answer document, reused by every run: one editor tab that each run clears and streams into again. A run
   * still streaming when the next starts writes nothing more.
   */
  create(initial: string): AnswerHandle {
    this.counter += 1;
    const generation = this.counter;
    const uri = answerUri();
    const key = uri.toString();
    this.texts.set(key, initial);
    this.changed.fire(uri);
    let pending = '';
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      if (pending === '' || generation !== this.counter) return;
      this.texts.set(key, (this.texts.get(key) ?? '') + pending);
      pending = '';
      this.changed.fire(uri);
    };
    return {
      uri,
      append: (text) => {
        if (generation !== this.counter) return;
        pending += text;
        timer ??= setTimeout(flush, 60);
      },
      flush,
    };
  }

  dispose(): void {
    this.closing.dispose();
    this.changed.dispose();
    this.texts.clear();
  }
}
