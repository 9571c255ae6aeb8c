// Prints one closing line that any CI can read: "e2e: N passed, N failed, N skipped",
// and, when a retry passed, "(N flaky: …)" naming each test that needed one.
// Each failed test is named with the first line of its error, here and, when
// ACW_FAILURES names a file, appended there: scripts/test repeats that file as
// its last lines, where a CI log's tail shows it.
import { appendFileSync } from 'node:fs';

const firstLine = (text) => (text ?? '').replace(/\u001b\[[0-9;]*m/g, '').split('\n').find((line) => line.trim()) ?? '';

export default class SummaryReporter {
  onBegin(_config, suite) { this.suite = suite; }
  onEnd() {
    let passed = 0, failed = 0, skipped = 0;
    const flaky = [];
    const failures = [];
    for (const test of this.suite.allTests()) {
      const outcome = test.outcome();
      const title = test.titlePath().slice(2).join(' › ');
      if (outcome === 'flaky') flaky.push(title);
      if (outcome === 'expected' || outcome === 'flaky') passed += 1;
      else if (outcome === 'skipped') skipped += 1;
      else {
        failed += 1;
        const result = test.results.at(-1);
        const error = result?.error?.message ?? result?.status ?? 'no result';
        failures.push(`[${test.parent.project()?.name ?? '?'}] ${title}\n    ${firstLine(error).trim().slice(0, 300)}`);
      }
    }
    const flakyNote = flaky.length ? ` (${flaky.length} flaky, passed on retry: ${flaky.join('; ')})` : '';
    console.log(`e2e: ${passed} passed, ${failed} failed, ${skipped} skipped${flakyNote}`);
    if (failures.length) {
      console.log(`failed:\n${failures.join('\n')}`);
      if (process.env.ACW_FAILURES) appendFileSync(process.env.ACW_FAILURES, `${failures.join('\n')}\n`);
    }
  }
}
