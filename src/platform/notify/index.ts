import type { Config } from '../../config.ts';
import type { Database } from '../db/database.ts';
import type { I18n } from '../i18n/i18n.ts';
import type { Notifier } from './notifier.ts';
import { createOutboxNotifier } from './outbox.ts';

/** Chooses the adapter named by NOTIFIER. */
export function createNotifier(config: Config, db: Database, i18n: I18n): Notifier {
  switch (config.notifier) {
    case 'outbox':
      return createOutboxNotifier(db, i18n);
    default:
      throw new Error(`NOTIFIER=${config.notifier} is not available yet`);
  }
}
