import { CydPage, clickAndWait, plainPage } from './cyd-page.ts';

export class StartPage extends CydPage {
  override readonly path = '/';
  override readonly headingKey = 'pages:start.title';

  async startSigningIn() {
    await clickAndWait(this.page, this.page.locator('main a.govuk-button--start'));
  }
}

export const AccessibilityPage = plainPage('pages:accessibility.title', '/accessibility');
export const PrivacyPage = plainPage('pages:privacy.title', '/privacy');
export const CookiesPage = plainPage('pages:cookies.title', '/cookies');
export const NotFoundPage = plainPage('errors:404.title', '/this-page-does-not-exist');
