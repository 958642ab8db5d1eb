// Writes one bundled schema module (api-layer-N.ts) from a schema a client library publishes:
// gramjs' tl/apiTl.js (the api.tl text) or mtcute's api-schema.json (the same declarations as
// JSON). Only declarations are kept (no comments), so every layer reads the same way.
//
//   npx tsx server/tl/schemas/import-schema.ts <apiTl.js | api-schema.json> "<source, as recorded>"
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSchema } from '../tl-schema';

interface McArg {
  name: string;
  type: string;
  typeModifiers?: { predicate?: string; isVector?: boolean };
}
interface McEntry {
  kind: 'class' | 'method';
  name: string;
  id: number;
  type: string;
  generics?: Array<{ name: string; type: string }>;
  arguments: McArg[];
}

/** The constructors api.tl declares but mtcute treats as built in. */
const IMPLICIT = ['boolFalse#bc799737 = Bool;', 'boolTrue#997275b5 = Bool;', 'true#3fedd339 = True;'];

function fromMtcute(json: { l: number; e: McEntry[] }): { layer: number; lines: string[] } {
  const line = (e: McEntry) => {
    const generics = (e.generics ?? []).map((g) => ` {${g.name}:${g.type}}`).join('');
    const args = e.arguments.map((a) => {
      const base = a.type === 'int53' ? 'long' : a.type;
      const type = a.typeModifiers?.isVector ? `Vector<${base}>` : base;
      return ` ${a.name}:${a.typeModifiers?.predicate ? `${a.typeModifiers.predicate}?` : ''}${type}`;
    });
    return `${e.name}#${(e.id >>> 0).toString(16)}${generics}${args.join('')} = ${e.type};`;
  };
  // mtcute's own helper entries (mtcute.*) never go over the wire.
  const own = json.e.filter((e) => !e.name.startsWith('mtcute.'));
  const types = [...IMPLICIT, ...own.filter((e) => e.kind === 'class').map(line)];
  return { layer: json.l, lines: [...types, '---functions---', ...own.filter((e) => e.kind === 'method').map(line)] };
}

function fromApiTl(source: string): { layer: number; lines: string[] } {
  const text = /`([\s\S]*)`/.exec(source)?.[1] ?? source;
  const layer = Number(/\/\/\s*LAYER\s+(\d+)/.exec(text)?.[1] ?? NaN);
  const lines = text
    .split('\n')
    .map((l) => l.replace(/\/\/.*$/, '').trim())
    .filter(Boolean);
  return { layer, lines };
}

/** The layer every other one is stored against: what is not written down is as in the base. */
const BASE_LAYER = 198;
const nameOf = (line: string) => line.split('#')[0]!;

function split(lines: string[]): { types: string[]; functions: string[] } {
  const at = lines.indexOf('---functions---');
  return { types: lines.slice(0, at), functions: lines.slice(at + 1) };
}

/** Layer N as what differs from the base: the base's names it lacks, and its own other declarations. */
function delta(lines: string[], baseTl: string): { removed: string[]; lines: string[] } {
  const base = baseTl.split('\n').filter(Boolean);
  const baseSet = new Set(base);
  const mine = new Set(lines.map(nameOf));
  const own = split(lines);
  const changed = (l: string) => !baseSet.has(l);
  return {
    removed: base.filter((l) => l !== '---functions---' && !mine.has(nameOf(l))).map(nameOf),
    lines: [...own.types.filter(changed), '---functions---', ...own.functions.filter(changed)],
  };
}

async function main(): Promise<void> {
  const [file, source, layerArg] = process.argv.slice(2);
  if (!file || !source) throw new Error('usage: import-schema.ts <apiTl.js | api-schema.json> "<source>" [layer]');
  const raw = readFileSync(file, 'utf8');
  const parsed = file.endsWith('.json') ? fromMtcute(JSON.parse(raw)) : fromApiTl(raw);
  const layer = layerArg ? Number(layerArg) : parsed.layer;
  if (!Number.isInteger(layer)) throw new Error(`${file}: no layer found; give it as the third argument`);
  const schema = parseSchema(layer, parsed.lines.join('\n')); // refuses anything the codec could not read
  const out = join(dirname(fileURLToPath(import.meta.url)), `api-layer-${layer}.ts`);
  let body: string;
  if (layer === BASE_LAYER) {
    body = `export const base = null;\nexport const removed = '';\nexport const tl = \`\n${parsed.lines.join('\n')}\n\`;\n`;
  } else {
    const baseModule = (await import(`./api-layer-${BASE_LAYER}`)) as { tl: string };
    const d = delta(parsed.lines, baseModule.tl);
    body =
      `/** Declarations of layer ${BASE_LAYER} this layer lacks, by name; all others not below are as there. */\n` +
      `export const base = ${BASE_LAYER};\nexport const removed = \`\n${d.removed.join('\n')}\n\`;\nexport const tl = \`\n${d.lines.join('\n')}\n\`;\n`;
  }
  writeFileSync(
    out,
    `// Telegram API layer ${layer}, from ${source} (declarations only). Written by import-schema.ts.\n` +
      `export const layer = ${layer};\nexport const source = ${JSON.stringify(source)};\n${body}`,
  );
  process.stderr.write(`${out}: ${schema.byId.size} declarations\n`);
}

await main();
