/** The CLI run in the test process with a fake io, for tests of the `config-spec` command. */
import { main, type CliIO } from '../../src/cli.js';

/** What one CLI run gave: its exit code and everything it wrote. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `config-spec <argv>` in this process: output captured, not a terminal, an empty environment,
 * `cwd` as the working directory; `io` overrides any of those.
 */
export async function runCli(argv: readonly string[], cwd: string, io: Partial<CliIO> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    isTTY: false,
    env: {},
    cwd,
    ...io,
  });
  return { code, stdout, stderr };
}
