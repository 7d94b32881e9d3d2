import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));

/** Prints a benchmark's figures and keeps them as JSON in bench/results/ for docs/PERFORMANCE.md. */
export function report(name: string, figures: Record<string, unknown>): void {
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, measuredAt: new Date().toISOString(), ...figures }, null, 2));
  console.log(`\n=== ${name} ===`);
  console.log(JSON.stringify(figures, null, 2));
  console.log(`(saved to ${path.relative(process.cwd(), file)})`);
}
