// Prints one closing line that any CI can read: "e2e: N passed, N failed, N skipped".
export default class SummaryReporter {
  onBegin(_config, suite) { this.suite = suite; }
  onEnd() {
    let passed = 0, failed = 0, skipped = 0;
    for (const test of this.suite.allTests()) {
      const outcome = test.outcome();
      if (outcome === 'expected' || outcome === 'flaky') passed += 1;
      else if (outcome === 'skipped') skipped += 1;
      else failed += 1;
    }
    console.log(`e2e: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
