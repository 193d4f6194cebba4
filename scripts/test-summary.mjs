// Prints the plain closing line CI reads ("tests: N passed, N failed, N skipped") from Vitest's JSON report.
import { readFileSync } from 'node:fs';

const path = process.argv[2] ?? 'test-artifacts/vitest-report.json';
let report;
try {
  report = JSON.parse(readFileSync(path, 'utf8'));
} catch {
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
