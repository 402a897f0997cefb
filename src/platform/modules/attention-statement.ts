import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { countColumn } from './attention.ts';
import type { AttentionInput, AttentionInputs, AttentionProvider, Services } from './contract.ts';

/** A provider asked on this page, with what its counts depend on. */
export interface Asking {
  provider: AttentionProvider;
  inputs: AttentionInputs;
}

/**
 * The statement of every asked provider's counts (provider i's value `name` is the column
 * `p<i>_name`), and the names of each provider's values (none for one whose counts failed).
 */
export interface AttentionStatement {
  query: CompiledQuery<Record<string, unknown>>;
  names: string[][];
}

/** Told of a provider whose counts could not be built (it is left out of the statement). */
export type OnFailure = (provider: string, error: unknown) => void;

/** What stands in a compiled statement for an input's value: no real value holds this mark. */
const MARK = '\u0000';

/**
 * Builds and compiles the statement of every provider's counts from `inputsOf(i)`; a provider
 * whose counts throw is left out (`failed` is told). `complete` says whether every one was built.
 */
function build(
  db: Kysely<DB>,
  services: Services,
  asked: readonly Asking[],
  inputsOf: (i: number) => AttentionInputs,
  failed: OnFailure,
) {
  let complete = true;
  const names: string[][] = [];
  const columns = asked.flatMap(({ provider }, i) => {
    try {
      const counts = Object.entries(provider.counts(services, inputsOf(i)));
      names.push(counts.map(([name]) => name));
      return counts.map(([name, value]) => countColumn(`p${String(i)}_${name}`, value));
    } catch (error) {
      complete = false;
      names.push([]);
      failed(provider.name, error);
      return [];
    }
  });
  const query = (
    columns.length ? db.selectNoFrom(columns) : db.selectNoFrom(sql`1`.as('none'))
  ).compile() as CompiledQuery<Record<string, unknown>>;
  return { query, names, complete };
}

/** What decides the statement: each string, and each list that is not empty, stands for any. */
const shapeOf = (inputs: AttentionInputs) =>
  Object.entries(inputs)
    .map(([name, value]) => {
      const shape =
        typeof value === 'string'
          ? 's'
          : Array.isArray(value)
            ? value.length > 0
              ? 'a'
              : '[]'
            : JSON.stringify(value);
      return `${name}=${shape}`;
    })
    .join(',');

/** The stand-in of provider i's input `name`: a string's, or a list's (as its one element). */
const standIn = (i: number, name: string, list: boolean) =>
  `${MARK}${String(i)}.${name}${list ? '[]' : ''}${MARK}`;

/** The inputs of provider i with a stand-in for each string and each list that is not empty. */
function standIns(i: number, inputs: AttentionInputs): AttentionInputs {
  const made: Record<string, AttentionInput> = {};
  for (const [name, value] of Object.entries(inputs))
    made[name] =
      typeof value === 'string'
        ? standIn(i, name, false)
        : Array.isArray(value) && value.length > 0
          ? [standIn(i, name, true)]
          : value;
  return made;
}

/** Each stand-in of the asked providers' inputs, and the value it stands for on this page. */
function valuesOf(asked: readonly Asking[]) {
  const values = new Map<string, AttentionInput>();
  asked.forEach(({ inputs }, i) => {
    for (const [name, value] of Object.entries(inputs)) {
      if (typeof value === 'string') values.set(standIn(i, name, false), value);
      else if (Array.isArray(value) && value.length > 0) values.set(standIn(i, name, true), value);
    }
  });
  return values;
}

const marked = (value: unknown) => typeof value === 'string' && value.includes(MARK);

/**
 * Whether a statement made with stand-ins can be reused: every stand-in went into a parameter
 * whole (a string's as the parameter, a list's as the list), none into the text or a part.
 */
function reusable({ sql: text, parameters }: CompiledQuery, values: Map<string, AttentionInput>) {
  const stands = (mark: unknown, list: boolean) =>
    typeof mark === 'string' && values.has(mark) && mark.endsWith(`[]${MARK}`) === list;
  return (
    !text.includes(MARK) &&
    parameters.every((value) =>
      Array.isArray(value)
        ? !value.some(marked) || (value.length === 1 && stands(value[0], true))
        : !marked(value) || stands(value, false),
    )
  );
}

/** The statement with this page's values where the stand-ins stand. */
function withValues(made: AttentionStatement, asked: readonly Asking[]): AttentionStatement {
  const values = valuesOf(asked);
  const put = (value: unknown) => {
    const mark: unknown = Array.isArray(value) ? value[0] : value;
    return typeof mark === 'string' && mark.startsWith(MARK) ? values.get(mark) : value;
  };
  return {
    names: made.names,
    query: { ...made.query, parameters: made.query.parameters.map(put) },
  };
}

/**
 * Statements made so far, by the app's providers and the shape of their inputs; null for a
 * shape whose statement cannot be reused (built again on each page).
 */
const madeByApp = new WeakMap<
  readonly AttentionProvider[],
  Map<string, AttentionStatement | null>
>();
/** More shapes than any set of roles makes: further ones are built on each page. */
const MAX_SHAPES = 500;

/**
 * The statement of the asked providers' counts for this page. Kysely's building and compiling of
 * it cost a platform administrator's home page more of Node's time than anything else on it, and
 * made most of its garbage, so it is made once for each shape of inputs (which providers, and
 * their inputs' booleans, numbers, nulls and empty lists) with a stand-in for each string and
 * list, and each page puts its own values in their place. A shape whose statement is not
 * complete, or takes a stand-in anywhere but as a whole parameter, is built afresh on each page.
 */
export function attentionStatement(
  db: Kysely<DB>,
  services: Services,
  asked: readonly Asking[],
  failed: OnFailure,
): AttentionStatement {
  const providers = services.modules.attention;
  let made = madeByApp.get(providers);
  if (!made) madeByApp.set(providers, (made = new Map<string, AttentionStatement | null>()));
  const shape = asked
    .map(({ provider, inputs }) => {
      const which = `${String(providers.indexOf(provider))}:${provider.name}`;
      return `${which}(${shapeOf(inputs)})`;
    })
    .join(';');
  let statement = made.get(shape);
  if (statement === undefined) {
    // failures are told by the build from this page's values below
    const withStandIns = build(
      db,
      services,
      asked,
      (i) => standIns(i, asked[i]!.inputs),
      () => {},
    );
    statement =
      withStandIns.complete && reusable(withStandIns.query, valuesOf(asked))
        ? { query: withStandIns.query, names: withStandIns.names }
        : null;
    if (made.size < MAX_SHAPES) made.set(shape, statement);
  }
  return statement ? withValues(statement, asked) : freshStatement(db, services, asked, failed);
}

/** How many shapes of inputs have a statement made to reuse, and how many are built afresh. */
export function shapesMade(services: Services) {
  const made = [...(madeByApp.get(services.modules.attention)?.values() ?? [])];
  return {
    reused: made.filter((statement) => statement !== null).length,
    afresh: made.filter((statement) => statement === null).length,
  };
}

/** The statement built from this page's values (each page's, before stand-ins; tests compare). */
export function freshStatement(
  db: Kysely<DB>,
  services: Services,
  asked: readonly Asking[],
  failed: OnFailure,
): AttentionStatement {
  const { query, names } = build(db, services, asked, (i) => asked[i]!.inputs, failed);
  return { query, names };
}
