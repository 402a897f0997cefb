export {
  cancelQueuedMessages,
  contactPerson,
  createContactService,
  dispatchDueMessages,
  type ContactDependencies,
  type ContactRequest,
  type ContactResult,
  type ContactService,
} from './contact.ts';
export type { BlockReason, ContactPurpose } from './rules.ts';
export {
  contactPeople,
  summarise as summariseContacts,
  type BatchContactRequest,
  type BatchContactResult,
} from './batch.ts';
export { sentSince } from './history.ts';
