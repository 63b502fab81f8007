import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The version in the repository's package.json. Read at run time rather than imported, so the
 * compiled output keeps its src/ → dist/ layout; found by walking up from this file, which works
 * from src/ (ts-node, jest) and dist/ alike.
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const parsed = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { version?: unknown };
      if (typeof parsed.version === 'string') return parsed.version;
    }
    if (path.dirname(dir) === dir) throw new Error(`No package.json with a version above ${from}`);
  }
}
