const cache = new Map<string, RegExp>();

/** `*` matches any run of characters (slashes included), `?` one character; case-insensitive, whole id. */
export function globToRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (!re) {
    const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${source}$`, 'i');
    cache.set(glob, re);
  }
  return re;
}

export function matchesAny(id: string, globs: readonly string[]): string | undefined {
  for (const glob of globs) if (globToRegExp(glob).test(id)) return glob;
  return undefined;
}
