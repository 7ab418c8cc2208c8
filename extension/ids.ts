/** Identifiers the manifest (package.json) and the code share. No imports: the activation entry uses them. */
export const COMMAND_IDS = [
  'switchyard.selectPolicy',
  'switchyard.routeSelection',
  'switchyard.estimateSelection',
  'switchyard.setApiKey',
  'switchyard.clearApiKey',
  'switchyard.openPolicyFile',
  'switchyard.showSpend',
] as const;
export type CommandId = (typeof COMMAND_IDS)[number];

export const SIDEBAR_VIEW_ID = 'switchyard.sidebar';
export const MCP_PROVIDER_ID = 'switchyard';
export const LM_VENDOR = 'switchyard';
