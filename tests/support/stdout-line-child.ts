/** Child for the stdout-line test: writes `argv[2]` lines of 100 bytes through writeLine, then exits 0. */
import { writeLine } from './stdout-line';

const lines = Number(process.argv[2] ?? 0);
const filler = 'x'.repeat(90);
for (let i = 0; i < lines; i++) writeLine(`${String(i).padStart(9, '0')}${filler}`);
