// Prints one closing line that any CI can read: "e2e: N passed, N failed, N skipped",
// and, when a retry passed, "(N flaky: …)" naming each test that needed one.
export default class SummaryReporter {
  onBegin(_config, suite) { this.suite = suite; }
  onEnd() {
    let passed = 0, failed = 0, skipped = 0;
    const flaky = [];
    for (const test of this.suite.allTests()) {
      const outcome = test.outcome();
      if (outcome === 'flaky') flaky.push(test.titlePath().slice(2).join(' › '));
      if (outcome === 'expected' || outcome === 'flaky') passed += 1;
      else if (outcome === 'skipped') skipped += 1;
      else failed += 1;
    }
    const flakyNote = flaky.length ? ` (${flaky.length} flaky, passed on retry: ${flaky.join('; ')})` : '';
    console.log(`e2e: ${passed} passed, ${failed} failed, ${skipped} skipped${flakyNote}`);
  }
}
