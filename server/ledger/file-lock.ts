import fs from 'node:fs/promises';
import os from 'node:os';

const STALE_MS = 10_000;
const RETRY_MS = 5;

/**
 * A lock shared by every Switchyard process on this machine: a file created exclusively (O_EXCL) holding the
 * owner's pid. A lock whose owner is dead, or that is older than 10 s, is taken over.
 */
export async function withFileLock<T>(lockPath: string, body: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await fs.open(lockPath, 'wx');
      await handle.writeFile(`${process.pid}@${os.hostname()}`);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await isStale(lockPath)) {
        await fs.rm(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`could not lock ${lockPath} within ${timeoutMs} ms (held by another Switchyard process)`);
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }
  try {
    return await body();
  } finally {
    await fs.rm(lockPath, { force: true });
  }
}

async function isStale(lockPath: string): Promise<boolean> {
  try {
    const [content, stat] = await Promise.all([fs.readFile(lockPath, 'utf8'), fs.stat(lockPath)]);
    if (Date.now() - stat.mtimeMs > STALE_MS) return true;
    const [pid, host] = content.split('@');
    if (host === os.hostname() && pid) return !processAlive(Number(pid));
    return false;
  } catch {
    return false; // vanished or half-written: try again
  }
}

export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
