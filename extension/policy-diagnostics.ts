/**
 * `.switchyard.json` in the editor: a squiggle on a policy or model name that names nothing (with the closest
 * name as a quick fix), and completion of policy names (`active`, `extends`) and model ids (`use`, `fallbacks`).
 * The JSON Schema covers the file's shape; these names depend on the catalog and the other policies.
 */
import * as vscode from 'vscode';
import { completionKindAt, policyNameProblems } from './policy-names.js';
import { POLICY_FILE_NAME } from './policy-file.js';
import type { SwitchyardWorkspace } from './workspace.js';

const SELECTOR: vscode.DocumentSelector = [{ pattern: `**/${POLICY_FILE_NAME}` }];
const SOURCE = 'switchyard';

export function registerPolicyNames(ws: SwitchyardWorkspace): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection(SOURCE);
  const timers = new Map<string, NodeJS.Timeout>();
  const isPolicyDoc = (doc: vscode.TextDocument) => doc.uri.path.endsWith(`/${POLICY_FILE_NAME}`);

  const check = (doc: vscode.TextDocument) => {
    if (!isPolicyDoc(doc)) return;
    const router = ws.router();
    const problems = policyNameProblems(doc.getText(), router.policies().names, router.catalog());
    collection.set(
      doc.uri,
      problems.map((p) => {
        const d = new vscode.Diagnostic(new vscode.Range(doc.positionAt(p.offset), doc.positionAt(p.offset + p.length)), p.message, vscode.DiagnosticSeverity.Error);
        d.source = SOURCE;
        d.code = p.kind === 'policy' ? 'unknown-policy' : 'unknown-model';
        if (p.suggestion) (d as vscode.Diagnostic & { suggestion?: string }).suggestion = p.suggestion;
        return d;
      }),
    );
  };
  const later = (doc: vscode.TextDocument) => {
    if (!isPolicyDoc(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => check(doc), 250));
  };

  const completion = vscode.languages.registerCompletionItemProvider(
    SELECTOR,
    {
      provideCompletionItems(doc, position) {
        const kind = completionKindAt(doc.getText(), doc.offsetAt(position));
        if (!kind) return undefined;
        const router = ws.router();
        const range = doc.getWordRangeAtPosition(position, /[\w./:@-]+/);
        const items =
          kind === 'policy'
            ? router.policies().names.map((name) => {
                const item = new vscode.CompletionItem(name, vscode.CompletionItemKind.EnumMember);
                item.detail = router.policies().get(name)?.source;
                item.documentation = router.policies().get(name)?.description;
                return item;
              })
            : router
                .catalog()
                .all()
                .map((m) => {
                  const item = new vscode.CompletionItem(m.id, vscode.CompletionItemKind.Value);
                  item.detail = m.endpoints.map((e) => e.provider).join(', ');
                  return item;
                });
        if (range) for (const item of items) item.range = range;
        return items;
      },
    },
    '"',
  );

  const fixes = vscode.languages.registerCodeActionsProvider(SELECTOR, {
    provideCodeActions(doc, _range, context) {
      return context.diagnostics
        .filter((d) => d.source === SOURCE && (d as vscode.Diagnostic & { suggestion?: string }).suggestion)
        .map((d) => {
          const suggestion = (d as vscode.Diagnostic & { suggestion?: string }).suggestion as string;
          const action = new vscode.CodeAction(`Change to "${suggestion}"`, vscode.CodeActionKind.QuickFix);
          action.edit = new vscode.WorkspaceEdit();
          action.edit.replace(doc.uri, d.range, JSON.stringify(suggestion));
          action.diagnostics = [d];
          action.isPreferred = true;
          return action;
        });
    },
  });

  for (const doc of vscode.workspace.textDocuments) later(doc);
  return vscode.Disposable.from(
    collection,
    completion,
    fixes,
    vscode.workspace.onDidOpenTextDocument(later),
    vscode.workspace.onDidChangeTextDocument((e) => later(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => collection.delete(doc.uri)),
    // New policies in the user config, or a new catalog: check again.
    ws.onDidChange(() => vscode.workspace.textDocuments.forEach(later)),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
}
