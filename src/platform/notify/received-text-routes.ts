import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../modules/contract.ts';
import { notifyCallbackAuthorised, parseReceivedText } from './received-text.ts';

/** Notify's callback body is small; a text is at most a few hundred characters. */
const BODY_LIMIT = 16 * 1024;

/**
 * GOV.UK Notify's received-text callback, one for the whole service: each text goes to the
 * modules' received-text handlers in order (a feedback keyword, then a reply to an invitation),
 * and the first that takes it has it. Off (404) unless NOTIFY_RECEIVED_TEXT_TOKEN is set; a wrong
 * bearer token is 401 (a forged callback reaches no handler). Notify is told 200 for every text
 * it delivered, used or not, so it does not retry; what came of it is logged as a count, never
 * the number or the message.
 */
export const receivedTextRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { config } = services;
  const counts = new Map<string, number>();

  // only this plugin's route reads JSON (the app's forms are url-encoded)
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: BODY_LIMIT },
    (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string) as unknown);
      } catch {
        done(Object.assign(new Error('Malformed JSON'), { statusCode: 400 }), undefined);
      }
    },
  );

  app.post(
    '/notify/received-text',
    {
      config: { skipCsrf: true },
      bodyLimit: BODY_LIMIT,
      // checked before the body is read
      onRequest: async (request, reply) => {
        const expected = config.notify.receivedTextToken;
        if (!expected) return reply.code(404).send({ error: 'Not found' });
        if (!notifyCallbackAuthorised(request.headers.authorization, expected))
          return reply.code(401).send({ error: 'Unauthorized' });
        return undefined;
      },
    },
    async (request, reply) => {
      const text = parseReceivedText(request.body);
      if (!text) return reply.code(400).send({ error: 'Not a received text' });
      let outcome = 'unclaimed';
      let handler = 'none';
      for (const candidate of services.modules.receivedText) {
        const result = await candidate.handle(services, text);
        if (result !== null) {
          outcome = result;
          handler = candidate.name;
          break;
        }
      }
      const key = `${handler}:${outcome}`;
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      request.log.info({ handler, outcome, count }, 'received text');
      return reply.code(200).send({ ok: true });
    },
  );
};
