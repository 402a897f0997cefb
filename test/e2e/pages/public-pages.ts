import { CydPage, clickAndWait } from './cyd-page.ts';

export class StartPage extends CydPage {
  override readonly path = '/';
  override readonly headingKey = 'pages:start.title';

  async startSigningIn() {
    await clickAndWait(this.page, this.page.locator('main a.govuk-button--start'));
  }
}

export class AccessibilityPage extends CydPage {
  override readonly path = '/accessibility';
  override readonly headingKey = 'pages:accessibility.title';
}

export class PrivacyPage extends CydPage {
  override readonly path = '/privacy';
  override readonly headingKey = 'pages:privacy.title';
}

export class CookiesPage extends CydPage {
  override readonly path = '/cookies';
  override readonly headingKey = 'pages:cookies.title';
}

export class NotFoundPage extends CydPage {
  override readonly path = '/this-page-does-not-exist';
  override readonly headingKey = 'errors:404.title';
}
