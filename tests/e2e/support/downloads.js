// Downloads as the browser saves them: for engines whose driver reports no
// download event (WebKitGTK over WebDriver classic, Firefox over BiDi with
// this Playwright), the file is awaited in the folder the browser saves to.
import { createReadStream, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Firefox's own download folder for this run (set by firefoxUserPrefs in the config). */
export const firefoxDownloads = path.resolve(import.meta.dirname, '../test-results/firefox-downloads');
mkdirSync(firefoxDownloads, { recursive: true });

/**
 * The next file saved into `dir` after this call, once complete, shaped like
 * Playwright's Download. Call it before the click that starts the download.
 */
export async function nextDownload(dir, timeout = 15_000) {
  const files = () => readdirSync(dir, { withFileTypes: true }).filter((f) => f.isFile()).map((f) => f.name);
  const before = new Map(files().map((name) => [name, statSync(path.join(dir, name)).mtimeMs]));
  const until = Date.now() + timeout;
  let candidate = null;
  let lastSize = -1;
  for (;;) {
    await sleep(100);
    const fresh = files().filter((name) => !/\.(download|part)$/.test(name)
      && (!before.has(name) || statSync(path.join(dir, name)).mtimeMs !== before.get(name)));
    if (fresh.length) {
      const full = path.join(dir, fresh[0]);
      const { size } = statSync(full);
      // Complete when its size holds still between two looks.
      if (candidate === full && size === lastSize && size > 0) {
        return { suggestedFilename: () => fresh[0], path: async () => full, createReadStream: async () => createReadStream(full) };
      }
      candidate = full;
      lastSize = size;
    }
    if (Date.now() > until) throw new Error(`no download arrived in ${dir}`);
  }
}
