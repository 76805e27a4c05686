#!/usr/bin/env node
// The `config-spec` command: runs dist/cli.js (see `config-spec --help`). main() handles write
// errors on stdout itself (a closed pipe, a full disk) and returns the exit code.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
