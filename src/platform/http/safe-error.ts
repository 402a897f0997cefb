/**
 * Errors as they may be logged: what went wrong and where, never the data involved. Database
 * errors carry the statement's parameters (`params`), the values in `detail` ("Key (email)=(...)")
 * and `where`, and quote the offending value in their message ('invalid input syntax for type
 * integer: "..."'); all of that can be a person's name, address or interests. Only the error's
 * type, its SQLSTATE or Fastify code, the table, column and constraint, a message with every
 * quoted value replaced, and the stack's frames are kept.
 */
export interface SafeError {
  type: string;
  code?: string;
  message: string;
  table?: string;
  column?: string;
  constraint?: string;
  routine?: string;
  statusCode?: number;
  stack: string;
}

const quoted = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\([^()]*\)=\([^()]*\)/g;

/** A message with every quoted value (and every "(key)=(value)" pair) replaced by "…". */
export const withoutValues = (message: string) => message.replace(quoted, '"…"');

export function safeError(error: unknown): SafeError {
  if (!(error instanceof Error)) return { type: typeof error, message: '', stack: '' };
  const e = error as Error & Record<string, unknown>;
  const text = (key: string) => (typeof e[key] === 'string' ? { [key]: e[key] } : {});
  const message = withoutValues(e.message);
  const frames = e.stack?.split('\n').filter((line) => /^\s+at /.test(line)) ?? [];
  return {
    type: e.name,
    message,
    ...text('code'),
    ...text('table'),
    ...text('column'),
    ...text('constraint'),
    ...text('routine'),
    ...(typeof e.statusCode === 'number' ? { statusCode: e.statusCode } : {}),
    stack: [`${e.name}: ${message}`, ...frames].join('\n'),
  };
}
