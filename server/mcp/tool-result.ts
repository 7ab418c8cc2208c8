import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isSwitchyardError } from '../../shared/errors.js';

/** A successful tool result: the structured payload plus a short readable text for clients that only show text. */
export function toolResult<T extends object>(structured: T, text: string): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: structured as Record<string, unknown> };
}

/** Any failure as an MCP error result; the server stays up. Unexpected errors keep their message, never a stack. */
export function toolError(error: unknown): CallToolResult {
  const message = isSwitchyardError(error)
    ? `${error.code}: ${error.message}`
    : `internal_error: ${error instanceof Error ? error.message : String(error)}`;
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** Runs a tool body, turning thrown errors into error results. */
export async function guarded(body: () => Promise<CallToolResult> | CallToolResult): Promise<CallToolResult> {
  try {
    return await body();
  } catch (error) {
    return toolError(error);
  }
}
