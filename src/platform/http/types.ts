import type { TFunction } from 'i18next';
import type { Actor, PortalPerson, Session } from '../auth/sessions.ts';
import type { Language } from '../i18n/i18n.ts';
import type { FormBody } from './form-parser.ts';

declare module 'fastify' {
  interface FastifyRequest {
    lang: Language;
    t: TFunction;
    session: Session | null;
    actor: Actor | null;
    /** The person signed in to the people's portal (a portal session); never a staff actor. */
    person: PortalPerson | null;
    /** The session, created (and its cookie set) if the visitor has none yet. */
    ensureSession(): Promise<Session>;
    /** The parsed form body ({} for other requests). */
    form: FormBody;
  }
  interface FastifyReply {
    /** Renders a Nunjucks view inside the layout with the request's language and tokens. */
    render(template: string, context?: Record<string, unknown>): FastifyReply;
  }
  interface FastifyContextConfig {
    /** Name used in the authorisation matrix; defaults to "METHOD url". */
    matrix?: string;
    /** Skip the CSRF check (only for endpoints that take no browser form). */
    skipCsrf?: boolean;
  }
}
