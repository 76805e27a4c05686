// Mocha's spec reporter, plus the run's counts written to $CONFIG_SPEC_STATS so scripts/test.mjs can
// add up both decorator modes into one "N passed, M failed" line.
'use strict';
const { writeFileSync } = require('node:fs');
const Mocha = require('mocha');

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const file = process.env.CONFIG_SPEC_STATS;
      if (file) writeFileSync(file, JSON.stringify(this.stats));
    });
  }
}

module.exports = CountingReporter;
