import type { Message, Notifier, Recipient } from './notifier.ts';

/**
 * Sends a message for each item, one after another (after the commit, as `Notifier.send` asks);
 * one failing, in the making or the sending, does not stop the others. Returns how many went.
 */
export async function sendEach<T>(
  notifier: Notifier,
  items: Iterable<T>,
  messageFor: (item: T) => { recipient: Recipient; message: Message },
): Promise<number> {
  let sent = 0;
  for (const item of items) {
    try {
      const { recipient, message } = messageFor(item);
      await notifier.send(recipient, message);
      sent += 1;
    } catch {
      // counted as not sent
    }
  }
  return sent;
}
