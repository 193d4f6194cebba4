/** A numeric bench knob from the environment: its value if it is a finite number ≥ `min`, else the default. */
export function knob(name: string, dflt: number, min = 0): number {
  const raw = process.env[name];
  const n = Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(n) && n >= min ? n : dflt;
}
