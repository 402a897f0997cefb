import { sql } from 'kysely';

/**
 * `o.ancestors` (the organisations table aliased `o`) overlaps the scope of a permission: null
 * is everywhere, an empty scope nowhere. The money features' lists filter by it.
 */
export const inScope = (scope: readonly string[] | null) =>
  scope === null
    ? sql<boolean>`true`
    : scope.length === 0
      ? sql<boolean>`false`
      : sql<boolean>`o.ancestors && ${sql.val(scope)}::uuid[]`;
