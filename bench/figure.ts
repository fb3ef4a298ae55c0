// Benchmarks print their results as `FIGURE {json}` lines so bench/index.ts can gather one table.
// A figure names what was measured, its value and unit, and optionally the peer measured in the same
// run and the ratio to it.
export interface Figure {
  name: string;
  value: number;
  unit: string;
  peer?: string;
  ratio?: number;
  note?: string;
}

export function printFigure(f: Figure): void {
  console.log(`FIGURE ${JSON.stringify(f)}`);
}

export function parseFigures(text: string): Figure[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('FIGURE '))
    .map((l) => JSON.parse(l.slice('FIGURE '.length)) as Figure);
}
