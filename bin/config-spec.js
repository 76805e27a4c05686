#!/usr/bin/env node
// The `config-spec` command: runs dist/cli.js (see `config-spec --help`).
import { main } from '../dist/cli.js';

// `config-spec show big.json | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await main(process.argv.slice(2));
