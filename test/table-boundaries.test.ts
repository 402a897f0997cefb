import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

/**
 * Capabilities meet only through each other's index.ts (ESLint holds the imports); this holds the
 * tables. A capability's code names only its own tables, with one exception: other capabilities
 * join `people` to read who a row is about, with the register's own SQL deciding who may be seen
 * (`visibleTo`, `canSeePerson`), and never write it. Tests are left out: they set up what they
 * test through the capabilities' fixtures. Route files run no SQL at all: handlers ask a service.
 */
const features = path.resolve(import.meta.dirname, '../src/features');

const filesBelow = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? filesBelow(path.join(dir, entry.name))
        : entry.name.endsWith('.ts')
          ? [path.join(dir, entry.name)]
          : [],
    );

const capabilities = fs
  .readdirSync(features, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const sources = new Map(
  capabilities.map((capability) => [
    capability,
    filesBelow(path.join(features, capability)).filter((file) => !file.endsWith('.test.ts')),
  ]),
);

/** Each table's capability, from the table types its `tables.ts` files add to the database. */
const owner = new Map<string, string>();
for (const [capability, files] of sources)
  for (const file of files.filter((f) => path.basename(f) === 'tables.ts'))
    for (const [, table] of fs
      .readFileSync(file, 'utf8')
      .matchAll(/^\s+([a-z_]+): [A-Z]\w*Table;/gm))
      owner.set(table!, capability);

const KYSELY =
  /\b(selectFrom|innerJoin|leftJoin|updateTable|insertInto|deleteFrom)\(\s*'([a-z_]+)/g;
const RAW = /\b(from|join|update|into)\s+([a-z_]+)\b/gi;
const WRITES = new Set(['updateTable', 'insertInto', 'deleteFrom', 'update', 'into']);

describe('tables stay inside their capability', () => {
  it('finds the tables of every capability', () => {
    for (const capability of ['register', 'involvement', 'meetings', 'money', 'feedback'])
      assert.ok([...owner.values()].includes(capability), `${capability} has tables`);
    assert.equal(owner.get('people'), 'register');
  });

  it("names no other capability's table, and reads people only", () => {
    const crossings: string[] = [];
    for (const [capability, files] of sources)
      for (const file of files) {
        const text = fs.readFileSync(file, 'utf8');
        for (const [, verb, table] of [...text.matchAll(KYSELY), ...text.matchAll(RAW)]) {
          const theirs = owner.get(table!);
          if (!theirs || theirs === capability) continue;
          const writes = WRITES.has(verb!) || WRITES.has(verb!.toLowerCase());
          if (table === 'people' && !writes) continue;
          crossings.push(`${path.relative(features, file)}: ${verb!} ${table!} (${theirs})`);
        }
      }
    assert.deepEqual(
      crossings,
      [],
      "reach another capability's tables through its index.ts (a function, or a fixture)",
    );
  });

  it('runs no SQL in route files (handlers ask a service)', () => {
    const withSql = [...sources.values()]
      .flat()
      .filter((file) => /routes\.ts$/.test(file))
      .filter((file) =>
        /\b(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql`/.test(
          fs.readFileSync(file, 'utf8'),
        ),
      )
      .map((file) => path.relative(features, file));
    assert.deepEqual(withSql, []);
  });
});
