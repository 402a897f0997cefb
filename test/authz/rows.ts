import type { MatrixRow } from '../../src/platform/permissions/matrix.ts';
import { pagesMatrix } from '../../src/features/pages/authz.ts';

/** Every feature's rows. A route registered without a row fails the matrix test. */
export const matrix: MatrixRow[] = [...pagesMatrix];
