import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { displayPath } from '../config/paths.js';
import { loadOutcomeData, mergeOutcomes, type OutcomeData } from '../predict/outcome-data.js';
import { trainOnOutcomes } from '../predict/train-outcomes.js';
import { CHECK_FOLDS, checkOutcomes, type OutcomeCheck } from '../predict/check-outcomes.js';
import { formatUsd } from '../../shared/format.js';
import { localDate } from '../runtime.js';
import type { Command } from './command.js';
import { loadRuntime, WORKSPACE_HELP, workspaceOption } from './runtime.js';
import { CliUsageError, JSON_HELP, jsonOption } from './shared-options.js';

const DEFAULT_OUT = 'switchyard-weights.json';
/** Below this many prompts the weights learn little beyond the models' evidence; said, not refused. */
const FEW_PROMPTS = 200;

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train the success predictor on your own graded prompts; route with the weights it writes.',
  usage: 'switchyard train --data FILE [--data FILE]... [--out FILE] [--date YYYY-MM-DD] [--check] [--workspace DIR] [--json]',
  optionHelp: [
    '--data FILE           Graded outcomes: prompts, models, a 0..1 grade (null: not run) and the output tokens per model and prompt',
    '                      (the format of `npm run eval -- --data`; see the README, "Training on your own outcomes");',
    '                      repeat it to train on several files as one (models joined by name)',
    `--out FILE            Where the weights go (default ${DEFAULT_OUT})`,
    '--date YYYY-MM-DD     The training date recorded in the weights (default today): fixes the output byte for byte',
    `--check               Also measure them first: ${CHECK_FOLDS}-fold by prompt, balanced routed with weights trained on the other`,
    '                      folds against the bundled weights, each single model and their frontier (trains 5 more times)',
    WORKSPACE_HELP,
    JSON_HELP,
  ],
  options: { ...jsonOption, ...workspaceOption, data: { type: 'string', multiple: true }, out: { type: 'string' }, date: { type: 'string' }, check: { type: 'boolean' } },
  async run({ values, stdout, stderr }) {
    const files = (values.data as string[] | undefined) ?? [];
    if (files.length === 0) throw new CliUsageError('--data: required: the file of graded outcomes to train on');
    const label = files.join(' + ');
    const date = typeof values.date === 'string' ? values.date : localDate();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw new CliUsageError(`--date: "${date}" is not a date like 2026-12-01`);
    const out = path.resolve(typeof values.out === 'string' ? values.out : DEFAULT_OUT);
    let data: OutcomeData;
    try {
      data = mergeOutcomes(files.map((file) => ({ file, data: loadOutcomeData(file) })));
    } catch (error) {
      throw new CliUsageError((error as Error).message);
    }
    const runtime = await loadRuntime(values);
    await runtime.ready();
    const started = performance.now();
    let trained: ReturnType<typeof trainOnOutcomes>;
    try {
      trained = trainOnOutcomes(data, label, runtime.catalog(), date);
    } catch (error) {
      throw new CliUsageError((error as Error).message);
    }
    writeFileSync(out, `${JSON.stringify(trained.weights, null, 1)}\n`);
    const seconds = (performance.now() - started) / 1000;
    const check = values.check ? checkOutcomes(data, label, runtime.catalog(), 'balanced', (fold) => stderr(`switchyard: checking on held-out prompts, fold ${fold + 1} of ${CHECK_FOLDS}…`)) : undefined;
    const shown = displayPath(out, runtime.workspace, runtime.env);
    const calibration = Object.fromEntries(Object.entries(trained.weights.calibration ?? {}).map(([k, c]) => [k, { shrink: c.shrink, prompts: c.prompts ?? 0 }]));
    if (values.json) {
      stdout(JSON.stringify({ out, prompts: data.prompts.length, models: trained.models, categories: trained.categories, trainLogLoss: trained.weights.metrics?.trainLogLoss, calibration, seconds: Number(seconds.toFixed(2)), ...(check ? { check } : {}) }, null, 2));
    } else {
      const categories = Object.entries(trained.categories).map(([c, n]) => `${c} ${n}`).join(', ');
      const missing = Object.values(data.scores).reduce((n, row) => n + row.filter((g) => g === null).length, 0);
      stdout(`Trained on ${data.prompts.length} prompts × ${data.models.length} models in ${seconds.toFixed(1)} s (categories detected: ${categories}).${missing > 0 ? ` ${missing} of ${data.prompts.length * data.models.length} grades are null (not run): left out.` : ''}`);
      for (const m of trained.models) stdout(`  ${m.name} → ${m.id}${m.inCatalog ? '' : ' (not in the catalog: learned from, never routed to)'}; evidence ${m.evidence}`);
      stdout(`Train log-loss ${trained.weights.metrics?.trainLogLoss}; how far each category trusts the prompt's features (0: not at all, 1: fully): ${Object.entries(calibration).map(([k, c]) => `${k} ${c.shrink}`).join(', ') || 'not calibrated'}.`);
      if (check) for (const line of describeCheck(check)) stdout(line);
      stdout(`Wrote ${shown}. Route with it: SWITCHYARD_WEIGHTS=${shown} switchyard route "…", or set "predictor": { "weights": "${out}" } in ${displayPath(runtime.config().files.user, runtime.workspace, runtime.env)}.`);
    }
    if (data.prompts.length < FEW_PROMPTS) stderr(`switchyard: ${label}: only ${data.prompts.length} prompts; with fewer than ${FEW_PROMPTS} the weights learn little beyond the models' evidence`);
    const unknown = (['math', 'coding'] as const).filter((c) => !trained.categories[c]);
    if (unknown.length > 0) stderr(`switchyard: the weights know nothing of ${unknown.join(' or ')} prompts (none in ${label}); the bundled weights learned them from public per-prompt data — add graded prompts of that kind to keep it`);
  },
};

/** The check in words: both predictors' points against the frontier, then the single models. */
function describeCheck(c: OutcomeCheck): string[] {
  const pct = (q: number) => `${(100 * q).toFixed(1)} %`;
  const pts = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)} points`;
  if (c.prompts === 0) return ['Held-out check: no prompt is graded for every model, so none can be scored against the single models.'];
  return [
    `Held-out check (${CHECK_FOLDS}-fold by prompt, ${c.policy}, ${c.prompts} prompts every model was graded on):`,
    `  these weights     ${pct(c.trained.quality)} at ${formatUsd(c.trained.cost)}: ${pts(c.trained.vsFrontier)} against the single models' frontier at that cost`,
    `  bundled weights   ${pct(c.bundled.quality)} at ${formatUsd(c.bundled.cost)}: ${pts(c.bundled.vsFrontier)}`,
    ...c.singles.map((s) => `  ${s.name} alone: ${pct(s.quality)} at ${formatUsd(s.cost)}${s.onFrontier ? ' (on the frontier)' : ''}`),
  ];
}
