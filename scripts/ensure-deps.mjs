// `prestart` / `pretest`: makes `npm start` and `npm test` work as the very first commands on a fresh
// clone. It runs `npm ci` only when the install is missing or older than package-lock.json, so where
// the dependencies are already installed (CI runs `npm ci`, then `npm test`) it is a no-op that costs
// a few milliseconds. It imports nothing but Node's own modules: it runs before node_modules exists.
//
// The install's age is that of node_modules/.package-lock.json, which npm (7+) writes at the end of
// every install; a lockfile newer than it (a `git pull` that changed dependencies) means the
// installed tree may not be the locked one.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Why the install must be (re)done, or undefined when it is current. */
export function staleReason(dir = root) {
  const lock = mtime(join(dir, 'package-lock.json'));
  if (lock === undefined) return undefined; // no lockfile: nothing to install from; npm itself will say so
  const installed = mtime(join(dir, 'node_modules', '.package-lock.json'));
  if (installed === undefined) return 'node_modules is missing';
  if (lock > installed) return 'package-lock.json is newer than node_modules';
  return undefined;
}

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
// An npm ci run from here does not run prestart/pretest again, but a script that calls npm start or
// npm test from inside one (the demo's own tests do not, but a user's might) must not install twice.
if (isMain && process.env.CONFIG_SPEC_DEPS_CHECKED !== '1') {
  const reason = staleReason();
  if (reason !== undefined) {
    console.error(`${reason}: running npm ci (once; later runs skip this step)`);
    // Under npm, npm_execpath is npm's own CLI script: the same npm, whatever PATH holds.
    const npmCli = process.env.npm_execpath;
    const [command, args] =
      npmCli !== undefined && npmCli.endsWith('.js')
        ? [process.execPath, [npmCli, 'ci', '--no-audit', '--no-fund']]
        : ['npm', ['ci', '--no-audit', '--no-fund']];
    const install = spawnSync(command, args, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, CONFIG_SPEC_DEPS_CHECKED: '1' },
      shell: process.platform === 'win32' && command === 'npm',
    });
    if (install.status !== 0) {
      console.error(`npm ci failed (exit ${String(install.status ?? install.signal)}); fix that, then run the command again`);
      process.exit(install.status ?? 1);
    }
    const still = staleReason();
    if (still !== undefined) {
      // npm always rewrites its record of the install; if it did not, say so rather than install again next time.
      console.error(`after npm ci, ${still}: check the system clock and the file times of package-lock.json`);
      process.exit(1);
    }
  }
}
