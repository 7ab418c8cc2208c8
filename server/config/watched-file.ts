import fs from 'node:fs';
import path from 'node:path';

export interface FileSnapshot {
  exists: boolean;
  text: string;
  /** Changes whenever the file's content may have changed. */
  stamp: string;
}

/** The stamp (nanosecond mtime and ctime, size, inode) tells cheaply whether a file may have changed. */
export function statStamp(file: string): string {
  try {
    const st = fs.statSync(file, { bigint: true });
    return `${st.mtimeNs}:${st.ctimeNs}:${st.size}:${st.ino}`;
  } catch {
    return 'missing';
  }
}

export function readSnapshot(file: string): FileSnapshot {
  const stamp = statStamp(file);
  if (stamp === 'missing') return { exists: false, text: '', stamp };
  try {
    return { exists: true, text: fs.readFileSync(file, 'utf8'), stamp };
  } catch {
    return { exists: false, text: '', stamp: 'missing' };
  }
}

/**
 * Watches a file by watching its folder (so creation, deletion and editors' atomic renames are seen).
 * Calls back at most once per `debounceMs`. Missing folders are not an error: there is nothing to watch.
 */
export function watchFile(file: string, onChange: () => void, debounceMs = 50): () => void {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let timer: NodeJS.Timeout | undefined;
  let watcher: fs.FSWatcher | undefined;
  try {
    watcher = fs.watch(dir, { persistent: false }, (_event, name) => {
      if (name !== null && name !== base) return;
      clearTimeout(timer);
      timer = setTimeout(onChange, debounceMs);
    });
    watcher.on('error', () => watcher?.close());
  } catch {
    return () => {};
  }
  return () => {
    clearTimeout(timer);
    watcher?.close();
  };
}
