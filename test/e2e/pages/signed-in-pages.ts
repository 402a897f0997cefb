import assert from 'node:assert/strict';
import { CydPage, clickAndWait, plainPage } from './cyd-page.ts';

/** The sign-in form (e-mail address and password). */
export class SignInPage extends CydPage {
  override readonly path = '/sign-in';
  override readonly headingKey = 'accounts:signIn.title';

  private form() {
    return this.page.locator('main form:has(input[type="password"])');
  }

  async signIn(email: string, password: string) {
    await this.form().locator('input[name="email"]').fill(email);
    await this.form().locator('input[name="password"]').fill(password);
    await clickAndWait(this.page, this.form().locator('button[type="submit"]'));
  }

  /** The error summary's messages, when the form came back with errors. */
  async errorMessages(): Promise<string[]> {
    return this.page.locator('.govuk-error-summary__list li').allInnerTexts();
  }

  async emailValue(): Promise<string> {
    return this.form().locator('input[name="email"]').inputValue();
  }

  async followForgottenPassword() {
    await clickAndWait(this.page, this.page.locator('main a[href="/password/forgot"]'));
  }
}

/** Asking for a password reset link. */
export class ForgotPasswordPage extends CydPage {
  override readonly path = '/password/forgot';
  override readonly headingKey = 'accounts:forgot.title';

  async request(email: string) {
    const form = this.page.locator('main form[action="/password/forgot"]');
    await form.locator('input[name="email"]').fill(email);
    await clickAndWait(this.page, form.locator('button[type="submit"]'));
  }

  async errorMessages(): Promise<string[]> {
    return this.page.locator('.govuk-error-summary__list li').allInnerTexts();
  }
}

export const ResetLinkSentPage = plainPage('accounts:forgot.sent.title');
export const DashboardPage = plainPage('pages:dashboard.title', '/dashboard');

/** The organisations list: search, filter, open one. */
export class OrganisationsPage extends CydPage {
  override readonly path = '/organisations';
  override readonly headingKey = 'organisations:list.title';

  async search(query: string) {
    await this.page.locator('main form[method="get"] input[name="q"]').fill(query);
    await clickAndWait(
      this.page,
      this.page.locator('main form[method="get"] button[type="submit"]'),
    );
  }

  /** Names of the organisations listed on this page. */
  async names(): Promise<string[]> {
    return (await this.page.locator('main table a[href^="/organisations/"]').allInnerTexts()).map(
      (name) => name.trim(),
    );
  }

  async openOrganisation(name?: string) {
    const links = this.page.locator('main table a[href^="/organisations/"]');
    const link = name ? links.filter({ hasText: name }).first() : links.first();
    assert.ok((await link.count()) > 0, `no organisation ${name ?? ''} listed`);
    await clickAndWait(this.page, link);
  }
}

/** One organisation; its `<h1>` is the organisation's name in the page's language. */
export class OrganisationPage extends CydPage {
  async name(): Promise<string> {
    return this.headingText();
  }

  async edit() {
    await clickAndWait(this.page, this.page.locator('main a[href$="/edit"]').first());
  }
}

/** Editing an organisation's names. */
export class EditOrganisationPage extends CydPage {
  async setName(field: 'nameEn' | 'nameCy', value: string) {
    await this.page.locator(`main input[name="${field}"]`).fill(value);
  }

  async save() {
    await clickAndWait(
      this.page,
      this.page.locator('main form[method="post"] button[type="submit"]').first(),
    );
  }

  async errorMessages(): Promise<string[]> {
    return this.page.locator('.govuk-error-summary__list li').allInnerTexts();
  }
}

/** Follows the first link in the page's table whose address starts with `prefix`. */
async function openFirstRow(page: CydPage, prefix: string) {
  const link = page.page.locator(`main table a[href^="${prefix}"]`).first();
  assert.ok((await link.count()) > 0, `a row links to ${prefix}…`);
  await clickAndWait(page.page, link);
}

export class StaffPage extends CydPage {
  override readonly path = '/staff';
  override readonly headingKey = 'accounts:staff.list.title';

  async openFirstPerson() {
    await openFirstRow(this, '/staff/');
  }

  async startInviting() {
    await clickAndWait(this.page, this.page.locator('main a[href="/staff/invite"]').first());
  }
}

/** A member of staff's record; its `<h1>` is the person's name. */
export class StaffRecordPage extends CydPage {}

/** Inviting a member of staff: one form, then check your answers. */
export class InviteStaffPage extends CydPage {
  override readonly path = '/staff/invite';
  override readonly headingKey = 'accounts:staff.invite.title';

  async fill(person: { name: string; email: string; role: string; language: 'en' | 'cy' }) {
    const form = this.page.locator('main form[action="/staff/invite"]');
    await form.locator('input[name="name"]').fill(person.name);
    await form.locator('input[name="email"]').fill(person.email);
    const select = form.locator('select[name="organisationId"]');
    const firstChoice = await select
      .locator('option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).find(Boolean));
    assert.ok(firstChoice, 'an organisation to invite to');
    await select.selectOption(firstChoice);
    await form.locator(`input[name="role"][value="${person.role}"]`).check();
    await form.locator(`input[name="language"][value="${person.language}"]`).check();
  }

  async continue() {
    await clickAndWait(
      this.page,
      this.page.locator('main form[action="/staff/invite"] button[type="submit"]'),
    );
  }

  async errorMessages(): Promise<string[]> {
    return this.page.locator('.govuk-error-summary__list li').allInnerTexts();
  }
}

export class CheckInvitationPage extends CydPage {
  override readonly headingKey = 'accounts:staff.check.title';

  async send() {
    await clickAndWait(
      this.page,
      this.page.locator('main form[action="/staff/invite/check"] button[type="submit"]'),
    );
  }
}

export class AuditPage extends CydPage {
  override readonly path = '/audit';
  override readonly headingKey = 'audit:title';

  async openFirstEntry() {
    await openFirstRow(this, '/audit/');
  }
}

/** One audit entry. */
export class AuditEntryPage extends CydPage {}

export class OutboxPage extends CydPage {
  override readonly path = '/outbox';
  override readonly headingKey = 'outbox:title';

  async messageCount(): Promise<number> {
    return this.page.locator('main table a[href^="/outbox/"]').count();
  }

  async openFirstMessage() {
    await openFirstRow(this, '/outbox/');
  }
}

export const OutboxMessagePage = plainPage('outbox:message.title');

export class AccountPage extends CydPage {
  override readonly path = '/account';
  override readonly headingKey = 'accounts:account.title';

  async openChangePassword() {
    await clickAndWait(this.page, this.page.locator('main a[href="/account/password"]'));
  }
}

export const ChangePasswordPage = plainPage('accounts:account.password.title', '/account/password');
