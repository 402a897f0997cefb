import { collect } from '#platform/modules/contract.ts';
import { modules } from '#app/modules.ts';

/** Every module's rows (module.ts `matrix`). A route registered without a row fails the matrix test. */
export const matrix = collect(modules).matrix;
